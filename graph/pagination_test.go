package graph_test

import (
	"fmt"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// seedMembers adds n workers to the organization directly in the database.
func seedMembers(t *testing.T, s *testserver.Server, orgID, n int, inviterID int) {
	t.Helper()
	ctx := testserver.SystemCtx()
	for i := range n {
		u := s.Client.User.Create().
			SetUsername(fmt.Sprintf("member%03d", i)).SetEmail(fmt.Sprintf("member%03d@example.com", i)).
			SetPasswordHash("x").SaveX(ctx)
		s.Client.Membership.Create().SetUserID(u.ID).SetOrganizationID(orgID).
			SetRole(authz.RoleWorker).SetInvitedByID(inviterID).ExecX(ctx)
	}
}

func createOrg(t *testing.T, s *testserver.Server, token, slug string) int {
	t.Helper()
	return s.CreateOrganization(token, slug)
}

func TestPageSizes(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("owner", authz.GroupUser)
	orgID := createOrg(t, s, owner.Token, "acme")
	seedMembers(t, s, orgID, 30, owner.ID)

	type page struct {
		Organization struct {
			Members struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
				PageInfo   struct{ HasNextPage, HasPreviousPage bool }
			}
		}
	}
	var p page
	s.MustQuery(owner.Token, `{ organization(slug: "acme") { members { totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } } }`, nil, &p)
	if m := p.Organization.Members; m.TotalCount != 31 || len(m.Edges) != 20 || !m.PageInfo.HasNextPage {
		t.Fatalf("default page: total %d, %d edges, hasNextPage %v; want 31, 20, true", m.TotalCount, len(m.Edges), m.PageInfo.HasNextPage)
	}
	s.MustQuery(owner.Token, `fragment M on Organization { members(last: 5) { edges { node { id } } pageInfo { hasPreviousPage } } } { organization(slug: "acme") { ...M } }`, nil, &p)
	if m := p.Organization.Members; len(m.Edges) != 5 || !m.PageInfo.HasPreviousPage {
		t.Fatalf("last 5: %d edges, hasPreviousPage %v", len(m.Edges), m.PageInfo.HasPreviousPage)
	}

	for _, c := range []struct {
		name, doc string
		vars      map[string]any
	}{
		{"nested literal", `{ organization(slug: "acme") { members(first: 101) { totalCount } } }`, nil},
		{"nested variable", `query($n: Int) { organization(slug: "acme") { members(first: $n) { totalCount } } }`, map[string]any{"n": 500}},
		{"last", `{ organization(slug: "acme") { members(last: 101) { totalCount } } }`, nil},
		{"root", `{ organizations(first: 101) { totalCount } }`, nil},
		{"negative", `{ organizations(first: -1) { totalCount } }`, nil},
		{"in a fragment", `fragment F on Query { organizations(first: 1000) { totalCount } } { ...F }`, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := s.Query(owner.Token, c.doc, c.vars)
			if r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("code %q, want BAD_USER_INPUT (%+v)", r.Code(), r.Errors)
			}
		})
	}
	// Exactly 100 is allowed.
	s.MustQuery(owner.Token, `{ organization(slug: "acme") { members(first: 100) { totalCount } } }`, nil, nil)
}
