package outbox_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"orgraph/ent"
	"orgraph/ent/outboxmessage"
	"orgraph/internal/mail"
	"orgraph/internal/outbox"
	"orgraph/internal/sqlcount"
	"orgraph/internal/testserver"
)

// countingSender accepts every email and counts them.
type countingSender struct{ sent atomic.Int64 }

func (c *countingSender) Send(context.Context, mail.Message) error { c.sent.Add(1); return nil }

// An email was sent, then recording it failed twice (the database
// restarting): the worker retries the record instead of leaving the row to
// be sent again when its lease ends. One email, one row sent, one attempt.
func TestSentEmailIsRecordedThroughADatabaseHiccup(t *testing.T) {
	s := testserver.New(t)
	s.Mailer.Stop() // this test's outbox is the only worker
	row := s.Client.OutboxMessage.Create().SetRecipient("bob@example.com").SetSubject("s").SetBody("b").
		SaveX(testserver.SystemCtx())

	var updates atomic.Int64 // UPDATEs of mail_outbox: the claim, then the record
	rec := &sqlcount.Recorder{CountOnly: true, Fail: func(query string) error {
		if !strings.HasPrefix(query, "UPDATE") || !strings.Contains(query, "mail_outbox") {
			return nil
		}
		if n := updates.Add(1); n == 2 || n == 3 {
			return errors.New("invalid connection (injected)")
		}
		return nil
	}}
	sender := &countingSender{}
	o := outbox.New(ent.NewClient(ent.Driver(sqlcount.Wrap(s.DB.Driver, rec))), s.DB.Dialect, sender,
		slog.New(slog.NewTextHandler(io.Discard, nil)), outbox.Options{})
	o.Start()
	o.Wait()
	o.Stop()

	got := s.Client.OutboxMessage.GetX(testserver.SystemCtx(), row.ID)
	if sender.sent.Load() != 1 || updates.Load() != 4 || got.Status != outboxmessage.StatusSent || got.Attempts != 1 || got.Body != "" {
		t.Fatalf("sent %d, %d updates; row %s after %d attempts, body %q; want 1 email, 4 updates (claim, 2 failed records, record), sent after 1 attempt, body blanked",
			sender.sent.Load(), updates.Load(), got.Status, got.Attempts, got.Body)
	}
}

// countedOutbox is an outbox over s's database whose statements rec counts.
func countedOutbox(s *testserver.Server, rec *sqlcount.Recorder, sender mail.Sender) *outbox.Outbox {
	client := ent.NewClient(ent.Driver(sqlcount.Wrap(s.DB.Driver, rec)))
	return outbox.New(client, s.DB.Dialect, sender, slog.New(slog.NewTextHandler(io.Discard, nil)), outbox.Options{})
}

