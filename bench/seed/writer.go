package seed

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"
)

// writer sends multi-row INSERTs, many rows per statement and many
// statements per transaction.
type writer struct {
	ctx     context.Context
	conn    *sql.Conn
	dialect string
	logf    func(string, ...any)
	rows    int64
	// per table: rows written and time spent (logged by done)
	tables []string
	stats  map[string]*tableStats
}

type tableStats struct {
	rows int
	took time.Duration
}

// done logs the rows written per table.
func (w *writer) done() {
	for _, name := range w.tables {
		if st := w.stats[name]; w.logf != nil {
			w.logf("seeded %-13s %9d rows in %v", name, st.rows, st.took.Round(time.Millisecond))
		}
	}
}

// maxParams stays under both MySQL's 65,535 placeholders and SQLite's
// 32,766 host parameters.
const maxParams = 30000

// table inserts rows (each len(cols) values) into name.
func (w *writer) table(name string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	t0 := time.Now()
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = w.quote(c)
	}
	head := "INSERT INTO " + w.quote(name) + " (" + strings.Join(quoted, ", ") + ") VALUES "
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	per := maxParams / len(cols)
	tx, err := w.conn.BeginTx(w.ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	var stmt *sql.Stmt
	args := make([]any, 0, per*len(cols))
	for i := 0; i < len(rows); i += per {
		batch := rows[i:min(i+per, len(rows))]
		args = args[:0]
		for _, r := range batch {
			args = append(args, r...)
		}
		if len(batch) == per && stmt != nil {
			_, err = stmt.ExecContext(w.ctx, args...)
		} else {
			q := head + strings.TrimSuffix(strings.Repeat(tuple+", ", len(batch)), ", ")
			if len(batch) == per {
				if stmt, err = tx.PrepareContext(w.ctx, q); err != nil {
					return fmt.Errorf("seeding %s: %w", name, err)
				}
				_, err = stmt.ExecContext(w.ctx, args...)
			} else {
				_, err = tx.ExecContext(w.ctx, q, args...)
			}
		}
		if err != nil {
			return fmt.Errorf("seeding %s: %w", name, err)
		}
	}
	if stmt != nil {
		stmt.Close()
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	w.rows += int64(len(rows))
	if w.stats == nil {
		w.stats = map[string]*tableStats{}
	}
	st := w.stats[name]
	if st == nil {
		st = &tableStats{}
		w.stats[name] = st
		w.tables = append(w.tables, name)
	}
	st.rows += len(rows)
	st.took += time.Since(t0)
	return nil
}

func (w *writer) quote(ident string) string {
	if w.dialect == dialect.MySQL {
		return "`" + ident + "`"
	}
	return `"` + ident + `"`
}
