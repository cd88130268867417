package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"orgraph/internal/sqlcount"
)

// dbRead is the database's side of a request counted, not timed: the rows
// MariaDB read (per table access, r_loops x r_rows of ANALYZE; a const
// table read at optimization counts one) and the buffer pool pages it
// touched (r_engine_stats.pages_accessed), over the request's SELECTs.
// Like allocations, it does not move with the machine's load; it grows
// with the tables only if a statement scans more as they grow.
type dbRead struct {
	Rows, Pages float64
}

func (r *dbRead) add(o dbRead) { r.Rows += o.Rows; r.Pages += o.Pages }

func (r dbRead) String() string {
	if r.Pages == 0 && r.Rows == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f / %.0f", r.Rows, r.Pages)
}

// analyzeStatement runs a recorded SELECT again under MariaDB's ANALYZE
// FORMAT=JSON (which executes it) and sums what each table access read.
// Writes are not re-run: zero.
func analyzeStatement(db *sql.DB, s sqlcount.Statement) (dbRead, error) {
	if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(s.Query)), "SELECT") {
		return dbRead{}, nil
	}
	var out string
	if err := db.QueryRow("ANALYZE FORMAT=JSON "+s.Query, s.Args...).Scan(&out); err != nil {
		return dbRead{}, err
	}
	var tree any
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		return dbRead{}, err
	}
	var r dbRead
	walkTables(tree, &r)
	return r, nil
}

// walkTables adds up every "table" node of an ANALYZE tree.
func walkTables(v any, r *dbRead) {
	switch t := v.(type) {
	case map[string]any:
		if _, ok := t["table_name"]; ok {
			loops, _ := t["r_loops"].(float64)
			rows, _ := t["r_rows"].(float64)
			if t["access_type"] == "const" || t["access_type"] == "system" {
				loops, rows = 1, 1
			}
			r.Rows += loops * rows
			if st, ok := t["r_engine_stats"].(map[string]any); ok {
				pages, _ := st["pages_accessed"].(float64)
				r.Pages += pages
			}
		}
		for _, e := range t {
			walkTables(e, r)
		}
	case []any:
		for _, e := range t {
			walkTables(e, r)
		}
	}
}
