package graph_test

import (
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

const createOrgDoc = `mutation($in: CreateOrganizationInput!) {
  createOrganization(input: $in) { id slug name description contact { email phone location } viewerRole owner { username } }
}`

func orgCount(t *testing.T, s *testserver.Server) [2]int {
	t.Helper()
	return [2]int{s.RowCount("organizations"), s.RowCount("memberships")}
}

func TestCreateOrganizationInput(t *testing.T) {
	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	worker := s.CreateUser("wanda", authz.GroupWorker)

	var created struct {
		CreateOrganization struct {
			Slug, Name, ViewerRole string
			Description            *string
			Contact                struct{ Email, Phone, Location *string }
			Owner                  struct{ Username string }
		}
	}
	s.MustQuery(alice.Token, createOrgDoc, map[string]any{"in": map[string]any{
		"slug": "Acme-1", "contact": map[string]any{"email": "Ops@Acme.io", "phone": "+49 30-1234", "location": "Berlin"},
	}}, &created)
	c := created.CreateOrganization
	if c.Slug != "Acme-1" || c.Name != "Acme-1" || c.ViewerRole != "OWNER" || c.Owner.Username != "alice" ||
		c.Description == nil || *c.Description != "" || *c.Contact.Email != "ops@acme.io" || *c.Contact.Phone != "+49 30-1234" {
		t.Fatalf("created %+v", c)
	}

	cases := []struct {
		name  string
		token string
		in    map[string]any
		code  string
	}{
		{"anonymous", "", map[string]any{"slug": "x1"}, "UNAUTHENTICATED"},
		{"WORKER system group", worker.Token, map[string]any{"slug": "x2"}, "FORBIDDEN"},
		{"slug taken, other case", alice.Token, map[string]any{"slug": "ACME-1"}, "CONFLICT"},
		{"empty slug", alice.Token, map[string]any{"slug": ""}, "BAD_USER_INPUT"},
		{"slug of 17 characters", alice.Token, map[string]any{"slug": strings.Repeat("a", 17)}, "BAD_USER_INPUT"},
		{"slug with a space", alice.Token, map[string]any{"slug": "a b"}, "BAD_USER_INPUT"},
		{"slug with a non-ASCII letter", alice.Token, map[string]any{"slug": "café"}, "BAD_USER_INPUT"},
		{"name of 65 characters", alice.Token, map[string]any{"slug": "x3", "name": strings.Repeat("n", 65)}, "BAD_USER_INPUT"},
		{"description over 10,000 characters", alice.Token, map[string]any{"slug": "x4", "description": strings.Repeat("d", 10001)}, "BAD_USER_INPUT"},
		{"contact email malformed", alice.Token, map[string]any{"slug": "x5", "contact": map[string]any{"email": "nope"}}, "BAD_USER_INPUT"},
		{"contact phone with letters", alice.Token, map[string]any{"slug": "x6", "contact": map[string]any{"phone": "call me"}}, "BAD_USER_INPUT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := orgCount(t, s)
			r := s.Query(tc.token, createOrgDoc, map[string]any{"in": tc.in})
			if r.Code() != tc.code {
				t.Fatalf("code %q, want %q (%+v)", r.Code(), tc.code, r.Errors)
			}
			if after := orgCount(t, s); after != before {
				t.Fatalf("rows changed from %v to %v", before, after)
			}
		})
	}
	// The limits themselves are accepted.
	s.MustQuery(alice.Token, createOrgDoc, map[string]any{"in": map[string]any{
		"slug": strings.Repeat("z", 16), "name": strings.Repeat("ü", 64), "description": strings.Repeat("é", 10000),
	}}, nil)
}

func TestOrgCreatorGroupIsConfigurable(t *testing.T) {
	s := testserver.New(t, func(c *config.Config) { c.OrgCreatorGroup = authz.GroupAdmin })
	alice := s.CreateUser("alice", authz.GroupUser)
	admin := s.CreateUser("root", authz.GroupAdmin)
	if r := s.Query(alice.Token, createOrgDoc, map[string]any{"in": map[string]any{"slug": "acme"}}); r.Code() != "FORBIDDEN" {
		t.Fatalf("USER with ORG_CREATOR_GROUP=ADMIN: code %q", r.Code())
	}
	s.MustQuery(admin.Token, createOrgDoc, map[string]any{"in": map[string]any{"slug": "acme"}}, nil)
}

func TestUpdateOrganizationInput(t *testing.T) {
	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	acme := createOrg(t, s, alice.Token, "acme")
	createOrg(t, s, alice.Token, "other")
	const doc = `mutation($id: ID!, $in: UpdateOrganizationInput!) {
  updateOrganization(id: $id, input: $in) { slug name description contact { email phone location } }
}`
	id := map[string]any{"id": idOf(acme)}
	vars := func(in map[string]any) map[string]any { return map[string]any{"id": id["id"], "in": in} }
	for _, tc := range []struct {
		name string
		in   map[string]any
		code string
	}{
		{"slug taken, other case", map[string]any{"slug": "OTHER"}, "CONFLICT"},
		{"bad slug", map[string]any{"slug": "no/slash"}, "BAD_USER_INPUT"},
		{"empty name", map[string]any{"name": ""}, "BAD_USER_INPUT"},
		{"bad phone", map[string]any{"contact": map[string]any{"phone": "12a"}}, "BAD_USER_INPUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := s.Client.Organization.GetX(testserver.SystemCtx(), acme)
			if r := s.Query(alice.Token, doc, vars(tc.in)); r.Code() != tc.code {
				t.Fatalf("code %q, want %q (%+v)", r.Code(), tc.code, r.Errors)
			}
			after := s.Client.Organization.GetX(testserver.SystemCtx(), acme)
			if after.String() != before.String() {
				t.Fatalf("organization changed: %+v -> %+v", before, after)
			}
		})
	}
	var got struct {
		UpdateOrganization struct {
			Slug, Name  string
			Description string
			Contact     struct{ Email, Phone, Location *string }
		}
	}
	s.MustQuery(alice.Token, doc, vars(map[string]any{"contact": map[string]any{"email": "A@B.io", "location": "Oslo"}}), nil)
	s.MustQuery(alice.Token, doc, vars(map[string]any{
		"slug": "Acme2", "name": "Acme Two", "description": "new", "contact": map[string]any{"email": ""},
	}), &got)
	u := got.UpdateOrganization
	if u.Slug != "Acme2" || u.Name != "Acme Two" || u.Description != "new" || u.Contact.Email != nil || u.Contact.Location == nil || *u.Contact.Location != "Oslo" {
		t.Fatalf("updated %+v", u)
	}
	// The old slug is free again; the new one answers ignoring case.
	s.MustQuery(alice.Token, `{ organization(slug: "ACME2") { slug } }`, nil, nil)
	createOrg(t, s, alice.Token, "acme")
}
