package authz

import (
	"fmt"
	"testing"
	"time"

	"orgraph/internal/errcode"
)

// The columns of the tables of RULES.md §3 and 5, plus the actors RULES.md §1 adds.
var (
	owner      = Actor{Group: GroupUser, Role: RoleOwner}
	maintainer = Actor{Group: GroupUser, Role: RoleMaintainer}
	supervisor = Actor{Group: GroupUser, Role: RoleSupervisor}
	worker     = Actor{Group: GroupUser, Role: RoleWorker}
	admin      = Actor{Group: GroupAdmin}                        // a member of nothing
	wgMaint    = Actor{Group: GroupWorker, Role: RoleMaintainer} // acts as a worker
	outsider   = Actor{Group: GroupUser}                         // not a member (or only invited)
	personal   = PersonalOwner(GroupUser)                        // in their own workspace
	wgPersonal = PersonalOwner(GroupWorker)                      // a WORKER-group user, at home
	columns    = []Actor{owner, maintainer, supervisor, worker, admin, wgMaint, outsider}
	colNames   = []string{"owner", "maintainer", "supervisor", "worker", "admin", "WORKER-group maintainer", "outsider"}
)

// Answers in the rows below.
const (
	y = ""          // allowed
	F = "FORBIDDEN" // sees it, may not
	N = "NOT_FOUND" // does not see it
	B = "BAD_USER_INPUT"
)

func code(err error) string {
	if err == nil {
		return y
	}
	if e, ok := errcode.As(err); ok {
		return string(e.Code)
	}
	return "unexpected: " + err.Error()
}

// TestOrgTable is RULES.md §3's table, one row per action, one column per
// actor (owner, maintainer, supervisor, worker, admin, WORKER-group
// maintainer, outsider).
func TestOrgTable(t *testing.T) {
	rows := []struct {
		action string
		check  func(Actor) error
		want   [7]string
	}{
		{"see pending invitations", func(a Actor) error { return a.May(SeeInvitations) }, [7]string{y, y, F, F, y, F, N}},
		{"see the audit log", func(a Actor) error { return a.May(SeeAuditLog) }, [7]string{y, y, F, F, y, F, N}},
		{"see member emails", func(a Actor) error { return a.May(SeeMemberEmails) }, [7]string{y, y, F, F, y, F, N}},
		{"edit the organization", func(a Actor) error { return a.May(EditOrganization) }, [7]string{y, y, F, F, y, F, N}},
		{"remove the organization", func(a Actor) error { return a.May(RemoveOrganization) }, [7]string{y, F, F, F, y, F, N}},
		{"invite a worker", func(a Actor) error { return a.CanInvite(RoleWorker) }, [7]string{y, y, F, F, y, F, N}},
		{"invite a supervisor", func(a Actor) error { return a.CanInvite(RoleSupervisor) }, [7]string{y, y, F, F, y, F, N}},
		{"invite a maintainer", func(a Actor) error { return a.CanInvite(RoleMaintainer) }, [7]string{y, F, F, F, y, F, N}},
		{"invite an owner", func(a Actor) error { return a.CanInvite(RoleOwner) }, [7]string{B, B, F, F, B, F, N}},
		{"resend/revoke own invitation", func(a Actor) error { return a.CanManageInvitation(true) }, [7]string{y, y, y, y, y, y, N}},
		{"resend/revoke another's invitation", func(a Actor) error { return a.CanManageInvitation(false) }, [7]string{y, y, F, F, y, F, N}},
		{"worker -> supervisor", func(a Actor) error { return a.CanChangeRole(RoleWorker, RoleSupervisor, false) }, [7]string{y, y, F, F, y, F, N}},
		{"supervisor -> maintainer", func(a Actor) error { return a.CanChangeRole(RoleSupervisor, RoleMaintainer, false) }, [7]string{y, F, F, F, y, F, N}},
		{"maintainer -> worker", func(a Actor) error { return a.CanChangeRole(RoleMaintainer, RoleWorker, false) }, [7]string{y, F, F, F, y, F, N}},
		{"anyone -> owner", func(a Actor) error { return a.CanChangeRole(RoleWorker, RoleOwner, false) }, [7]string{B, B, F, F, B, F, N}},
		{"the owner's role", func(a Actor) error { return a.CanChangeRole(RoleOwner, RoleMaintainer, false) }, [7]string{F, F, F, F, F, F, N}},
		{"one's own role", func(a Actor) error { return a.CanChangeRole(RoleWorker, RoleSupervisor, true) }, [7]string{F, F, F, F, F, F, N}},
		{"remove a worker", func(a Actor) error { return a.CanRemove(RoleWorker, false) }, [7]string{y, y, F, F, y, F, N}},
		{"remove a supervisor", func(a Actor) error { return a.CanRemove(RoleSupervisor, false) }, [7]string{y, y, F, F, y, F, N}},
		{"remove a maintainer", func(a Actor) error { return a.CanRemove(RoleMaintainer, false) }, [7]string{y, F, F, F, y, F, N}},
		{"remove the owner", func(a Actor) error { return a.CanRemove(RoleOwner, false) }, [7]string{F, F, F, F, F, F, N}},
		{"remove oneself", func(a Actor) error { return a.CanRemove(RoleWorker, true) }, [7]string{F, F, F, F, F, F, N}},
		{"leave", func(a Actor) error { return a.CanLeave() }, [7]string{F, y, y, y, N, y, N}},
		{"transfer ownership", func(a Actor) error { return a.CanTransferOwnership(false) }, [7]string{y, F, F, F, y, F, N}},
	}
	for _, r := range rows {
		for i, a := range columns {
			if got := code(r.check(a)); got != r.want[i] {
				t.Errorf("%s by %s: %q, want %q", r.action, colNames[i], got, r.want[i])
			}
		}
	}
}

