package observe_test

import (
	"reflect"
	"testing"

	"orgraph/ent/outboxmessage"
	"orgraph/internal/testserver"
)

// /metrics shows the outbox's depth as the database holds it: rows not
// sent yet (pending or being sent) and failed rows, read at each scrape.
func TestOutboxDepthOnMetrics(t *testing.T) {
	s := testserver.New(t)
	s.Mailer.Stop() // no worker: the rows stay as written
	ctx := testserver.SystemCtx()
	for _, status := range []outboxmessage.Status{outboxmessage.StatusPending, outboxmessage.StatusPending,
		outboxmessage.StatusSending, outboxmessage.StatusSent, outboxmessage.StatusFailed} {
		s.Client.OutboxMessage.Create().SetRecipient("a@example.com").SetSubject("s").SetBody("b").SetStatus(status).ExecX(ctx)
	}
	page := scrape(t, s)
	for name, want := range map[string][]string{
		"orgraph_mail_outbox_waiting": {"orgraph_mail_outbox_waiting 3"},
		"orgraph_mail_outbox_failed":  {"orgraph_mail_outbox_failed 1"},
	} {
		if got := series(page, name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
}
