package main

import (
	"context"
	"log"

	"orgraph/bench/seed"
	"orgraph/bench/workloads"
)

// scaleResult compares the read workloads on the data of -scale (1x) and
// on -vs-scale times it (Nx), measured alternately in one run.
type scaleResult struct {
	Factor    int
	Big       *seed.Fixture
	Workloads []scaleWorkload
}

// scaleWorkload: Runs[t][client count] for the targets Orgraph 1x,
// Orgraph Nx, floor 1x, floor Nx; Allocs[1x or Nx][Orgraph or floor].
type scaleWorkload struct {
	Name   string
	Runs   [][][]measured
	Allocs [2][2]allocCost
	// Read: what MariaDB read for one Orgraph request, 1x and Nx.
	Read [2]dbRead
}

// runScale seeds (or reuses) the Nx database and runs Q1, Q2 and Q3 (those
// of -only) on both data sets, Orgraph and the floor, alternating.
func runScale(ctx context.Context, o options, bins binaries, dbURL string, fx *seed.Fixture, counts []statementCount) (*scaleResult, error) {
	bigURL, big, _, err := prepare(ctx, o, o.scale*o.vsScale)
	if err != nil {
		return nil, err
	}
	log.Printf("%dx database: %d rows, seeded in %.1f s", o.vsScale, big.Rows, big.Seconds)
	if err := crossCheck(ctx, bins, bigURL, big, o.workDir); err != nil {
		return nil, err
	}
	res := &scaleResult{Factor: o.vsScale, Big: big}
	pick := func(f *seed.Fixture) []workloads.Workload {
		var ws []workloads.Workload
		for _, w := range workloads.All(f) {
			if w.Name != "M1" && (o.only == nil || o.only[w.Name]) {
				ws = append(ws, w)
			}
		}
		return ws
	}
	small, large := pick(fx), pick(big)
	bigCounts, _, err := countStatements(ctx, bigURL, big, o.db == "mysql")
	if err != nil {
		return nil, err
	}
	read := func(cs []statementCount, w string) dbRead {
		for _, c := range cs {
			if c.Workload == w {
				return c.Read
			}
		}
		return dbRead{}
	}
	log.Printf("allocations per request on the %dx data", o.vsScale)
	smallAllocs, err := measureAllocs(ctx, dbURL, small)
	if err != nil {
		return nil, err
	}
	largeAllocs, err := measureAllocs(ctx, bigURL, large)
	if err != nil {
		return nil, err
	}
	names := scaleTargets(o.vsScale)
	for i, w := range small {
		ts := []target{
			{names[0], bins.orgraph, dbURL, w}, {names[1], bins.orgraph, bigURL, large[i]},
			{names[2], bins.floor, dbURL, w}, {names[3], bins.floor, bigURL, large[i]},
		}
		runs, _, err := runTargets(ctx, o, ts)
		if err != nil {
			return nil, err
		}
		res.Workloads = append(res.Workloads, scaleWorkload{Name: w.Name, Runs: runs,
			Allocs: [2][2]allocCost{smallAllocs[w.Name], largeAllocs[w.Name]}, Read: [2]dbRead{read(counts, w.Name), read(bigCounts, w.Name)}})
	}
	return res, nil
}
