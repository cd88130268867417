package graph

import (
	"context"
	"io"

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

// objectJSON writes an object of the response: its fields in order, each
// response key once. It is what graphql.FieldSet.MarshalGQL writes, which
// copies every field to the heap to iterate over them and builds a map of
// the keys written; an object has a handful of fields, so a scan of those
// before it does.
type objectJSON struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o objectJSON) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, "{")
	first := true
fields:
	for i := range o.fields {
		alias := o.fields[i].Alias
		for j := range i {
			if o.fields[j].Alias == alias {
				continue fields
			}
		}
		if !first {
			_, _ = io.WriteString(w, ",")
		}
		first = false
		// Response keys are GraphQL names ([_A-Za-z][_0-9A-Za-z]*):
		// nothing to escape.
		_, _ = io.WriteString(w, `"`)
		_, _ = io.WriteString(w, alias)
		_, _ = io.WriteString(w, `":`)
		o.values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}
