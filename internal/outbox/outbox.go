// Package outbox is Orgraph's mail outbox (docs/MAIL.md): every email is a
// row of mail_outbox written in the transaction of the change that causes
// it (so a request that fails, or is retried after a deadlock, sends
// nothing twice: RULES.md §6.5), and a delivery worker in every server
// process sends the due rows through internal/mail, with retries and
// exponential backoff.
//
// A row this process writes while its worker runs is written already
// claimed by it (sending, first attempt, leased) and handed to the worker
// in memory once the transaction commits: one statement after the commit,
// the record of the outcome. Rows of other processes, retries, rows written
// while the worker was stopped and rows a dead process left behind are
// found by a poll every PollInterval, which claims one row at a time with a
// row lock that other workers skip (SELECT ... FOR UPDATE SKIP LOCKED on
// MariaDB; on SQLite the transaction is exclusive). Either way a claim is a
// lease: a row whose worker died is due again when the lease ends. A row
// that failed MaxAttempts times is marked failed, logged and kept. The body
// (with an invitation's key) is blanked once the row is sent or failed.
package outbox

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"orgraph/ent"
	"orgraph/ent/outboxmessage"
	"orgraph/internal/mail"
	"orgraph/internal/policy"
)

// Options of delivery; zero values take the defaults below.
type Options struct {
	// MaxAttempts before a row is failed (MAIL_MAX_ATTEMPTS).
	MaxAttempts int
	// PollInterval between looks for due rows that no poke announced:
	// other replicas' rows and retries (MAIL_POLL_INTERVAL).
	PollInterval time.Duration
	// Backoff is the delay after the n-th failed attempt (n from 1); nil:
	// Exponential(MAIL_RETRY_DELAY).
	Backoff func(attempt int) time.Duration
	// Lease is how long a claimed row stays with its worker.
	Lease time.Duration
}

// Defaults of Options.
const (
	DefaultMaxAttempts  = 8
	DefaultPollInterval = 10 * time.Second
	DefaultRetryDelay   = time.Minute
	maxRetryDelay       = time.Hour
	// DefaultLease is twice the longest delivery (mail.SendTimeout), so a
	// live worker always finishes before its lease ends.
	DefaultLease = 2 * mail.SendTimeout
	// keepSent is how long sent rows stay (for operators) before pruning.
	keepSent   = 7 * 24 * time.Hour
	pruneEvery = time.Hour
)

// Exponential is first, 2*first, 4*first, ... at most an hour.
func Exponential(first time.Duration) func(int) time.Duration {
	return func(attempt int) time.Duration {
		d := first
		for i := 1; i < attempt && d < maxRetryDelay; i++ {
			d *= 2
		}
		return min(d, maxRetryDelay)
	}
}

// Outbox writes emails to mail_outbox and delivers them.
type Outbox struct {
	client  *ent.Client
	dialect string
	sender  mail.Sender
	logger  *slog.Logger
	opts    Options

	poke chan struct{}
	stop chan struct{}
	done chan struct{}

	mu        sync.Mutex
	idle      *sync.Cond
	running   bool
	requested uint64 // passes asked for by Wait
	completed uint64 // the latest request a finished pass saw
	lastPrune time.Time

	// handed: rows this process committed, for the worker to send without
	// looking for them (at most maxHanded, reserved included; beyond, rows
	// are written unclaimed and the next pass polls for them).
	handed    []handedRow
	reserved  int // claimed rows written, their transaction not yet ended
	overflow  bool
	handedIn  uint64 // rows handed over so far
	handedOut uint64 // of those, the ones the worker has tried
}

// handedRow is a committed row and its message, known without reading it.
type handedRow struct {
	id int
	m  mail.Message
	// lease is the end of the claim the row was written with; zero for a
	// row written unclaimed (pending), which the worker claims by id.
	lease time.Time
}

// maxHanded bounds the rows waiting in memory for the worker; a burst
// beyond it waits in the table for a full pass instead.
const maxHanded = 4096

