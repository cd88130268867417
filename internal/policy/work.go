package policy

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "orgraph/ent"
	"orgraph/ent/annotation"
	"orgraph/ent/cloudstorage"
	"orgraph/ent/job"
	"orgraph/ent/predicate"
	"orgraph/ent/privacy"
	"orgraph/ent/project"
	"orgraph/ent/task"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
)

// workScope is what the viewer may see of work (SPEC 5), as organization ID
// lists derived from their roles (loaded once per request).
type workScope struct {
	userID int
	admin  bool
	// member: organizations the viewer belongs to; staff: those where they
	// see all work; supervisor: those where they see all cloud storages.
	member, staff, supervisor []int
}

func scopeOf(ctx context.Context) (workScope, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return workScope{}, errcode.ErrUnauthenticated
	}
	roles, err := v.Roles(ctx, loadRoles)
	if err != nil {
		return workScope{}, err
	}
	s := workScope{userID: v.UserID, admin: v.IsAdmin()}
	for org, role := range roles {
		a := authz.Actor{Group: v.Group, Role: role}
		s.member = append(s.member, org)
		if a.SeesAllWork() {
			s.staff = append(s.staff, org)
		}
		if a.SeesAllCloudStorages() {
			s.supervisor = append(s.supervisor, org)
		}
	}
	return s, nil
}

// workActor is who the viewer is where a piece of work lives: in their
// personal workspace (orgID nil) the owner of everything; in an
// organization, their role there (NOT_FOUND when they are not a member).
func workActor(ctx context.Context, orgID *int) (authz.Actor, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return authz.Actor{}, errcode.ErrUnauthenticated
	}
	if orgID == nil {
		return authz.PersonalOwner(v.Group), nil
	}
	a, err := ActorIn(ctx, *orgID)
	if err == nil && !a.Sees() {
		err = errcode.NotFoundf("organization")
	}
	return a, err
}

// ProjectVisible: own personal projects; all projects of organizations
// where the viewer sees all work; elsewhere in their organizations, the
// projects they own or are assigned to, or hold an owned or assigned task
// or an assigned job of (so that the job's project name shows).
func ProjectVisible(s workScope) predicate.Project {
	mine := project.Or(project.OwnerID(s.userID), project.AssigneeID(s.userID),
		project.HasTasksWith(task.Or(task.OwnerID(s.userID), task.AssigneeID(s.userID), task.HasJobsWith(job.AssigneeID(s.userID)))))
	return project.Or(
		project.And(project.OrganizationIDIsNil(), project.OwnerID(s.userID)),
		inOrgs(s.admin, s.staff, project.OrganizationIDNotNil, project.OrganizationIDIn),
		project.And(project.OrganizationIDIn(s.member...), mine),
	)
}

// TaskVisible: like projects; a task is also seen through its project
// (owned or assigned) and through an assigned job.
func TaskVisible(s workScope) predicate.Task {
	mine := task.Or(task.OwnerID(s.userID), task.AssigneeID(s.userID),
		task.HasProjectWith(project.Or(project.OwnerID(s.userID), project.AssigneeID(s.userID))),
		task.HasJobsWith(job.AssigneeID(s.userID)))
	return task.Or(
		task.And(task.OrganizationIDIsNil(), task.OwnerID(s.userID)),
		inOrgs(s.admin, s.staff, task.OrganizationIDNotNil, task.OrganizationIDIn),
		task.And(task.OrganizationIDIn(s.member...), mine),
	)
}

// JobVisible: assigned jobs, and the jobs of tasks and projects the viewer
// owns or is assigned to.
func JobVisible(s workScope) predicate.Job {
	mine := job.Or(job.AssigneeID(s.userID),
		job.HasTaskWith(task.Or(task.OwnerID(s.userID), task.AssigneeID(s.userID),
			task.HasProjectWith(project.Or(project.OwnerID(s.userID), project.AssigneeID(s.userID))))))
	return job.Or(
		job.And(job.OrganizationIDIsNil(), job.OwnerID(s.userID)),
		inOrgs(s.admin, s.staff, job.OrganizationIDNotNil, job.OrganizationIDIn),
		job.And(job.OrganizationIDIn(s.member...), mine),
	)
}

// CloudStorageVisible: own; all of organizations where the viewer is a
// supervisor or above.
func CloudStorageVisible(s workScope) predicate.CloudStorage {
	return cloudstorage.Or(
		cloudstorage.And(cloudstorage.OrganizationIDIsNil(), cloudstorage.OwnerID(s.userID)),
		inOrgs(s.admin, s.supervisor, cloudstorage.OrganizationIDNotNil, cloudstorage.OrganizationIDIn),
		cloudstorage.And(cloudstorage.OrganizationIDIn(s.member...), cloudstorage.OwnerID(s.userID)),
	)
}

