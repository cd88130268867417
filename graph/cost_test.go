package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// The abuse classes of issue 8, each through the real handler: the
// refusal, its code, and the work it cost, counted (SQL statements,
// bytes allocated, log lines), never timed. Refused documents are sent
// anonymously so that no token lookup runs: a refused request costs zero
// statements.

// refusal is what a refused request cost.
type refusal struct {
	r          *testserver.Response
	statements int64
	allocated  uint64 // bytes allocated by the whole process during the request
}

// refuse posts body (a complete JSON request, built before measuring) and
// measures it.
func refuse(t *testing.T, s *testserver.Server, body []byte) refusal {
	t.Helper()
	var out refusal
	out.allocated = leastAllocated(func() {
		statements := s.Statements()
		out.r = postRaw(t, s, body)
		out.statements = s.Statements() - statements
	})
	return out
}

// leastAllocated runs fn three times and returns the fewest bytes the
// process allocated during one run: the server and this test share the
// process, and background work only ever adds to a run.
func leastAllocated(fn func()) uint64 {
	var least uint64
	for i := range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		fn()
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; i == 0 || alloc < least {
			least = alloc
		}
	}
	return least
}

func postRaw(t *testing.T, s *testserver.Server, body []byte) *testserver.Response {
	t.Helper()
	resp, err := http.Post(s.URL+"/query", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := &testserver.Response{Status: resp.StatusCode}
	if err := json.Unmarshal(raw, r); err != nil {
		t.Fatalf("response is not JSON (%d): %.300s", resp.StatusCode, raw)
	}
	return r
}

func requestBody(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

// assertRefused: exactly one error with that code and message part, no
// data, no statement, and at most maxAlloc bytes allocated.
func assertRefused(t *testing.T, got refusal, code, message string, maxAlloc uint64) {
	t.Helper()
	if len(got.r.Errors) != 1 || got.r.Code() != code || !strings.Contains(got.r.Errors[0].Message, message) {
		t.Fatalf("want one %s error containing %q, got %d: %.500v", code, message, len(got.r.Errors), got.r.Errors)
	}
	if d := string(got.r.Data); d != "" && d != "null" {
		t.Errorf("a refused request answered data %s", d)
	}
	if got.statements != 0 {
		t.Errorf("a refused request ran %d SQL statements", got.statements)
	}
	if got.allocated > maxAlloc {
		t.Errorf("a refused request allocated %d bytes, over %d", got.allocated, maxAlloc)
	}
	t.Logf("refused with %q; allocated %d bytes", got.r.Errors[0].Message, got.allocated)
}

const (
	kib = 1 << 10
	mib = 1 << 20
	// smallDocAlloc bounds a refused document of a few kilobytes.
	smallDocAlloc = 512 * kib
	// tokenLimitAlloc bounds a document the parser reads up to the token
	// limit: about 130 bytes of syntax tree per token, 10,000 tokens.
	tokenLimitAlloc = 4 * mib
	// bigDocAlloc bounds a refused 1 MiB document: the body is held
	// about four times (read, decoded, as the query string, by the
	// client of this test) and the parser stops at the token limit.
	// io.ReadAll twice (the deadlock retry and gqlgen's transport, each
	// growing by doubling), the JSON decoder's buffer and the query
	// string, and the parser up to its token limit: about 12 MiB measured.
	bigDocAlloc = 16 * mib
)

// padTo repeats unit until the document is about n bytes.
func padTo(prefix, unit, suffix string, n int) string {
	return prefix + strings.Repeat(unit, (n-len(prefix)-len(suffix))/len(unit)) + suffix
}

func TestCostFragmentFanOut(t *testing.T) {
	s := testserver.New(t)
	// F1 spreads F2 twice, F2 spreads F3 twice, ... : 2^23 fields once
	// expanded, in under 2 KB.
	var doc strings.Builder
	doc.WriteString("query { ...F1 }\n")
	for i := 1; i < 24; i++ {
		fmt.Fprintf(&doc, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	doc.WriteString("fragment F24 on Query { __typename }\n")
	if doc.Len() > 2*kib {
		t.Fatalf("the document is %d bytes", doc.Len())
	}
	got := refuse(t, s, requestBody(doc.String(), nil))
	assertRefused(t, got, "GRAPHQL_VALIDATION_FAILED", "fields, with its fragments expanded: 8388608, over the limit of 500 (MAX_FIELDS)", smallDocAlloc)

	cycle := refuse(t, s, requestBody(`query { ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }`, nil))
	assertRefused(t, cycle, "GRAPHQL_VALIDATION_FAILED", "within itself", smallDocAlloc)
}

func TestCostRepeatedFieldsAndAliases(t *testing.T) {
	s := testserver.New(t)
	// 10,000 aliases: 30,000 tokens, over the parser's limit.
	flood := refuse(t, s, requestBody("{"+strings.Repeat(" a:__typename", 10000)+" }", nil))
	assertRefused(t, flood, "GRAPHQL_PARSE_FAILED", "exceeded token limit of 10000", tokenLimitAlloc)
	// Under the token limit, over the alias limit.
	aliases := refuse(t, s, requestBody("{"+strings.Repeat(" a:__typename", 101)+" }", nil))
	assertRefused(t, aliases, "GRAPHQL_VALIDATION_FAILED", "aliases: 101, over the limit of 100 (MAX_ALIASES)", smallDocAlloc)
	// The same field repeated without aliases.
	fields := refuse(t, s, requestBody("{"+strings.Repeat(" __typename", 501)+" }", nil))
	assertRefused(t, fields, "GRAPHQL_VALIDATION_FAILED", "fields: 501, over the limit of 500 (MAX_FIELDS)", smallDocAlloc)
	// At the limits, accepted.
	r := s.Query("", "{"+strings.Repeat(" a:__typename", 100)+strings.Repeat(" __typename", 400)+" }", nil)
	if len(r.Errors) > 0 || string(r.Data) != `{"a":"Query","__typename":"Query"}` {
		t.Fatalf("500 fields and 100 aliases: %s %+v", r.Data, r.Errors)
	}
}

// nested repeats open n times around leaf and closes them.
func nested(open, leaf string, n int) string {
	closing := strings.Count(open, "{")
	return strings.Repeat(open, n) + leaf + strings.Repeat(strings.Repeat(" }", closing), n)
}

func TestCostNestingDepth(t *testing.T) {
	s := testserver.New(t)
	members := "{ organization(slug: \"x\") " + nested("{ members { edges { node { organization ", "{ id }", 10) + " }"
	got := refuse(t, s, requestBody(members, nil))
	assertRefused(t, got, "GRAPHQL_VALIDATION_FAILED", "a depth of 42, over the limit of 15 (MAX_DEPTH)", smallDocAlloc)

	projects := "{ projects " + nested("{ edges { node { tasks { edges { node { project ", "{ id }", 6) + " }"
	got = refuse(t, s, requestBody(projects, nil))
	assertRefused(t, got, "GRAPHQL_VALIDATION_FAILED", "over the limit of 15 (MAX_DEPTH)", smallDocAlloc)

	// Depth counts through fragments too.
	viaFragments := `{ organization(slug: "x") { ...M } }
		fragment M on Organization { members { edges { node { organization { ...N } } } } }
		fragment N on Organization { members { edges { node { organization { ...O } } } } }
		fragment O on Organization { members { edges { node { organization { ...P } } } } }
		fragment P on Organization { members { edges { node { user { id } } } } }`
	got = refuse(t, s, requestBody(viaFragments, nil))
	assertRefused(t, got, "GRAPHQL_VALIDATION_FAILED", "a depth of 18", smallDocAlloc)
}

func TestCostCountsRows(t *testing.T) {
	s := testserver.New(t)
	// 100 organizations (edges, node: 40 for its description, members) x
	// 100 members (edges, node, user, username): 44,201, under the depth
	// limit.
	wide := `{ organizations(first: 100) { edges { node { members(first: 100) { edges { node { user { username } } } } } } } }`
	got := refuse(t, s, requestBody(wide, nil))
	assertRefused(t, got, "BAD_USER_INPUT", "complexity is 44201, over the limit of 5000 (COMPLEXITY_LIMIT)", smallDocAlloc)

	// The page size comes from variables, the rows from a fragment on the
	// connection type: both still multiply.
	viaFragment := `query($n: Int) { organizations(first: $n) { ...Page } }
		fragment Page on OrganizationConnection { totalCount edges { node { slug members(first: $n) { ...Members } } } }
		fragment Members on MembershipConnection { edges { node { role } } }`
	got = refuse(t, s, requestBody(viaFragment, map[string]any{"n": 60}))
	assertRefused(t, got, "BAD_USER_INPUT", "over the limit of 5000 (COMPLEXITY_LIMIT)", smallDocAlloc)
	owner := s.CreateUser("owner", authz.GroupUser)
	createOrgWith(t, s, owner.Token, map[string]any{"slug": "acme", "name": "Acme"})
	var out struct {
		Organizations struct {
			TotalCount int
			Edges      []struct{ Node struct{ Slug string } }
		}
	}
	s.MustQuery(owner.Token, viaFragment, map[string]any{"n": 10}, &out)
	if out.Organizations.TotalCount != 1 || out.Organizations.Edges[0].Node.Slug != "acme" {
		t.Fatalf("pages of 10: %+v", out)
	}

	// Without first or last a connection counts the default page, 20:
	// 1 + 20 x (edges + node 40 + members (1 + 20 x (edges + node +
	// organization 40 + members (1 + 20 x (edges + node + id))))).
	defaults := `{ organizations { edges { node { members { edges { node { organization {
		members { edges { node { id } } } } } } } } } } }`
	got = refuse(t, s, requestBody(defaults, nil))
	assertRefused(t, got, "BAD_USER_INPUT", "complexity is 42041, over", smallDocAlloc)
}

func TestCostNodesIDs(t *testing.T) {
	s := testserver.New(t)
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = fmt.Sprint(i + 1)
	}
	doc := `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`
	got := refuse(t, s, requestBody(doc, map[string]any{"ids": ids}))
	assertRefused(t, got, "BAD_USER_INPUT", "nodes takes at most 100 ids, got 5000", bigDocAlloc)
	if got.r.Errors[0].Extensions["field"] != "ids" {
		t.Errorf("the refusal names %v, want ids", got.r.Errors[0].Extensions["field"])
	}
	// Just under MAX_JSON_VALUES, the most variables that get decoded:
	// docs/SECURITY.md counts them in the memory bound.
	most := make([]int, 9990)
	got = refuse(t, s, requestBody(doc, map[string]any{"ids": most}))
	assertRefused(t, got, "BAD_USER_INPUT", "nodes takes at most 100 ids, got 9990", 32*mib)
	literal := "{ nodes(ids: [" + strings.Join(ids[:101], ", ") + "]) { id } }"
	assertRefused(t, refuse(t, s, requestBody(literal, nil)), "BAD_USER_INPUT", "at most 100 ids, got 101", smallDocAlloc)
	if logs := s.Logs.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("refused ids were logged:\n%.2000s", logs)
	}

	// 100 ids run, and count 100 rows each.
	owner := s.CreateUser("owner", authz.GroupUser)
	org := createOrgWith(t, s, owner.Token, map[string]any{"slug": "acme", "name": "Acme"})
	hundred := append([]string{fmt.Sprint(org)}, ids[:99]...)
	r := s.Query(owner.Token, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Organization { slug } } }`, map[string]any{"ids": hundred})
	var out struct{ Nodes []*struct{ Slug string } }
	r.Decode(t, &out)
	if len(out.Nodes) != 100 || out.Nodes[0] == nil || out.Nodes[0].Slug != "acme" {
		t.Fatalf("100 ids: %s", r.Data)
	}
	// 100 ids x (node: 40, the heaviest Node + id + 15 members of 3):
	// 8,701, over the limit.
	r = s.Query(owner.Token, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Organization { members(first: 15) { edges { node { id } } } } } }`, map[string]any{"ids": hundred})
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "COMPLEXITY_LIMIT") {
		t.Fatalf("100 ids x 15 members: %+v", r.Errors)
	}
}

