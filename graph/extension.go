package graph

import "github.com/99designs/gqlgen/graphql"

// noSchemaCheck is embedded by the handler extensions of this package
// (documentLimit, costLimit, pageSizeLimit, responseCheck, transactioner):
// none of them checks the schema, so each one's Validate is this. That
// each is a graphql.HandlerExtension is checked where handler.go passes it
// to Use; each file checks the interceptor interfaces.
type noSchemaCheck struct{}

func (noSchemaCheck) Validate(graphql.ExecutableSchema) error { return nil }
