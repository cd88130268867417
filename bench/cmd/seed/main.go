// Command seed fills an empty Orgraph database with the benchmark's data
// set and writes the fixture (tokens, slugs) the workloads need as JSON.
//
//	cd bench && go run ./cmd/seed -database-url mysql://root@127.0.0.1:3306/orgraph_bench -fixture /tmp/fixture.json
//
// The database must exist and be empty (the perf command creates it).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"orgraph/bench/seed"
)

func main() {
	dbURL := flag.String("database-url", "", "sqlite://PATH or mysql://USER:PASS@HOST:PORT/DB of an empty database")
	fixture := flag.String("fixture", "fixture.json", "where to write the fixture")
	small := flag.Bool("small", false, "seed the small shape (tests)")
	flag.Parse()
	shape := seed.DefaultShape()
	if *small {
		shape = seed.SmallShape()
	}
	fx, err := seed.Seed(context.Background(), *dbURL, shape, func(f string, a ...any) { log.Printf(f, a...) })
	if err != nil {
		log.Fatal(err)
	}
	if err := fx.WriteFile(*fixture); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("seeded %d rows in %.1f s; fixture in %s\n", fx.Rows, fx.Seconds, *fixture)
}
