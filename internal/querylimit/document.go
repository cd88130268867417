// Package querylimit bounds the work one GraphQL request may cause, in two
// steps that are each linear in the size of the document:
//
//   - CheckDocument, before validation: the parser stops at a token limit,
//     then one pass counts fields, aliases, directives, the depth and the
//     expanded size (fields once fragments are spread). gqlparser's
//     validation has quadratic rules (OverlappingFieldsCanBeMerged) and
//     follows every fragment spread; a document refused here never reaches
//     it.
//   - Cost, after validation, once variables are known: the number of rows
//     and values the operation may return, where a connection multiplies
//     its edges by its page size and a list argument (nodes(ids:))
//     multiplies its selection by the number of ids.
//
// Each fragment is measured once, however often it is spread (results are
// memoized by fragment name), so fan-out (F1 spreading F2 twice, F2
// spreading F3 twice, ...) costs as much as its text.
package querylimit

import (
	"fmt"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Codes of the refusals (the values of gqlgen's errcode, which the
// server's error presenter passes through).
const (
	// CodeParseFailed: the document is not GraphQL, or has more tokens
	// than the parser reads.
	CodeParseFailed = "GRAPHQL_PARSE_FAILED"
	// CodeValidationFailed: the document's shape is over a limit. It is a
	// property of the text alone, like the other validation rules.
	CodeValidationFailed = "GRAPHQL_VALIDATION_FAILED"
	// CodeBadUserInput: what the operation would return (its cost, a page
	// size, a list of ids) depends on the variables and is over a limit.
	CodeBadUserInput = "BAD_USER_INPUT"
)

// DocumentLimits are the limits of the document text. Each is named in
// refusals by its configuration variable.
type DocumentLimits struct {
	// Tokens is the most lexical tokens the parser reads (PARSER_TOKEN_LIMIT).
	Tokens int
	// Fields caps field selections (MAX_FIELDS), counted twice: as written,
	// and with every fragment spread expanded (a fragment spread five times
	// counts five times) in the operations.
	Fields int
	// Aliases caps aliased fields as written (MAX_ALIASES).
	Aliases int
	// Directives caps directive uses as written (MAX_DIRECTIVES).
	Directives int
	// Depth caps the nesting of fields, through fragments (MAX_DEPTH).
	Depth int
}

// Parse parses query with the token limit. Its error has code
// GRAPHQL_PARSE_FAILED.
func Parse(query string, tokens int) (*ast.QueryDocument, *gqlerror.Error) {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, tokens)
	if err != nil {
		gqlErr, ok := err.(*gqlerror.Error)
		if !ok {
			gqlErr = gqlerror.Wrap(err)
		}
		gqlErr.Extensions = map[string]any{"code": CodeParseFailed}
		return nil, gqlErr
	}
	return doc, nil
}

// CheckDocument parses query and refuses it with one error when it is over
// a limit. A query that does not parse is refused with the parser's error.
// The document parsed here is dropped: gqlgen parses the text again before
// validating it, a second linear pass bounded by the same token limit,
// which is cheaper than keeping a parallel cache of documents.
func CheckDocument(query string, l DocumentLimits) *gqlerror.Error {
	doc, err := Parse(query, l.Tokens)
	if err != nil {
		return err
	}
	return Measure(doc).Check(l)
}

// Shape is what CheckDocument measures of a document.
type Shape struct {
	Fields, ExpandedFields, Aliases, Directives, Depth int
	// Cycle names a fragment that spreads itself, directly or not.
	Cycle string
}

// Check refuses a shape over l with one error.
func (s Shape) Check(l DocumentLimits) *gqlerror.Error {
	over := func(what string, n, limit int, variable string) *gqlerror.Error {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the document has %s %d, over the limit of %d (%s)", what, n, limit, variable),
			Extensions: map[string]any{"code": CodeValidationFailed},
		}
	}
	switch {
	case s.Cycle != "":
		return &gqlerror.Error{
			Message:    fmt.Sprintf("Cannot spread fragment %q within itself.", s.Cycle),
			Extensions: map[string]any{"code": CodeValidationFailed},
		}
	case s.Fields > l.Fields:
		return over("fields:", s.Fields, l.Fields, "MAX_FIELDS")
	case s.ExpandedFields > l.Fields:
		return over("fields, with its fragments expanded:", s.ExpandedFields, l.Fields, "MAX_FIELDS")
	case s.Aliases > l.Aliases:
		return over("aliases:", s.Aliases, l.Aliases, "MAX_ALIASES")
	case s.Directives > l.Directives:
		return over("directives:", s.Directives, l.Directives, "MAX_DIRECTIVES")
	case s.Depth > l.Depth:
		return over("a depth of", s.Depth, l.Depth, "MAX_DEPTH")
	}
	return nil
}

