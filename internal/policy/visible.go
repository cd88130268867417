package policy

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"orgraph/ent/annotation"
	"orgraph/ent/cloudstorage"
	"orgraph/ent/invitation"
	"orgraph/ent/job"
	"orgraph/ent/membership"
	"orgraph/ent/organization"
	"orgraph/ent/predicate"
	"orgraph/ent/project"
	"orgraph/ent/task"
	"orgraph/ent/user"
	"orgraph/internal/authz"
	"orgraph/internal/viewer"
)

// Who sees what: the read half of the rule table, one predicate per
// entity. nil means everything (admins).

// visibleOrganizations: those the viewer is an active member of (RULES.md §2).
// A pending invitation shows the organization only through the invitation
// (OrganizationOfInvitation), not here.
func visibleOrganizations(_ context.Context, v *viewer.Viewer) (predicate.Organization, error) {
	if v.IsAdmin() {
		return nil, nil
	}
	return inViewerOrgs(v, "", organization.FieldID), nil
}

// visibleMemberships: the active members of the viewer's organizations.
func visibleMemberships(_ context.Context, v *viewer.Viewer) (predicate.Membership, error) {
	if v.IsAdmin() {
		return nil, nil
	}
	return inViewerOrgs(v, "", membership.FieldOrganizationID), nil
}

// visibleInvitations: those sent to the viewer's email; all of the
// organizations where they see pending invitations (staff); and those they
// sent, in organizations they still belong to (they resend and revoke
// them).
func visibleInvitations(_ context.Context, v *viewer.Viewer) (predicate.Invitation, error) {
	if v.IsAdmin() {
		return nil, nil
	}
	return invitation.Or(
		invitation.Email(v.Email),
		inViewerOrgs(v, authz.SeeInvitations, invitation.FieldOrganizationID),
		invitation.And(invitation.InvitedByID(v.UserID), inViewerOrgs(v, "", invitation.FieldOrganizationID)),
	), nil
}

// pendingTo is "a pending invitation to email, not expired": the SQL twin
// of authz.ShownStatus for PENDING.
func pendingTo(email string) predicate.Invitation {
	pending := authz.InvitationPending
	return invitation.And(invitation.PendingEmail(email), InvitationStatusIs(&pending))
}

// visibleUsers: themself, the members of their organizations, and whoever
// sent them a pending invitation.
func visibleUsers(_ context.Context, v *viewer.Viewer) (predicate.User, error) {
	if v.IsAdmin() {
		return nil, nil
	}
	return user.Or(
		user.ID(v.UserID),
		user.HasMembershipsWith(inViewerOrgs(v, "", membership.FieldOrganizationID)),
		user.HasSentInvitationsWith(pendingTo(v.Email)),
	), nil
}

// workScope is what the viewer may see of work (RULES.md §5), as organization ID
// lists derived from their roles (loaded once per request).
type workScope struct {
	userID int
	admin  bool
	// member: organizations the viewer belongs to; all: those where they
	// see all work; allStorages: those where they see all cloud storages.
	member, all, allStorages []int
}

func scopeOf(ctx context.Context, v *viewer.Viewer) (workScope, error) {
	roles, err := v.Roles(ctx, loadRoles)
	if err != nil {
		return workScope{}, err
	}
	s := workScope{userID: v.UserID, admin: v.IsAdmin()}
	for org, role := range roles {
		a := authz.Actor{Group: v.Group, Role: role}
		s.member = append(s.member, org)
		if a.SeesAll(authz.SeeWork) {
			s.all = append(s.all, org)
		}
		if a.SeesAll(authz.SeeCloudStorages) {
			s.allStorages = append(s.allStorages, org)
		}
	}
	return s, nil
}

// inOrgs is "in any organization" for admins, "in one of ids" otherwise
// (an empty list matches nothing).
func inOrgs[P any](admin bool, ids []int, anyOrg func() P, in func(...int) P) P {
	if admin {
		return anyOrg()
	}
	return in(ids...)
}

