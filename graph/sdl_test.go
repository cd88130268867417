package graph

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// The printed schema is a valid schema with the served schema's types and
// directives, and nothing of the code generators.
func TestServedSDLIsTheServedSchema(t *testing.T) {
	sdl := ServedSDL()
	parsed, err := gqlparser.LoadSchema(&ast.Source{Name: "served.graphql", Input: sdl})
	if err != nil {
		t.Fatalf("the printed schema does not load: %v", err)
	}
	served := servedSchema()
	if got, want := slices.Sorted(maps.Keys(parsed.Types)), slices.Sorted(maps.Keys(served.Types)); !slices.Equal(got, want) {
		t.Errorf("types:\n got %v\nwant %v", got, want)
	}
	if got, want := slices.Sorted(maps.Keys(parsed.Directives)), slices.Sorted(maps.Keys(served.Directives)); !slices.Equal(got, want) {
		t.Errorf("directives:\n got %v\nwant %v", got, want)
	}
	for name, def := range served.Types {
		if got := parsed.Types[name]; got != nil && (len(got.Fields) != len(def.Fields) || len(got.EnumValues) != len(def.EnumValues)) {
			t.Errorf("%s: %d fields and %d values printed, %d and %d served", name, len(got.Fields), len(got.EnumValues), len(def.Fields), len(def.EnumValues))
		}
	}
	for _, name := range codegenDirectives {
		if _, ok := parsed.Directives[name]; ok || strings.Contains(sdl, "@"+name) {
			t.Errorf("the printed schema defines or uses @%s", name)
		}
	}
}
