package graph_test

import (
	"strconv"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// The benchmark's M1 pair (invite, then revoke) costs a known number of
// statements: the email limits add three to an invitation (the sender's
// row lock, which also reads the inviter the email names, on MariaDB; one
// statement for both daily counts; the email's record), and the authorization
// table saved two on the revoke; the email is a row of the outbox (one
// INSERT). Neither takes the organization's exclusive lock any more, so
// neither reads the viewer's memberships again after it, and the revoke
// reads its invitation once (a conditional UPDATE instead of a read under
// the lock); on MariaDB the revoke takes the organization's shared lock
// (one statement). A change that adds one shows here.
func TestInviteRevokeStatements(t *testing.T) {
	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	org := s.CreateOrganization(alice.Token, "acme")
	// The first email record's ID is a multiple of 16, which also prunes:
	// send one first so that the counted invitation is the usual case.
	var first struct{ InviteMember struct{ ID string } }
	invite := `mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: WORKER}) { id } }`
	s.MustQuery(alice.Token, invite, map[string]any{"o": strconv.Itoa(org), "e": "first@example.com"}, &first)

	var inv struct{ InviteMember struct{ ID string } }
	invited := s.StatementsOf(func() {
		s.MustQuery(alice.Token, invite, map[string]any{"o": strconv.Itoa(org), "e": "guest@example.com"}, &inv)
	})
	revoked := s.StatementsOf(func() {
		s.MustQuery(alice.Token, `mutation($id: ID!) { revokeInvitation(id: $id) { status } }`, map[string]any{"id": inv.InviteMember.ID}, nil)
	})
	want := map[string][2]int{"mysql": {9, 5}, "sqlite3": {9, 4}}[s.Dialect()]
	if len(invited) != want[0] || len(revoked) != want[1] {
		t.Errorf("invite %d, revoke %d statements; want %d and %d.\ninvite:\n%s\nrevoke:\n%s",
			len(invited), len(revoked), want[0], want[1], strings.Join(invited, "\n"), strings.Join(revoked, "\n"))
	}
}
