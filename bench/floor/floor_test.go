package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"orgraph/bench/inproc"
	"orgraph/bench/loadgen"
	"orgraph/bench/seed"
	"orgraph/bench/workloads"
	"orgraph/internal/database"
)

// TestFloorMatchesOrgraph seeds the small data set into an in-memory
// SQLite database and checks that the floor answers Q1 and Q2 exactly as
// Orgraph does, that every workload runs without errors, and that Q1 costs
// the same number of SQL statements whatever the size of the organization
// (no statement per member).
func TestFloorMatchesOrgraph(t *testing.T) {
	ctx := context.Background()
	dbURL := fmt.Sprintf("sqlite://:memory:bench-%s", t.Name())
	// An in-memory database lives while a connection to it is open.
	keep, err := database.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer keep.Close()
	if err := keep.SQL.Ping(); err != nil {
		t.Fatal(err)
	}
	fx, err := seed.Seed(ctx, dbURL, seed.SmallShape(), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	og, err := inproc.Start(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer og.Close()
	// The floor reads the same in-memory database through Orgraph's own
	// *sql.DB (the memdb VFS is per process, by name).
	fl := httptest.NewServer(NewHandler(og.DB.SQL, og.DB.Dialect))
	defer fl.Close()

	hc := og.Client()
	ask := func(url, token string, body []byte) []byte {
		t.Helper()
		raw, err := loadgen.PostJSON(ctx, hc, url+"/query", token, body)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	questions := [][]byte{workloads.Q2Body(), workloads.Q1Body(fx.ViewerStaffOrgs[0], 5)}
	for _, s := range fx.ViewerStaffOrgs {
		questions = append(questions, workloads.Q1Body(s, 50))
	}
	for _, q := range questions {
		if err := workloads.SameData(ask(og.URL, fx.Viewer.Token, q), ask(fl.URL, fx.Viewer.Token, q)); err != nil {
			t.Errorf("%s: %v", q[len(q)-60:], err)
		}
	}

	count := func(token string, body []byte) int {
		og.Rec.Take()
		ask(og.URL, token, body)
		return len(og.Rec.Take())
	}
	n50 := count(fx.Viewer.Token, workloads.Q1Body(fx.ViewerStaffOrgs[0], 50))
	n5 := count(fx.Viewer.Token, workloads.Q1Body(fx.ViewerStaffOrgs[0], 5))
	small := count(fx.SmallOrgOwner.Token, workloads.Q1Body(fx.SmallOrg, 50))
	// The page size and the number of members change nothing, except that
	// a full first page (5 of 50 members) also counts the members: a page
	// that ends early carries its total count.
	if n50 != small || n5 != n50+1 {
		t.Errorf("Q1 statements: %d with first: 50, %d for 5 members, %d with first: 5; want the first two equal and one more for the full page", n50, small, n5)
	}

	for _, w := range workloads.All(fx) {
		do := w.Do(og.URL)
		for i := 0; i < 3; i++ {
			if err := do(ctx, hc, i, i); err != nil {
				t.Errorf("%s: %v", w.Name, err)
			}
		}
	}
}
