// Package sqlcount wraps an ent driver to count, and optionally record, the
// SQL statements a piece of work sends to the database: tests prove with it
// that a request costs a constant number of statements, and the benchmark
// reports and EXPLAINs them.
package sqlcount

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"time"

	"entgo.io/ent/dialect"
)

// Statement is one SQL statement with its arguments.
type Statement struct {
	Query string
	Args  []any
}

// Recorder counts statements and, unless CountOnly, keeps them.
type Recorder struct {
	// CountOnly keeps no statements, only their number.
	CountOnly bool
	// Trace, when set, is called after each statement with its duration.
	Trace func(query string, took time.Duration)
	// Fail, when set, is asked before each statement: an error it returns
	// is the statement's, which does not run (tests of what a failing
	// database does to a workflow; the statement is still counted).
	Fail func(query string) error

	mu    sync.Mutex
	n     int64
	stmts []Statement
	// openTx counts transactions begun and not yet committed or rolled back.
	openTx int64
}

// OpenTransactions is how many transactions are open right now.
func (r *Recorder) OpenTransactions() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.openTx
}

func (r *Recorder) txDelta(d int64) {
	r.mu.Lock()
	r.openTx += d
	r.mu.Unlock()
}

// add counts (and keeps) a statement; the function it returns ends it.
func (r *Recorder) add(query string, args any) (done func()) {
	r.mu.Lock()
	r.n++
	if !r.CountOnly {
		a, _ := args.([]any)
		r.stmts = append(r.stmts, Statement{Query: query, Args: slices.Clone(a)})
	}
	r.mu.Unlock()
	if r.Trace == nil {
		return func() {}
	}
	start := time.Now()
	return func() { r.Trace(query, time.Since(start)) }
}

// failure is Fail's answer for query (nil without Fail).
func (r *Recorder) failure(query string) error {
	if r.Fail == nil {
		return nil
	}
	return r.Fail(query)
}

// Count is the number of statements since the Recorder was made.
func (r *Recorder) Count() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// Take returns the statements recorded since the last Take and forgets them.
func (r *Recorder) Take() []Statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.stmts
	r.stmts = nil
	return s
}

// Driver is a dialect.Driver that records every statement, in and out of
// transactions, before passing it on.
type Driver struct {
	dialect.Driver
	Rec *Recorder
}

// Wrap returns d recording into rec.
func Wrap(d dialect.Driver, rec *Recorder) Driver { return Driver{Driver: d, Rec: rec} }

// Exec records and runs a statement.
func (d Driver) Exec(ctx context.Context, query string, args, v any) error {
	defer d.Rec.add(query, args)()
	if err := d.Rec.failure(query); err != nil {
		return err
	}
	return d.Driver.Exec(ctx, query, args, v)
}

// Query records and runs a query.
func (d Driver) Query(ctx context.Context, query string, args, v any) error {
	defer d.Rec.add(query, args)()
	if err := d.Rec.failure(query); err != nil {
		return err
	}
	return d.Driver.Query(ctx, query, args, v)
}

// Tx starts a transaction whose statements are recorded too.
func (d Driver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	d.Rec.txDelta(1)
	return &recordingTx{Tx: tx, rec: d.Rec}, nil
}

type recordingTx struct {
	dialect.Tx
	rec  *Recorder
	once sync.Once
}

// ended counts the transaction closed (once, however often Commit or
// Rollback is called).
func (t *recordingTx) ended() { t.once.Do(func() { t.rec.txDelta(-1) }) }

func (t *recordingTx) Commit() error {
	defer t.ended()
	return t.Tx.Commit()
}

func (t *recordingTx) Rollback() error {
	defer t.ended()
	return t.Tx.Rollback()
}

func (t *recordingTx) Exec(ctx context.Context, query string, args, v any) error {
	defer t.rec.add(query, args)()
	if err := t.rec.failure(query); err != nil {
		return err
	}
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *recordingTx) Query(ctx context.Context, query string, args, v any) error {
	defer t.rec.add(query, args)()
	if err := t.rec.failure(query); err != nil {
		return err
	}
	return t.Tx.Query(ctx, query, args, v)
}

// QueryContext records and runs, in the transaction, a query whose rows
// the caller scans (ent's Client.QueryContext on a transaction's client).
func (t *recordingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return recordedQuery(ctx, t.rec, t.Tx, query, args)
}

// BeginTx starts a transaction with options (ent's Client.BeginTx), recorded
// like Tx.
func (d Driver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, fmt.Errorf("sqlcount: driver %T cannot begin a transaction with options", d.Driver)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	d.Rec.txDelta(1)
	return &recordingTx{Tx: tx, rec: d.Rec}, nil
}

// QueryContext records and runs a query whose rows the caller scans
// (ent's Client.QueryContext), when the wrapped driver can.
func (d Driver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return recordedQuery(ctx, d.Rec, d.Driver, query, args)
}

// recordedQuery records query and runs it on target (a driver or a
// transaction), which must have QueryContext.
func recordedQuery(ctx context.Context, rec *Recorder, target any, query string, args []any) (*sql.Rows, error) {
	defer rec.add(query, args)()
	if err := rec.failure(query); err != nil {
		return nil, err
	}
	q, ok := target.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("sqlcount: %T has no QueryContext", target)
	}
	return q.QueryContext(ctx, query, args...)
}