// inOrgs is "in any organization" for admins, "in one of ids" otherwise
// (an empty list matches nothing).
func inOrgs[P any](admin bool, ids []int, anyOrg func() P, in func(...int) P) P {
	if admin {
		return anyOrg()
	}
	return in(ids...)
}

// visibleOrNotFound checks that the viewer sees the row id of a kind of
// work: exists runs the kind's query filtered by privacy.
func visibleOrNotFound(ctx context.Context, kind string, exists func(context.Context) (bool, error)) error {
	ok, err := exists(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return errcode.NotFoundf(kind)
	}
	return nil
}

func ownsOrAssigned(userID, ownerID int, assigneeID *int) bool {
	return ownerID == userID || (assigneeID != nil && *assigneeID == userID)
}

func allowIf(err error) error {
	if err != nil {
		return err
	}
	return privacy.Allow
}

// Project is the privacy policy of projects.
func Project() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			denyAnonymous(),
			privacy.ProjectQueryRuleFunc(func(ctx context.Context, q *gen.ProjectQuery) error {
				s, err := scopeOf(ctx)
				if err != nil {
					return err
				}
				q.Where(ProjectVisible(s))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			denyAnonymous(),
			privacy.ProjectMutationRuleFunc(func(ctx context.Context, m *gen.ProjectMutation) error {
				v := viewer.FromContext(ctx)
				if m.Op().Is(ent.OpCreate) {
					a, err := workActor(ctx, orgOf(m.OrganizationID()))
					if err != nil {
						return err
					}
					return allowIf(a.CanCreateProject())
				}
				if !m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
					return privacy.Skip
				}
				id, _ := m.ID()
				c := client(ctx)
				if err := visibleOrNotFound(ctx, "project", c.Project.Query().Where(project.ID(id)).Exist); err != nil {
					return err
				}
				p, err := c.Project.Get(WithSystem(ctx), id)
				if err != nil {
					return err
				}
				a, err := workActor(ctx, p.OrganizationID)
				if err != nil {
					return err
				}
				return allowIf(a.CanManageWork(p.OwnerID == v.UserID))
			}),
			denyMutation(),
		},
	}
}

func orgOf(id int, set bool) *int {
	if !set {
		return nil
	}
	return &id
}

// Task is the privacy policy of tasks.
func Task() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			denyAnonymous(),
			privacy.TaskQueryRuleFunc(func(ctx context.Context, q *gen.TaskQuery) error {
				s, err := scopeOf(ctx)
				if err != nil {
					return err
				}
				q.Where(TaskVisible(s))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			denyAnonymous(),
			privacy.TaskMutationRuleFunc(func(ctx context.Context, m *gen.TaskMutation) error {
				v := viewer.FromContext(ctx)
				c := client(ctx)
				if m.Op().Is(ent.OpCreate) {
					a, err := workActor(ctx, orgOf(m.OrganizationID()))
					if err != nil {
						return err
					}
					inOwnProject := false
					if pid, ok := m.ProjectID(); ok {
						if err := visibleOrNotFound(ctx, "project", c.Project.Query().Where(project.ID(pid)).Exist); err != nil {
							return err
						}
						p, err := c.Project.Get(WithSystem(ctx), pid)
						if err != nil {
							return err
						}
						inOwnProject = ownsOrAssigned(v.UserID, p.OwnerID, p.AssigneeID)
					}
					return allowIf(a.CanCreateTask(inOwnProject))
				}
				if !m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
					return privacy.Skip
				}
				id, _ := m.ID()
				if err := visibleOrNotFound(ctx, "task", c.Task.Query().Where(task.ID(id)).Exist); err != nil {
					return err
				}
				t, err := c.Task.Get(WithSystem(ctx), id)
				if err != nil {
					return err
				}
				a, err := workActor(ctx, t.OrganizationID)
				if err != nil {
					return err
				}
				return allowIf(a.CanManageWork(t.OwnerID == v.UserID))
			}),
			denyMutation(),
		},
	}
}

