package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orgraph/bench/loadgen"
	"orgraph/bench/seed"
)

// TestReportTables renders a report of every kind of result and checks
// that each table row has as many cells as its header, so the generated
// part of docs/PERFORMANCE.md stays a readable table whatever is measured.
func TestReportTables(t *testing.T) {
	run := measured{Result: loadgen.Result{RPS: 100, Requests: 1000, P50: time.Millisecond}, ServerCPU: 1, DBCPU: 1}
	runs := [][]measured{{run}}
	for _, o := range []options{
		{db: "mysql", runs: 1, clients: []int{16}, instructions: true, vsScale: 10},
		{db: "sqlite", runs: 1, clients: []int{16}},
	} {
		r := &report{DB: o.db, Opts: o, Fixture: &seed.Fixture{Shape: seed.DefaultShape()},
			Counts:      []statementCount{{Label: "Q1", Workload: "Q1", N: 7, Read: dbRead{175, 958}}},
			FloorCounts: []statementCount{{Label: "Q1", Workload: "Q1", N: 4, Read: dbRead{276, 406}}},
			Allocs:      map[string][2]allocCost{"Q1": {{16249, 898}, {1586, 85}}},
			Workloads:   []workloadResult{{Name: "Q1", Clients: []clientResult{{Clients: 16, Orgraph: runs[0], Floor: runs[0]}}}},
		}
		if o.vsScale > 0 {
			r.Scale = &scaleResult{Factor: 10, Big: &seed.Fixture{Shape: seed.DefaultShape().Scaled(10)},
				Workloads: []scaleWorkload{{Name: "Q1", Runs: [][][]measured{runs, runs, runs, runs}}}}
		}
		header := 0
		for i, line := range strings.Split(r.markdown(), "\n") {
			if !strings.HasPrefix(line, "|") {
				header = 0
				continue
			}
			cells := strings.Count(line, "|")
			if header == 0 {
				header = cells
			} else if cells != header {
				t.Errorf("%s line %d: %d cells, header has %d: %s", o.db, i, cells, header, line)
			}
		}
	}
}

// TestWalkTables sums what ANALYZE FORMAT=JSON reports per table access.
func TestWalkTables(t *testing.T) {
	const analyze = `{"query_block": {"nested_loop": [
		{"table": {"table_name": "o", "access_type": "const", "r_loops": 0, "r_rows": null, "r_engine_stats": {"pages_accessed": 2}}}],
		"subqueries": [{"query_block": {"nested_loop": [
		{"table": {"table_name": "c", "access_type": "ref", "r_loops": 3, "r_rows": 50, "r_engine_stats": {"pages_accessed": 7}}}]}}]}}`
	var tree any
	if err := json.Unmarshal([]byte(analyze), &tree); err != nil {
		t.Fatal(err)
	}
	var r dbRead
	walkTables(tree, &r)
	if r != (dbRead{Rows: 151, Pages: 9}) {
		t.Errorf("got %+v, want 151 rows (1 const + 3 x 50) and 9 pages", r)
	}
}

// TestWriteInto replaces only the part between the markers.
func TestWriteInto(t *testing.T) {
	path := filepath.Join(t.TempDir(), "PERFORMANCE.md")
	before, after := "# Performance\n\nhand-written\n\n", "\n\nmore hand-written\n"
	if err := os.WriteFile(path, []byte(before+beginMarker+"\nold\n"+endMarker+after), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &report{DB: "sqlite", Opts: options{runs: 1, clients: []int{16}}, Fixture: &seed.Fixture{}}
	if err := r.writeInto(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	s := string(b)
	if !strings.HasPrefix(s, before+beginMarker) || !strings.HasSuffix(s, endMarker+after) || strings.Contains(s, "\nold\n") {
		t.Errorf("writeInto: %q", s)
	}
}