// An email this process writes while its worker runs costs two statements
// in all: its INSERT, already claimed by this worker, then the record of
// the delivery (no claim, no poll, no transaction).
func TestNewEmailCostsTwoStatements(t *testing.T) {
	s := testserver.New(t)
	s.Mailer.Stop() // this test's outbox is the only worker
	rec := &sqlcount.Recorder{CountOnly: true}
	sender := &countingSender{}
	o := countedOutbox(s, rec, sender)
	o.Start()
	defer o.Stop()
	o.Wait() // the first pass, over an empty table

	before := rec.Count()
	if err := o.Enqueue(testserver.SystemCtx(), mail.Message{To: "bob@example.com", Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	o.Flush()
	rows := s.Client.OutboxMessage.Query().AllX(testserver.SystemCtx())
	if n := rec.Count() - before; n != 2 || sender.sent.Load() != 1 || len(rows) != 1 ||
		rows[0].Status != outboxmessage.StatusSent || rows[0].Attempts != 1 || rows[0].Body != "" || rows[0].LeaseUntil != nil {
		t.Fatalf("%d statements, %d sent, rows %+v; want 2 statements, 1 sent, one row sent after 1 attempt, body blanked", n, sender.sent.Load(), rows)
	}
}

// gatedSender holds the first email until open is closed; started is
// closed once it holds it.
type gatedSender struct {
	countingSender
	started, open chan struct{}
	once          atomic.Bool
}

func newGatedSender() *gatedSender {
	return &gatedSender{started: make(chan struct{}), open: make(chan struct{})}
}

func (g *gatedSender) Send(ctx context.Context, m mail.Message) error {
	if g.once.CompareAndSwap(false, true) {
		close(g.started)
		<-g.open
	}
	return g.countingSender.Send(ctx, m)
}

// enqueueCommitted writes an email in a committed transaction, as a
// request does.
func enqueueCommitted(t *testing.T, s *testserver.Server, o *outbox.Outbox, to string) {
	t.Helper()
	ctx := testserver.SystemCtx()
	tx, err := s.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Enqueue(ent.NewTxContext(ctx, tx), mail.Message{To: to, Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// workerHoldingAnEmail starts the only worker of a test server, with a
// gated sender, and has it hold a first email (first@example.com) in the
// gate: emails written next wait in its memory.
func workerHoldingAnEmail(t *testing.T) (*testserver.Server, *outbox.Outbox, *gatedSender) {
	s := testserver.New(t)
	s.Mailer.Stop()
	gated := newGatedSender()
	o := countedOutbox(s, &sqlcount.Recorder{CountOnly: true}, gated)
	o.Start()
	o.Wait()
	enqueueCommitted(t, s, o, "first@example.com")
	<-gated.started
	return s, o, gated
}

// A row written claimed by a running worker is not due for any poll while
// that worker holds it: another worker's pass leaves it, and it is sent
// once, by its own worker, after one attempt.
func TestClaimedRowIsLeftByOtherWorkers(t *testing.T) {
	s, o, mine := workerHoldingAnEmail(t)
	theirs := &countingSender{}
	other := countedOutbox(s, &sqlcount.Recorder{CountOnly: true}, theirs)
	enqueueCommitted(t, s, o, "second@example.com")
	row := s.Client.OutboxMessage.Query().Where(outboxmessage.Recipient("second@example.com")).OnlyX(testserver.SystemCtx())
	if row.Status != outboxmessage.StatusSending || row.Attempts != 1 || row.LeaseUntil == nil {
		t.Fatalf("written %s after %d attempts, lease %v; want written sending, attempt 1, leased", row.Status, row.Attempts, row.LeaseUntil)
	}
	other.Start()
	other.Wait()
	other.Stop()
	close(mine.open)
	o.Flush()
	o.Stop()
	rows := s.Client.OutboxMessage.Query().AllX(testserver.SystemCtx())
	if theirs.sent.Load() != 0 || mine.sent.Load() != 2 || len(rows) != 2 {
		t.Fatalf("sent by the other worker %d, by the writing one %d, %d rows; want 0, 2, 2", theirs.sent.Load(), mine.sent.Load(), len(rows))
	}
	for _, r := range rows {
		if r.Status != outboxmessage.StatusSent || r.Attempts != 1 {
			t.Fatalf("row %d: %s after %d attempts; want sent after 1", r.ID, r.Status, r.Attempts)
		}
	}
}

// A worker stopped while emails it holds wait in memory gives their claims
// back: they are pending, never tried, and the next worker sends each
// once, at once (not when the lease would have ended).
func TestStoppedWorkerGivesBackItsClaims(t *testing.T) {
	s, o, gated := workerHoldingAnEmail(t)
	next := &countingSender{}
	enqueueCommitted(t, s, o, "second@example.com")
	enqueueCommitted(t, s, o, "third@example.com")
	stopped := make(chan struct{})
	go func() { o.Stop(); close(stopped) }()
	o.Flush() // returns once Stop has begun: the worker is stopping
	close(gated.open)
	<-stopped

	rows := s.Client.OutboxMessage.Query().Order(outboxmessage.ByID()).AllX(testserver.SystemCtx())
	if gated.sent.Load() != 1 || len(rows) != 3 || rows[0].Status != outboxmessage.StatusSent {
		t.Fatalf("%d sent, %d rows; want the first sent before the stop", gated.sent.Load(), len(rows))
	}
	for _, r := range rows[1:] {
		if r.Status != outboxmessage.StatusPending || r.Attempts != 0 || r.LeaseUntil != nil {
			t.Fatalf("row %d after the stop: %s after %d attempts, lease %v; want pending, never tried, no lease", r.ID, r.Status, r.Attempts, r.LeaseUntil)
		}
	}
	other := countedOutbox(s, &sqlcount.Recorder{CountOnly: true}, next)
	other.Start()
	other.Wait()
	other.Stop()
	if next.sent.Load() != 2 {
		t.Fatalf("the next worker sent %d, want the 2 given back", next.sent.Load())
	}
}

// A row handed to a worker that another worker's poll claimed first is
// not sent again: the claim by id only takes a row never tried.
func TestHandedRowClaimedByAnotherWorkerIsSentOnce(t *testing.T) {
	s := testserver.New(t)
	s.Mailer.Stop()
	mine, theirs := &countingSender{}, &countingSender{}
	o := countedOutbox(s, &sqlcount.Recorder{CountOnly: true}, mine)
	other := countedOutbox(s, &sqlcount.Recorder{CountOnly: true}, theirs)
	if err := o.Enqueue(testserver.SystemCtx(), mail.Message{To: "bob@example.com", Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err) // handed to o, whose worker is not running yet
	}
	other.Start()
	other.Wait()
	other.Stop()
	o.Start()
	o.Flush()
	o.Wait()
	o.Stop()
	row := s.Client.OutboxMessage.Query().OnlyX(testserver.SystemCtx())
	if mine.sent.Load() != 0 || theirs.sent.Load() != 1 || row.Status != outboxmessage.StatusSent || row.Attempts != 1 {
		t.Fatalf("sent by the handed worker %d, by the poll %d; row %s after %d attempts; want 0, 1, sent after 1",
			mine.sent.Load(), theirs.sent.Load(), row.Status, row.Attempts)
	}
}
