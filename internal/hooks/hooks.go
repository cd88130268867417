// Package hooks holds the ent hooks that carry business rules: the cascade
// of an organization's removal.
package hooks

import (
	"context"
	"errors"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	gen "orgraph/ent"
	"orgraph/ent/annotation"
	"orgraph/ent/auditentry"
	"orgraph/ent/cloudstorage"
	"orgraph/ent/hook"
	"orgraph/ent/invitation"
	"orgraph/ent/invitationemail"
	"orgraph/ent/job"
	"orgraph/ent/membership"
	"orgraph/ent/predicate"
	"orgraph/ent/project"
	"orgraph/ent/task"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
)

// CascadeOrganizationDelete removes everything an organization holds, in
// the transaction of its removal, with one set-based DELETE per table (no
// rows are loaded). It runs after the privacy policy allowed the removal,
// so it bypasses privacy for exactly these deletes. Foreign keys stay
// strict: a child table this hook forgets makes the removal fail instead of
// leaving orphans.
func CascadeOrganizationDelete(next ent.Mutator) ent.Mutator {
	return hook.OrganizationFunc(func(ctx context.Context, m *gen.OrganizationMutation) (ent.Value, error) {
		if _, err := m.Tx(); err != nil {
			return nil, fmt.Errorf("removing an organization needs a transaction: %w", err)
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			if err := deleteChildren(policy.WithSystem(ctx), m.Client(), ids); err != nil {
				return nil, err
			}
		}
		v, err := next.Mutate(ctx, m)
		if gen.IsConstraintError(err) {
			return nil, fmt.Errorf("removing the organization row: %w", notConflict(err))
		}
		return v, err
	})
}

// deleteChildren deletes, children first, every row that belongs to the
// organizations.
func deleteChildren(ctx context.Context, c *gen.Client, orgIDs []int) error {
	steps := []step{
		{"annotations", c.Annotation.Delete().Where(annotation.OrganizationIDIn(orgIDs...)).Exec},
		{"jobs", c.Job.Delete().Where(job.OrganizationIDIn(orgIDs...)).Exec},
		{"tasks", c.Task.Delete().Where(task.OrganizationIDIn(orgIDs...)).Exec},
		{"projects", c.Project.Delete().Where(project.OrganizationIDIn(orgIDs...)).Exec},
		{"cloud_storages", c.CloudStorage.Delete().Where(cloudstorage.OrganizationIDIn(orgIDs...)).Exec},
		{"memberships", c.Membership.Delete().Where(membership.OrganizationIDIn(orgIDs...)).Exec},
		{"invitations", c.Invitation.Delete().Where(invitation.OrganizationIDIn(orgIDs...)).Exec},
		// The organization's audit log goes with it; its removal is written
		// to the system log after this (internal/orgs).
		{"audit_log", c.AuditEntry.Delete().Where(auditentry.OrganizationIDIn(orgIDs...)).Exec},
		// Records of sent invitation emails stay for the inviters' daily
		// caps, detached from the organization and its invitees' addresses.
		{"invitation_emails", c.InvitationEmail.Update().Where(invitationemail.OrganizationIDIn(orgIDs...)).SetOrganizationID(0).SetEmail("").Save},
	}
	return runSteps(ctx, "organization", steps)
}

type step struct {
	table string
	run   func(context.Context) (int, error)
}

func runSteps(ctx context.Context, parent string, steps []step) error {
	for _, s := range steps {
		if _, err := s.run(ctx); err != nil {
			return fmt.Errorf("removing the %s's %s: %w", parent, s.table, notConflict(err))
		}
	}
	return nil
}

// notConflict keeps a constraint failure inside a cascade from reaching the
// client as CONFLICT, which the error presenter neither logs nor explains:
// a foreign key refusing a cascade's DELETE means that a table the cascade
// does not clear still refers to the rows, a bug of ours. The error becomes
// the driver's own (INTERNAL_SERVER_ERROR, logged); the driver error stays
// in the chain.
func notConflict(err error) error {
	var ce *gen.ConstraintError
	if !errors.As(err, &ce) {
		return err
	}
	if cause := ce.Unwrap(); cause != nil {
		return fmt.Errorf("a table the cascade does not clear refers to the rows: %w", cause)
	}
	return errors.New(ce.Error())
}

