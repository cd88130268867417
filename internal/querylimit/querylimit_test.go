package querylimit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

var limits = DocumentLimits{Tokens: 10000, Fields: 500, Aliases: 100, Directives: 50, Depth: 15}

func measure(t *testing.T, query string) Shape {
	t.Helper()
	doc, err := Parse(query, limits.Tokens)
	if err != nil {
		t.Fatal(err)
	}
	return Measure(doc)
}

// fragmentChain is a document of fan-out: head, then fragments F1 to
// F(n-1), each written by step (formatted with i, i+1, i+1), then last
// (fragment Fn).
func fragmentChain(head string, n int, step, last string) string {
	var b strings.Builder
	b.WriteString(head)
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, step, i, i+1, i+1)
	}
	b.WriteString(last)
	return b.String()
}

func TestMeasureFanOutIsLinear(t *testing.T) {
	// 100 levels of fan-out: 2^99 fields expanded, saturated, in one pass.
	got := measure(t, fragmentChain("{ ...F1 }", 100, " fragment F%d on Query { ...F%d ...F%d }", " fragment F100 on Query { a: __typename }"))
	want := Shape{Fields: 1, ExpandedFields: saturation, Aliases: 1, Depth: 1}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if err := got.Check(limits); err == nil || err.Extensions["code"] != CodeValidationFailed {
		t.Fatalf("refusal: %v", err)
	}
}

