package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"orgraph/ent"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// FuzzCursor: a cursor from a client either decodes to one that encodes
// and decodes back to itself, or is refused; never a panic.
func FuzzCursor(f *testing.F) {
	var b bytes.Buffer
	ent.Cursor{ID: 42}.MarshalGQL(&b)
	good, _ := strconv.Unquote(b.String())
	for _, s := range []string{good, "", "gaFpKg", "!!!", "gaFpoXg", strings.Repeat("A", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var c ent.Cursor
		if c.UnmarshalGQL(s) != nil {
			return
		}
		var out bytes.Buffer
		c.MarshalGQL(&out)
		text, err := strconv.Unquote(out.String())
		var back ent.Cursor
		if err != nil || back.UnmarshalGQL(text) != nil || back.ID != c.ID {
			t.Fatalf("cursor %q decoded to %+v, wrote %s, read back %+v", s, c, out.String(), back)
		}
	})
}

// endpointCodes are the codes a response may carry (RULES.md §7), less
// INTERNAL_SERVER_ERROR: nothing a client sends should break the server.
var endpointCodes = map[string]bool{
	"UNAUTHENTICATED": true, "FORBIDDEN": true, "NOT_FOUND": true, "BAD_USER_INPUT": true,
	"CONFLICT": true, "RATE_LIMITED": true, "GRAPHQL_PARSE_FAILED": true, "GRAPHQL_VALIDATION_FAILED": true,
}

// FuzzGraphQLEndpoint posts a fuzzed query and variables through the real
// handler, signed in as an organization's owner: the answer is never a 5xx,
// is JSON, every error has a code a client may see (never
// INTERNAL_SERVER_ERROR), and no message speaks of SQL.
func FuzzGraphQLEndpoint(f *testing.F) {
	s := testserver.New(f)
	alice := s.CreateUser("alice", authz.GroupUser)
	var org struct {
		CreateOrganization struct{ ID string } `json:"createOrganization"`
	}
	s.MustQuery(alice.Token, `mutation { createOrganization(input: {slug: "acme"}) { id } }`, nil, &org)
	orgID := org.CreateOrganization.ID
	for _, seed := range [][2]string{
		{`{ me { id username organizations: __typename } }`, `{}`},
		{`query($s: String!) { organization(slug: $s) { id name members(first: 5) { edges { cursor node { role user { username } } } pageInfo { endCursor hasNextPage } } } }`, `{"s":"acme"}`},
		{`query($a: Cursor) { organizations(first: 3, after: $a) { totalCount edges { cursor } } }`, `{"a":"gaFpKg"}`},
		{`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Organization { slug } } }`, `{"ids":["` + orgID + `","-1","x"]}`},
		{`mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: WORKER}) { id status } }`, `{"o":"` + orgID + `","e":"bob@example.com"}`},
		{`mutation($o: ID!) { updateOrganization(id: $o, input: {name: "New", description: "line\nbreak"}) { name } }`, `{"o":"` + orgID + `"}`},
		{`mutation { createProject(input: {name: "p", organizationID: "` + orgID + `"}) { id tasks(first: 1) { totalCount } } }`, `{}`},
		{`{ a: me { id } b: me { id } ...on Query { me @include(if: true) { email } } }`, `null`},
		{`query { __schema { types { name } } }`, `{}`},
		{`{`, `{"x":[1,2,[3,{"y":null}]]}`},
	} {
		f.Add(seed[0], seed[1])
	}
	hc := &http.Client{}
	f.Fuzz(func(t *testing.T, query, variables string) {
		q, _ := json.Marshal(query)
		body := `{"query":` + string(q) + `,"variables":` + variables + `}`
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+alice.Token)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("status %d for %s: %s", resp.StatusCode, body, raw)
		}
		var answer struct {
			Data   json.RawMessage `json:"data"`
			Errors []struct {
				Message    string         `json:"message"`
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(raw, &answer); err != nil || (answer.Data == nil && len(answer.Errors) == 0) {
			t.Fatalf("answer %d to %s is no GraphQL response: %s", resp.StatusCode, body, raw)
		}
		for _, e := range answer.Errors {
			code, _ := e.Extensions["code"].(string)
			if !endpointCodes[code] {
				t.Fatalf("error %q with code %q for %s", e.Message, code, body)
			}
			if m := strings.ToLower(e.Message); strings.Contains(m, "sql") || strings.Contains(m, "goroutine") {
				t.Fatalf("error message %q leaks internals", e.Message)
			}
		}
	})
}

// TestMalformedCursorIsBadInput: FuzzGraphQLEndpoint's first find (its
// input is in testdata/fuzz): a cursor that does not decode was an
// INTERNAL_SERVER_ERROR.
func TestMalformedCursorIsBadInput(t *testing.T) {
	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	for _, c := range []string{"", "!!!", "gaFp", "AAAA"} {
		r := s.Query(alice.Token, `query($c: Cursor) { organizations(before: $c, last: 1) { totalCount } }`, map[string]any{"c": c})
		if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "before" || r.Errors[0].Message != "not a valid cursor" {
			t.Fatalf("cursor %q: %+v", c, r.Errors)
		}
	}
}
