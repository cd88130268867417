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

// Lists of objects are marshaled by graphql.MarshalSliceConcurrently, a
// goroutine per element, whatever the object's setting; the generated calls
// are pointed at marshalList (graph/execution.go), which does the same work
// on one goroutine.
const (
	concurrentList = "graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {"
	sequentialList = "marshalList(ctx, len(v), func(ctx context.Context, i int) graphql.Marshaler {"
	generated      = "graph/generated.go"
)

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
	n := bytes.Count(src, []byte(concurrentList))
	if n == 0 || bytes.Count(src, []byte("MarshalSliceConcurrently")) != n {
		log.Fatalf("%s: the list marshalers are not in the expected form (gqlgen changed?)", generated)
	}
	src = bytes.ReplaceAll(src, []byte(concurrentList), []byte(sequentialList))
	if err := os.WriteFile(generated, src, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d list marshalers made sequential\n", generated, n)
}
