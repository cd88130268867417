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

// An email this process writes costs three statements in all: its INSERT,
// then the worker's claim by id and its record (no poll, no transaction).
func TestNewEmailCostsThreeStatements(t *testing.T) {
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
	if n := rec.Count() - before; n != 3 || sender.sent.Load() != 1 || len(rows) != 1 ||
		rows[0].Status != outboxmessage.StatusSent || rows[0].Attempts != 1 || rows[0].Body != "" || rows[0].LeaseUntil != nil {
		t.Fatalf("%d statements, %d sent, rows %+v; want 3 statements, 1 sent, one row sent after 1 attempt, body blanked", n, sender.sent.Load(), rows)
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
