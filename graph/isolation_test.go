package graph_test

import (
	"context"
	"database/sql"
	"testing"

	"orgraph/internal/database"
	"orgraph/internal/testserver"
)

// Every MariaDB session of the pool runs READ COMMITTED (mutations rely on
// it: graph/transaction.go), set once per connection instead of before
// each transaction, and a DATABASE_URL parameter cannot change it. Several
// connections are held at once so that each answer is a different session.
func TestEverySessionReadsCommitted(t *testing.T) {
	s := testserver.New(t)
	if s.Dialect() == "sqlite3" {
		t.Skip("isolation levels are MariaDB's: SQLite transactions are serializable")
	}
	override, err := database.Open(s.Config.DatabaseURL + "?tx_isolation=%27REPEATABLE-READ%27")
	if err != nil {
		t.Fatal(err)
	}
	defer override.Close()
	ctx := context.Background()
	for name, pool := range map[string]*sql.DB{"the server's pool": s.DB.SQL, "a pool asking for REPEATABLE READ": override.SQL} {
		var held []*sql.Conn
		for range 4 {
			conn, err := pool.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			held = append(held, conn)
			var level string
			if err := conn.QueryRowContext(ctx, "SELECT @@SESSION.tx_isolation").Scan(&level); err != nil {
				// MySQL 8 knows the variable by its new name only.
				if err := conn.QueryRowContext(ctx, "SELECT @@SESSION.transaction_isolation").Scan(&level); err != nil {
					t.Fatal(err)
				}
			}
			if level != "READ-COMMITTED" {
				t.Fatalf("%s: session %d runs %s, want READ-COMMITTED", name, len(held), level)
			}
		}
		for _, c := range held {
			c.Close()
		}
	}
}