func TestCostDirectiveFlood(t *testing.T) {
	s := testserver.New(t)
	// 800 KB of directives: the parser stops at its token limit.
	flood := padTo("{ __typename", " @skip(if: false)", " }", 800*kib)
	got := refuse(t, s, requestBody(flood, nil))
	assertRefused(t, got, "GRAPHQL_PARSE_FAILED", "exceeded token limit of 10000", bigDocAlloc)
	// Under the token limit, over the directive limit.
	few := "{ __typename" + strings.Repeat(" @include(if: true)", 51) + " }"
	assertRefused(t, refuse(t, s, requestBody(few, nil)), "GRAPHQL_VALIDATION_FAILED", "directives: 51, over the limit of 50 (MAX_DIRECTIVES)", smallDocAlloc)
}

func TestCostTokenLimit(t *testing.T) {
	s := testserver.New(t)
	// 1 MiB with the JSON around it: the largest body the server reads.
	doc := padTo("{", " __typename", " }", mib-64)
	body := requestBody(doc, nil)
	if len(body) > mib {
		t.Fatalf("the body is %d bytes", len(body))
	}
	assertRefused(t, refuse(t, s, body), "GRAPHQL_PARSE_FAILED", "exceeded token limit of 10000", bigDocAlloc)
	// A syntax error is the parser's error, also without validation.
	assertRefused(t, refuse(t, s, requestBody("{ __typename", nil)), "GRAPHQL_PARSE_FAILED", "Expected Name", smallDocAlloc)
}

