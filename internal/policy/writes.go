package policy

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "orgraph/ent"
	"orgraph/ent/predicate"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
)

// Who may write what: the write half of the rule table, one decision per
// entity, each asking authz. The row a write acts on is read through
// privacy (visibleRow), so what the viewer cannot see is NOT_FOUND before
// any FORBIDDEN.

// The policies, one line each (ent/schema's Policy methods call them).
var (
	organizationPolicy = entity[*gen.OrganizationQuery, *gen.OrganizationWhereInput](visibleOrganizations, writeOrganization)
	userPolicy         = entity[*gen.UserQuery, *gen.UserWhereInput](visibleUsers, writeUser)
	membershipPolicy   = entity[*gen.MembershipQuery, *gen.MembershipWhereInput](visibleMemberships, writeMembership)
	invitationPolicy   = entity[*gen.InvitationQuery, *noWhereInput[predicate.Invitation]](visibleInvitations, writeInvitation)
	projectPolicy      = entity[*gen.ProjectQuery, *gen.ProjectWhereInput](visibleProjects, writeProject)
	taskPolicy         = entity[*gen.TaskQuery, *gen.TaskWhereInput](visibleTasks, writeTask)
	jobPolicy          = entity[*gen.JobQuery, *gen.JobWhereInput](visibleJobs, writeJob)
	annotationPolicy   = entity[*gen.AnnotationQuery, *gen.AnnotationWhereInput](visibleAnnotations, writeAnnotation)
	storagePolicy      = entity[*gen.CloudStorageQuery, *gen.CloudStorageWhereInput](visibleCloudStorages, writeCloudStorage)
)

// Organization is the privacy policy of organizations (RULES.md §2, 3).
func Organization() ent.Policy { return organizationPolicy }

// User is the privacy policy of users.
func User() ent.Policy { return userPolicy }

// Membership is the privacy policy of memberships (RULES.md §3).
func Membership() ent.Policy { return membershipPolicy }

// Invitation is the privacy policy of invitations (RULES.md §3, 4).
func Invitation() ent.Policy { return invitationPolicy }

// Project is the privacy policy of projects (RULES.md §5).
func Project() ent.Policy { return projectPolicy }

// Task is the privacy policy of tasks (RULES.md §5).
func Task() ent.Policy { return taskPolicy }

// Job is the privacy policy of jobs (RULES.md §5).
func Job() ent.Policy { return jobPolicy }

// Annotation is the privacy policy of annotations (RULES.md §5).
func Annotation() ent.Policy { return annotationPolicy }

// CloudStorage is the privacy policy of cloud storages (RULES.md §5).
func CloudStorage() ent.Policy { return storagePolicy }

// AuthToken is the policy of bearer tokens: only internal/auth, under
// WithSystem, reads or writes them.
func AuthToken() ent.Policy { return systemOnly() }

// SystemOnly is the policy of internal bookkeeping entities.
func SystemOnly() ent.Policy { return systemOnly() }

// Creating organizations needs ORG_CREATOR_GROUP; owner and maintainers
// edit; only the owner removes. The owner changes only through
// transferOwnership (under WithSystem after its check).
func writeOrganization(ctx context.Context, v *viewer.Viewer, m *gen.OrganizationMutation) error {
	id, _ := m.ID()
	switch op := m.Op(); {
	case op.Is(ent.OpCreate):
		return authz.CanCreateOrganization(v.Group, settingsFrom(ctx).OrgCreatorGroup)
	case op.Is(ent.OpUpdateOne):
		if _, ok := m.OwnerID(); ok {
			return errcode.New(errcode.Forbidden, "the owner changes only through transferOwnership")
		}
		return mayIn(ctx, id, authz.EditOrganization)
	case op.Is(ent.OpDeleteOne):
		return mayIn(ctx, id, authz.RemoveOrganization)
	}
	return errForbidden
}

func mayIn(ctx context.Context, orgID int, act authz.Action) error {
	a, err := ActorIn(ctx, orgID)
	if err != nil {
		return err
	}
	return a.May(act)
}

// Only an admin changes system groups (not their own); admins edit anyone,
// others only themselves.
func writeUser(_ context.Context, v *viewer.Viewer, m *gen.UserMutation) error {
	id, isOne := m.ID()
	self := isOne && m.Op().Is(ent.OpUpdateOne) && id == v.UserID
	if _, changesGroup := m.Group(); changesGroup {
		return authz.CanSetGroup(v.Group, self)
	}
	if v.IsAdmin() || self {
		return nil
	}
	return errForbidden
}

