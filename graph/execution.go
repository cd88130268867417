package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalList marshals the elements of a list of objects in order, on the
// calling goroutine: the generated executor calls it where gqlgen would
// start a goroutine per element (graphql.MarshalSliceConcurrently; see
// graph/gqlgen.go). Each element gets its own field context (its index in
// the path of errors) and, as there, a panic nulls the element and is
// reported as an error of it.
func marshalList(ctx context.Context, n int, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	out := make(graphql.Array, n)
	for i := range n {
		elemCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		out[i] = marshalElement(elemCtx, i, marshal)
	}
	return out
}

func marshalElement(ctx context.Context, i int, marshal func(ctx context.Context, i int) graphql.Marshaler) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshal(ctx, i)
}
