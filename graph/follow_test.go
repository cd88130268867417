package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"orgraph/ent/membership"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// The users of a page of memberships are loaded without filtering them
// again (policy.MemberUsers: a visible membership's user is a member of
// one of the viewer's organizations, which is the rule), in the same
// statement as the inviters, which are filtered as any user. These tests
// hold the rules on that path, through the real handler.

const nodeIDDoc = `query($id: ID!) { node(id: $id) { id } }`

const memberUsersDoc = `query($slug: String!) { organization(slug: $slug) { members(first: 50) { edges { node {
	user { username email } invitedBy { username } } } } } }`

// memberUsersFixture: in x, the owner, the maintainer mai who invited
// worker a, and worker b, invited by zed, who has left x and is a member of
// y only, where none of x's members are.
type memberUsersFixture struct {
	s                      *testserver.Server
	owner, mai, a, b, zed  *testserver.User
	x, y, aMember, bMember int
}

func newMemberUsersFixture(t *testing.T) *memberUsersFixture {
	s := testserver.New(t)
	f := &memberUsersFixture{s: s}
	f.owner, f.mai, f.a, f.b, f.zed = s.CreateUser("fowner", authz.GroupUser), s.CreateUser("fmai", authz.GroupUser),
		s.CreateUser("fa", authz.GroupUser), s.CreateUser("fb", authz.GroupUser), s.CreateUser("fzed", authz.GroupUser)
	f.x = s.SeedOrganization("x", f.owner)
	f.y = s.SeedOrganization("y", f.zed)
	ctx := testserver.SystemCtx()
	s.AddMember(f.x, f.mai, authz.RoleMaintainer)
	f.aMember = s.Client.Membership.Create().SetOrganizationID(f.x).SetUserID(f.a.ID).SetRole(authz.RoleWorker).
		SetInvitedByID(f.mai.ID).SaveX(ctx).ID
	f.bMember = s.Client.Membership.Create().SetOrganizationID(f.x).SetUserID(f.b.ID).SetRole(authz.RoleWorker).
		SetInvitedByID(f.zed.ID).SaveX(ctx).ID
	return f
}

func (f *memberUsersFixture) page(t *testing.T, who *testserver.User) *testserver.Response {
	t.Helper()
	return f.s.Query(who.Token, memberUsersDoc, map[string]any{"slug": "x"})
}

func memberNode(username, email, inviter string) string {
	by := "null"
	if inviter != "" {
		by = fmt.Sprintf(`{"username":%q}`, inviter)
	}
	mail := "null"
	if email != "" {
		mail = fmt.Sprintf("%q", email)
	}
	return fmt.Sprintf(`{"node":{"user":{"username":%q,"email":%s},"invitedBy":%s}}`, username, mail, by)
}

// xPage is x's members page with these edges.
func xPage(edges ...string) string {
	return `{"organization":{"members":{"edges":[` + strings.Join(edges, ",") + `]}}}`
}

// staffView is x's page as its staff see it (every email), with b's
// inviter shown as bInviter ("": hidden).
func staffView(bInviter string) string {
	return xPage(memberNode("fowner", "fowner@example.com", ""), memberNode("fmai", "fmai@example.com", ""),
		memberNode("fa", "fa@example.com", "fmai"), memberNode("fb", "fb@example.com", bInviter))
}

func TestMemberUsersOfAVisibleOrganization(t *testing.T) {
	f := newMemberUsersFixture(t)
	// zed is visible to no member of x: an inviter who left is hidden, the
	// users of the page are all shown (emails to staff only).
	requireGQLData(t, f.page(t, f.owner), staffView(""))
	requireGQLData(t, f.page(t, f.a), xPage(memberNode("fowner", "", ""), memberNode("fmai", "", ""),
		memberNode("fa", "fa@example.com", "fmai"), memberNode("fb", "", "")))
	// zed is not reachable any other way either.
	requireGQLError(t, f.s.Query(f.owner.Token, nodeIDDoc, map[string]any{"id": f.zed.GID}), "NOT_FOUND", `{"node":null}`)
	// zed, not a member of x, sees nothing of it.
	requireGQLError(t, f.page(t, f.zed), "NOT_FOUND", `{"organization":null}`)

	// A pending invitation from zed to mai makes zed visible to mai (and
	// to mai only): the inviter goes through the whole rule.
	f.s.SeedInvitation(f.y, f.zed, "fmai@example.com", authz.RoleWorker)
	requireGQLData(t, f.page(t, f.mai), staffView("fzed"))
	requireGQLData(t, f.page(t, f.owner), staffView(""))

	// An admin sees every user and inviter.
	admin := f.s.CreateUser("fadmin", authz.GroupAdmin)
	requireGQLData(t, f.page(t, admin), staffView("fzed"))
}

