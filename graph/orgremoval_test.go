package graph_test

import (
	"encoding/hex"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"testing"
	"time"

	"orgraph/ent/invitation"
	"orgraph/ent/invitationemail"
	"orgraph/ent/membership"
	"orgraph/ent/organization"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// dbRow is one row of the database, rendered with every column, and the
// organization it belongs to (0 for users, which belong to none).
type dbRow struct {
	table string
	org   int
	text  string
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func fmtOptTime(t *time.Time) string { return formatOpt(t, "nil", fmtTime) }

func fmtOptInt(i *int) string { return formatOpt(i, "nil", strconv.Itoa) }

func fmtOptString(s *string) string { return formatOpt(s, "nil", strconv.Quote) }

// snapshotRows reads every row of the tables an organization's removal
// touches, and of users.
func snapshotRows(t testing.TB, s *testserver.Server) []dbRow {
	t.Helper()
	ctx := testserver.SystemCtx()
	var rows []dbRow
	for _, o := range s.Client.Organization.Query().Order(organization.ByID()).AllX(ctx) {
		rows = append(rows, dbRow{"organizations", o.ID, fmt.Sprintf("%d slug=%q key=%q name=%q description=%q contact=%q/%q/%q owner=%d created=%s updated=%s",
			o.ID, o.Slug, o.SlugKey, o.Name, o.Description, o.ContactEmail, o.ContactPhone, o.ContactLocation, o.OwnerID, fmtTime(o.CreatedAt), fmtTime(o.UpdatedAt))})
	}
	for _, m := range s.Client.Membership.Query().Order(membership.ByID()).AllX(ctx) {
		rows = append(rows, dbRow{"memberships", m.OrganizationID, fmt.Sprintf("%d org=%d user=%d role=%s joined=%s invitedBy=%s invitation=%s",
			m.ID, m.OrganizationID, m.UserID, m.Role, fmtTime(m.JoinedAt), fmtOptInt(m.InvitedByID), fmtOptInt(m.InvitationID))})
	}
	for _, i := range s.Client.Invitation.Query().Order(invitation.ByID()).AllX(ctx) {
		rows = append(rows, dbRow{"invitations", i.OrganizationID, fmt.Sprintf("%d org=%d email=%q role=%s status=%s pending=%s key=%s invitedBy=%d created=%s sent=%s expires=%s sendCount=%d responded=%s",
			i.ID, i.OrganizationID, i.Email, i.Role, i.Status, fmtOptString(i.PendingEmail), hex.EncodeToString(i.KeyHash), i.InvitedByID,
			fmtTime(i.CreatedAt), fmtTime(i.SentAt), fmtTime(i.ExpiresAt), i.SendCount, fmtOptTime(i.RespondedAt))})
	}
	// Sent-email records stay when their organization is removed (for the
	// inviters' daily caps), detached from it: organization 0, no address.
	for _, r := range s.Client.InvitationEmail.Query().Order(invitationemail.ByID()).AllX(ctx) {
		org := r.OrganizationID
		if org == 0 {
			org = detachedEmailRecord
		}
		rows = append(rows, dbRow{"invitation_emails", org, fmt.Sprintf("%d org=%d email=%q sender=%d invitation=%d resend=%t sent=%s",
			r.ID, r.OrganizationID, r.Email, r.SenderID, r.InvitationID, r.Resend, fmtTime(r.SentAt))})
	}
	for _, u := range s.Client.User.Query().AllX(ctx) {
		rows = append(rows, dbRow{"users", 0, fmt.Sprintf("%d username=%q key=%q email=%q hash=%q name=%q/%q group=%s created=%s updated=%s",
			u.ID, u.Username, u.UsernameKey, u.Email, u.PasswordHash, u.FirstName, u.LastName, u.Group, fmtTime(u.CreatedAt), fmtTime(u.UpdatedAt))})
	}
	return rows
}

// detachedEmailRecord is the org of an invitation_emails row whose
// organization was removed.
const detachedEmailRecord = -3

// rowsExcept renders the rows not belonging to the organization org (nor
// detached from a removed one).
func rowsExcept(rows []dbRow, org int) []string {
	var out []string
	for _, r := range rows {
		if r.org != org && r.org != detachedEmailRecord {
			out = append(out, r.table+" "+r.text)
		}
	}
	sort.Strings(out)
	return out
}

func requireSameRows(t testing.TB, what string, before, after []string) {
	t.Helper()
	if reflect.DeepEqual(before, after) {
		return
	}
	in := func(list []string) map[string]bool {
		m := map[string]bool{}
		for _, r := range list {
			m[r] = true
		}
		return m
	}
	b, a := in(before), in(after)
	for _, r := range before {
		if !a[r] {
			t.Errorf("%s: row gone or changed: %s", what, r)
		}
	}
	for _, r := range after {
		if !b[r] {
			t.Errorf("%s: row new or changed: %s", what, r)
		}
	}
	t.FailNow()
}

// countOrgRows counts what still refers to organization org (RULES.md §6.3):
// the organization, its memberships, its invitations, its recorded resends.
func countOrgRows(t testing.TB, s *testserver.Server, org int, invitationIDs []int) [4]int {
	t.Helper()
	ctx := testserver.SystemCtx()
	return [4]int{
		s.Client.Organization.Query().Where(organization.ID(org)).CountX(ctx),
		s.Client.Membership.Query().Where(membership.OrganizationID(org)).CountX(ctx),
		s.Client.Invitation.Query().Where(invitation.OrganizationID(org)).CountX(ctx),
		s.Client.InvitationEmail.Query().Where(invitationemail.Resend(true), invitationemail.Or(
			invitationemail.InvitationIDIn(invitationIDs...), invitationemail.OrganizationID(org),
		)).CountX(ctx),
	}
}

// orgHistory is an organization with rows of every kind that removing it
// removes, made through the API: members who joined by accepting an
// invitation, pending invitations resent once, and (when revoked is set) an
// invitation the owner revoked.
type orgHistory struct {
	owner   *testserver.User
	input   map[string]any
	joins   []orgJoin   // in order: each inviter is staff by then
	pending []orgInvite // each sent, then resent once
	revoked bool
}

type orgJoin struct {
	by, user *testserver.User
	role     authz.Role
}

type orgInvite struct {
	by       *testserver.User
	email    string
	role     authz.Role
	resender *testserver.User
}

// seed creates the organization and its rows; it returns its ID.
func (h orgHistory) seed(t *testing.T, s *testserver.Server) int {
	t.Helper()
	org := createOrgWith(t, s, h.owner.Token, h.input)
	for _, j := range h.joins {
		joinViaAPI(t, s, j.by.Token, org, j.user, j.role)
	}
	for _, p := range h.pending {
		inv := inviteViaAPI(t, s, p.by.Token, org, p.email, p.role)
		s.MustQuery(p.resender.Token, `mutation($i: ID!) { resendInvitation(id: $i) { id } }`, map[string]any{"i": idOf(inv)}, nil)
	}
	if h.revoked {
		inv := inviteViaAPI(t, s, h.owner.Token, org, "revoked@example.com", authz.RoleWorker)
		s.MustQuery(h.owner.Token, `mutation($i: ID!) { revokeInvitation(id: $i) { id } }`, map[string]any{"i": idOf(inv)}, nil)
	}
	return org
}

const deleteOrgDoc = `mutation($id: ID!, $c: String!) { deleteOrganization(id: $id, confirmSlug: $c) }`

func TestDeleteOrganization(t *testing.T) {
	s := testserver.New(t)
	admin := s.CreateUser("admin", authz.GroupAdmin)
	alice := s.CreateUser("alice", authz.GroupUser)
	maint := s.CreateUser("maint", authz.GroupUser)
	work := s.CreateUser("work", authz.GroupUser)
	both := s.CreateUser("both", authz.GroupUser)
	pend := s.CreateUser("pend", authz.GroupUser)
	decl := s.CreateUser("decl", authz.GroupUser)
	eve := s.CreateUser("eve", authz.GroupUser)
	bwork := s.CreateUser("bwork", authz.GroupUser)
	cora := s.CreateUser("cora", authz.GroupUser)
	carl := s.CreateUser("carl", authz.GroupUser)

	// alpha: members with accepted invitations, pending (one resent),
	// revoked and declined invitations.
	alpha := orgHistory{
		owner: alice, revoked: true,
		input:   map[string]any{"slug": "alpha", "description": "to be removed", "contact": map[string]any{"email": "ops@alpha.io"}},
		joins:   []orgJoin{{alice, maint, authz.RoleMaintainer}, {maint, work, authz.RoleWorker}, {alice, both, authz.RoleSupervisor}},
		pending: []orgInvite{{maint, pend.Email, authz.RoleWorker, alice}, {alice, "ghost@example.com", authz.RoleSupervisor, maint}},
	}.seed(t, s)
	inviteViaAPI(t, s, alice.Token, alpha, decl.Email, authz.RoleWorker)
	s.MustQuery(decl.Token, `mutation($k: String!) { declineInvitation(key: $k) { id } }`, map[string]any{"k": keyFromMailLog(t, s, decl.Email)}, nil)
	// bravo: the same kinds of rows, some of the same people (both, pend).
	bravo := orgHistory{
		owner: eve, input: map[string]any{"slug": "bravo", "description": "stays"}, revoked: true,
		joins:   []orgJoin{{eve, both, authz.RoleMaintainer}, {both, bwork, authz.RoleWorker}},
		pending: []orgInvite{{both, pend.Email, authz.RoleSupervisor, both}, {eve, "ghost@example.com", authz.RoleWorker, eve}},
	}.seed(t, s)
	// charlie: removed by an admin who is no member.
	charlie := orgHistory{owner: cora, input: map[string]any{"slug": "charlie"},
		joins: []orgJoin{{cora, carl, authz.RoleWorker}}, pending: []orgInvite{{cora, "ghost@example.com", authz.RoleWorker, cora}},
	}.seed(t, s)

	ctx := testserver.SystemCtx()
	alphaInvitations := s.Client.Invitation.Query().Where(invitation.OrganizationID(alpha)).IDsX(ctx)
	charlieInvitations := s.Client.Invitation.Query().Where(invitation.OrganizationID(charlie)).IDsX(ctx)
	if got := countOrgRows(t, s, alpha, alphaInvitations); got != [4]int{1, 4, 7, 2} {
		t.Fatalf("alpha before: organization, memberships, invitations, resends = %v", got)
	}
	if got := countOrgRows(t, s, bravo, nil); got != [4]int{1, 3, 5, 2} {
		t.Fatalf("bravo before: organization, memberships, invitations, resends = %v", got)
	}
	assertSpec6Invariants(t, s)

	everything := func() []string { return rowsExcept(snapshotRows(t, s), -2) }
	untouched := everything()

	t.Run("wrong confirmSlug", func(t *testing.T) {
		for _, c := range []string{"ALPHA", "Alpha", "alphA", "alph", "alpha ", " alpha", "", "bravo", idOf(alpha)} {
			r := s.Query(alice.Token, deleteOrgDoc, map[string]any{"id": idOf(alpha), "c": c})
			requireGQLError(t, r, "BAD_USER_INPUT", `null`)
			if f := r.Errors[0].Extensions["field"]; f != "confirmSlug" {
				t.Errorf("confirmSlug %q: field %v, want confirmSlug", c, f)
			}
		}
		// An admin must confirm exactly too.
		requireGQLError(t, s.Query(admin.Token, deleteOrgDoc, map[string]any{"id": idOf(alpha), "c": "ALPHA"}), "BAD_USER_INPUT", `null`)
		requireSameRows(t, "after wrong confirmations", untouched, everything())
	})

	t.Run("refused to others", func(t *testing.T) {
		missing := s.Query(eve.Token, deleteOrgDoc, map[string]any{"id": idOf(alpha + 100000), "c": "alpha"})
		notFound := requireGQLError(t, missing, "NOT_FOUND", `null`)
		for _, c := range []struct {
			who  *testserver.User
			code string
		}{
			{maint, "FORBIDDEN"},
			{work, "FORBIDDEN"},
			{both, "FORBIDDEN"}, // maintainer of bravo, supervisor of alpha
			{eve, "NOT_FOUND"},  // owner of another organization
			{bwork, "NOT_FOUND"},
			{pend, "NOT_FOUND"}, // holds a pending invitation to alpha
			{carl, "NOT_FOUND"},
		} {
			r := s.Query(c.who.Token, deleteOrgDoc, map[string]any{"id": idOf(alpha), "c": "alpha"})
			msg := requireGQLError(t, r, c.code, `null`)
			if c.code == "NOT_FOUND" && msg != notFound {
				t.Errorf("%s: message %q, want %q (as for an organization that never existed)", c.who.Username, msg, notFound)
			}
		}
		requireGQLError(t, s.Query("", deleteOrgDoc, map[string]any{"id": idOf(alpha), "c": "alpha"}), "UNAUTHENTICATED", `null`)
		requireSameRows(t, "after refused removals", untouched, everything())
	})

	// remove removes org as token and checks the database: the records of
	// sent emails stay (resends of them: they count against the inviters'
	// daily caps), everything else of org is gone, and nothing else changed
	// (the other organizations and every user, row by row). It returns the
	// rows after.
	remove := func(t *testing.T, token string, org int, slug string, invitations []int, resends int) []dbRow {
		t.Helper()
		before := snapshotRows(t, s)
		requireGQLData(t, s.Query(token, deleteOrgDoc, map[string]any{"id": idOf(org), "c": slug}),
			fmt.Sprintf(`{"deleteOrganization":"%d"}`, org))
		if got := countOrgRows(t, s, org, invitations); got != [4]int{0, 0, 0, resends} {
			t.Fatalf("%s after removal: organization, memberships, invitations, resends = %v, want 0, 0, 0, %d", slug, got, resends)
		}
		after := snapshotRows(t, s)
		requireSameRows(t, "rows of other organizations and users", rowsExcept(before, org), rowsExcept(after, org))
		assertSpec6Invariants(t, s)
		return after
	}

	t.Run("by the owner", func(t *testing.T) {
		after := remove(t, alice.Token, alpha, "alpha", alphaInvitations, 2)
		// Nothing is left that refers to alpha (or to nothing).
		for _, r := range after {
			if r.org == alpha || r.org == -1 {
				t.Errorf("left behind: %s %s", r.table, r.text)
			}
		}

		// Through the API: alpha is gone for its former members, bravo is
		// whole, and the slug is free again.
		for _, u := range []*testserver.User{alice, maint, work, both} {
			requireGQLError(t, s.Query(u.Token, `{ organization(slug: "alpha") { id } }`, nil), "NOT_FOUND", `{"organization":null}`)
		}
		requireGQLData(t, s.Query(pend.Token, `{ myInvitations { edges { node { organization { slug } } } } }`, nil),
			`{"myInvitations":{"edges":[{"node":{"organization":{"slug":"bravo"}}}]}}`)
		requireGQLData(t, s.Query(both.Token, `{ organizations { edges { node { slug viewerRole members { totalCount } invitations(status: PENDING) { totalCount } } } } }`, nil),
			`{"organizations":{"edges":[{"node":{"slug":"bravo","viewerRole":"MAINTAINER","members":{"totalCount":3},"invitations":{"totalCount":2}}}]}}`)
		requireGQLError(t, s.Query(alice.Token, deleteOrgDoc, map[string]any{"id": idOf(alpha), "c": "alpha"}), "NOT_FOUND", `null`)
		createOrgWith(t, s, eve.Token, map[string]any{"slug": "ALPHA"})
	})

	t.Run("by an admin", func(t *testing.T) {
		remove(t, admin.Token, charlie, "charlie", charlieInvitations, 1)
		requireGQLError(t, s.Query(carl.Token, `{ organization(slug: "charlie") { id } }`, nil), "NOT_FOUND", `{"organization":null}`)
	})
}
