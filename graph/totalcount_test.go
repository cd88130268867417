package graph_test

import "testing"

// A first page that is not full carries its total count without a COUNT
// statement (ent/template/gql_paginate.tmpl); a full page, or a later one,
// still counts. Either way totalCount and hasNextPage are right.
func TestTotalCountOfFirstPages(t *testing.T) {
	w := newFilterWorld(t) // bob belongs to A and B
	type page struct {
		Organizations struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Edges []struct{ Node struct{ Slug string } }
		}
	}
	const doc = `query($first: Int, $after: Cursor) { organizations(first: $first, after: $after) {
		totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } }`
	run := func(vars map[string]any) (page, int64) {
		var p page
		before := w.s.Statements()
		w.s.MustQuery(w.bob.Token, doc, vars, &p)
		return p, w.s.Statements() - before
	}
	short, nShort := run(map[string]any{"first": 5})
	full, nFull := run(map[string]any{"first": 1})
	if short.Organizations.TotalCount != 2 || short.Organizations.PageInfo.HasNextPage || len(short.Organizations.Edges) != 2 {
		t.Errorf("first: 5 -> %+v", short.Organizations)
	}
	if full.Organizations.TotalCount != 2 || !full.Organizations.PageInfo.HasNextPage || len(full.Organizations.Edges) != 1 {
		t.Errorf("first: 1 -> %+v", full.Organizations)
	}
	if nFull != nShort+1 {
		t.Errorf("statements: %d for a short first page, %d for a full one; want one COUNT more", nShort, nFull)
	}
	next, _ := run(map[string]any{"first": 5, "after": full.Organizations.PageInfo.EndCursor})
	if next.Organizations.TotalCount != 2 || len(next.Organizations.Edges) != 1 || next.Organizations.Edges[0].Node.Slug == full.Organizations.Edges[0].Node.Slug {
		t.Errorf("second page -> %+v", next.Organizations)
	}
	// Filters apply to the count as to the page.
	var filtered page
	w.s.MustQuery(w.bob.Token, `{ organizations(first: 5, where: {slug: "b"}) { totalCount edges { node { slug } } } }`, nil, &filtered)
	if filtered.Organizations.TotalCount != 1 || len(filtered.Organizations.Edges) != 1 {
		t.Errorf("filtered -> %+v", filtered.Organizations)
	}
}

// The page-size limit reads first and last from literals, variables and
// variables' defaults.
func TestPageSizeLimitReadsVariableDefaults(t *testing.T) {
	w := newFilterWorld(t)
	r := w.s.Query(w.bob.Token, `query($n: Int = 500) { organizations(first: $n) { totalCount } }`, nil)
	if r.Code() != "BAD_USER_INPUT" {
		t.Errorf("first: $n = 500 answered code %q", r.Code())
	}
	r = w.s.Query(w.bob.Token, `query($n: Int = 5) { organizations(first: $n) { totalCount } }`, nil)
	if r.Code() != "" {
		t.Errorf("first: $n = 5 answered code %q", r.Code())
	}
}
