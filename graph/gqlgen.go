//go:build ignore

// This program runs gqlgen (as `go run github.com/99designs/gqlgen generate`
// would, from gqlgen.yml) with one change to the executor it generates:
// every field and every list element is resolved on the request's own
// goroutine, in order. gqlgen otherwise starts a goroutine for each element
// of a list of objects and for each field backed by a resolver or a method
// with a context (an organization page started ~170 per request, each
// growing its stack), although nothing in Orgraph waits on a sibling
// field: edges come eager-loaded, one statement per edge, and privacy
// decisions are synchronous. Measured in docs/PERFORMANCE.md ("What was
// changed"). It runs from the module root (see generate.go).
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

// sequential is a gqlgen plugin that marks every object as not concurrent
// (gqlgen's own setting for Mutation: fields resolved in order).
type sequential struct{}

func (sequential) Name() string { return "sequential" }

func (sequential) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		o.DisableConcurrency = true
	}
	return nil
}

// rewrites are the changes made to the generated executor, each of which
// must match: lists of objects are marshaled by
// graphql.MarshalSliceConcurrently, a goroutine per element whatever the
// object's setting, so the calls are pointed at marshalList
// (graph/execution.go), which does the same work on one goroutine; and
// with no concurrent field there is nothing to defer (@defer only applies
// to concurrent fields), so objects no longer build a deferred group (its
// path, field set and map) for each object of the response; and objects
// are built and written by objectJSON (graph/execution.go), which writes
// the same JSON as graphql.FieldSet without a heap copy of every field and
// a map per object, in one allocation for most objects instead of three;
// and the fields of a selection set are collected once per operation and
// type (collectedFields), where gqlgen's own cache builds a hashed key, in
// three allocations, for every object of a list.
var rewrites = []struct{ from, to string }{
	{
		"graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {",
		"marshalList(ctx, len(v), func(ctx context.Context, i int) graphql.Marshaler {",
	},
	{
		"\t\tec.ProcessDeferredGroup(deferred)\n\t}\n\n\treturn out\n}\n",
		"\t\tec.ProcessDeferredGroup(deferred)\n\t}\n\n\treturn out // an objectJSON (graph/gqlgen.go)\n}\n",
	},
	{
		"\tout := graphql.NewFieldSet(fields)\n",
		"\tout := newObjectJSON(fields)\n",
	},
	{
		// FieldSet.Dispatch runs the delayed (concurrent) fields: none.
		"\tout.Dispatch(ctx)\n",
		"",
	},
	{
		"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n}\n",
		"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n\tcollected collectedFields // graph/gqlgen.go\n}\n",
	},
	{
		"graphql.CollectFields(ec.OperationContext, sel, ",
		"ec.collected.of(ec.OperationContext, sel, ",
	},
	{
		// The data of a query's or mutation's answer is written into a
		// pooled buffer (responseBuffer, graph/execution.go).
		"\t\t\tvar buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n",
		"\t\t\tbuf := responseBuffer(ctx)\n\t\t\tdata.MarshalGQL(buf)\n",
	},
	{
		"deferred := graphql.NewDeferredGroup(ctx)",
		"var deferred graphql.DeferredGroup // empty: no field is concurrent (graph/gqlgen.go)",
	},
}

const generated = "graph/generated.go"

