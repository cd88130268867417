package graph_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"orgraph/graph"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

// The default limits let every documented page through: the benchmark
// workloads at their page sizes, a settings page at the largest pages, and
// GraphiQL's introspection query (the README walk-through has its own test,
// TestREADMEWalkthrough, under the same defaults).

func TestCostDocumentedPagesAccepted(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("owner", authz.GroupUser)
	org := createOrgWith(t, s, owner.Token, map[string]any{"slug": "acme", "name": "Acme", "description": strings.Repeat("é", 10000)})
	for i := range 60 {
		u := s.Client.User.Create().SetUsername(fmt.Sprintf("m%02d", i)).SetEmail(fmt.Sprintf("m%02d@example.com", i)).
			SetPasswordHash("x").SaveX(testserver.SystemCtx())
		s.Client.Membership.Create().SetUserID(u.ID).SetOrganizationID(org).SetRole(authz.RoleWorker).
			SetInvitedByID(owner.ID).ExecX(testserver.SystemCtx())
	}
	pages := []struct {
		name, doc string
		vars      map[string]any
	}{
		{"Q1 organization page", graph.WorkloadDocument("q1_organization_page.graphql"), map[string]any{"slug": "acme", "first": 50}},
		{"Q2 my organizations", graph.WorkloadDocument("q2_my_organizations.graphql"), nil},
		{"Q3 my work", graph.WorkloadDocument("q3_my_work.graphql"), map[string]any{"organization": "acme"}},
		{"M1 invite", graph.WorkloadDocument("m1_invite.graphql"), map[string]any{"organizationID": fmt.Sprint(org), "email": "guest@example.com"}},
		{"settings page, pages of 100", graph.SettingsPageDoc, map[string]any{"slug": "acme"}},
		{"GraphiQL's introspection", graph.IntrospectionQueryDoc, nil},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			r := s.Query(owner.Token, p.doc, p.vars)
			if len(r.Errors) > 0 {
				t.Fatalf("refused: %+v", r.Errors)
			}
		})
	}
	var q1 struct {
		Organization struct{ Members struct{ Edges []struct{} } }
	}
	s.MustQuery(owner.Token, graph.WorkloadDocument("q1_organization_page.graphql"), map[string]any{"slug": "acme", "first": 50}, &q1)
	if n := len(q1.Organization.Members.Edges); n != 50 {
		t.Fatalf("Q1 answered %d members, want 50", n)
	}
}

func TestServedSchemaHygiene(t *testing.T) {
	for _, introspection := range []bool{true, false} {
		t.Run(fmt.Sprintf("introspection=%v", introspection), func(t *testing.T) {
			s := testserver.New(t, func(c *config.Config) { c.Introspection = introspection })
			// Near misses of a field, an argument, an enum value and a
			// type: refused without naming what exists.
			for _, doc := range []string{
				`{ organizationz(slug: "x") { id } }`,
				`{ organization(slugg: "x") { id } }`,
				`{ organization(slug: "x") { invitations(status: PENDINGG) { totalCount } } }`,
				`query($o: Strin) { organization(slug: $o) { id } }`,
				`{ organization(slug: "x") }`,
			} {
				r := s.Query("", doc, nil)
				if r.Code() != "GRAPHQL_VALIDATION_FAILED" {
					t.Fatalf("%s: %+v", doc, r.Errors)
				}
				for _, e := range r.Errors {
					if strings.Contains(e.Message, "Did you mean") {
						t.Errorf("%s: a suggestion: %q", doc, e.Message)
					}
				}
			}
			// Code generators' directives are not the client's.
			r := s.Query("", `{ __typename @goField(forceResolver: true) }`, nil)
			if r.Code() != "GRAPHQL_VALIDATION_FAILED" {
				t.Fatalf("@goField in a query: %+v", r.Errors)
			}
			if !introspection {
				return
			}
			var out struct {
				Schema struct{ Directives []struct{ Name string } } `json:"__schema"`
			}
			s.MustQuery("", `{ __schema { directives { name } } }`, nil, &out)
			var names []string
			for _, d := range out.Schema.Directives {
				names = append(names, d.Name)
			}
			got := strings.Join(names, " ")
			for _, hidden := range []string{"goField", "goModel"} {
				if strings.Contains(got, hidden) {
					t.Errorf("introspection lists @%s: %s", hidden, got)
				}
			}
			for _, kept := range []string{"hasRole", "hasGroup", "include", "skip", "deprecated"} {
				if !strings.Contains(got, kept) {
					t.Errorf("introspection lost @%s: %s", kept, got)
				}
			}
		})
	}
}

// Automatic persisted queries still work through the bounded APQ cache:
// the hash alone answers once the query was sent with it.
func TestCostPersistedQueries(t *testing.T) {
	s := testserver.New(t)
	query := `{ __typename }`
	hash := fmt.Sprintf("%x", sha256.Sum256([]byte(query)))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
	post := func(body map[string]any) *testserver.Response {
		b, _ := json.Marshal(body)
		return postRaw(t, s, b)
	}
	if r := post(map[string]any{"extensions": ext}); r.Code() != "BAD_USER_INPUT" || r.Errors[0].Message != "PersistedQueryNotFound" {
		t.Fatalf("an unknown hash: %+v", r.Errors)
	}
	if r := post(map[string]any{"query": query, "extensions": ext}); len(r.Errors) > 0 {
		t.Fatalf("registering: %+v", r.Errors)
	}
	if r := post(map[string]any{"extensions": ext}); len(r.Errors) > 0 || string(r.Data) != `{"__typename":"Query"}` {
		t.Fatalf("the hash alone: %s %+v", r.Data, r.Errors)
	}
}
