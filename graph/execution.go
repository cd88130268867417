package graph

import (
	"bytes"
	"context"
	"io"
	"sync"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
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

// objectJSON is an object of the response, built by the generated
// executor (graph/gqlgen.go rewrites graphql.NewFieldSet to newObjectJSON)
// and written as graphql.FieldSet.MarshalGQL writes it: its fields in
// order, each response key once. FieldSet copies every field to the heap to
// iterate over them and builds a map of the keys written; an object has a
// handful of fields, so a scan of those before it does. The values of an
// object of up to inlineFields fields live in the same allocation.
type objectJSON struct {
	fields []graphql.CollectedField
	Values []graphql.Marshaler
	// Invalids counts the non-null fields that came out null (the object is
	// then null), as in graphql.FieldSet.
	Invalids uint32
	inline   [inlineFields]graphql.Marshaler
}

// inlineFields covers the objects of the common pages (a member, a user,
// an edge, a connection).
const inlineFields = 6

func newObjectJSON(fields []graphql.CollectedField) *objectJSON {
	o := &objectJSON{fields: fields}
	if len(fields) <= inlineFields {
		o.Values = o.inline[:len(fields)]
	} else {
		o.Values = make([]graphql.Marshaler, len(fields))
	}
	return o
}

func (o *objectJSON) MarshalGQL(w io.Writer) {
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
		o.Values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}

// collectedFields remembers, for one operation, the fields collected from
// each selection set for each object type (graph/gqlgen.go points the
// executor's graphql.CollectFields calls here). The result depends on the
// selection set, the type's implementors and the operation's variables
// (@skip, @include) only: the key is gqlgen's own (the selection set's
// array and length, and the implementors), without the hashing, since the
// generated executor passes the one implementors slice of each type.
type collectedFields struct {
	mu sync.Mutex
	m  map[collectedKey][]graphql.CollectedField
}

type collectedKey struct {
	sel        *ast.Selection
	n          int
	implements *string
}

func (c *collectedFields) of(op *graphql.OperationContext, sel ast.SelectionSet, implements []string) []graphql.CollectedField {
	key := collectedKey{unsafe.SliceData(sel), len(sel), unsafe.SliceData(implements)}
	c.mu.Lock()
	fields, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return fields
	}
	fields = graphql.CollectFields(op, sel, implements)
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[collectedKey][]graphql.CollectedField)
	}
	c.m[key] = fields
	c.mu.Unlock()
	return fields
}

// responseBuffers lends the executor the buffers it writes a response's
// data into (graph/gqlgen.go rewrites the generated Exec to ask
// responseBuffer), for one POST request: the handler gives them back to a
// pool once the transport has written the answer, which copies the data.
// Growing a fresh buffer to the size of a page of 50 members allocated
// twice that size per request, and zeroed it.
type responseBuffers struct{ lent []*bytes.Buffer }

type responseBuffersKey struct{}

var responseBufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledResponse: a buffer grown past it (a rare large answer) goes to
// the collector rather than staying in the pool.
const maxPooledResponse = 256 << 10

func lendResponseBuffers(ctx context.Context) (context.Context, *responseBuffers) {
	loan := &responseBuffers{}
	return context.WithValue(ctx, responseBuffersKey{}, loan), loan
}

// responseBuffer is an empty buffer for a response's data: from the pool
// when the request lends them, otherwise (a subscription's events) a new
// one.
func responseBuffer(ctx context.Context) *bytes.Buffer {
	loan, ok := ctx.Value(responseBuffersKey{}).(*responseBuffers)
	if !ok {
		return new(bytes.Buffer)
	}
	b := responseBufferPool.Get().(*bytes.Buffer)
	b.Reset()
	loan.lent = append(loan.lent, b)
	return b
}

func (l *responseBuffers) giveBack() {
	for _, b := range l.lent {
		if b.Cap() <= maxPooledResponse {
			responseBufferPool.Put(b)
		}
	}
	l.lent = nil
}
