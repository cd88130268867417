package work

import (
	"context"
	"slices"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"orgraph/ent"
	"orgraph/ent/annotation"
	"orgraph/ent/job"
	"orgraph/ent/organization"
	"orgraph/ent/predicate"
	"orgraph/ent/project"
	"orgraph/ent/task"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// Moving work (RULES.md §5, "Moving work"): moveProject and moveTask put a
// project (with its tasks, their jobs and annotations) or a task outside
// any project (with its jobs and annotations) in another place: an
// organization, or the viewer's personal workspace. The owner of the work
// moves it, and must be staff of every organization involved. Assignees
// who may not be assignees in the new place are cleared. organization_id
// is immutable to every other write (ent/schema), so the move writes it
// with ent's update modifiers, after these checks: one UPDATE per table
// (jobs and annotations: one per moveChunk jobs).

// moveChunk bounds the IDs of one IN list.
const moveChunk = 500

// MoveProject moves a project and everything in it to toOrg (nil: the
// viewer's personal workspace) and returns it as it is now.
func (s *Service) MoveProject(ctx context.Context, id int, toOrg *int) (*ent.Project, error) {
	p, err := policy.VisibleProject(ctx, id)
	if err != nil {
		return nil, err
	}
	db, sys := s.db(ctx), policy.WithSystem(ctx)
	m, err := s.startMove(ctx, "project", p.OrganizationID, toOrg, func(q func(*sql.Selector)) (*int, int, error) {
		pq := db.Project.Query().Where(project.ID(id))
		pq.Modify(q)
		p, err := pq.Only(sys)
		if err != nil {
			return nil, 0, err
		}
		return p.OrganizationID, p.OwnerID, nil
	})
	if err != nil {
		return nil, err
	}
	inProject := job.HasTaskWith(task.ProjectID(id))
	err = m.carry(sys, db, inProject,
		[]func(context.Context) (bool, error){
			db.Task.Query().Where(task.ProjectID(id), task.OwnerIDNEQ(m.actor)).Exist,
			db.Job.Query().Where(inProject, job.OwnerIDNEQ(m.actor)).Exist,
		},
		db.Project.Update().Where(project.ID(id)).Modify(m.assignees).Save,
		db.Task.Update().Where(task.ProjectID(id)).Modify(m.assignees).Save)
	if err != nil {
		return nil, err
	}
	return db.Project.Query().Where(project.ID(id)).Only(ctx)
}

// MoveTask moves a task outside any project, with its jobs and their
// annotations, to toOrg (nil: the viewer's personal workspace). A task of
// a project moves only with its project (BAD_USER_INPUT).
func (s *Service) MoveTask(ctx context.Context, id int, toOrg *int) (*ent.Task, error) {
	t, err := policy.VisibleTask(ctx, id)
	if err != nil {
		return nil, err
	}
	db, sys := s.db(ctx), policy.WithSystem(ctx)
	var inProject bool
	m, err := s.startMove(ctx, "task", t.OrganizationID, toOrg, func(q func(*sql.Selector)) (*int, int, error) {
		tq := db.Task.Query().Where(task.ID(id))
		tq.Modify(q)
		t, err := tq.Only(sys)
		if err != nil {
			return nil, 0, err
		}
		inProject = t.ProjectID != nil
		return t.OrganizationID, t.OwnerID, nil
	})
	if err != nil {
		return nil, err
	}
	if inProject {
		return nil, errcode.Invalid("id", "a task of a project moves with its project: move the project")
	}
	err = m.carry(sys, db, job.TaskID(id),
		[]func(context.Context) (bool, error){db.Job.Query().Where(job.TaskID(id), job.OwnerIDNEQ(m.actor)).Exist},
		db.Task.Update().Where(task.ID(id)).Modify(m.assignees).Save)
	if err != nil {
		return nil, err
	}
	return db.Task.Query().Where(task.ID(id)).Only(ctx)
}

// carry does a checked move: to a personal workspace, none of othersOwn
// may find a row (requireAllOwned); then the updates of the work's own
// tables run, and the jobs that follow (and their annotations) move.
func (m *move) carry(ctx context.Context, db *ent.Client, follow predicate.Job, othersOwn []func(context.Context) (bool, error), updates ...func(context.Context) (int, error)) error {
	jobs, err := db.Job.Query().Where(follow).IDs(ctx)
	if err != nil {
		return err
	}
	if m.to == nil {
		if err := m.requireAllOwned(ctx, othersOwn...); err != nil {
			return err
		}
	}
	for _, update := range updates {
		if _, err := update(ctx); err != nil {
			return err
		}
	}
	policy.Forget(ctx)
	return m.children(ctx, db, jobs)
}

// move is one move under way: where to (nil: the actor's personal
// workspace), by whom.
type move struct {
	to    *int
	actor int
}

// startMove checks a move of work that lives in from (nil: a personal
// workspace) to to, under the locks of both organizations: reread reads
// the work's row again with the given lock and answers where it lives and
// who owns it. Errors: NOT_FOUND for a target organization the viewer does
// not see; CONFLICT if the work moved while we waited; FORBIDDEN unless the
// viewer owns the work and is staff of each organization involved;
// BAD_USER_INPUT (toOrganizationID) for the place it already is in.
func (s *Service) startMove(ctx context.Context, kind string, from, to *int, reread func(func(*sql.Selector)) (*int, int, error)) (*move, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	if to != nil {
		a, err := policy.ActorIn(ctx, *to)
		if err != nil {
			return nil, err
		}
		if !a.Sees() {
			return nil, errcode.NotFoundf("organization")
		}
	}
	if err := s.lockOrganizations(ctx, from, to); err != nil {
		return nil, err
	}
	policy.Forget(ctx) // roles as of the locks
	now, owner, err := reread(lockRowsOnServers)
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf(kind)
	}
	if err != nil {
		return nil, err
	}
	if !sameOrg(now, from) {
		return nil, errcode.New(errcode.Conflict, "this work moved meanwhile: try again")
	}
	if owner != v.UserID {
		return nil, errcode.New(errcode.Forbidden, "only the owner of this work moves it")
	}
	for _, org := range []*int{from, to} {
		if org == nil {
			continue
		}
		a, err := policy.ActorIn(ctx, *org)
		if err == nil {
			err = a.May(authz.MoveWork)
		}
		if err != nil {
			return nil, err
		}
	}
	if sameOrg(from, to) {
		return nil, errcode.Invalid("toOrganizationID", "the work is already there")
	}
	return &move{to: to, actor: v.UserID}, nil
}

