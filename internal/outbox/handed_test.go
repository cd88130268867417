package outbox_test

import (
	"io"
	"log/slog"
	"testing"

	"orgraph/ent"
	"orgraph/ent/outboxmessage"
	"orgraph/internal/mail"
	"orgraph/internal/outbox"
	"orgraph/internal/sqlcount"
	"orgraph/internal/testserver"
)

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
