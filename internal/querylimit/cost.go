package querylimit

import (
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CostRules say how Cost counts a validated operation.
//
// Every field costs 1, or Weights[its type's name] when its value is an
// object heavier than one small value (the cost then approximates the
// kilobytes one row may hold). A connection (a field whose type ends in
// Connection and that takes first and last) counts its edges and nodes once
// per row of its page: first or last, or DefaultPage when neither is given.
// A field with an argument named ids that returns a list of objects
// (nodes(ids:)) counts its selection once per id, and refuses more than
// MaxIDs ids. Other lists count once: their length is bounded by the
// request itself (createAnnotations returns what it was sent).
type CostRules struct {
	DefaultPage int
	MaxIDs      int
	Weights     map[string]int
}

// Cost is the cost of op with its variables, or a BAD_USER_INPUT error when
// a list argument is too long. Each fragment is counted once and its cost
// reused at every spread (the cost of a fragment does not depend on where
// it is spread), so Cost is linear in the document.
func Cost(op *ast.OperationDefinition, vars map[string]any, rules CostRules) (int, *gqlerror.Error) {
	c := coster{rules: rules, vars: vars, memo: map[string]cost{}}
	return c.set(op.SelectionSet).times(1), c.err
}

type coster struct {
	rules CostRules
	vars  map[string]any
	memo  map[string]cost
	err   *gqlerror.Error
}

// cost is the cost of a selection set split in two: perRow is what its
// edges and nodes fields cost for one row, when the set is a connection's
// (directly or through fragments on the connection type); fixed is the rest.
// Keeping them apart lets a fragment's cost be memoized and still be
// multiplied by the page size of each connection it is spread into.
type cost struct{ fixed, perRow int }

func (c cost) plus(o cost) cost {
	return cost{saturatingAdd(c.fixed, o.fixed), saturatingAdd(c.perRow, o.perRow)}
}

// times is the total of a set under a page of n rows.
func (c cost) times(n int) int { return saturatingAdd(c.fixed, saturatingMul(c.perRow, n)) }

func (c *coster) set(set ast.SelectionSet) cost {
	var total cost
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			n := c.field(sel)
			if isRowField(sel) {
				total = total.plus(cost{perRow: n})
			} else {
				total = total.plus(cost{fixed: n})
			}
		case *ast.InlineFragment:
			total = total.plus(c.set(sel.SelectionSet))
		case *ast.FragmentSpread:
			if sel.Definition == nil {
				continue
			}
			n, seen := c.memo[sel.Name]
			if !seen {
				c.memo[sel.Name] = cost{} // validated documents have no cycles; be safe anyway
				n = c.set(sel.Definition.SelectionSet)
				c.memo[sel.Name] = n
			}
			total = total.plus(n)
		}
	}
	return total
}

// isRowField reports the edges or nodes field of a connection type.
func isRowField(f *ast.Field) bool {
	return (f.Name == "edges" || f.Name == "nodes") && f.ObjectDefinition != nil &&
		strings.HasSuffix(f.ObjectDefinition.Name, "Connection")
}

func (c *coster) field(f *ast.Field) int {
	own := 1
	if f.Definition != nil {
		if w, ok := c.rules.Weights[f.Definition.Type.Name()]; ok {
			own = w
		}
	}
	switch {
	case f.Definition != nil && IsConnection(f.Definition):
		page := max(c.intArg(f, "first"), c.intArg(f, "last"))
		if page < 0 {
			page = c.rules.DefaultPage
		}
		return saturatingAdd(own, c.set(f.SelectionSet).times(page))
	case f.Arguments.ForName("ids") != nil && f.Definition != nil && f.Definition.Type.Elem != nil && len(f.SelectionSet) > 0:
		ids := c.listLen(f, "ids")
		if ids > c.rules.MaxIDs && c.err == nil {
			c.err = &gqlerror.Error{
				Message:    fmt.Sprintf("%s takes at most %d ids, got %d", f.Name, c.rules.MaxIDs, ids),
				Locations:  []gqlerror.Location{{Line: f.Position.Line, Column: f.Position.Column}},
				Extensions: map[string]any{"code": CodeBadUserInput, "field": "ids"},
			}
		}
		// Each id is one value of the list's type, with its selection.
		return saturatingAdd(1, saturatingMul(saturatingAdd(own, c.set(f.SelectionSet).times(1)), max(ids, 1)))
	default:
		return saturatingAdd(own, c.set(f.SelectionSet).times(1))
	}
}

// IsConnection reports a Relay connection field.
func IsConnection(def *ast.FieldDefinition) bool {
	return strings.HasSuffix(def.Type.Name(), "Connection") &&
		def.Arguments.ForName("first") != nil && def.Arguments.ForName("last") != nil
}

// intArg is an Int argument of f, or -1 when it is absent or null.
func (c *coster) intArg(f *ast.Field, name string) int {
	v := c.argument(f, name)
	if n, ok := v.(int64); ok && n >= 0 {
		return int(min(n, saturation))
	}
	return -1
}

func (c *coster) listLen(f *ast.Field, name string) int {
	list, _ := c.argument(f, name).([]any)
	return len(list)
}

// argument is the value of one argument of f, from the document or the
// variables, without converting the field's other arguments.
func (c *coster) argument(f *ast.Field, name string) any {
	a := f.Arguments.ForName(name)
	if a == nil || a.Value == nil {
		return nil
	}
	if a.Value.Kind == ast.Variable {
		return c.vars[a.Value.Raw]
	}
	v, err := a.Value.Value(c.vars)
	if err != nil {
		return nil
	}
	return v
}

func saturatingMul(a, b int) int {
	if a != 0 && b > saturation/a {
		return saturation
	}
	return a * b
}
