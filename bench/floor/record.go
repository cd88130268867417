package floor

import (
	"context"
	"database/sql"
)

// Statement is one SQL statement the floor sent (Options.Record).
type Statement struct {
	Query string
	Args  []any
}

// conn is the floor's database: every statement goes through rec first
// (when set), so that the benchmark counts and analyzes the floor's
// statements as it does Orgraph's.
type conn struct {
	*sql.DB
	rec func(Statement)
}

func (c conn) note(q string, args []any) {
	if c.rec != nil {
		c.rec(Statement{q, append([]any(nil), args...)})
	}
}

func (c conn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.note(q, args)
	return c.DB.QueryContext(ctx, q, args...)
}

func (c conn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	c.note(q, args)
	return c.DB.QueryRowContext(ctx, q, args...)
}

func (c conn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	c.note(q, args)
	return c.DB.ExecContext(ctx, q, args...)
}

func (c conn) BeginTx(ctx context.Context, opts *sql.TxOptions) (txConn, error) {
	tx, err := c.DB.BeginTx(ctx, opts)
	return txConn{tx, c}, err
}

// txConn is a transaction of conn, its statements recorded alike.
type txConn struct {
	*sql.Tx
	c conn
}

func (t txConn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	t.c.note(q, args)
	return t.Tx.QueryRowContext(ctx, q, args...)
}

func (t txConn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	t.c.note(q, args)
	return t.Tx.ExecContext(ctx, q, args...)
}