// TestWorkTable is RULES.md §5's table: each action on a row the actor is
// related to (owns, is assigned to: see workRule) and on one they are not.
func TestWorkTable(t *testing.T) {
	type cell struct{ related, unrelated string }
	rows := []struct {
		action Action
		want   [7]cell
	}{
		// owner, maintainer, supervisor, worker, admin, WORKER-group maintainer, outsider
		{CreateProject, [7]cell{{y, y}, {y, y}, {y, y}, {F, F}, {y, y}, {F, F}, {F, F}}},
		{CreateTask, [7]cell{{y, y}, {y, y}, {y, y}, {y, F}, {y, y}, {F, F}, {F, F}}},
		{CreateJob, [7]cell{{y, y}, {y, y}, {y, F}, {F, F}, {y, y}, {F, F}, {F, F}}},
		{DeleteJob, [7]cell{{y, y}, {y, y}, {y, F}, {F, F}, {y, y}, {F, F}, {F, F}}},
		{EditJob, [7]cell{{y, y}, {y, y}, {y, y}, {y, y}, {y, y}, {y, y}, {F, F}}},
		{ManageWork, [7]cell{{y, y}, {y, y}, {y, F}, {y, F}, {y, y}, {y, F}, {F, F}}},
		{AssignJob, [7]cell{{y, y}, {y, y}, {y, F}, {y, F}, {y, y}, {y, F}, {F, F}}},
		{CreateCloudStorage, [7]cell{{y, y}, {y, y}, {F, F}, {F, F}, {y, y}, {F, F}, {F, F}}},
		{EditCloudStorage, [7]cell{{y, y}, {y, y}, {y, F}, {y, F}, {y, y}, {y, F}, {F, F}}},
	}
	for _, r := range rows {
		for i, a := range columns {
			got := cell{code(a.MayWork(r.action, true)), code(a.MayWork(r.action, false))}
			if got != r.want[i] {
				t.Errorf("%s by %s (related, unrelated): %q, want %q", r.action, colNames[i], got, r.want[i])
			}
		}
	}
	// In a personal workspace the user does everything with their own
	// work, but creating needs the USER group (RULES.md §1, 5).
	for _, act := range []Action{CreateProject, CreateTask, CreateJob, DeleteJob, EditJob, ManageWork, AssignJob, CreateCloudStorage, EditCloudStorage} {
		if err := personal.MayWork(act, false); err != nil {
			t.Errorf("%s at home: %v", act, err)
		}
		want := y
		if workTable[act].creates {
			want = F
		}
		if got := code(wgPersonal.MayWork(act, false)); got != want {
			t.Errorf("%s at home by a WORKER-group user: %q, want %q", act, got, want)
		}
	}
}

// TestSeesAll: who sees every row of the organization rather than the
// related ones.
func TestSeesAll(t *testing.T) {
	for i, a := range columns {
		work, storages := a.SeesAll(SeeWork), a.SeesAll(SeeCloudStorages)
		want := map[string][2]bool{
			"owner": {true, true}, "maintainer": {true, true}, "supervisor": {false, true}, "worker": {false, false},
			"admin": {true, true}, "WORKER-group maintainer": {false, false}, "outsider": {false, false},
		}[colNames[i]]
		if [2]bool{work, storages} != want {
			t.Errorf("%s sees all work, all storages: %v %v, want %v", colNames[i], work, storages, want)
		}
	}
}

func TestShownStatus(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		stored  InvitationStatus
		expires time.Time
		want    InvitationStatus
	}{
		{InvitationPending, now.Add(time.Second), InvitationPending},
		{InvitationPending, now, InvitationExpired},
		{InvitationPending, now.Add(-time.Hour), InvitationExpired},
		{InvitationRevoked, now.Add(-time.Hour), InvitationRevoked},
		{InvitationAccepted, now.Add(time.Hour), InvitationAccepted},
	} {
		if got := ShownStatus(c.stored, c.expires, now); got != c.want {
			t.Errorf("%s expiring %v: %s, want %s", c.stored, c.expires.Sub(now), got, c.want)
		}
	}
}

func TestGroupRules(t *testing.T) {
	for _, c := range []struct {
		group, min Group
		want       string
	}{
		{GroupUser, GroupUser, y}, {GroupWorker, GroupUser, F}, {GroupAdmin, GroupUser, y}, {GroupUser, GroupAdmin, F},
	} {
		if got := code(CanCreateOrganization(c.group, c.min)); got != c.want {
			t.Errorf("create organization as %s (min %s): %q, want %q", c.group, c.min, got, c.want)
		}
	}
	for _, c := range []struct {
		actor Group
		self  bool
		want  string
	}{{GroupAdmin, false, y}, {GroupAdmin, true, F}, {GroupUser, false, F}} {
		if got := code(CanSetGroup(c.actor, c.self)); got != c.want {
			t.Errorf("set group by %s (self %v): %q, want %q", c.actor, c.self, got, c.want)
		}
	}
	if code(CanRespond(true)) != y || code(CanRespond(false)) != F {
		t.Error("only the invitee responds to an invitation")
	}
	if got := fmt.Sprint(GroupWorker.AtLeast(GroupUser), RoleOwner.AtLeast(RoleWorker), Role("").AtLeast(RoleWorker)); got != "false true false" {
		t.Errorf("ranks: %s", got)
	}
}