type leavingKey struct{}

// Leaving marks the deletion of the viewer's own membership as leaving
// (leaveOrganization); removeMember on oneself is refused.
func Leaving(ctx context.Context) context.Context { return context.WithValue(ctx, leavingKey{}, true) }

// Role changes and removals follow authz; memberships are created only by
// createOrganization and acceptInvitation (under WithSystem, after their
// checks), and owners change only through transferOwnership.
func writeMembership(ctx context.Context, v *viewer.Viewer, m *gen.MembershipMutation) error {
	op := m.Op()
	if !op.Is(ent.OpUpdateOne) && !op.Is(ent.OpDeleteOne) {
		return errForbidden
	}
	id, _ := m.ID()
	target, a, err := rowAndActor(ctx, id, VisibleMembership, func(m *gen.Membership) int { return m.OrganizationID })
	if err != nil {
		return err
	}
	self := target.UserID == v.UserID
	switch {
	case op.Is(ent.OpDeleteOne) && self && ctx.Value(leavingKey{}) != nil:
		return a.CanLeave()
	case op.Is(ent.OpDeleteOne):
		return a.CanRemove(target.Role, self)
	}
	newRole, _ := m.Role()
	return a.CanChangeRole(target.Role, newRole, self)
}

// rowAndActor reads the row a write acts on through privacy, and who the
// viewer is in its organization.
func rowAndActor[T any](ctx context.Context, id int, visible func(context.Context, int) (T, error), org func(T) int) (T, authz.Actor, error) {
	row, err := visible(ctx, id)
	if err != nil {
		return row, authz.Actor{}, err
	}
	a, err := ActorIn(ctx, org(row))
	return row, a, err
}

// Staff invite (within their role); staff and the inviter resend and
// revoke. Accepting and declining happen under WithSystem after
// authz.CanRespond.
func writeInvitation(ctx context.Context, v *viewer.Viewer, m *gen.InvitationMutation) error {
	switch op := m.Op(); {
	case op.Is(ent.OpCreate):
		orgID, _ := m.OrganizationID()
		role, _ := m.Role()
		a, err := ActorIn(ctx, orgID)
		if err != nil {
			return err
		}
		return a.CanInvite(role)
	case op.Is(ent.OpUpdateOne):
		if status, ok := m.Status(); ok && status != authz.InvitationPending && status != authz.InvitationRevoked {
			return authz.CanRespond(false)
		}
		id, _ := m.ID()
		target, a, err := rowAndActor(ctx, id, VisibleInvitation, func(i *gen.Invitation) int { return i.OrganizationID })
		if err != nil {
			return err
		}
		return a.CanManageInvitation(target.InvitedByID == v.UserID)
	}
	return errForbidden
}

// related reports an owner or assignee.
func related(userID, ownerID int, assigneeID *int) bool {
	return ownerID == userID || (assigneeID != nil && *assigneeID == userID)
}

func orgOf(id int, set bool) *int {
	if !set {
		return nil
	}
	return &id
}

// mayWork asks the work table as the viewer acts where the work lives.
func mayWork(ctx context.Context, orgID *int, act authz.Action, isRelated bool) error {
	a, err := workActor(ctx, orgID)
	if err != nil {
		return err
	}
	return a.MayWork(act, isRelated)
}

// isUpdateOrDelete: the writes that act on one existing row.
func isUpdateOrDelete(op ent.Op) bool { return op.Is(ent.OpUpdateOne | ent.OpDeleteOne) }

func writeProject(ctx context.Context, v *viewer.Viewer, m *gen.ProjectMutation) error {
	if m.Op().Is(ent.OpCreate) {
		return mayWork(ctx, orgOf(m.OrganizationID()), authz.CreateProject, false)
	}
	return writeOwned(ctx, v, m.Op(), m.ID, VisibleProject, authz.ManageWork,
		func(p *gen.Project) (*int, int) { return p.OrganizationID, p.OwnerID })
}

