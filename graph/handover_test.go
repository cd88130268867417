package graph_test

import (
	"fmt"
	"testing"
)

// Offboarding handover (RULES.md §5, "Offboarding"): removeMember and
// leaveOrganization hand the departing member's assignments of the
// organization to reassignTo, or clear them; never leave them on a
// non-member.

const (
	removeHandoverDoc = `mutation($m: ID!, $to: ID) { removeMember(membershipID: $m, reassignTo: $to) { membershipID reassignedTo projects tasks jobs } }`
	leaveHandoverDoc  = `mutation($o: ID!, $to: ID) { leaveOrganization(organizationID: $o, reassignTo: $to) { membershipID reassignedTo projects tasks jobs } }`
)

// handoverKit is work in acme assigned to one member (a project, a task in
// it, a job of the task), and the bystanders no handover may touch: a job
// of the same task assigned to sup, and a project of other assigned to the
// same member.
type handoverKit struct{ project, task, job, bystander, elsewhere int }

func (f *workFixture) handoverKit(assignee string) handoverKit {
	f.t.Helper()
	k := handoverKit{project: f.project("acme", "owner", assignee)}
	k.task = f.taskIn(k.project, "owner", assignee)
	k.job = f.job(k.task, "owner", assignee)
	k.bystander = f.job(k.task, "owner", "sup")
	if assignee == "work" {
		k.elsewhere = f.project("other", "outsider", assignee)
	}
	return k
}

func (f *workFixture) membership(user, org string) int {
	return membershipIDOf(f.t, f.s, f.org[org], f.u[user].ID)
}

// assignee is the assignee of a project, task or job, by name ("-": none).
func (f *workFixture) assignee(table string, id int) string {
	f.t.Helper()
	var a *int
	if err := f.s.DB.SQL.QueryRow("SELECT assignee_id FROM "+table+" WHERE id = ?", id).Scan(&a); err != nil {
		f.t.Fatalf("assignee of %s %d: %v", table, id, err)
	}
	return f.namePtr(a)
}

func (f *workFixture) requireAssignees(k handoverKit, want, bystander string) {
	f.t.Helper()
	got := fmt.Sprint(f.assignee("projects", k.project), f.assignee("tasks", k.task), f.assignee("jobs", k.job), f.assignee("jobs", k.bystander))
	if w := fmt.Sprint(want, want, want, bystander); got != w {
		f.t.Errorf("assignees of project, task, job, bystander job: %s, want %s", got, w)
	}
	if k.elsewhere != 0 {
		if got := f.assignee("projects", k.elsewhere); got != "work" {
			f.t.Errorf("the project of another organization is assigned to %s, want work", got)
		}
	}
}

func departure(membership int, to string, k handoverKit) string {
	return fmt.Sprintf(`{"membershipID":"%d","reassignedTo":%s,"projects":["%d"],"tasks":["%d"],"jobs":["%d"]}`, membership, to, k.project, k.task, k.job)
}

// requireLeftHandingOver has leaver leave acme handing k over to receiver,
// and checks the departure answered and the assignees after it (the
// bystander job's: bystander).
func (f *workFixture) requireLeftHandingOver(leaver, receiver string, k handoverKit, bystander string) {
	f.t.Helper()
	mLeaver, mReceiver := f.membership(leaver, "acme"), f.membership(receiver, "acme")
	r := f.s.Query(f.u[leaver].Token, leaveHandoverDoc, map[string]any{"o": idOf(f.org["acme"]), "to": idOf(mReceiver)})
	requireGQLData(f.t, r, `{"leaveOrganization":`+departure(mLeaver, fmt.Sprintf(`"%d"`, mReceiver), k)+`}`)
	f.requireAssignees(k, receiver, bystander)
}

