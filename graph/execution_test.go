package graph_test

import (
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// Every field is resolved in order on the request's goroutine
// (graph/gqlgen.go): a @defer fragment is answered in the one response,
// like the rest of the document, and a panic or error inside a list element
// still names that element (privacy_test's "nodes gives nulls" checks the
// paths of errors in a list).
func TestDeferredFragmentIsAnsweredInline(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("deferowner", authz.GroupUser)
	s.SeedOrganization("deferred", owner)
	r := s.Query(owner.Token, `{ organization(slug: "deferred") { slug ... @defer { name viewerRole } } }`, nil)
	requireGQLData(t, r, `{"organization":{"slug":"deferred","name":"deferred","viewerRole":"OWNER"}}`)
}