// workVisible is the shape every kind of work shares: their own in their
// personal workspace; everything in organizations where they see all of
// it; elsewhere in their organizations, the rows related to them.
func workVisible[P any](ctx context.Context, v *viewer.Viewer, storages bool, or func(...P) P, and func(...P) P,
	personal, anyOrg func() P, in func(...int) P, related P) (P, error) {
	s, err := scopeOf(ctx, v)
	if err != nil {
		return related, err
	}
	all := s.all
	if storages {
		all = s.allStorages
	}
	return or(personal(), inOrgs(s.admin, all, anyOrg, in), and(in(s.member...), related)), nil
}

func ownedOrAssignedProject(uid int) predicate.Project {
	return project.Or(project.OwnerID(uid), project.AssigneeID(uid))
}

func ownedOrAssignedTask(uid int) predicate.Task {
	return task.Or(task.OwnerID(uid), task.AssigneeID(uid), task.HasProjectWith(ownedOrAssignedProject(uid)))
}

// visibleProjects: those they own or are assigned to. Tasks and jobs they
// hold in a project do not show the project (the seed's worker rule).
func visibleProjects(ctx context.Context, v *viewer.Viewer) (predicate.Project, error) {
	uid := v.UserID
	return workVisible(ctx, v, false, project.Or, project.And,
		func() predicate.Project { return project.And(project.OrganizationIDIsNil(), project.OwnerID(uid)) },
		project.OrganizationIDNotNil, project.OrganizationIDIn, ownedOrAssignedProject(uid))
}

// visibleTasks: those they own or are assigned to, also through the task's
// project. An assigned job does not show its task.
func visibleTasks(ctx context.Context, v *viewer.Viewer) (predicate.Task, error) {
	uid := v.UserID
	return workVisible(ctx, v, false, task.Or, task.And,
		func() predicate.Task { return task.And(task.OrganizationIDIsNil(), task.OwnerID(uid)) },
		task.OrganizationIDNotNil, task.OrganizationIDIn, ownedOrAssignedTask(uid))
}

// visibleJobs: assigned jobs, and the jobs of the tasks and projects they
// own or are assigned to.
func visibleJobs(ctx context.Context, v *viewer.Viewer) (predicate.Job, error) {
	uid := v.UserID
	return workVisible(ctx, v, false, job.Or, job.And,
		func() predicate.Job { return job.And(job.OrganizationIDIsNil(), job.OwnerID(uid)) },
		job.OrganizationIDNotNil, job.OrganizationIDIn, job.Or(job.AssigneeID(uid), job.HasTaskWith(ownedOrAssignedTask(uid))))
}

// visibleAnnotations: those of the jobs they see.
func visibleAnnotations(ctx context.Context, v *viewer.Viewer) (predicate.Annotation, error) {
	jobs, err := visibleJobs(ctx, v)
	return annotation.HasJobWith(jobs), err
}

// visibleCloudStorages: their own; all of organizations where they are a
// supervisor or above.
func visibleCloudStorages(ctx context.Context, v *viewer.Viewer) (predicate.CloudStorage, error) {
	uid := v.UserID
	return workVisible(ctx, v, true, cloudstorage.Or, cloudstorage.And,
		func() predicate.CloudStorage {
			return cloudstorage.And(cloudstorage.OrganizationIDIsNil(), cloudstorage.OwnerID(uid))
		},
		cloudstorage.OrganizationIDNotNil, cloudstorage.OrganizationIDIn, cloudstorage.OwnerID(uid))
}

// InvitationStatusIs filters invitations by the status clients see
// (authz.ShownStatus: a PENDING row past its expiry is EXPIRED); nil keeps
// them all.
func InvitationStatusIs(status *authz.InvitationStatus) predicate.Invitation {
	if status == nil {
		return func(*sql.Selector) {}
	}
	// The SQL form of authz.ShownStatus, written once: PENDING until expiresAt.
	stillPending := invitation.And(invitation.StatusEQ(authz.InvitationPending), invitation.ExpiresAtGT(now()))
	switch *status {
	case authz.InvitationPending:
		return stillPending
	case authz.InvitationExpired:
		return invitation.Or(
			invitation.StatusEQ(authz.InvitationExpired),
			invitation.And(invitation.StatusEQ(authz.InvitationPending), invitation.Not(stillPending)),
		)
	default:
		return invitation.StatusEQ(*status)
	}
}
