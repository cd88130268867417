package graph_test

import (
	"fmt"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// These tests pin the read rules that the benchmark work made cheaper
// (membership ID lists instead of nested subqueries, and the members-page
// shortcut for emails): who sees which organization, member, email and
// invitation.

type filterWorld struct {
	s                            *testserver.Server
	alice, bob, carol, dave, eve *testserver.User
	orgA, orgB, orgC             int
}

// alice owns A; carol owns B; eve owns C. bob is a worker in A and B, dave
// a worker in A, eve a worker in A. dave holds a pending invitation to B.
func newFilterWorld(t *testing.T) *filterWorld {
	s := testserver.New(t)
	w := &filterWorld{s: s}
	u := s.CreateUsers(authz.GroupUser, "alice", "bob", "carol", "dave", "eve")
	w.alice, w.bob, w.carol, w.dave, w.eve = u[0], u[1], u[2], u[3], u[4]
	w.orgA, w.orgB, w.orgC = s.SeedOrganization("a", w.alice), s.SeedOrganization("b", w.carol), s.SeedOrganization("c", w.eve)
	s.AddMember(w.orgA, w.bob, authz.RoleWorker)
	s.AddMember(w.orgB, w.bob, authz.RoleWorker)
	s.AddMember(w.orgA, w.dave, authz.RoleWorker)
	s.AddMember(w.orgA, w.eve, authz.RoleWorker)
	s.SeedInvitation(w.orgB, w.carol, w.dave.Email, authz.RoleWorker)
	return w
}

const orgPageDoc = `query($slug: String!) { organization(slug: $slug) { slug name description
  members(first: 50) { totalCount edges { node { role user { username email } invitedBy { username } } } }
  invitations(status: PENDING) { totalCount edges { node { email invitedBy { username } } } } } }`

type orgPage struct {
	Organization *struct {
		Slug, Name  string
		Description *string
		Members     struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Role string
					User struct {
						Username string
						Email    *string
					}
				}
			}
		}
		Invitations struct{ TotalCount int }
	}
}

func (p orgPage) emails() map[string]string {
	m := map[string]string{}
	for _, e := range p.Organization.Members.Edges {
		v := "-"
		if e.Node.User.Email != nil {
			v = *e.Node.User.Email
		}
		m[e.Node.User.Username] = v
	}
	return m
}

func TestMemberEmailsAndInvitationsByRole(t *testing.T) {
	w := newFilterWorld(t)
	page := func(u *testserver.User, slug string) orgPage {
		var p orgPage
		w.s.MustQuery(u.Token, orgPageDoc, map[string]any{"slug": slug}, &p)
		return p
	}
	want := func(who string, got map[string]string, exp map[string]string) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(exp) {
			t.Errorf("%s sees emails %v, want %v", who, got, exp)
		}
	}
	all := map[string]string{"alice": "alice@example.com", "bob": "bob@example.com", "dave": "dave@example.com", "eve": "eve@example.com"}

	// The owner of A sees every member's email and A's invitations.
	p := page(w.alice, "a")
	want("alice in A", p.emails(), all)
	// A worker sees only their own email, and no invitations.
	p = page(w.dave, "a")
	want("dave in A", p.emails(), map[string]string{"alice": "-", "bob": "-", "dave": "dave@example.com", "eve": "-"})
	if p.Organization.Invitations.TotalCount != 0 {
		t.Errorf("a worker sees %d invitations", p.Organization.Invitations.TotalCount)
	}
	// eve is owner of C but a worker in A: being staff elsewhere shows
	// nobody's email on A's page (no other member of A is in C).
	p = page(w.eve, "a")
	want("eve in A", p.emails(), map[string]string{"alice": "-", "bob": "-", "dave": "-", "eve": "eve@example.com"})
	// carol, owner of B, sees bob's email (he is in B) on B's page, and
	// B's pending invitation.
	p = page(w.carol, "b")
	want("carol in B", p.emails(), map[string]string{"bob": "bob@example.com", "carol": "carol@example.com"})
	if p.Organization.Invitations.TotalCount != 1 {
		t.Errorf("carol sees %d invitations to B, want 1", p.Organization.Invitations.TotalCount)
	}
	// bob, a worker in A and B, sees only his own email on B's page.
	p = page(w.bob, "b")
	want("bob in B", p.emails(), map[string]string{"bob": "bob@example.com", "carol": "-"})
	// carol is not in A: A does not exist for her.
	r := w.s.Query(w.carol.Token, orgPageDoc, map[string]any{"slug": "a"})
	if r.Code() != "NOT_FOUND" {
		t.Errorf("carol asking for A: code %q, want NOT_FOUND (%s)", r.Code(), r.Data)
	}
	// dave holds an invitation to B: he sees B only through it (RULES.md §2),
	// so organization(slug:) answers as for carol asking for A.
	if r := w.s.Query(w.dave.Token, orgPageDoc, map[string]any{"slug": "b"}); r.Code() != "NOT_FOUND" {
		t.Errorf("an invitee asking for B: code %q, want NOT_FOUND (%s)", r.Code(), r.Data)
	}
}

func TestOtherOrganizationsStayHidden(t *testing.T) {
	w := newFilterWorld(t)
	// A membership, a user and an organization of A, asked by carol (not in
	// A) by ID: nothing, whether or not her memberships were loaded first.
	var ids struct {
		Organization struct {
			ID      string
			Members struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	w.s.MustQuery(w.alice.Token, `{ organization(slug: "a") { id members { edges { node { id } } } } }`, nil, &ids)
	for _, doc := range []string{
		`query($id: ID!) { node(id: $id) { id } }`,
		`query($id: ID!) { organizations { totalCount } node(id: $id) { id } }`,
	} {
		for _, id := range []string{ids.Organization.ID, ids.Organization.Members.Edges[0].Node.ID, fmt.Sprint(w.dave.ID)} {
			var out struct{ Node *struct{ ID string } }
			r := w.s.Query(w.carol.Token, doc, map[string]any{"id": id})
			if len(r.Data) > 0 && string(r.Data) != "null" {
				r.Decode(t, &out)
			}
			if out.Node != nil {
				t.Errorf("carol sees node %s of A with %q", id, doc)
			}
		}
	}
	// organizations lists those one belongs to, not those one is invited to.
	var mine struct {
		Organizations struct {
			TotalCount int
			Edges      []struct{ Node struct{ Slug string } }
		}
	}
	w.s.MustQuery(w.dave.Token, `{ organizations { totalCount edges { node { slug } } } }`, nil, &mine)
	if mine.Organizations.TotalCount != 1 || mine.Organizations.Edges[0].Node.Slug != "a" {
		t.Errorf("dave's organizations: %+v", mine.Organizations)
	}
	w.s.MustQuery(w.bob.Token, `{ organizations { totalCount } }`, nil, &mine)
	if mine.Organizations.TotalCount != 2 {
		t.Errorf("bob's organizations: %+v", mine.Organizations)
	}
}