// cascade builds a hook that runs children(ids) before deleting the rows
// of a mutation. It is registered for single deletes (OpDeleteOne), whose
// ID is known without a query; bulk deletes are the organization cascade's
// own, which removes the children itself.
func cascade(parent string, children func(c *gen.Client, ids []int) []step) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			id, ok := m.(interface{ ID() (int, bool) }).ID()
			cm, okc := m.(interface{ Client() *gen.Client })
			if ok && okc {
				if err := runSteps(policy.WithSystem(ctx), parent, children(cm.Client(), []int{id})); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// CascadeProjectDelete removes a project's tasks, their jobs and
// annotations, after the policy allowed the removal.
var CascadeProjectDelete = cascade("project", func(c *gen.Client, ids []int) []step {
	inProject := task.ProjectIDIn(ids...)
	return []step{
		{"annotations", annotationsOfJobs(c, job.HasTaskWith(inProject))},
		{"jobs", c.Job.Delete().Where(job.HasTaskWith(inProject)).Exec},
		{"tasks", c.Task.Delete().Where(inProject).Exec},
	}
})

// CascadeTaskDelete removes a task's jobs and their annotations.
var CascadeTaskDelete = cascade("task", func(c *gen.Client, ids []int) []step {
	return []step{
		{"annotations", annotationsOfJobs(c, job.TaskIDIn(ids...))},
		{"jobs", c.Job.Delete().Where(job.TaskIDIn(ids...)).Exec},
	}
})

// annotationsOfJobs deletes the annotations of the jobs matching which. It
// reads the jobs' IDs first (a project's or a task's: few) so that the
// DELETE finds the annotations through the job_id index; ent's edge
// predicate would be a correlated subquery that MariaDB runs over the whole
// annotations table, locking every row it reads.
func annotationsOfJobs(c *gen.Client, which predicate.Job) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		ids, err := c.Job.Query().Where(which).IDs(ctx)
		if err != nil || len(ids) == 0 {
			return 0, err
		}
		return c.Annotation.Delete().Where(annotation.JobIDIn(ids...)).Exec(ctx)
	}
}

// CascadeJobDelete removes a job's annotations.
var CascadeJobDelete = cascade("job", func(c *gen.Client, ids []int) []step {
	return []step{
		{"annotations", c.Annotation.Delete().Where(annotation.JobIDIn(ids...)).Exec},
	}
})

// ValidateAssignee checks a new assignee of a project, task or job (RULES.md
// §5): an active member of the work's organization; in a personal
// workspace, only the owner themself. Otherwise BAD_USER_INPUT. It runs
// after the privacy policy, so a caller who may not assign at all hears
// FORBIDDEN first.
func ValidateAssignee(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		v, ok := m.Field("assignee_id")
		if !ok {
			return next.Mutate(ctx, m)
		}
		assignee := v.(int)
		orgID, ownerID, err := placeOf(ctx, m)
		if err != nil {
			return nil, err
		}
		if orgID == nil {
			if assignee != ownerID {
				return nil, errcode.Invalid("assigneeID", "in a personal workspace only its owner can be the assignee")
			}
			return next.Mutate(ctx, m)
		}
		c := m.(interface{ Client() *gen.Client }).Client()
		q := c.Membership.Query().Where(membership.OrganizationID(*orgID), membership.UserID(assignee))
		// A shared lock on the membership: a removal of the assignee waits
		// for this assignment to commit and then hands it over, or this
		// waits for the removal and finds no member (RULES.md §5).
		q.Modify(shareLockOnServers)
		member, err := q.Exist(policy.WithSystem(ctx))
		if err != nil {
			return nil, err
		}
		if !member {
			return nil, errcode.Invalid("assigneeID", "the assignee must be an active member of the organization")
		}
		return next.Mutate(ctx, m)
	})
}

// shareLockOnServers makes a SELECT take shared row locks (LOCK IN SHARE
// MODE: MariaDB has no FOR SHARE); SQLite transactions are already
// exclusive.
func shareLockOnServers(s *sql.Selector) {
	if s.Dialect() != dialect.SQLite {
		s.ForShare(sql.WithLockClause("LOCK IN SHARE MODE"))
	}
}

// placeOf returns the organization (nil: personal workspace) and owner of
// the row a mutation creates or updates.
func placeOf(ctx context.Context, m ent.Mutation) (orgID *int, ownerID int, err error) {
	if m.Op().Is(ent.OpCreate) {
		if v, ok := m.Field("organization_id"); ok {
			id := v.(int)
			orgID = &id
		}
		v, _ := m.Field("owner_id")
		ownerID, _ = v.(int)
		return orgID, ownerID, nil
	}
	oldOrg, err := m.OldField(ctx, "organization_id")
	if err != nil {
		return nil, 0, err
	}
	oldOwner, err := m.OldField(ctx, "owner_id")
	if err != nil {
		return nil, 0, err
	}
	orgID, _ = oldOrg.(*int)
	ownerID, _ = oldOwner.(int)
	return orgID, ownerID, nil
}
