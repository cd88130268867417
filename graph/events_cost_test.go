package graph_test

import (
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// TestEventCostsOneStatementPerSubscriber counts the work of delivering an
// event: each subscriber of the organization reads its viewer again (one
// statement), and subscribers of other organizations read nothing. The
// same role change is counted with one subscriber of the organization and
// with three (and two elsewhere): the difference is two statements.
func TestEventCostsOneStatementPerSubscriber(t *testing.T) {
	s, owner, org := ownedOrganization(t)
	other := createOrg(t, s, owner.Token, "other")
	member := s.CreateUser("member", authz.GroupUser)
	m := joinViaAPI(t, s, owner.Token, org, member, authz.RoleWorker)
	roles := []string{"SUPERVISOR", "WORKER"}
	change := func(i int, subs []*testserver.WS) int {
		return len(s.StatementsOf(func() {
			s.MustQuery(owner.Token, `mutation($m: ID!, $r: Role!) { changeMemberRole(membershipID: $m, role: $r) { id } }`,
				map[string]any{"m": idOf(m), "r": roles[i%2]}, nil)
			for _, ws := range subs {
				nextEvent(t, ws, "e") // delivered: its check ran
			}
		}))
	}
	subscribe := func(orgID int) *testserver.WS {
		ws := s.Connect(owner.Token)
		ws.Subscribe("e", orgEventsDoc, map[string]any{"o": idOf(orgID)})
		return ws
	}
	first := subscribe(org)
	testserver.WaitFor(t, "the subscription", func() bool { return s.Events.Subscribers() == 1 })
	one := change(0, []*testserver.WS{first})
	subs := []*testserver.WS{first, subscribe(org), subscribe(org)}
	subscribe(other)
	subscribe(other)
	testserver.WaitFor(t, "the subscriptions", func() bool { return s.Events.Subscribers() == 5 })
	three := change(1, subs)
	if three-one != 2 {
		t.Fatalf("a role change with 1 subscriber: %d statements, with 3: %d; want 2 more", one, three)
	}
}