func TestCostErrorsPerResponse(t *testing.T) {
	s := testserver.New(t)
	var doc strings.Builder
	doc.WriteString("{")
	for i := range 400 {
		fmt.Fprintf(&doc, " x%d", i)
	}
	doc.WriteString(" }")
	r := s.Query("", doc.String(), nil)
	if len(r.Errors) != 51 {
		t.Fatalf("400 unknown fields answered %d errors, want 50 and one more", len(r.Errors))
	}
	last := r.Errors[50]
	if last.Message != "too many errors: 350 more were dropped (MAX_ERRORS)" || last.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("the last error: %+v", last)
	}
	for _, e := range r.Errors[:50] {
		if e.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || strings.Contains(e.Message, "Did you mean") {
			t.Fatalf("a kept error: %+v", e)
		}
	}

	// Errors of resolvers: 100 ids of nothing each answer NOT_FOUND.
	u := s.CreateUser("user", authz.GroupUser)
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = fmt.Sprint(1_000_000 + i)
	}
	logsBefore := strings.Count(s.Logs.String(), "\n")
	r = s.Query(u.Token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
	if len(r.Errors) != 51 || r.Errors[50].Message != "too many errors: 50 more were dropped (MAX_ERRORS)" || r.Errors[50].Extensions["code"] != "NOT_FOUND" {
		t.Fatalf("100 missing nodes answered %d errors: %.300v", len(r.Errors), r.Errors)
	}
	if n := strings.Count(s.Logs.String(), "\n") - logsBefore; n > 50 {
		t.Errorf("100 missing nodes logged %d lines", n)
	}
}

func TestCostVariablesFlood(t *testing.T) {
	s := testserver.New(t)
	// 1 MB of [0,0,0,...]: decoded, 500,001 values would cost about 95 MB.
	body := []byte(`{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":[` + strings.Repeat("0,", 500000) + `0]}}`)
	got := refuse(t, s, body)
	assertRefused(t, got, "BAD_USER_INPUT", "JSON values, over the limit of 10000 (MAX_JSON_VALUES)", bigDocAlloc)
	if got.r.Status != http.StatusBadRequest {
		t.Errorf("status %d, want 400", got.r.Status)
	}
	// Nesting counts too.
	nestedBody := []byte(`{"query":"{ __typename }","variables":{"x":` + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + `}}`)
	assertRefused(t, refuse(t, s, nestedBody), "BAD_USER_INPUT", "(MAX_JSON_VALUES)", bigDocAlloc)
}
