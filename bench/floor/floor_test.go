package floor

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"orgraph/bench/inproc"
	"orgraph/bench/loadgen"
	"orgraph/bench/proc"
	"orgraph/bench/seed"
	"orgraph/bench/workloads"
	"orgraph/internal/database"
)

// TestFloorMatchesOrgraph seeds the small data set, and three times it
// (seed.Shape.Scaled, as -scale does), into in-memory SQLite databases,
// and with ORGRAPH_TEST_DATABASE_URL=mysql://... the small one into the
// MariaDB database of that name with the suffix _floor. On each it checks
// that the floor answers Q1, Q2 and Q3 exactly as Orgraph does
// (workloads.Questions), that an M1 pair leaves the same rows and that
// refused invitations and revocations get the same error codes from both
// (workloads.CheckM1), that every workload runs without errors on both,
// that Q1 costs Orgraph the same number of SQL statements whatever the
// size of the organization (no statement per member), and that the floor
// sends the number of statements docs/PERFORMANCE.md gives.
func TestFloorMatchesOrgraph(t *testing.T) {
	for name, shape := range map[string]seed.Shape{"sqlite": seed.SmallShape(), "sqlite x3": seed.SmallShape().Scaled(3)} {
		t.Run(name, func(t *testing.T) {
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
			floorMatchesOrgraph(t, dbURL, shape)
		})
	}
	if u := os.Getenv("ORGRAPH_TEST_DATABASE_URL"); strings.HasPrefix(u, "mysql://") {
		t.Run("mysql", func(t *testing.T) {
			dbURL := strings.TrimRight(u, "/") + "_floor"
			if err := proc.Recreate(dbURL); err != nil {
				t.Fatal(err)
			}
			floorMatchesOrgraph(t, dbURL, seed.SmallShape())
		})
	}
}

func floorMatchesOrgraph(t *testing.T, dbURL string, shape seed.Shape) {
	ctx := context.Background()
	fx, err := seed.Seed(ctx, dbURL, shape, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	og, err := inproc.Start(dbURL, inproc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer og.Close()
	// The floor reads the same database through Orgraph's own *sql.DB
	// (SQLite's memdb VFS is per process, by name).
	var floorStatements atomic.Int64
	fl := httptest.NewServer(NewHandler(og.DB.SQL, og.DB.Dialect, Options{Mail: log.New(io.Discard, "", 0),
		Record: func(Statement) { floorStatements.Add(1) }}))
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
	for _, q := range workloads.Questions(fx) {
		if err := workloads.SameData(ask(og.URL, q.Token, q.Body), ask(fl.URL, q.Token, q.Body)); err != nil {
			t.Errorf("%s: %v", q.Label, err)
		}
	}
	worker := fx.Workers[0]
	if err := workloads.CheckM1(ctx, hc, og.DB.SQL, og.URL+"/query", fl.URL+"/query", fx.OwnerOf(worker.OrgID), worker); err != nil {
		t.Error(err)
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

	// The floor's statements, as docs/PERFORMANCE.md gives them: the same
	// whatever the page or organization; M1 one more when it prunes.
	for _, w := range workloads.All(fx) {
		want := map[string]int{"Q1": 4, "Q2": 2, "Q3": 3, "M1": 7}[w.Name]
		do := w.Do(fl.URL)
		for i := 0; i < 8; i++ {
			n0 := floorStatements.Load()
			if err := do(ctx, hc, 0, i); err != nil {
				t.Fatalf("%s on the floor: %v", w.Name, err)
			}
			if n := int(floorStatements.Load() - n0); n != want && (w.Name != "M1" || n != want+1) {
				t.Errorf("the floor's %s #%d: %d statements, want %d", w.Name, i, n, want)
			}
		}
	}

	for _, w := range workloads.All(fx) {
		for _, url := range []string{og.URL, fl.URL} {
			do := w.Do(url)
			for i := 0; i < 3; i++ {
				if err := do(ctx, hc, i, i); err != nil {
					t.Errorf("%s on %s: %v", w.Name, url, err)
				}
			}
		}
	}
}
