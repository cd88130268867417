package httpapi

import "orgraph/graph"

// SchemaSDL is the GraphQL schema this handler serves, as SDL (`orgraph
// schema`; docs/schema.graphql is it, committed).
func SchemaSDL() string { return graph.ServedSDL() }

// APIDoc is docs/API.md, the API reference made from the served schema's
// descriptions (`orgraph apidoc`).
func APIDoc() string { return graph.APIMarkdown() }