func TestMeasureCountsText(t *testing.T) {
	got := measure(t, `query Q($v: Int @deprecated) @skip(if: false) { a: x @include(if: true) { y ...F @skip(if: false) ... on T @include(if: true) { z } } }
		fragment F on T { w { v } }
		fragment Unused on T { u1 u2 }`)
	// Fields as written: x y z w v u1 u2; expanded in Q: x y z w v.
	want := Shape{Fields: 7, ExpandedFields: 5, Aliases: 1, Directives: 5, Depth: 3}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestMeasureCycles(t *testing.T) {
	got := measure(t, `{ ...A } fragment A on Query { ...B } fragment B on Query { x ...A }`)
	if got.Cycle == "" {
		t.Fatalf("no cycle found: %+v", got)
	}
	if err := got.Check(limits); err == nil || !strings.Contains(err.Message, "within itself") {
		t.Fatalf("refusal: %v", err)
	}
}

func TestCheckDocument(t *testing.T) {
	for _, c := range []struct{ query, code, message string }{
		{"{ x", CodeParseFailed, "Expected Name"},
		{"{" + strings.Repeat(" x", 10001) + " }", CodeParseFailed, "exceeded token limit of 10000"},
		{"{" + strings.Repeat(" x", 501) + " }", CodeValidationFailed, "(MAX_FIELDS)"},
		{"{" + strings.Repeat(" a: x", 101) + " }", CodeValidationFailed, "(MAX_ALIASES)"},
		{"{ x" + strings.Repeat(" @skip(if: true)", 51) + " }", CodeValidationFailed, "(MAX_DIRECTIVES)"},
		{strings.Repeat("{ x ", 16) + strings.Repeat("}", 16), CodeValidationFailed, "a depth of 16, over the limit of 15 (MAX_DEPTH)"},
	} {
		err := CheckDocument(c.query, limits)
		if err == nil || err.Extensions["code"] != c.code || !strings.Contains(err.Message, c.message) {
			t.Errorf("%.40s: got %v, want %s %q", c.query, err, c.code, c.message)
		}
	}
	if err := CheckDocument(strings.Repeat("{ x ", 15)+strings.Repeat("}", 15), limits); err != nil {
		t.Errorf("at the limits: %v", err)
	}
}

const schema = `
type Query { orgs(first: Int, last: Int): OrgConnection! nodes(ids: [ID!]!): [Node]! }
interface Node { id: ID! }
type Org implements Node { id: ID! name: String! members(first: Int, last: Int): MemberConnection! }
type OrgConnection { totalCount: Int! edges: [OrgEdge] }
type OrgEdge { node: Org }
type Member { id: ID! }
type MemberConnection { totalCount: Int! edges: [MemberEdge] }
type MemberEdge { node: Member }
`

func costOf(t *testing.T, query string, vars map[string]any) (int, string) {
	t.Helper()
	s := gqlparser.MustLoadSchema(&ast.Source{Input: schema})
	doc, errs := gqlparser.LoadQueryWithRules(s, query, rules.NewDefaultRules())
	if errs != nil {
		t.Fatal(errs)
	}
	n, err := Cost(doc.Operations[0], vars, CostRules{DefaultPage: 20, MaxIDs: 100, Weights: map[string]int{"Org": 10}})
	if err != nil {
		return n, err.Message
	}
	return n, ""
}

func TestCostCountsRows(t *testing.T) {
	for _, c := range []struct {
		query string
		vars  map[string]any
		want  int
	}{
		// orgs 1 + totalCount 1 + 5 x (edges 1 + node 10 + name 1).
		{`{ orgs(first: 5) { totalCount edges { node { name } } } }`, nil, 62},
		// The default page.
		{`{ orgs { edges { node { id } } } }`, nil, 1 + 20*12},
		// last, from a variable.
		{`query($n: Int) { orgs(last: $n) { edges { node { id } } } }`, map[string]any{"n": int64(3)}, 1 + 3*12},
		// Nested: 1 + 2 x (1 + 10 + members (1 + 3 x 3)).
		{`{ orgs(first: 2) { edges { node { members(first: 3) { edges { node { id } } } } } } }`, nil, 1 + 2*(1+10+1+3*3)},
		// One fragment on the connection type, spread into pages of 2 and
		// of 4: each multiplies it by its own page.
		{`{ orgs(first: 2) { edges { node { a: members(first: 2) { ...M } b: members(first: 4) { ...M } } } } }
		  fragment M on MemberConnection { totalCount edges { node { id } } }`, nil, 1 + 2*(1+10+(1+1+2*3)+(1+1+4*3))},
		// nodes: 1 + 3 ids x (a Node, weight 1 here, + id).
		{`{ nodes(ids: ["1", "2", "3"]) { id } }`, nil, 1 + 3*2},
	} {
		got, err := costOf(t, c.query, c.vars)
		if err != "" || got != c.want {
			t.Errorf("%s: got %d %s, want %d", c.query, got, err, c.want)
		}
	}
}

func TestCostFragmentsOnce(t *testing.T) {
	// 20 levels of fan-out of one field: 2^20 values, counted in 20 steps.
	got, _ := costOf(t, fragmentChain("{ orgs(first: 1) { edges { node { ...F1 } } } }", 20,
		" fragment F%d on Org { ...F%d ... on Org { ...F%d } }", " fragment F20 on Org { id }"), nil)
	if want := 1 + 1 + 10 + 1<<19; got != want {
		t.Fatalf("got %d, want %d", got, want)
	}
}

func TestCostRefusesLongIDLists(t *testing.T) {
	ids := make([]any, 101)
	for i := range ids {
		ids[i] = fmt.Sprint(i)
	}
	_, err := costOf(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
	if err != "nodes takes at most 100 ids, got 101" {
		t.Fatalf("got %q", err)
	}
}

func TestJSONValues(t *testing.T) {
	for _, c := range []struct {
		body string
		want int
	}{
		{`{}`, 2},
		{`{"query": "{ a, b, [c] }"}`, 2},
		{`{"query": "x\",[,,", "variables": {"ids": [1, 2, 3]}}`, 7},
		{`[[[[]]]]`, 5},
		// An even run of backslashes ends in a real quote, an odd one not.
		{`["a\\\\", 1, "b\\\", [", 2]`, 5},
		{`["unterminated, [`, 2},
	} {
		if got := JSONValues([]byte(c.body)); got != c.want {
			t.Errorf("%s: %d, want %d", c.body, got, c.want)
		}
	}
}