func main() {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		log.Fatalf("loading gqlgen.yml: %v", err)
	}
	if err := api.Generate(cfg, api.AddPlugin(sequential{})); err != nil {
		log.Fatalf("running gqlgen: %v", err)
	}
	src, err := os.ReadFile(generated)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rewrites {
		n := bytes.Count(src, []byte(r.from))
		if n == 0 {
			log.Fatalf("%s: no %q (gqlgen changed?)", generated, r.from)
		}
		src = bytes.ReplaceAll(src, []byte(r.from), []byte(r.to))
		fmt.Printf("%s: %d x %s\n", generated, n, strings.TrimSpace(strings.Split(strings.TrimSpace(r.to), "\n")[0]))
	}
	src = plainFieldsDirect(src)
	if bytes.Contains(src, []byte("MarshalSliceConcurrently")) || bytes.Contains(src, []byte("Concurrently(")) {
		log.Fatalf("%s: something is still resolved concurrently", generated)
	}
	if err := os.WriteFile(generated, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// A plain field -- a struct field of the object, with no arguments, no
// resolver, no directive -- of a scalar whose marshaler cannot fail is
// marshaled directly: graphql.ResolveField would build a field context, a
// context and three closures for it and run the field middleware, which
// acts on where arguments only (graph/visibility.go). Reading a struct field
// cannot panic or fail, so nothing else changes; fields of every other
// shape (resolvers, methods, times, lists, objects) are left as gqlgen
// wrote them.
var plainField = regexp.MustCompile(`(?m)^(func \(ec \*executionContext\) _\w+\(ctx context\.Context, field graphql\.CollectedField, obj \*[\w.]+\) \(ret graphql\.Marshaler\) \{\n)` +
	`\treturn graphql\.ResolveField\(\n\t\tctx,\n\t\tec\.OperationContext,\n\t\tfield,\n` +
	`\t\tfunc\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{\n\t\t\treturn ec\.fieldContext_\w+\(ctx, field\)\n\t\t\},\n` +
	`\t\tfunc\(ctx context\.Context\) \(any, error\) \{\n\t\t\treturn obj\.(\w+), nil\n\t\t\},\n` +
	`\t\tnil,\n` +
	`\t\tfunc\(ctx context\.Context, selections ast\.SelectionSet, v [^)]+\) graphql\.Marshaler \{\n\t\t\treturn ec\.(marshal[^(]+)\(ctx, selections, v\)\n\t\t\},\n` +
	`\t\ttrue,\n\t\ttrue,\n\t\)\n\}\n`)

// infallible are the marshalers of scalars that never give null for a
// value: strings and times (a nil optional one is null, no error), integers,
// booleans, IDs; enums (whose marshaler returns
// the value itself) are recognized by their body.
var infallible = map[string]bool{"marshalNString2string": true, "marshalOString2ᚖstring": true, "marshalOTime2ᚖtimeᚐTime": true, "marshalNInt2int": true, "marshalNBoolean2bool": true, "marshalNID2int": true}

func plainFieldsDirect(src []byte) []byte {
	n := 0
	out := plainField.ReplaceAllFunc(src, func(m []byte) []byte {
		g := plainField.FindSubmatch(m)
		header, structField, marshal := g[1], g[2], string(g[3])
		enum := bytes.Contains(src, []byte("func (ec *executionContext) "+marshal+"(ctx context.Context, sel ast.SelectionSet, v "))
		if enum {
			start := bytes.Index(src, []byte("func (ec *executionContext) "+marshal+"("))
			body := src[start:]
			body = body[bytes.IndexByte(body, '\n')+1:]
			enum = bytes.HasPrefix(body, []byte("\treturn v\n}"))
		}
		if marshal == "marshalNTime2timeᚐTime" {
			// A zero time is null, an error of this field: then, and only
			// then, gqlgen's path, which names the field.
			n++
			return fmt.Appendf(append([]byte(nil), header...),
				"\tif !obj.%s.IsZero() { // a plain field (graph/gqlgen.go)\n\t\treturn gqlscalar.MarshalTime(obj.%s)\n\t}\n%s",
				structField, structField, m[len(header):])
		}
		if !infallible[marshal] && !enum {
			return m
		}
		n++
		return fmt.Appendf(append([]byte(nil), header...),
			"\treturn ec.%s(ctx, field.Selections, obj.%s) // a plain field (graph/gqlgen.go)\n}\n", marshal, structField)
	})
	if n == 0 {
		log.Fatalf("%s: no plain field found (gqlgen changed?)", generated)
	}
	fmt.Printf("%s: %d plain fields marshaled directly\n", generated, n)
	return out
}
