// Command seed fills an empty Orgraph database with the benchmark's data
// set and writes the fixture (tokens, slugs) the workloads need as JSON.
//
//	cd bench && go run ./cmd/seed -database-url mysql://root@127.0.0.1:3306/orgraph_bench -fixture /tmp/fixture.json
//
// The database must exist and be empty (the perf command creates it).
// With -scale N it seeds N times the data (the perf command's -scale and
// -vs-scale use the database named with the suffix _xN and the fixture
// fixture-mysql_xN.json in its -workdir, which -reuse then finds).
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
	scale := flag.Int("scale", 1, "seed N times the shape (seed.Shape.Scaled)")
	flag.Parse()
	shape := seed.DefaultShape()
	if *small {
		shape = seed.SmallShape()
	}
	fx, err := seed.Seed(context.Background(), *dbURL, shape.Scaled(*scale), func(f string, a ...any) { log.Printf(f, a...) })
	if err != nil {
		log.Fatal(err)
	}
	if err := fx.WriteFile(*fixture); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("seeded %d rows in %.1f s; fixture in %s\n", fx.Rows, fx.Seconds, *fixture)
}
