package graph_test

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// Helpers shared by privacy_test.go, orgremoval_test.go, concurrency_test.go
// and statements_test.go.

// privacyWorld is two organizations and people around them:
//
//	alpha (alice): maint MAINTAINER, sup SUPERVISOR, work WORKER, both WORKER;
//	               pending invitations to pend (by maint) and ghost@example.com
//	               (no account, by alice)
//	bravo (eve):   both WORKER; a pending invitation to carol@example.com
//	carl belongs nowhere; admin is an ADMIN and no member.
type privacyWorld struct {
	s                                                *testserver.Server
	admin, alice, maint, sup, work, both, pend       *testserver.User
	eve, carl                                        *testserver.User
	alpha, bravo                                     int
	mAlice, mMaint, mSup, mWork, mBothA, mEve, mBoth int
	invPend, invGhost, invCarol, invWork             int
}

func newPrivacyWorld(t *testing.T) *privacyWorld {
	t.Helper()
	s := testserver.New(t)
	w := &privacyWorld{s: s}
	w.admin = s.CreateUser("admin", authz.GroupAdmin)
	u := s.CreateUsers(authz.GroupUser, "alice", "maint", "sup", "work", "both", "pend", "eve", "carl")
	w.alice, w.maint, w.sup, w.work, w.both, w.pend, w.eve, w.carl = u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7]

	w.alpha = createOrgWith(t, s, w.alice.Token, map[string]any{
		"slug": "alpha", "name": "Alpha Org", "description": "secret plans",
		"contact": map[string]any{"email": "ops@alpha.io", "phone": "+1 555-0100", "location": "Berlin"},
	})
	w.mMaint = joinViaAPI(t, s, w.alice.Token, w.alpha, w.maint, authz.RoleMaintainer)
	w.mSup = joinViaAPI(t, s, w.maint.Token, w.alpha, w.sup, authz.RoleSupervisor)
	w.mWork = joinViaAPI(t, s, w.maint.Token, w.alpha, w.work, authz.RoleWorker)
	w.mBothA = joinViaAPI(t, s, w.alice.Token, w.alpha, w.both, authz.RoleWorker)
	w.invPend = inviteViaAPI(t, s, w.maint.Token, w.alpha, w.pend.Email, authz.RoleWorker)
	w.invGhost = inviteViaAPI(t, s, w.alice.Token, w.alpha, "ghost@example.com", authz.RoleSupervisor)

	w.bravo = createOrgWith(t, s, w.eve.Token, map[string]any{"slug": "bravo", "name": "Bravo Org", "description": "bravo's"})
	w.mBoth = joinViaAPI(t, s, w.eve.Token, w.bravo, w.both, authz.RoleWorker)
	w.invCarol = inviteViaAPI(t, s, w.eve.Token, w.bravo, "carol@example.com", authz.RoleWorker)

	w.mAlice = membershipIDOf(t, s, w.alpha, w.alice.ID)
	w.mEve = membershipIDOf(t, s, w.bravo, w.eve.ID)
	m := s.Client.Membership.GetX(testserver.SystemCtx(), w.mWork)
	if m.InvitationID == nil || m.InvitedByID == nil || *m.InvitedByID != w.maint.ID {
		t.Fatalf("work's membership: invitation %v, invited by %v", m.InvitationID, m.InvitedByID)
	}
	w.invWork = *m.InvitationID
	return w
}

const nodeDoc = `query($id: ID!) { node(id: $id) { id __typename
	... on Organization { slug name }
	... on Membership { role }
	... on Invitation { invitee: email }
	... on User { username email } } }`

// missingMessage is the NOT_FOUND message of node(id) for an ID of the
// same type that never existed.
func missingMessage(t *testing.T, s *testserver.Server, token string, id int) string {
	t.Helper()
	missing := id + 100000
	msg := requireGQLError(t, s.Query(token, nodeDoc, map[string]any{"id": idOf(missing)}), "NOT_FOUND", `{"node":null}`)
	return strings.ReplaceAll(msg, idOf(missing), "<id>")
}

