package httpapi

import "orgraph/graph"

// SchemaSDL is the GraphQL schema this handler serves, as SDL (`orgraph
// schema`; docs/schema.graphql is it, committed).
func SchemaSDL() string { return graph.ServedSDL() }