// lockOrganizations takes the row locks of the organizations involved
// (SELECT ... FOR UPDATE, in the order of their IDs; SQLite transactions
// are exclusive): their memberships, and so who may be an assignee there,
// stay as read until the move commits, and a removal of either waits.
func (s *Service) lockOrganizations(ctx context.Context, orgs ...*int) error {
	var ids []int
	for _, o := range orgs {
		if o != nil {
			ids = append(ids, *o)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	q := s.db(ctx).Organization.Query().Where(organization.IDIn(ids...)).Order(ent.Asc(organization.FieldID))
	q.Modify(lockRowsOnServers)
	found, err := q.IDs(policy.WithSystem(ctx))
	if err == nil && len(found) != len(slices.Compact(ids)) {
		return errcode.NotFoundf("organization")
	}
	return err
}

func lockRowsOnServers(s *sql.Selector) {
	if s.Dialect() != dialect.SQLite {
		s.ForUpdate()
	}
}

func sameOrg(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// requireAllOwned: work moved into a personal workspace must all be the
// actor's (a personal workspace is the work its owner created); any row
// someone else owns is CONFLICT, and nothing moves.
func (m *move) requireAllOwned(ctx context.Context, othersOwn ...func(context.Context) (bool, error)) error {
	for _, exists := range othersOwn {
		found, err := exists(ctx)
		if err != nil {
			return err
		}
		if found {
			return errcode.New(errcode.Conflict, "it holds tasks or jobs that other members own: only work that is all yours moves to your personal workspace")
		}
	}
	return nil
}

// assignees builds the SET of a move of projects, tasks or jobs: the new
// organization, and the assignee cleared unless they may be one there
// (RULES.md §5: a member of the organization; in a personal workspace its
// owner, the actor). ent's UpdateDefault sets updated_at.
func (m *move) assignees(u *sql.UpdateBuilder) {
	m.place(u)
	if m.to == nil {
		u.Set("assignee_id", sql.Expr("CASE WHEN assignee_id = ? THEN assignee_id ELSE NULL END", m.actor))
		return
	}
	u.Set("assignee_id", sql.Expr("CASE WHEN assignee_id IN (SELECT user_id FROM memberships WHERE organization_id = ?) THEN assignee_id ELSE NULL END", *m.to))
}

// place sets the new organization (NULL: the personal workspace).
func (m *move) place(u *sql.UpdateBuilder) {
	if m.to == nil {
		u.SetNull("organization_id")
		return
	}
	u.Set("organization_id", *m.to)
}

// children moves jobs and their annotations, by the jobs' IDs: one UPDATE
// of each table per moveChunk jobs.
func (m *move) children(ctx context.Context, db *ent.Client, jobs []int) error {
	for chunk := range slices.Chunk(jobs, moveChunk) {
		if _, err := db.Job.Update().Where(job.IDIn(chunk...)).Modify(m.assignees).Save(ctx); err != nil {
			return err
		}
		if _, err := db.Annotation.Update().Where(annotation.JobIDIn(chunk...)).Modify(m.place).Save(ctx); err != nil {
			return err
		}
	}
	return nil
}