func TestRemoveMemberHandsOver(t *testing.T) {
	t.Run("to another member", func(t *testing.T) {
		f := newWorkFixture(t)
		k := f.handoverKit("work")
		mWork, mSup := f.membership("work", "acme"), f.membership("sup", "acme")
		r := f.s.Query(f.u["maint"].Token, removeHandoverDoc, map[string]any{"m": idOf(mWork), "to": idOf(mSup)})
		requireGQLData(t, r, `{"removeMember":`+departure(mWork, fmt.Sprintf(`"%d"`, mSup), k)+`}`)
		f.requireAssignees(k, "sup", "sup")
		assertInvariantsInSQL(t, f.s, nil)
	})
	t.Run("cleared without reassignTo", func(t *testing.T) {
		f := newWorkFixture(t)
		k := f.handoverKit("work")
		mWork := f.membership("work", "acme")
		r := f.s.Query(f.u["owner"].Token, removeHandoverDoc, map[string]any{"m": idOf(mWork)})
		requireGQLData(t, r, `{"removeMember":`+departure(mWork, "null", k)+`}`)
		f.requireAssignees(k, "-", "sup")
		assertInvariantsInSQL(t, f.s, nil)
	})
	t.Run("nothing assigned", func(t *testing.T) {
		f := newWorkFixture(t)
		mPeer := f.membership("peer", "acme")
		r := f.s.Query(f.u["owner"].Token, removeHandoverDoc, map[string]any{"m": idOf(mPeer), "to": idOf(f.membership("sup", "acme"))})
		requireGQLData(t, r, fmt.Sprintf(`{"removeMember":{"membershipID":"%d","reassignedTo":"%d","projects":[],"tasks":[],"jobs":[]}}`, mPeer, f.membership("sup", "acme")))
	})
	t.Run("refusals write nothing", func(t *testing.T) {
		f := newWorkFixture(t)
		k := f.handoverKit("work")
		mWork, mSup := f.membership("work", "acme"), f.membership("sup", "acme")
		cases := []struct {
			name, actor string
			to          any
			code, field string
		}{
			{"reassigned to the member who goes", "maint", idOf(mWork), "BAD_USER_INPUT", "reassignTo"},
			{"reassigned to a member of another organization", "maint", idOf(f.membership("outsider", "other")), "BAD_USER_INPUT", "reassignTo"},
			{"reassigned to a membership that does not exist", "maint", "999999", "BAD_USER_INPUT", "reassignTo"},
			{"a supervisor removes", "sup", idOf(mSup), "FORBIDDEN", ""},
			{"a worker removes", "peer", nil, "FORBIDDEN", ""},
			{"a maintainer of the WORKER group removes", "wmaint", idOf(mSup), "FORBIDDEN", ""},
			{"a non-member removes", "outsider", idOf(mSup), "NOT_FOUND", ""},
			{"a malformed reassignTo", "maint", "bad id", "BAD_USER_INPUT", ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := f.s.Snapshot()
				r := f.s.Query(f.u[c.actor].Token, removeHandoverDoc, map[string]any{"m": idOf(mWork), "to": c.to})
				requireGQLError(t, r, c.code, `null`)
				if field, _ := r.Errors[0].Extensions["field"].(string); c.field != "" && field != c.field {
					t.Errorf("field %q, want %q", field, c.field)
				}
				if d := before.Diff(f.s.Snapshot()); len(d) > 0 {
					t.Errorf("a refused removal wrote: %v", d)
				}
			})
		}
		f.requireAssignees(k, "work", "sup")
	})
}

func TestLeaveOrganizationHandsOver(t *testing.T) {
	t.Run("a worker may not hand over work they may not assign", func(t *testing.T) {
		f := newWorkFixture(t)
		k := f.handoverKit("work")
		before := f.s.Snapshot()
		r := f.s.Query(f.u["work"].Token, leaveHandoverDoc, map[string]any{"o": idOf(f.org["acme"]), "to": idOf(f.membership("sup", "acme"))})
		requireGQLError(t, r, "FORBIDDEN", `null`)
		if d := before.Diff(f.s.Snapshot()); len(d) > 0 {
			t.Errorf("a refused leave wrote: %v", d)
		}
		// Without reassignTo the same worker leaves, and their assignments go.
		mWork := f.membership("work", "acme")
		r = f.s.Query(f.u["work"].Token, leaveHandoverDoc, map[string]any{"o": idOf(f.org["acme"])})
		requireGQLData(t, r, `{"leaveOrganization":`+departure(mWork, "null", k)+`}`)
		f.requireAssignees(k, "-", "sup")
		assertInvariantsInSQL(t, f.s, nil)
	})
	t.Run("a supervisor hands over what they own", func(t *testing.T) {
		f := newWorkFixture(t)
		k := handoverKit{project: f.project("acme", "sup", "sup")}
		k.task = f.taskIn(k.project, "sup", "sup")
		k.job = f.job(k.task, "owner", "sup") // a job of a task sup owns: sup may assign it
		k.bystander = f.job(k.task, "owner", "work")
		f.requireLeftHandingOver("sup", "work", k, "work")
	})
	t.Run("a maintainer hands over everything", func(t *testing.T) {
		f := newWorkFixture(t)
		k := f.handoverKit("maint")
		f.requireLeftHandingOver("maint", "peer", k, "sup")
	})
	t.Run("refusals write nothing", func(t *testing.T) {
		f := newWorkFixture(t)
		f.handoverKit("maint")
		cases := []struct {
			name, actor string
			to          any
			code        string
		}{
			{"the owner", "owner", idOf(f.membership("maint", "acme")), "FORBIDDEN"},
			{"to themself", "maint", idOf(f.membership("maint", "acme")), "BAD_USER_INPUT"},
			{"to a member of another organization", "maint", idOf(f.membership("work", "other")), "BAD_USER_INPUT"},
			{"a non-member", "outsider", idOf(f.membership("maint", "acme")), "NOT_FOUND"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := f.s.Snapshot()
				r := f.s.Query(f.u[c.actor].Token, leaveHandoverDoc, map[string]any{"o": idOf(f.org["acme"]), "to": c.to})
				requireGQLError(t, r, c.code, `null`)
				if d := before.Diff(f.s.Snapshot()); len(d) > 0 {
					t.Errorf("a refused leave wrote: %v", d)
				}
			})
		}
	})
}

// TestHandoverStatementsDoNotGrow: a member with one assignment of each kind
// and one with twenty are removed with the same number of statements.
func TestHandoverStatementsDoNotGrow(t *testing.T) {
	f := newWorkFixture(t)
	f.handoverKit("work")
	for range 20 {
		f.handoverKit("peer")
	}
	to := idOf(f.membership("maint", "acme"))
	count := func(user string) int {
		m := f.membership(user, "acme")
		return len(f.s.StatementsOf(func() {
			f.s.MustQuery(f.u["owner"].Token, removeHandoverDoc, map[string]any{"m": idOf(m), "to": to}, nil)
		}))
	}
	if one, twenty := count("work"), count("peer"); one != twenty {
		t.Errorf("removing a member with 1 assignment of each kind took %d statements, with 20: %d", one, twenty)
	}
}
