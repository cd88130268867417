// Package client is a typed Go client of Orgraph's GraphQL API, generated
// by genqlient (github.com/Khan/genqlient) from operations.graphql and the
// served schema (docs/schema.graphql). Use it with genqlient's
// graphql.NewClient over an *http.Client that sends
// `Authorization: Bearer <token>` (see BearerClient):
//
//	c := graphql.NewClient("https://orgraph.example/query", client.BearerClient(http.DefaultClient, token))
//	me, err := client.Me(ctx, c)
//
// Errors are *gqlerror.List values (github.com/vektah/gqlparser/v2); Code
// returns the extensions.code of the first one. Regenerate with
// `go generate ./...` after changing operations.graphql or the schema.
package client

//go:generate go run github.com/Khan/genqlient genqlient.yaml
