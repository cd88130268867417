package graph

import (
	"context"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"orgraph/internal/errcode"
	"orgraph/internal/querylimit"
)

// Page sizes of connections (RULES.md §7).
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Connection fields are paginated in two places: their resolvers, and
// entgql's field collection, which eager-loads nested connections from the
// document itself. Both must see the same page size, so the limits act on
// the document: pageSizeDefaults writes `first: 20` into a connection field
// that has neither first nor last, once, when a validated document enters
// the query cache (before any request can share it); pageSizeLimit refuses
// a first or last over 100 once variables are known, before execution.

// pageSizeDefaults is a query cache that adds default page sizes to each
// document it stores.
type pageSizeDefaults struct {
	graphql.Cache[*ast.QueryDocument]
}

func (c pageSizeDefaults) Add(ctx context.Context, key string, doc *ast.QueryDocument) {
	visited := map[string]bool{}
	for _, op := range doc.Operations {
		walkConnections(op.SelectionSet, visited, addDefaultPageSize)
	}
	c.Cache.Add(ctx, key, doc)
}

func addDefaultPageSize(f *ast.Field) {
	if f.Arguments.ForName("first") == nil && f.Arguments.ForName("last") == nil {
		f.Arguments = append(f.Arguments, &ast.Argument{
			Name:     "first",
			Value:    &ast.Value{Kind: ast.IntValue, Raw: strconv.Itoa(DefaultPageSize), Position: f.Position},
			Position: f.Position,
		})
	}
}

// walkConnections calls fn on every connection field of a selection set,
// through fragments. A fragment is walked once, at its first spread
// (visited records the fragments already walked): fan-out of fragments
// costs as much as their text, and fn sees each field of the text once.
func walkConnections(set ast.SelectionSet, visited map[string]bool, fn func(*ast.Field)) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition != nil && querylimit.IsConnection(s.Definition) {
				fn(s)
			}
			walkConnections(s.SelectionSet, visited, fn)
		case *ast.InlineFragment:
			walkConnections(s.SelectionSet, visited, fn)
		case *ast.FragmentSpread:
			if s.Definition != nil && !visited[s.Name] {
				visited[s.Name] = true
				walkConnections(s.Definition.SelectionSet, visited, fn)
			}
		}
	}
}

// pageSizeLimit refuses pages over MaxPageSize.
type pageSizeLimit struct{ noSchemaCheck }

var _ graphql.OperationContextMutator = pageSizeLimit{}

func (pageSizeLimit) ExtensionName() string { return "PageSizeLimit" }

func (pageSizeLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	var bad *gqlerror.Error
	walkConnections(oc.Operation.SelectionSet, map[string]bool{}, func(f *ast.Field) {
		if bad != nil {
			return
		}
		for _, name := range []string{"first", "last"} {
			n, ok := intArgument(f, name, oc.Variables)
			if ok && (n < 0 || n > MaxPageSize) {
				bad = &gqlerror.Error{
					Message:   name + " must be between 0 and " + strconv.Itoa(MaxPageSize) + " on " + f.Name,
					Locations: []gqlerror.Location{{Line: f.Position.Line, Column: f.Position.Column}},
					Extensions: map[string]any{
						"code": string(errcode.BadUserInput), "field": name,
					},
				}
			}
		}
	})
	return bad
}

// intArgument is the value of an Int argument of f, from the document or
// its variables (what f.ArgumentMap gives for it, without converting every
// other argument of the field on every request).
func intArgument(f *ast.Field, name string, vars map[string]any) (int64, bool) {
	a := f.Arguments.ForName(name)
	if a == nil || a.Value == nil {
		return 0, false
	}
	var v any
	if a.Value.Kind == ast.Variable {
		v = vars[a.Value.Raw]
	} else {
		var err error
		if v, err = a.Value.Value(vars); err != nil {
			return 0, false
		}
	}
	n, ok := v.(int64)
	return n, ok
}