// writeOwned decides an update or delete of a row whose owner may manage
// it: the row is read through privacy, then act is asked where it lives,
// related when the viewer owns it.
func writeOwned[T any](ctx context.Context, v *viewer.Viewer, op ent.Op, id func() (int, bool),
	visible func(context.Context, int) (T, error), act authz.Action, place func(T) (org *int, owner int)) error {
	n, ok := id()
	if !ok || !isUpdateOrDelete(op) {
		return errForbidden
	}
	row, err := visible(ctx, n)
	if err != nil {
		return err
	}
	org, owner := place(row)
	return mayWork(ctx, org, act, owner == v.UserID)
}

func writeTask(ctx context.Context, v *viewer.Viewer, m *gen.TaskMutation) error {
	if m.Op().Is(ent.OpCreate) {
		// A task of a project lives in the project's organization
		// (hooks.PlaceTask sets it after this decision).
		org, inRelatedProject := orgOf(m.OrganizationID()), false
		if pid, ok := m.ProjectID(); ok {
			p, err := VisibleProject(ctx, pid)
			if err != nil {
				return err
			}
			org, inRelatedProject = p.OrganizationID, related(v.UserID, p.OwnerID, p.AssigneeID)
		}
		return mayWork(ctx, org, authz.CreateTask, inRelatedProject)
	}
	return writeOwned(ctx, v, m.Op(), m.ID, VisibleTask, authz.ManageWork,
		func(t *gen.Task) (*int, int) { return t.OrganizationID, t.OwnerID })
}

// relatedTask reports whether the viewer owns or is assigned to the task.
// A task they cannot see is not theirs: a job assignee acts on the job
// without seeing its task.
func relatedTask(ctx context.Context, v *viewer.Viewer, taskID int) (bool, error) {
	t, err := VisibleTask(ctx, taskID)
	if errcode.Is(err, errcode.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return related(v.UserID, t.OwnerID, t.AssigneeID), nil
}

func writeJob(ctx context.Context, v *viewer.Viewer, m *gen.JobMutation) error {
	op := m.Op()
	if op.Is(ent.OpCreate) {
		taskID, _ := m.TaskID()
		t, err := VisibleTask(ctx, taskID)
		if err != nil {
			return err
		}
		rel, err := relatedTask(ctx, v, taskID)
		if err != nil {
			return err
		}
		return mayWork(ctx, t.OrganizationID, authz.CreateJob, rel)
	}
	if !isUpdateOrDelete(op) {
		return errForbidden
	}
	id, _ := m.ID()
	j, err := VisibleJob(ctx, id)
	if err != nil {
		return err
	}
	// Deleting and assigning depend on the job's task; the stage and the
	// state on seeing the job only.
	byTask := func(act authz.Action) error {
		rel, err := relatedTask(ctx, v, j.TaskID)
		if err != nil {
			return err
		}
		return mayWork(ctx, j.OrganizationID, act, rel)
	}
	if op.Is(ent.OpDeleteOne) {
		return byTask(authz.DeleteJob)
	}
	if _, changesAssignee := m.AssigneeID(); changesAssignee || m.AssigneeIDCleared() {
		if err := byTask(authz.AssignJob); err != nil {
			return err
		}
	}
	return mayWork(ctx, j.OrganizationID, authz.EditJob, true)
}

// Whoever sees a job edits its annotations, which carry the job's
// organization. Deleting a set of annotations runs under WithSystem after
// the same job check (internal/work).
func writeAnnotation(ctx context.Context, _ *viewer.Viewer, m *gen.AnnotationMutation) error {
	if !m.Op().Is(ent.OpCreate) {
		return errForbidden
	}
	jobID, _ := m.JobID()
	j, err := VisibleJob(ctx, jobID)
	if err != nil {
		return err
	}
	org, hasOrg := m.OrganizationID()
	if hasOrg != (j.OrganizationID != nil) || (hasOrg && org != *j.OrganizationID) {
		return fmt.Errorf("policy: annotation of job %d carries organization %v, the job's is %v", jobID, org, j.OrganizationID)
	}
	return mayWork(ctx, j.OrganizationID, authz.EditJob, true)
}

func writeCloudStorage(ctx context.Context, v *viewer.Viewer, m *gen.CloudStorageMutation) error {
	if m.Op().Is(ent.OpCreate) {
		return mayWork(ctx, orgOf(m.OrganizationID()), authz.CreateCloudStorage, false)
	}
	return writeOwned(ctx, v, m.Op(), m.ID, VisibleCloudStorage, authz.EditCloudStorage,
		func(cs *gen.CloudStorage) (*int, int) { return cs.OrganizationID, cs.OwnerID })
}