func TestPrivacyOffTheRootPath(t *testing.T) {
	w := newPrivacyWorld(t)
	s := w.s

	t.Run("node hides another organization's objects", func(t *testing.T) {
		targets := []struct {
			name string
			id   int
		}{
			{"organization alpha", w.alpha},
			{"alice's OWNER membership", w.mAlice},
			{"work's membership", w.mWork},
			{"both's membership in alpha", w.mBothA},
			{"pending invitation to pend", w.invPend},
			{"pending invitation to ghost", w.invGhost},
			{"work's accepted invitation", w.invWork},
			{"user alice", w.alice.ID},
			{"user work", w.work.ID},
			{"user pend", w.pend.ID},
		}
		for _, viewer := range []*testserver.User{w.eve, w.carl} {
			for _, target := range targets {
				r := s.Query(viewer.Token, nodeDoc, map[string]any{"id": idOf(target.id)})
				msg := requireGQLError(t, r, "NOT_FOUND", `{"node":null}`)
				// The message names the ID asked for; apart from it, it is
				// the message about an ID that never existed.
				msg = strings.ReplaceAll(msg, idOf(target.id), "<id>")
				if want := missingMessage(t, s, viewer.Token, target.id); msg != want {
					t.Errorf("%s reading %s: message %q, want %q (as for an ID that never existed)", viewer.Username, target.name, msg, want)
				}
			}
		}
		// Control: the same document shows eve her own organization.
		requireGQLData(t, s.Query(w.eve.Token, nodeDoc, map[string]any{"id": idOf(w.bravo)}),
			fmt.Sprintf(`{"node":{"id":"%d","__typename":"Organization","slug":"bravo","name":"Bravo Org"}}`, w.bravo))
	})

	t.Run("nodes gives nulls", func(t *testing.T) {
		ids := []int{w.alpha, w.mAlice, w.invPend, w.alice.ID, w.bravo, w.eve.ID, w.mBothA, w.invGhost}
		gids := make([]string, len(ids))
		for i, id := range ids {
			gids[i] = idOf(id)
		}
		r := s.Query(w.eve.Token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": gids})
		requireJSON(t, "nodes", r.Data, fmt.Sprintf(`{"nodes":[null,null,null,null,{"id":"%d"},{"id":"%d"},null,null]}`, w.bravo, w.eve.ID))
		type gotErr struct {
			path, code, message string
		}
		var got []gotErr
		for _, e := range r.Errors {
			code, _ := e.Extensions["code"].(string)
			got = append(got, gotErr{fmt.Sprint(e.Path), code, e.Message})
		}
		sort.Slice(got, func(i, j int) bool { return got[i].path < got[j].path })
		var want []gotErr
		for _, i := range []int{0, 1, 2, 3, 6, 7} {
			want = append(want, gotErr{fmt.Sprintf("[nodes %d]", i), "NOT_FOUND",
				fmt.Sprintf("Could not resolve to a node with the global id of '%d'", ids[i])})
		}
		sort.Slice(want, func(i, j int) bool { return want[i].path < want[j].path })
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("nodes errors:\n got  %+v\n want %+v", got, want)
		}
	})

	t.Run("me has no path to organizations", func(t *testing.T) {
		// No field of User leads to organizations, memberships or
		// invitations, so `me { ... }` cannot reach another organization.
		var intro struct {
			Type struct {
				Fields []struct {
					Name string
					Type struct {
						Name   *string
						OfType *struct {
							Name   *string
							OfType *struct{ Name *string }
						}
					}
				}
			} `json:"__type"`
		}
		s.MustQuery(w.eve.Token, `{ __type(name: "User") { fields { name type { name ofType { name ofType { name } } } } } }`, nil, &intro)
		if len(intro.Type.Fields) == 0 {
			t.Fatal("introspection returned no User fields")
		}
		for _, f := range intro.Type.Fields {
			var names []string
			if n := f.Type.Name; n != nil {
				names = append(names, *n)
			}
			if o := f.Type.OfType; o != nil {
				if o.Name != nil {
					names = append(names, *o.Name)
				}
				if o.OfType != nil && o.OfType.Name != nil {
					names = append(names, *o.OfType.Name)
				}
			}
			for _, n := range names {
				if strings.HasPrefix(n, "Organization") || strings.HasPrefix(n, "Membership") || strings.HasPrefix(n, "Invitation") {
					t.Errorf("User.%s is of type %s: a path from me to organizations", f.Name, n)
				}
			}
		}
		requireGQLData(t, s.Query(w.eve.Token, `{ me { id username email } }`, nil),
			fmt.Sprintf(`{"me":{"id":"%d","username":"eve","email":"eve@example.com"}}`, w.eve.ID))

		// Everything eve reaches from the root, through every edge: bravo only.
		// Pages of 5 (there are at most 2 of anything) keep the nested
		// organizations under the rows-counting COMPLEXITY_LIMIT.
		const everything = `{ organizations(first: 5) { totalCount edges { node { slug
			members(first: 5) { totalCount edges { node { role user { username } invitedBy { username } organization { slug }
				invitation { email organization { slug } invitedBy { username } } } } }
			invitations(first: 5) { totalCount edges { node { email organization { slug } invitedBy { username } } } } } } }
			myInvitations { totalCount } }`
		requireGQLData(t, s.Query(w.eve.Token, everything, nil), `{
			"organizations": {"totalCount": 1, "edges": [{"node": {"slug": "bravo",
				"members": {"totalCount": 2, "edges": [
					{"node": {"role": "OWNER", "user": {"username": "eve"}, "invitedBy": null, "organization": {"slug": "bravo"}, "invitation": null}},
					{"node": {"role": "WORKER", "user": {"username": "both"}, "invitedBy": {"username": "eve"}, "organization": {"slug": "bravo"},
						"invitation": {"email": "both@example.com", "organization": {"slug": "bravo"}, "invitedBy": {"username": "eve"}}}}]},
				"invitations": {"totalCount": 2, "edges": [
					{"node": {"email": "carol@example.com", "organization": {"slug": "bravo"}, "invitedBy": {"username": "eve"}}},
					{"node": {"email": "both@example.com", "organization": {"slug": "bravo"}, "invitedBy": {"username": "eve"}}}]}}}]},
			"myInvitations": {"totalCount": 0}}`)
		// carl, in no organization, reaches nothing at all.
		requireGQLData(t, s.Query(w.carl.Token, everything, nil),
			`{"organizations": {"totalCount": 0, "edges": []}, "myInvitations": {"totalCount": 0}}`)
	})

	t.Run("organization(slug) of a foreign organization is NOT_FOUND like a missing slug", func(t *testing.T) {
		const doc = `query($s: String!) { organization(slug: $s) { id slug name description members { totalCount } } }`
		for _, viewer := range []*testserver.User{w.eve, w.carl} {
			missing := s.Query(viewer.Token, doc, map[string]any{"s": "never-created"})
			wantMsg := requireGQLError(t, missing, "NOT_FOUND", `{"organization":null}`)
			for _, slug := range []string{"alpha", "ALPHA", "Alpha"} {
				r := s.Query(viewer.Token, doc, map[string]any{"s": slug})
				if msg := requireGQLError(t, r, "NOT_FOUND", `{"organization":null}`); msg != wantMsg {
					t.Errorf("%s asking for %q: message %q, want %q", viewer.Username, slug, msg, wantMsg)
				}
				if fmt.Sprint(r.Errors[0].Path) != fmt.Sprint(missing.Errors[0].Path) {
					t.Errorf("%s asking for %q: path %v, want %v", viewer.Username, slug, r.Errors[0].Path, missing.Errors[0].Path)
				}
			}
		}
	})

	t.Run("where-filters reveal nothing foreign", func(t *testing.T) {
		const orgsDoc = `query($w: OrganizationWhereInput) { organizations(where: $w) { totalCount edges { node { slug } } } }`
		none := `{"organizations":{"totalCount":0,"edges":[]}}`
		onlyBravo := `{"organizations":{"totalCount":1,"edges":[{"node":{"slug":"bravo"}}]}}`
		for _, c := range []struct {
			name  string
			where map[string]any
			want  string
		}{
			{"by slug", map[string]any{"slug": "alpha"}, none},
			{"by slugs", map[string]any{"slugIn": []string{"alpha", "bravo"}}, onlyBravo},
			{"with member alice", map[string]any{"hasMembersWith": []any{map[string]any{"hasUserWith": []any{map[string]any{"username": "alice"}}}}}, none},
			{"with member both", map[string]any{"hasMembersWith": []any{map[string]any{"hasUserWith": []any{map[string]any{"username": "both"}}}}}, onlyBravo},
			{"with a maintainer", map[string]any{"hasMembersWith": []any{map[string]any{"role": "MAINTAINER"}}}, none},
			{"not bravo", map[string]any{"not": map[string]any{"slug": "bravo"}}, none},
			{"or", map[string]any{"or": []any{map[string]any{"slug": "alpha"}, map[string]any{"nameContainsFold": "alpha"}}}, none},
		} {
			requireGQLData(t, s.Query(w.eve.Token, orgsDoc, map[string]any{"w": c.where}), c.want)
			requireGQLData(t, s.Query(w.carl.Token, orgsDoc, map[string]any{"w": c.where}), none)
			if t.Failed() {
				t.Fatalf("case %s", c.name)
			}
		}

		const membersDoc = `query($w: MembershipWhereInput) { organization(slug: "bravo") { members(where: $w) { totalCount edges { node { user { username } } } } } }`
		noMembers := `{"organization":{"members":{"totalCount":0,"edges":[]}}}`
		for _, c := range []struct {
			name  string
			where map[string]any
		}{
			{"in organization alpha", map[string]any{"hasOrganizationWith": []any{map[string]any{"slug": "alpha"}}}},
			{"user alice", map[string]any{"hasUserWith": []any{map[string]any{"username": "alice"}}}},
			{"a maintainer", map[string]any{"role": "MAINTAINER"}},
			{"in an organization with alice", map[string]any{"hasOrganizationWith": []any{map[string]any{"hasMembersWith": []any{map[string]any{"hasUserWith": []any{map[string]any{"username": "alice"}}}}}}}},
			{"alpha's IDs", map[string]any{"idIn": []string{idOf(w.mAlice), idOf(w.mWork), idOf(w.mBothA)}}},
		} {
			requireGQLData(t, s.Query(w.eve.Token, membersDoc, map[string]any{"w": c.where}), noMembers)
			if t.Failed() {
				t.Fatalf("case %s", c.name)
			}
		}
		// Control: a filter matching bravo's own member works.
		requireGQLData(t, s.Query(w.eve.Token, membersDoc, map[string]any{"w": map[string]any{"hasUserWith": []any{map[string]any{"username": "both"}}}}),
			`{"organization":{"members":{"totalCount":1,"edges":[{"node":{"user":{"username":"both"}}}]}}}`)
	})

	t.Run("only staff see pending invitations", func(t *testing.T) {
		const doc = `{ organization(slug: "alpha") {
			pending: invitations(status: PENDING) { totalCount edges { node { email role invitedBy { username } } } }
			all: invitations { totalCount } } }`
		for _, u := range []*testserver.User{w.work, w.sup, w.both} {
			requireGQLData(t, s.Query(u.Token, doc, nil),
				`{"organization":{"pending":{"totalCount":0,"edges":[]},"all":{"totalCount":0}}}`)
			for _, inv := range []int{w.invPend, w.invGhost} {
				requireGQLError(t, s.Query(u.Token, nodeDoc, map[string]any{"id": idOf(inv)}), "NOT_FOUND", `{"node":null}`)
			}
			if t.Failed() {
				t.Fatalf("viewer %s", u.Username)
			}
		}
		for _, u := range []*testserver.User{w.alice, w.maint} {
			requireGQLData(t, s.Query(u.Token, doc, nil), `{"organization":{
				"pending":{"totalCount":2,"edges":[
					{"node":{"email":"ghost@example.com","role":"SUPERVISOR","invitedBy":{"username":"alice"}}},
					{"node":{"email":"pend@example.com","role":"WORKER","invitedBy":{"username":"maint"}}}]},
				"all":{"totalCount":6}}}`)
			requireGQLData(t, s.Query(u.Token, nodeDoc, map[string]any{"id": idOf(w.invPend)}),
				fmt.Sprintf(`{"node":{"id":"%d","__typename":"Invitation","invitee":"pend@example.com"}}`, w.invPend))
		}
		// A worker sees no other member's invitation through memberships.
		requireGQLData(t, s.Query(w.work.Token, `{ organization(slug: "alpha") { members { edges { node { user { username } invitation { email } } } } } }`, nil),
			`{"organization":{"members":{"edges":[
				{"node":{"user":{"username":"alice"},"invitation":null}},
				{"node":{"user":{"username":"maint"},"invitation":null}},
				{"node":{"user":{"username":"sup"},"invitation":null}},
				{"node":{"user":{"username":"work"},"invitation":{"email":"work@example.com"}}},
				{"node":{"user":{"username":"both"},"invitation":null}}]}}}`)
	})

	t.Run("a pending invitee sees slug, name and inviter only", func(t *testing.T) {
		const orgFields = `id slug name description contact { email phone location } owner { username } viewerRole
			members { totalCount edges { node { id } } } invitations { totalCount edges { node { id } } }`
		restricted := fmt.Sprintf(`{"id":"%d","slug":"alpha","name":"Alpha Org","description":null,"contact":null,"owner":null,"viewerRole":null,
			"members":{"totalCount":0,"edges":[]},"invitations":{"totalCount":0,"edges":[]}}`, w.alpha)
		requireGQLData(t, s.Query(w.pend.Token, `{ myInvitations { totalCount edges { node { id email role status invitedBy { username email } organization { `+orgFields+` } } } } }`, nil),
			fmt.Sprintf(`{"myInvitations":{"totalCount":1,"edges":[{"node":{"id":"%d","email":"pend@example.com","role":"WORKER","status":"PENDING",
				"invitedBy":{"username":"maint","email":null},"organization":%s}}]}}`, w.invPend, restricted))
		// Only through the invitation (RULES.md §2): organization(slug) and
		// node(id) answer as for an organization that never existed.
		hidden := s.Query(w.pend.Token, `{ organization(slug: "alpha") { `+orgFields+` } }`, nil)
		requireGQLError(t, hidden, "NOT_FOUND", `{"organization":null}`)
		if ghost := s.Query(w.pend.Token, `{ organization(slug: "no-such-org") { id } }`, nil); ghost.Errors[0].Message != hidden.Errors[0].Message {
			t.Errorf("hidden organization: %q, made-up slug: %q", hidden.Errors[0].Message, ghost.Errors[0].Message)
		}
		requireGQLError(t, s.Query(w.pend.Token, nodeDoc, map[string]any{"id": idOf(w.alpha)}), "NOT_FOUND", `{"node":null}`)
		// The invitation shows none of alpha's people but the inviter, and
		// it does not list alpha among the invitee's organizations.
		for _, id := range []int{w.mAlice, w.mMaint, w.alice.ID, w.work.ID, w.invGhost} {
			requireGQLError(t, s.Query(w.pend.Token, nodeDoc, map[string]any{"id": idOf(id)}), "NOT_FOUND", `{"node":null}`)
		}
		requireGQLData(t, s.Query(w.pend.Token, nodeDoc, map[string]any{"id": idOf(w.maint.ID)}),
			fmt.Sprintf(`{"node":{"id":"%d","__typename":"User","username":"maint","email":null}}`, w.maint.ID))
		requireGQLData(t, s.Query(w.pend.Token, `{ organizations { totalCount } }`, nil), `{"organizations":{"totalCount":0}}`)
	})

	t.Run("User.email is visible to self, admins and staff of a shared organization", func(t *testing.T) {
		const doc = `query($id: ID!) { node(id: $id) { ... on User { username email } } }`
		const (
			shown  = "shown"
			null   = "null"
			hidden = "hidden" // the user itself is not visible: NOT_FOUND
		)
		for _, c := range []struct {
			viewer, target *testserver.User
			want           string
		}{
			{w.work, w.work, shown},   // self, a worker
			{w.pend, w.pend, shown},   // self, an invitee
			{w.carl, w.carl, shown},   // self, in no organization
			{w.work, w.sup, null},     // a worker looking at a co-member
			{w.work, w.alice, null},   // a worker looking at the owner
			{w.work, w.maint, null},   // a worker looking at a maintainer
			{w.sup, w.work, null},     // a supervisor is not staff
			{w.sup, w.alice, null},    // a supervisor looking at the owner
			{w.both, w.eve, null},     // a worker of two organizations looking at an owner
			{w.both, w.maint, null},   // the same, at a maintainer
			{w.pend, w.maint, null},   // an invitee sees the inviter's username only
			{w.maint, w.work, shown},  // a maintainer
			{w.maint, w.alice, shown}, // a maintainer looking at the owner
			{w.alice, w.sup, shown},   // the owner
			{w.alice, w.both, shown},  // the owner, at a member of two organizations
			{w.eve, w.both, shown},    // staff of bravo, which both shares
			{w.admin, w.work, shown},  // an admin, no member
			{w.admin, w.pend, shown},  // an admin, at a user in no organization
			{w.maint, w.pend, hidden}, // staff do not see an invitee's account
			{w.eve, w.alice, hidden},  // no shared organization
		} {
			r := s.Query(c.viewer.Token, doc, map[string]any{"id": idOf(c.target.ID)})
			switch c.want {
			case hidden:
				requireGQLError(t, r, "NOT_FOUND", `{"node":null}`)
			case shown:
				requireGQLData(t, r, fmt.Sprintf(`{"node":{"username":%q,"email":%q}}`, c.target.Username, c.target.Email))
			default:
				requireGQLData(t, r, fmt.Sprintf(`{"node":{"username":%q,"email":null}}`, c.target.Username))
			}
		}
		// The same rule in a list: a worker sees only their own email, a
		// maintainer sees all.
		const members = `{ organization(slug: "alpha") { members { edges { node { user { username email } } } } } }`
		requireGQLData(t, s.Query(w.work.Token, members, nil), `{"organization":{"members":{"edges":[
			{"node":{"user":{"username":"alice","email":null}}},
			{"node":{"user":{"username":"maint","email":null}}},
			{"node":{"user":{"username":"sup","email":null}}},
			{"node":{"user":{"username":"work","email":"work@example.com"}}},
			{"node":{"user":{"username":"both","email":null}}}]}}}`)
		requireGQLData(t, s.Query(w.maint.Token, members, nil), `{"organization":{"members":{"edges":[
			{"node":{"user":{"username":"alice","email":"alice@example.com"}}},
			{"node":{"user":{"username":"maint","email":"maint@example.com"}}},
			{"node":{"user":{"username":"sup","email":"sup@example.com"}}},
			{"node":{"user":{"username":"work","email":"work@example.com"}}},
			{"node":{"user":{"username":"both","email":"both@example.com"}}}]}}}`)
	})
}
