// Package gqlhooks holds the entgql schema hooks that ent/entc.go runs on
// the SDL it generates (ent.graphql), so that the schema generates clean
// clients (issue 12, item 5): connections whose edges and nodes are
// non-null, custom scalars with @specifiedBy and a description, and a
// description on every type, field and enum value entgql writes. The texts
// that belong to one entity live in ent/schema (a field's or edge's
// Comment, the type's schema.Comment, a gqldoc.Enum on an enum field);
// what follows from entgql's naming (where-input predicates, order fields,
// the IDs of mutation inputs) is written here. Only the generator imports
// this package.
package gqlhooks

import (
	"encoding/json"
	"fmt"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"

	"orgraph/ent/schema/gqldoc"
)

// All is every hook, in the order they must run.
var All = []entgql.SchemaHook{NonNullConnections, SpecifiedScalars, Describe}

// NonNullConnections makes every connection entgql generates
// (entgql.RelayConnection on a type) `edges: [XEdge!]!` with `node: X!`.
// ent's pagination never returns a nil list, edge or node (a row the viewer
// may not see is filtered out by the query, not returned as null), so no
// resolver changes: only the generated types lose their null checks.
func NonNullConnections(_ *gen.Graph, s *ast.Schema) error {
	for _, def := range s.Types {
		edges, pageInfo := def.Fields.ForName("edges"), def.Fields.ForName("pageInfo")
		if def.Kind != ast.Object || edges == nil || pageInfo == nil || edges.Type.Elem == nil {
			continue
		}
		edgeName := edges.Type.Elem.Name()
		edge := s.Types[edgeName]
		if edge == nil || edge.Fields.ForName("node") == nil {
			return fmt.Errorf("gqlhooks: %s.edges: no edge type %s with a node", def.Name, edgeName)
		}
		edges.Type = ast.NonNullListType(ast.NonNullNamedType(edgeName, nil), nil)
		edges.Description = "The items of this page with their cursors, in order; empty when there are none."
		node := edge.Fields.ForName("node")
		node.Type = ast.NonNullNamedType(node.Type.Name(), nil)
	}
	return nil
}

// scalars are the custom scalars of ent.graphql with their specification
// and description.
var scalars = map[string]struct{ url, description string }{
	"Time": {
		url: "https://scalars.graphql.org/andimarek/date-time",
		description: "An instant, as an RFC 3339 date-time string with a time offset, such as " +
			"`2026-12-02T15:04:05.123Z`; fractions of a second up to nanoseconds.",
	},
	"Map": {
		url:         "https://www.rfc-editor.org/rfc/rfc8259#section-4",
		description: "A JSON object (RFC 8259, section 4): an audit entry's fields before or after a change, by field name.",
	},
	"Cursor": {
		url: "https://relay.dev/graphql/connections.htm#sec-Cursor",
		description: "An opaque position in a connection, from `cursor` or `pageInfo`: pass it back " +
			"as `after` or `before`, unchanged, with the same ordering. A malformed cursor is BAD_USER_INPUT.",
	},
}

// SpecifiedScalars gives Time, Cursor and Map a description and @specifiedBy.
func SpecifiedScalars(_ *gen.Graph, s *ast.Schema) error {
	for name, sc := range scalars {
		def := s.Types[name]
		if def == nil {
			return fmt.Errorf("gqlhooks: no scalar %s", name)
		}
		def.Description = sc.description
		def.Directives = append(def.Directives, &ast.Directive{
			Name:      "specifiedBy",
			Arguments: ast.ArgumentList{{Name: "url", Value: &ast.Value{Kind: ast.StringValue, Raw: sc.url}}},
		})
	}
	return nil
}

// Describe writes the descriptions entgql leaves empty or fills with its
// defaults.
func Describe(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		if err := describeNode(n, s); err != nil {
			return err
		}
	}
	if q := s.Types["Query"]; q != nil && q.Description == "" {
		q.Description = "What may be read. A request without a valid bearer token is anonymous: " +
			"what needs a user answers UNAUTHENTICATED. Hidden things are answered as things that never existed."
	}
	for name, def := range s.Types {
		switch {
		case def.Kind == ast.InputObject && strings.HasSuffix(name, "WhereInput"):
			describeWhereInput(def, strings.TrimSuffix(name, "WhereInput"))
		case def.Kind == ast.InputObject && (strings.HasPrefix(name, "Create") || strings.HasPrefix(name, "Update")) && strings.HasSuffix(name, "Input"):
			describeMutationInput(def, g)
		case def.Kind == ast.Enum && strings.HasSuffix(name, "OrderField"):
			for _, v := range def.EnumValues {
				if v.Description == "" {
					v.Description = orderValueDescription(v.Name)
				}
			}
		}
		if def.Kind == ast.Object && len(def.Interfaces) > 0 && def.Fields.ForName("id") != nil && def.Fields.ForName("id").Description == "" {
			def.Fields.ForName("id").Description = "The global ID: opaque, unique across all types; `node(id:)` fetches it."
		}
	}
	return nil
}

// describeNode copies the type's schema.Comment to its object type, and
// each gqldoc.Enum of its fields to the field's enum type.
func describeNode(n *gen.Type, s *ast.Schema) error {
	def := s.Types[n.Name]
	if def != nil && def.Description == "" {
		def.Description = annotationText(n.Annotations["Comment"])
	}
	// entgql leaves the fields of connection edges without a description.
	for _, e := range n.Edges {
		if f := fieldOf(def, lowerCamel(e.Name)); f != nil && f.Description == "" {
			f.Description = e.Comment()
		}
	}
	for _, f := range n.Fields {
		raw, ok := f.Annotations[gqldoc.Enum{}.Name()]
		if !ok {
			continue
		}
		var doc gqldoc.Enum
		if err := decode(raw, &doc); err != nil {
			return err
		}
		var ant entgql.Annotation
		if err := decode(f.Annotations[ant.Name()], &ant); err != nil {
			return err
		}
		enum := s.Types[ant.Type]
		if enum == nil || enum.Kind != ast.Enum {
			return fmt.Errorf("gqlhooks: %s.%s: gqldoc.Enum needs entgql.Type naming an enum", n.Name, f.Name)
		}
		enum.Description = doc.Type
		for _, v := range enum.EnumValues {
			if v.Description = doc.Values[v.Name]; v.Description == "" {
				return fmt.Errorf("gqlhooks: %s.%s: no description of %s", n.Name, f.Name, v.Name)
			}
		}
	}
	return nil
}

func fieldOf(def *ast.Definition, name string) *ast.FieldDefinition {
	if def == nil {
		return nil
	}
	return def.Fields.ForName(name)
}

func annotationText(raw any) string {
	var c struct{ Text string }
	_ = decode(raw, &c)
	return c.Text
}

func decode(raw, into any) error {
	if raw == nil {
		return nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}
