package testserver

import (
	"context"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// countingDriver counts the SQL statements sent to the database, so that
// tests can prove a request costs a constant number of them.
type countingDriver struct {
	dialect.Driver
	n *atomic.Int64
}

func (d countingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Query(ctx, query, args, v)
}

func (d countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return countingTx{Tx: tx, n: d.n}, nil
}

type countingTx struct {
	dialect.Tx
	n *atomic.Int64
}

func (t countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Query(ctx, query, args, v)
}