// Job is the privacy policy of jobs.
func Job() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			denyAnonymous(),
			privacy.JobQueryRuleFunc(func(ctx context.Context, q *gen.JobQuery) error {
				s, err := scopeOf(ctx)
				if err != nil {
					return err
				}
				q.Where(JobVisible(s))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			denyAnonymous(),
			privacy.JobMutationRuleFunc(func(ctx context.Context, m *gen.JobMutation) error {
				v := viewer.FromContext(ctx)
				c := client(ctx)
				var taskID int
				switch op := m.Op(); {
				case op.Is(ent.OpCreate):
					taskID, _ = m.TaskID()
				case op.Is(ent.OpUpdateOne | ent.OpDeleteOne):
					id, _ := m.ID()
					if err := visibleOrNotFound(ctx, "job", c.Job.Query().Where(job.ID(id)).Exist); err != nil {
						return err
					}
					j, err := c.Job.Get(WithSystem(ctx), id)
					if err != nil {
						return err
					}
					taskID = j.TaskID
				default:
					return privacy.Skip
				}
				if err := visibleOrNotFound(ctx, "task", c.Task.Query().Where(task.ID(taskID)).Exist); err != nil {
					return err
				}
				t, err := c.Task.Get(WithSystem(ctx), taskID)
				if err != nil {
					return err
				}
				a, err := workActor(ctx, t.OrganizationID)
				if err != nil {
					return err
				}
				ownTask := ownsOrAssigned(v.UserID, t.OwnerID, t.AssigneeID)
				switch op := m.Op(); {
				case op.Is(ent.OpCreate):
					return allowIf(a.CanCreateOrDeleteJob(ownTask, true))
				case op.Is(ent.OpDeleteOne):
					return allowIf(a.CanCreateOrDeleteJob(ownTask, false))
				}
				if _, changesAssignee := m.AssigneeID(); changesAssignee || m.AssigneeIDCleared() {
					if err := a.CanAssignJob(ownTask); err != nil {
						return err
					}
				}
				return privacy.Allow // stage and state: anyone who sees the job
			}),
			denyMutation(),
		},
	}
}

// Annotation is the privacy policy of annotations: whoever sees a job
// sees and edits its annotations. Deleting a set of annotations runs under
// WithSystem after the job check (internal/work).
func Annotation() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			denyAnonymous(),
			privacy.AnnotationQueryRuleFunc(func(ctx context.Context, q *gen.AnnotationQuery) error {
				s, err := scopeOf(ctx)
				if err != nil {
					return err
				}
				q.Where(annotation.HasJobWith(JobVisible(s)))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			denyAnonymous(),
			privacy.AnnotationMutationRuleFunc(func(ctx context.Context, m *gen.AnnotationMutation) error {
				if !m.Op().Is(ent.OpCreate) {
					return privacy.Skip
				}
				// Whoever sees the job edits its annotations, which must carry
				// the job's organization. A bulk insert into one job checks
				// the job once.
				jobID, _ := m.JobID()
				j, err := VisibleJob(ctx, jobID)
				if err != nil {
					return err
				}
				jobOrg := j.OrganizationID
				org, hasOrg := m.OrganizationID()
				if hasOrg != (jobOrg != nil) || (hasOrg && org != *jobOrg) {
					return fmt.Errorf("policy: annotation of job %d carries organization %v, the job's is %v", jobID, org, jobOrg)
				}
				return privacy.Allow
			}),
			denyMutation(),
		},
	}
}

// VisibleJob returns the job (its ID and organization) if the viewer sees
// it, NOT_FOUND otherwise. It reads the job once per request, so the
// annotation service and this policy checking every row of a bulk insert
// share one statement.
func VisibleJob(ctx context.Context, jobID int) (*gen.Job, error) {
	type visibleJobKey struct{ id int }
	val, err := viewer.FromContext(ctx).Remember(visibleJobKey{jobID}, func() (any, error) {
		j, err := client(ctx).Job.Query().Where(job.ID(jobID)).Select(job.FieldOrganizationID).Only(ctx)
		if gen.IsNotFound(err) {
			return nil, errcode.NotFoundf("job")
		}
		return j, err
	})
	if err != nil {
		return nil, err
	}
	return val.(*gen.Job), nil
}

// CloudStorage is the privacy policy of cloud storages.
func CloudStorage() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			denyAnonymous(),
			privacy.CloudStorageQueryRuleFunc(func(ctx context.Context, q *gen.CloudStorageQuery) error {
				s, err := scopeOf(ctx)
				if err != nil {
					return err
				}
				q.Where(CloudStorageVisible(s))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			denyAnonymous(),
			privacy.CloudStorageMutationRuleFunc(func(ctx context.Context, m *gen.CloudStorageMutation) error {
				if m.Op().Is(ent.OpCreate) {
					a, err := workActor(ctx, orgOf(m.OrganizationID()))
					if err != nil {
						return err
					}
					return allowIf(a.CanCreateCloudStorage())
				}
				if !m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
					return privacy.Skip
				}
				id, _ := m.ID()
				c := client(ctx)
				if err := visibleOrNotFound(ctx, "cloud storage", c.CloudStorage.Query().Where(cloudstorage.ID(id)).Exist); err != nil {
					return err
				}
				cs, err := c.CloudStorage.Get(WithSystem(ctx), id)
				if err != nil {
					return err
				}
				a, err := workActor(ctx, cs.OrganizationID)
				if err != nil {
					return err
				}
				return allowIf(a.CanEditCloudStorage(cs.OwnerID == viewer.FromContext(ctx).UserID))
			}),
			denyMutation(),
		},
	}
}