// New returns the outbox of client; Start starts its worker.
func New(client *ent.Client, dialect string, sender mail.Sender, logger *slog.Logger, opts Options) *Outbox {
	if opts.MaxAttempts < 1 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.Backoff == nil {
		opts.Backoff = Exponential(DefaultRetryDelay)
	}
	if opts.Lease <= 0 {
		opts.Lease = DefaultLease
	}
	o := &Outbox{client: client, dialect: dialect, sender: sender, logger: logger, opts: opts,
		poke: make(chan struct{}, 1)}
	o.idle = sync.NewCond(&o.mu)
	return o
}

// Enqueue writes m to the outbox in the transaction of ctx (or at once
// without one); the worker is poked once that commits. While the worker
// runs and has room, the row is written claimed by it, so that sending it
// needs no claim statement; otherwise it is written pending for a poll.
func (o *Outbox) Enqueue(ctx context.Context, m mail.Message) error {
	db := o.client
	tx := ent.TxFromContext(ctx)
	if tx != nil {
		db = tx.Client()
	}
	create := db.OutboxMessage.Create().SetRecipient(m.To).SetSubject(m.Subject).SetBody(m.Body)
	handed := handedRow{m: m}
	claimed := o.reserve()
	if claimed {
		handed.lease = now().Add(o.opts.Lease)
		create.SetStatus(outboxmessage.StatusSending).SetAttempts(1).
			SetLeaseUntil(handed.lease).SetNextAttemptAt(handed.lease)
	} else {
		create.SetNextAttemptAt(now())
	}
	row, err := create.Save(policy.WithSystem(ctx))
	if err != nil {
		if claimed {
			o.unreserve()
		}
		return err
	}
	handed.id = row.ID
	if tx == nil {
		o.handOver(handed)
		return nil
	}
	// Exactly one of the two ends the reservation: Rollback may also be
	// called after a Commit (deferred), and a failed Commit rolls back.
	settled := false
	settle := func(committed bool) {
		if settled {
			return
		}
		settled = true
		switch {
		case committed:
			o.handOver(handed)
		case claimed:
			o.unreserve()
		}
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			settle(err == nil)
			return err
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
			settle(false)
			return next.Rollback(ctx, tx)
		})
	})
	return nil
}

// reserve takes a place among the handed rows for a row written claimed:
// only while the worker runs (a stopped one would not send it before its
// lease ends) and has room.
func (o *Outbox) reserve() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.running || len(o.handed)+o.reserved >= maxHanded {
		return false
	}
	o.reserved++
	return true
}

func (o *Outbox) unreserve() {
	o.mu.Lock()
	o.reserved--
	o.mu.Unlock()
}

// handOver gives a committed row to the worker and wakes it. A claimed
// row has its place reserved; an unclaimed one beyond maxHanded is left
// to a full pass.
func (o *Outbox) handOver(r handedRow) {
	o.mu.Lock()
	o.handedIn++
	switch {
	case !r.lease.IsZero():
		o.reserved--
		o.handed = append(o.handed, r)
	case len(o.handed)+o.reserved < maxHanded:
		o.handed = append(o.handed, r)
	default:
		o.overflow = true
		o.handedOut++ // the full pass that overflow asks for sends it
	}
	o.mu.Unlock()
	o.Poke()
}

// Poke wakes the worker to look for due rows now.
func (o *Outbox) Poke() {
	select {
	case o.poke <- struct{}{}:
	default: // a poke is already waiting
	}
}

// Start starts the delivery worker. Pending rows of earlier runs go out
// now: the first pass does not wait for a poke.
func (o *Outbox) Start() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.running {
		return
	}
	o.running = true
	o.stop, o.done = make(chan struct{}), make(chan struct{})
	go o.run(o.stop, o.done)
}

// Stop stops the worker after the message it is sending, if any, and waits
// for it. Rows not yet sent are pending for the next start (or another
// replica): the claims of the handed rows it did not send are given back.
// A row whose transaction commits after Stop keeps its claim until the
// lease ends (the HTTP server drains before the worker stops).
func (o *Outbox) Stop() {
	o.mu.Lock()
	if !o.running {
		o.mu.Unlock()
		return
	}
	o.running = false
	stop, done := o.stop, o.done
	close(stop) // under the lock: once running is false, the worker is stopping
	o.idle.Broadcast()
	o.mu.Unlock()
	<-done
	o.mu.Lock()
	waiting := o.handed
	o.mu.Unlock()
	if err := o.release(policy.WithSystem(context.Background()), waiting); err != nil {
		o.logger.Error("mail outbox: giving back the claims of unsent emails at stop; they are sent when their lease ends", "err", err)
		return
	}
	o.mu.Lock()
	for i := range min(len(waiting), len(o.handed)) {
		o.handed[i].lease = time.Time{} // pending again: a restart claims it by id
	}
	o.mu.Unlock()
}

