package graph

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"orgraph/internal/querylimit"
)

// WorkloadDocument is a GraphQL document of the benchmark's workloads
// (bench/workloads, a module of its own that the product cannot import), read
// from the repository so that the tests check the very documents the
// benchmark sends.
func WorkloadDocument(name string) string {
	b, err := os.ReadFile(filepath.Join("..", "bench", "workloads", name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestDocumentedCosts pins the costs and shapes that docs/SECURITY.md
// quotes for the documented pages, against the default limits.
func TestDocumentedCosts(t *testing.T) {
	for _, c := range []struct {
		name, doc   string
		vars        map[string]any
		cost, depth int
		fields      int
	}{
		{"Q1", WorkloadDocument("q1_organization_page.graphql"), map[string]any{"first": int64(50)}, 876, 6, 40},
		{"Q2", WorkloadDocument("q2_my_organizations.graphql"), nil, 945, 5, 13},
		{"Q3", WorkloadDocument("q3_my_work.graphql"), nil, 555, 6, 16},
		{"settings", SettingsPageDoc, nil, 3174, 6, 66},
		{"introspection", IntrospectionQueryDoc, nil, 227, 15, 227},
	} {
		doc, errs := gqlparser.LoadQueryWithRules(servedSchema(), c.doc, rulesWithoutSuggestions())
		if errs != nil {
			t.Fatalf("%s: %v", c.name, errs)
		}
		cost, err := querylimit.Cost(doc.Operations[0], c.vars, costRules())
		if err != nil {
			t.Fatal(err)
		}
		shape := querylimit.Measure(doc)
		t.Logf("%s: cost %d, %+v", c.name, cost, shape)
		if c.cost != 0 && cost != c.cost || c.depth != 0 && shape.Depth != c.depth || c.fields != 0 && shape.ExpandedFields != c.fields {
			t.Errorf("%s: cost %d, depth %d, fields %d; docs/SECURITY.md says %d, %d, %d", c.name, cost, shape.Depth, shape.ExpandedFields, c.cost, c.depth, c.fields)
		}
	}
}

// SettingsPageDoc is what a web app's organization settings page would ask:
// everything about the organization, the largest page of members and of
// invitations, and the viewer.
const SettingsPageDoc = `query Settings($slug: String!) {
  me { id username email firstName lastName group }
  organization(slug: $slug) {
    id slug name description viewerRole createdAt updatedAt
    contact { email phone location }
    owner { id username email }
    members(first: 100) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id role joinedAt
        user { id username email firstName lastName }
        invitedBy { id username }
        invitation { id email createdAt } } }
    }
    invitations(first: 100) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id email role status createdAt sentAt expiresAt invitedBy { id username } } }
    }
  }
}`

// IntrospectionQueryDoc is the query GraphiQL sends on load, with every
// option it enables (descriptions, repeatable directives, deprecated input
// values, specifiedByURL, isOneOf): 15 levels deep at its TypeRef.
const IntrospectionQueryDoc = `query IntrospectionQuery {
  __schema {
    description
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL isOneOf
  fields(includeDeprecated: true) {
    name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
}
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`
