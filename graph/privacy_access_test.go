package graph_test

// Privacy over time and through filters: access ends on the very next
// request, and where-filters do not reach users the API does not show.

import (
	"fmt"
	"testing"

	"orgraph/ent/membership"
	"orgraph/internal/testserver"
)

func TestPrivacyAccessEndsOnNextRequest(t *testing.T) {
	w := newPrivacyWorld(t)
	s := w.s
	const orgDoc = `{ organization(slug: "alpha") { slug } }`
	const myInvitationsOrgDoc = `{ myInvitations { edges { node { organization { slug } } } } }`
	requireGQLData(t, s.Query(w.work.Token, orgDoc, nil), `{"organization":{"slug":"alpha"}}`)
	requireGQLData(t, s.Query(w.sup.Token, orgDoc, nil), `{"organization":{"slug":"alpha"}}`)

	lostAccess := func(t *testing.T, u *testserver.User, ownMembership int) {
		t.Helper()
		requireGQLError(t, s.Query(u.Token, orgDoc, nil), "NOT_FOUND", `{"organization":null}`)
		for _, id := range []int{ownMembership, w.alpha, w.mAlice, w.mMaint, w.alice.ID, w.maint.ID} {
			requireGQLError(t, s.Query(u.Token, nodeDoc, map[string]any{"id": idOf(id)}), "NOT_FOUND", `{"node":null}`)
		}
		requireGQLData(t, s.Query(u.Token, `{ organizations { totalCount edges { node { slug } } } }`, nil),
			`{"organizations":{"totalCount":0,"edges":[]}}`)
		requireGQLData(t, s.Query(u.Token, `{ me { username } }`, nil), fmt.Sprintf(`{"me":{"username":%q}}`, u.Username))
		// Acting in alpha: as if it did not exist.
		requireGQLError(t, s.Query(u.Token, `mutation($o: ID!) { leaveOrganization(organizationID: $o) { membershipID } }`, map[string]any{"o": idOf(w.alpha)}), "NOT_FOUND", `null`)
		// The accepted invitation stays theirs, but leads nowhere.
		requireGQLData(t, s.Query(u.Token, `{ myInvitations { edges { node { status organization { slug } invitedBy { username } } } } }`, nil),
			`{"myInvitations":{"edges":[{"node":{"status":"ACCEPTED","organization":null,"invitedBy":null}}]}}`)
		if n := s.Client.Membership.Query().Where(membership.UserID(u.ID), membership.OrganizationID(w.alpha)).CountX(testserver.SystemCtx()); n != 0 {
			t.Fatalf("%s still has %d memberships in alpha", u.Username, n)
		}
	}

	t.Run("removed member", func(t *testing.T) {
		requireGQLData(t, s.Query(w.maint.Token, `mutation($m: ID!) { removeMember(membershipID: $m) { membershipID } }`, map[string]any{"m": idOf(w.mWork)}),
			fmt.Sprintf(`{"removeMember":{"membershipID":"%d"}}`, w.mWork))
		lostAccess(t, w.work, w.mWork)
	})
	t.Run("member who left", func(t *testing.T) {
		requireGQLData(t, s.Query(w.sup.Token, `mutation($o: ID!) { leaveOrganization(organizationID: $o) { membershipID } }`, map[string]any{"o": idOf(w.alpha)}),
			fmt.Sprintf(`{"leaveOrganization":{"membershipID":"%d"}}`, w.mSup))
		lostAccess(t, w.sup, w.mSup)
	})
	t.Run("revoked invitee", func(t *testing.T) {
		requireGQLData(t, s.Query(w.pend.Token, myInvitationsOrgDoc, nil), `{"myInvitations":{"edges":[{"node":{"organization":{"slug":"alpha"}}}]}}`)
		requireGQLData(t, s.Query(w.maint.Token, `mutation($i: ID!) { revokeInvitation(id: $i) { status } }`, map[string]any{"i": idOf(w.invPend)}),
			`{"revokeInvitation":{"status":"REVOKED"}}`)
		requireGQLError(t, s.Query(w.pend.Token, orgDoc, nil), "NOT_FOUND", `{"organization":null}`)
		for _, id := range []int{w.alpha, w.maint.ID} {
			requireGQLError(t, s.Query(w.pend.Token, nodeDoc, map[string]any{"id": idOf(id)}), "NOT_FOUND", `{"node":null}`)
		}
		requireGQLData(t, s.Query(w.pend.Token, `{ myInvitations { edges { node { status organization { slug } invitedBy { username } } } } }`, nil),
			`{"myInvitations":{"edges":[{"node":{"status":"REVOKED","organization":null,"invitedBy":null}}]}}`)
	})
	// The others keep their access.
	requireGQLData(t, s.Query(w.both.Token, orgDoc, nil), `{"organization":{"slug":"alpha"}}`)
	assertSpec6Invariants(t, s)
}

// TestPrivacyWhereFilterInviterProbe: a member must not learn, through a
// where-filter, anything of a user the API does not show them. An inviter
// who has left resolves to a null invitedBy; ent's edge predicates are plain
// SQL that privacy does not filter, so the inviter is not filterable at all:
// hasInvitedBy/hasInvitedByWith are not part of MembershipWhereInput.
func TestPrivacyWhereFilterInviterProbe(t *testing.T) {
	w := newPrivacyWorld(t)
	s := w.s
	s.MustQuery(w.maint.Token, `mutation($o: ID!) { leaveOrganization(organizationID: $o) { membershipID } }`, map[string]any{"o": idOf(w.alpha)}, nil)
	const doc = `query($w: MembershipWhereInput) { organization(slug: "alpha") { members(where: $w) { totalCount } } }`
	for _, where := range []map[string]any{
		{"hasInvitedByWith": []any{map[string]any{"username": "maint"}}},
		{"hasInvitedBy": true},
	} {
		if r := s.Query(w.work.Token, doc, map[string]any{"w": where}); r.Code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Fatalf("filter %v: code %q, want GRAPHQL_VALIDATION_FAILED (the inviter must not be filterable)", where, r.Code())
		}
	}
}