// Flush blocks until the worker has tried once every row this process
// handed over before the call (without a full pass: Wait does that). It
// returns at once when the worker is not running. For tests and tools.
func (o *Outbox) Flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	want := o.handedIn
	for o.running && o.handedOut < want {
		o.idle.Wait()
	}
}

// Wait blocks until the worker has delivered (or given up for now on)
// every row due when Wait was called, those committed before included. It
// returns at once when the worker is not running. For tests and tools.
func (o *Outbox) Wait() {
	o.mu.Lock()
	if !o.running {
		o.mu.Unlock()
		return
	}
	o.requested++
	want := o.requested
	o.mu.Unlock()
	o.Poke()
	o.mu.Lock()
	defer o.mu.Unlock()
	for o.running && o.completed < want {
		o.idle.Wait()
	}
}

func (o *Outbox) run(stop, done chan struct{}) {
	defer close(done)
	ctx := policy.WithSystem(context.Background())
	timer := time.NewTimer(0) // first pass at once
	defer timer.Stop()
	for {
		polled := false
		select {
		case <-stop:
			return
		case <-o.poke:
		case <-timer.C:
			polled = true
		}
		o.mu.Lock()
		seen, handed := o.requested, o.handed
		full := polled || o.overflow || seen > o.completed
		o.handed, o.overflow = nil, false
		o.mu.Unlock()
		for i, r := range handed {
			if stopped(stop) {
				if err := o.release(ctx, handed[i:]); err != nil {
					o.logger.Error("mail outbox: giving back the claims of unsent emails at stop; they are sent when their lease ends", "err", err)
				}
				o.tried(len(handed) - i) // pending for the next start
				return
			}
			if err := o.deliverHanded(ctx, r); err != nil {
				o.logger.Error("mail outbox: sending a new email", "id", r.id, "err", err)
			}
			o.tried(1)
		}
		if !full {
			continue
		}
		o.drain(ctx, stop)
		o.mu.Lock()
		o.completed = seen
		o.idle.Broadcast()
		o.mu.Unlock()
		timer.Reset(o.opts.PollInterval)
	}
}

// tried counts n handed rows as tried, for Flush.
func (o *Outbox) tried(n int) {
	o.mu.Lock()
	o.handedOut += uint64(n)
	o.idle.Broadcast()
	o.mu.Unlock()
}

func stopped(stop chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// drain delivers due rows one by one until none is due or Stop is called.
func (o *Outbox) drain(ctx context.Context, stop chan struct{}) {
	o.prune(ctx)
	for !stopped(stop) {
		delivered, err := o.deliverOne(ctx)
		if err != nil {
			o.logger.Error("mail outbox: reading due emails", "err", err)
			return // the next poll tries again
		}
		if !delivered {
			return
		}
	}
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Depth counts the rows waiting to be sent (pending, or claimed and being
// sent) and the failed ones kept for operators: the outbox's gauges on
// /metrics (docs/OPERATIONS.md). One GROUP BY on the status index.
func (o *Outbox) Depth(ctx context.Context) (waiting, failed int, err error) {
	var rows []struct {
		Status outboxmessage.Status `json:"status"`
		Count  int                  `json:"count"`
	}
	err = o.client.OutboxMessage.Query().GroupBy(outboxmessage.FieldStatus).
		Aggregate(ent.Count()).Scan(policy.WithSystem(ctx), &rows)
	for _, r := range rows {
		switch r.Status {
		case outboxmessage.StatusPending, outboxmessage.StatusSending:
			waiting += r.Count
		case outboxmessage.StatusFailed:
			failed += r.Count
		}
	}
	return waiting, failed, err
}
