package testserver

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"orgraph/ent/migrate"
)

// Snapshot is every row of every table of the schema, read with plain SQL
// (no privacy, no ent hooks): table -> row ID -> column -> value. Tests
// take one before and one after a request and compare them: a refused
// request changed nothing, an allowed one exactly what it should.
type Snapshot map[string]map[int64]Row

// Row is one row: column -> value as text ("NULL" for SQL NULL).
type Row map[string]string

// Snapshot reads the whole database.
func (s *Server) Snapshot() Snapshot {
	s.t.Helper()
	// The outbox's worker updates its rows after each commit: read them
	// once it has delivered what is due, so two snapshots compare requests.
	s.Mailer.Wait()
	snap := Snapshot{}
	for _, table := range migrate.Tables {
		rows, err := s.DB.SQL.Query("SELECT * FROM " + table.Name)
		if err != nil {
			s.t.Fatalf("snapshot of %s: %v", table.Name, err)
		}
		cols, _ := rows.Columns()
		snap[table.Name] = map[int64]Row{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				s.t.Fatal(err)
			}
			row := Row{}
			for i, v := range vals {
				row[cols[i]] = sqlText(v)
			}
			var id int64
			_, _ = fmt.Sscan(row["id"], &id)
			snap[table.Name][id] = row
		}
		if err := rows.Err(); err != nil {
			s.t.Fatal(err)
		}
		rows.Close()
	}
	return snap
}

func sqlText(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(v)
	}
	return fmt.Sprint(v)
}

// Diff lists what changed from s to after, one line per row, sorted:
// "+ table id col=value ...", "- table id", "~ table id col: old -> new".
// It is empty when nothing changed.
func (s Snapshot) Diff(after Snapshot) []string {
	var out []string
	for _, table := range slices.Sorted(maps.Keys(union(s, after))) {
		out = append(out, DiffByID(table, s[table], after[table], func(b, a Row) []string {
			var changed []string
			for _, col := range slices.Sorted(maps.Keys(a)) {
				if a[col] != b[col] {
					changed = append(changed, fmt.Sprintf("%s: %s -> %s", col, b[col], a[col]))
				}
			}
			return changed
		})...)
	}
	return out
}

// DiffByID compares two sets of rows keyed by ID, in ID order: "+ kind id
// row" for a row only in after, "- kind id" for one only in before, and
// "~ kind id change" for each change that changes reports.
func DiffByID[K cmp.Ordered, V any](kind string, before, after map[K]V, changes func(before, after V) []string) []string {
	var out []string
	for _, id := range slices.Sorted(maps.Keys(union(before, after))) {
		b, inBefore := before[id]
		a, inAfter := after[id]
		switch {
		case !inBefore:
			out = append(out, fmt.Sprintf("+ %s %v %v", kind, id, a))
		case !inAfter:
			out = append(out, fmt.Sprintf("- %s %v", kind, id))
		default:
			for _, c := range changes(b, a) {
				out = append(out, fmt.Sprintf("~ %s %v %s", kind, id, c))
			}
		}
	}
	return out
}

// String renders the row with its columns in order.
func (r Row) String() string {
	var b strings.Builder
	for i, col := range slices.Sorted(maps.Keys(r)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%s", col, r[col])
	}
	return b.String()
}

// String renders the whole snapshot (every row of every table).
func (s Snapshot) String() string { return strings.Join(Snapshot{}.Diff(s), "\n") }

func union[K comparable, V any](a, b map[K]V) map[K]bool {
	keys := map[K]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}
