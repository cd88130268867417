// Package gqldoc carries GraphQL descriptions that entgql has no place for
// (an enum type's text and its values') from ent/schema to ent/entc.go,
// whose schema hook writes them into ent.graphql. It imports nothing, so
// that the generator can use it before ent/ is generated, and the server
// binary gains nothing from it.
package gqldoc

// Enum describes the GraphQL enum type of an enum field: the type and each
// of its values, by GraphQL value name.
type Enum struct {
	Type   string
	Values map[string]string
}

// Name implements ent's schema.Annotation.
func (Enum) Name() string { return "GQLDocEnum" }
