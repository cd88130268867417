package graph

import (
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// ServedSDL is the served schema (servedSchema) as SDL, as a client sees it
// through introspection: `orgraph schema` prints it, and docs/schema.graphql
// is it, committed. Uses of directives the served schema does not define
// (the code generators') are left out, so the text is a valid schema.
func ServedSDL() string {
	served := servedSchema()
	printed := *served
	printed.Types = make(map[string]*ast.Definition, len(served.Types))
	for name, def := range served.Types {
		printed.Types[name] = withoutUndefinedDirectives(def, served.Directives)
	}
	var b strings.Builder
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(&printed)
	return separateDefinitions(b.String())
}

// separateDefinitions puts a blank line after each definition of the
// formatter's output, which writes them back to back.
func separateDefinitions(sdl string) string {
	lines := strings.Split(strings.TrimRight(sdl, "\n"), "\n")
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			prev := lines[i-1]
			ended := prev == "}" || strings.HasPrefix(prev, "scalar ") || strings.HasPrefix(prev, "directive ") || strings.HasPrefix(prev, "union ")
			if ended && line != "" && line[0] != ' ' {
				b.WriteByte('\n')
			}
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// withoutUndefinedDirectives is a copy of def without uses of directives
// missing from defined, on the type, its fields, their arguments and its
// enum values.
func withoutUndefinedDirectives(def *ast.Definition, defined map[string]*ast.DirectiveDefinition) *ast.Definition {
	keep := func(list ast.DirectiveList) ast.DirectiveList {
		var out ast.DirectiveList
		for _, d := range list {
			if defined[d.Name] != nil {
				out = append(out, d)
			}
		}
		return out
	}
	c := *def
	c.Directives = keep(def.Directives)
	c.Fields = make(ast.FieldList, len(def.Fields))
	for i, f := range def.Fields {
		fc := *f
		fc.Directives = keep(f.Directives)
		fc.Arguments = make(ast.ArgumentDefinitionList, len(f.Arguments))
		for j, a := range f.Arguments {
			ac := *a
			ac.Directives = keep(a.Directives)
			fc.Arguments[j] = &ac
		}
		c.Fields[i] = &fc
	}
	c.EnumValues = make(ast.EnumValueList, len(def.EnumValues))
	for i, v := range def.EnumValues {
		vc := *v
		vc.Directives = keep(v.Directives)
		c.EnumValues[i] = &vc
	}
	return &c
}