// Measure measures doc in one pass: every selection set of the text is
// visited once.
func Measure(doc *ast.QueryDocument) Shape {
	m := measurer{fragments: map[string]*ast.FragmentDefinition{}, memo: map[string]*size{}}
	for _, f := range doc.Fragments {
		if _, dup := m.fragments[f.Name]; !dup {
			m.fragments[f.Name] = f
		}
	}
	for _, op := range doc.Operations {
		m.directives(op.Directives)
		for _, v := range op.VariableDefinitions {
			m.directives(v.Directives)
		}
		s := m.set(op.SelectionSet)
		m.shape.ExpandedFields = saturatingAdd(m.shape.ExpandedFields, s.fields)
		m.shape.Depth = max(m.shape.Depth, s.depth)
	}
	// Fragments no operation spreads are still text to validate.
	for _, f := range doc.Fragments {
		m.fragment(f.Name)
	}
	return m.shape
}

type size struct{ fields, depth int }

type measurer struct {
	fragments map[string]*ast.FragmentDefinition
	// memo holds each fragment's expanded size; nil while it is being
	// measured, so that a spread meeting nil has found a cycle.
	memo  map[string]*size
	shape Shape
}

func (m *measurer) directives(list ast.DirectiveList) {
	m.shape.Directives += len(list)
}

// set is the expanded size of a selection set; it counts the set's text.
func (m *measurer) set(set ast.SelectionSet) size {
	var s size
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			m.shape.Fields++
			if sel.Alias != "" && sel.Alias != sel.Name {
				m.shape.Aliases++
			}
			m.directives(sel.Directives)
			child := m.set(sel.SelectionSet)
			s.fields = saturatingAdd(s.fields, saturatingAdd(1, child.fields))
			s.depth = max(s.depth, 1+child.depth)
		case *ast.InlineFragment:
			m.directives(sel.Directives)
			child := m.set(sel.SelectionSet)
			s.fields = saturatingAdd(s.fields, child.fields)
			s.depth = max(s.depth, child.depth)
		case *ast.FragmentSpread:
			m.directives(sel.Directives)
			child := m.fragment(sel.Name)
			s.fields = saturatingAdd(s.fields, child.fields)
			s.depth = max(s.depth, child.depth)
		}
	}
	return s
}

// fragment is the memoized expanded size of a fragment. An unknown
// fragment counts nothing (validation refuses it); a cycle is recorded.
func (m *measurer) fragment(name string) size {
	if s, seen := m.memo[name]; seen {
		if s == nil {
			if m.shape.Cycle == "" {
				m.shape.Cycle = name
			}
			return size{}
		}
		return *s
	}
	def := m.fragments[name]
	if def == nil {
		return size{}
	}
	m.memo[name] = nil
	m.directives(def.Directives)
	s := m.set(def.SelectionSet)
	m.memo[name] = &s
	return s
}

// saturation keeps counts of exponential fan-out from overflowing: any
// count this large is over every limit.
const saturation = 1 << 40

func saturatingAdd(a, b int) int {
	if a+b > saturation {
		return saturation
	}
	return a + b
}
