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
