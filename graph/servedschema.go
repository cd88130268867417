package graph

import (
	"maps"

	"github.com/vektah/gqlparser/v2/ast"
)

// codegenDirectives are read by gqlgen and entgql when they generate code;
// they mean nothing to a client, and introspection must not show them.
var codegenDirectives = []string{"goField", "goModel", "goTag", "goExtraField", "goEnum"}

// servedSchema is the schema the server validates against and introspects:
// the generated one without the code generators' directive definitions. It
// is a copy (the generated schema is shared); the directives' uses on types
// and fields stay, as introspection does not list applied directives.
func servedSchema() *ast.Schema {
	generated := NewExecutableSchema(Config{}).Schema()
	served := *generated
	served.Directives = maps.Clone(generated.Directives)
	for _, name := range codegenDirectives {
		delete(served.Directives, name)
	}
	return &served
}
