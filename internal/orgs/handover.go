package orgs

import (
	"context"

	"orgraph/ent"
	"orgraph/ent/job"
	"orgraph/ent/membership"
	"orgraph/ent/project"
	"orgraph/ent/task"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
)

// Departure is what removeMember and leaveOrganization did (RULES.md §5,
// "Offboarding"): the membership removed and the departing member's
// assignments in the organization, handed to the member of ReassignedTo
// (a membership ID) or, when it is nil, cleared.
type Departure struct {
	MembershipID          int
	ReassignedTo          *int
	Projects, Tasks, Jobs []int
}

// receiver checks reassignTo (a membership ID, nil: clear the assignments)
// before the departure: an active member of the organization other than
// the one leaving, or BAD_USER_INPUT on reassignTo. It returns the
// receiver's user ID (nil when clearing).
func (s *Service) receiver(ctx context.Context, orgID, leaverID int, reassignTo *int) (*int, error) {
	if reassignTo == nil {
		return nil, nil
	}
	m, err := s.db(ctx).Membership.Query().
		Where(membership.ID(*reassignTo), membership.OrganizationID(orgID)).
		Only(policy.WithSystem(ctx))
	if ent.IsNotFound(err) || (err == nil && m.UserID == leaverID) {
		return nil, errcode.Invalid("reassignTo", "not an active member of this organization who stays")
	}
	if err != nil {
		return nil, err
	}
	return &m.UserID, nil
}

// mayReassign applies the rule of assigning by hand (RULES.md §5) to a
// member who hands their own assignments over as they leave: staff assign
// everything; others only projects and tasks they own, and jobs of tasks
// they own or are assigned to. Any assignment they could not hand over by
// hand is FORBIDDEN for all of them (nothing is written): leaving without
// reassignTo clears them instead. One statement per kind, for non-staff.
func (s *Service) mayReassign(ctx context.Context, orgID, userID int) error {
	a, err := policy.ActorIn(ctx, orgID)
	if err != nil || a.MayWork(authz.ManageWork, false) == nil {
		return err
	}
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	counts := []func() (int, error){
		func() (int, error) {
			return db.Project.Query().Where(project.OrganizationID(orgID), project.AssigneeID(userID), project.OwnerIDNEQ(userID)).Count(sys)
		},
		func() (int, error) {
			return db.Task.Query().Where(task.OrganizationID(orgID), task.AssigneeID(userID), task.OwnerIDNEQ(userID)).Count(sys)
		},
		func() (int, error) {
			return db.Job.Query().Where(job.OrganizationID(orgID), job.AssigneeID(userID),
				job.Not(job.HasTaskWith(task.Or(task.OwnerID(userID), task.AssigneeID(userID))))).Count(sys)
		},
	}
	for _, count := range counts {
		n, err := count()
		if err != nil {
			return err
		}
		if n > 0 {
			return errcode.New(errcode.Forbidden,
				"%d of your assignments are on work you may not assign by hand: leave without reassignTo to clear them, or ask staff to reassign them", n)
		}
	}
	return nil
}

// handOver moves every assignment of userID in orgID (projects, tasks,
// jobs) to receiver, or clears them when receiver is nil: two statements
// per kind (the IDs, then one UPDATE), whatever their number. It runs
// under the organization's lock after the departing membership is gone, so
// an assignment made meanwhile (hooks.ValidateAssignee reads the
// membership with a lock) is either refused or handed over here.
func (s *Service) handOver(ctx context.Context, orgID, userID int, receiver *int, d *Departure) error {
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	var err error
	if d.Projects, err = db.Project.Query().Where(project.OrganizationID(orgID), project.AssigneeID(userID)).IDs(sys); err != nil {
		return err
	}
	if d.Tasks, err = db.Task.Query().Where(task.OrganizationID(orgID), task.AssigneeID(userID)).IDs(sys); err != nil {
		return err
	}
	if d.Jobs, err = db.Job.Query().Where(job.OrganizationID(orgID), job.AssigneeID(userID)).IDs(sys); err != nil {
		return err
	}
	if err := reassign(sys, d.Projects, db.Project.Update().Where(project.IDIn(d.Projects...)), receiver); err != nil {
		return err
	}
	if err := reassign(sys, d.Tasks, db.Task.Update().Where(task.IDIn(d.Tasks...)), receiver); err != nil {
		return err
	}
	return reassign(sys, d.Jobs, db.Job.Update().Where(job.IDIn(d.Jobs...)), receiver)
}

// assigneeUpdate is the bulk update of projects, tasks or jobs.
type assigneeUpdate[U any] interface {
	SetAssigneeID(int) U
	ClearAssigneeID() U
	Save(context.Context) (int, error)
}

// reassign sets the assignee of the rows of u (ids, none: no statement) to
// receiver, or clears it when receiver is nil.
func reassign[U assigneeUpdate[U]](ctx context.Context, ids []int, u U, receiver *int) error {
	if len(ids) == 0 {
		return nil
	}
	if receiver != nil {
		u = u.SetAssigneeID(*receiver)
	} else {
		u = u.ClearAssigneeID()
	}
	_, err := u.Save(ctx)
	return err
}