// A member who is removed sees nothing of the organization on their next
// request, and is gone from the others' page: nothing about users is
// remembered between requests.
func TestRemovedMemberSeesNothingOnTheNextRequest(t *testing.T) {
	f := newMemberUsersFixture(t)
	if r := f.page(t, f.b); len(r.Errors) > 0 || len(r.Data) < 50 {
		t.Fatalf("b reads x before removal: %s %+v", r.Data, r.Errors)
	}
	f.s.MustQuery(f.owner.Token, `mutation($id: ID!) { removeMember(membershipID: $id) { membershipID } }`, map[string]any{"id": idOf(f.bMember)}, nil)
	requireGQLError(t, f.page(t, f.b), "NOT_FOUND", `{"organization":null}`)
	requireGQLData(t, f.s.Query(f.b.Token, `{ organizations { totalCount } }`, nil), `{"organizations":{"totalCount":0}}`)
	// b is no one the others can reach any more (b shares no organization
	// with them); a still shows the inviter mai.
	requireGQLError(t, f.s.Query(f.a.Token, nodeIDDoc, map[string]any{"id": f.b.GID}), "NOT_FOUND", `{"node":null}`)
	requireGQLData(t, f.page(t, f.a), xPage(memberNode("fowner", "", ""), memberNode("fmai", "", ""), memberNode("fa", "fa@example.com", "fmai")))
}

// The same holds for the users of a membership returned by a mutation
// (read in its transaction) and of a pending invitee, who sees the
// invitation and the organization's slug and name, not its members.
func TestMemberUsersInMutationsAndForInvitees(t *testing.T) {
	f := newMemberUsersFixture(t)
	var out struct {
		ChangeMemberRole struct {
			User      struct{ Username, Email string }
			InvitedBy *struct{ Username string }
		}
	}
	f.s.MustQuery(f.owner.Token, `mutation($id: ID!) { changeMemberRole(membershipID: $id, role: SUPERVISOR) {
		user { username email } invitedBy { username } } }`, map[string]any{"id": idOf(f.bMember)}, &out)
	if out.ChangeMemberRole.User.Username != "fb" || out.ChangeMemberRole.User.Email != "fb@example.com" || out.ChangeMemberRole.InvitedBy != nil {
		t.Fatalf("changeMemberRole: %+v", out.ChangeMemberRole)
	}
	guest := f.s.CreateUser("fguest", authz.GroupUser)
	f.s.SeedInvitation(f.x, f.owner, guest.Email, authz.RoleWorker)
	requireGQLData(t, f.s.Query(guest.Token, `{ myInvitations { edges { node { organization { slug name } invitedBy { username } } } } }`, nil),
		`{"myInvitations":{"edges":[{"node":{"organization":{"slug":"x","name":"x"},"invitedBy":{"username":"fowner"}}}]}}`)
	requireGQLError(t, f.page(t, guest), "NOT_FOUND", `{"organization":null}`)
}

// An organization's invitations are read without a per-row filter for
// staff (policy.InvitationsOf: all of them are visible there); others get
// none, from their next request on once they are no longer staff.
func TestOrganizationInvitationsForStaffOnly(t *testing.T) {
	f := newMemberUsersFixture(t)
	seedPendingInvitation(f.s, f.x, f.owner.ID, "g1@example.com")
	seedPendingInvitation(f.s, f.x, f.mai.ID, "g2@example.com")
	seedPendingInvitation(f.s, f.y, f.zed.ID, "g3@example.com")
	doc := `{ organization(slug: "x") { invitations(status: PENDING) { totalCount edges { node { email invitedBy { username } } } } } }`
	both := `{"organization":{"invitations":{"totalCount":2,"edges":[` +
		`{"node":{"email":"g2@example.com","invitedBy":{"username":"fmai"}}},{"node":{"email":"g1@example.com","invitedBy":{"username":"fowner"}}}]}}}`
	requireGQLData(t, f.s.Query(f.owner.Token, doc, nil), both)
	requireGQLData(t, f.s.Query(f.mai.Token, doc, nil), both)
	none := `{"organization":{"invitations":{"totalCount":0,"edges":[]}}}`
	requireGQLData(t, f.s.Query(f.a.Token, doc, nil), none)
	maiMember := f.s.Client.Membership.Query().Where(membership.UserID(f.mai.ID)).OnlyIDX(testserver.SystemCtx())
	f.s.MustQuery(f.owner.Token, `mutation($id: ID!) { changeMemberRole(membershipID: $id, role: WORKER) { id } }`, map[string]any{"id": idOf(maiMember)}, nil)
	requireGQLData(t, f.s.Query(f.mai.Token, doc, nil), none)
}
