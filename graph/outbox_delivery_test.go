package graph_test

// The mail outbox (internal/outbox, docs/MAIL.md) against a real SMTP
// server (the sink of invitation_smtp_sink_test.go) behind a gate that
// refuses connections until it has refused a given number: every email
// arrives exactly once, a row that keeps failing ends failed after
// MAIL_MAX_ATTEMPTS, and rows left pending go out at the next start.
// Retries are immediate (MAIL_RETRY_DELAY of 1ns): the tests count
// attempts, not time.

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"orgraph/ent/outboxmessage"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

// smtpGate forwards SMTP connections to the sink once it has refused
// `refuse` of them: alternately with a reset (nothing listening, as when the
// server is down) and with 421 (the server is up but not serving).
type smtpGate struct {
	Addr    string
	refuse  atomic.Int64 // connections to refuse in all
	refused atomic.Int64
}

func startSMTPGate(t *testing.T, sink *smtpSink, refuse int) *smtpGate {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := &smtpGate{Addr: l.Addr().String()}
	g.refuse.Store(int64(refuse))
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go g.serve(c, sink.Addr)
		}
	}()
	return g
}

func (g *smtpGate) serve(c net.Conn, to string) {
	if n := g.refused.Add(1); n <= g.refuse.Load() {
		if tc, ok := c.(*net.TCPConn); ok && n%2 == 1 {
			_ = tc.SetLinger(0) // close with a reset
		} else {
			_, _ = io.WriteString(c, "421 4.3.2 service not available, try again later\r\n")
		}
		c.Close()
		return
	}
	g.refused.Add(-1) // let through
	up, err := net.Dial("tcp", to)
	if err != nil {
		c.Close()
		return
	}
	go func() { _, _ = io.Copy(up, c); up.Close() }()
	_, _ = io.Copy(c, up)
	c.Close()
}

// Refused returns how many connections the gate refused.
func (g *smtpGate) Refused() int { return int(g.refused.Load()) }

// outboxEnv: a server mailing through a gate in front of the sink, and an
// organization whose owner invites.
type outboxEnv struct {
	t     *testing.T
	s     *testserver.Server
	sink  *smtpSink
	gate  *smtpGate
	owner *testserver.User
	org   int
}

func newOutboxEnv(t *testing.T, refuse int, opts ...testserver.Option) *outboxEnv {
	t.Helper()
	sink := startSMTPSink(t, "", "")
	gate := startSMTPGate(t, sink, refuse)
	s := testserver.New(t, append([]testserver.Option{func(c *config.Config) {
		c.SMTPURL = "smtp://" + gate.Addr
		c.PublicURL = smtpPublicURL
		c.Mail.RetryDelay = time.Nanosecond
	}}, opts...)...)
	owner := s.CreateUser("owner", authz.GroupUser)
	return &outboxEnv{t: t, s: s, sink: sink, gate: gate, owner: owner, org: s.CreateOrganization(owner.Token, "acme")}
}

func (e *outboxEnv) invite(s *testserver.Server, email string) {
	e.t.Helper()
	s.MustQuery(e.owner.Token, inviteDoc, map[string]any{"o": strconv.Itoa(e.org), "e": email, "r": "WORKER"}, nil)
}

// requireDeliveredOnce: the sink holds exactly one email to each of want
// (one each, in any order), each with its own key, and every outbox row is
// sent with its body blanked. It returns the total of the rows' attempts.
func requireDeliveredOnce(t *testing.T, s *testserver.Server, sink *smtpSink, want map[string]int) int {
	t.Helper()
	got, keys := map[string]int{}, map[string]bool{}
	for _, m := range sink.Mails() {
		if len(m.To) != 1 {
			t.Fatalf("envelope recipients %v, want one", m.To)
		}
		got[m.To[0]]++
		link := smtpAcceptLink.FindStringSubmatch(m.Data)
		if link == nil || keys[link[1]] {
			t.Fatalf("an email without its own key (a duplicate?):\n%s", m.Data)
		}
		keys[link[1]] = true
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("emails received per address %v, want %v", got, want)
	}
	rows := s.Client.OutboxMessage.Query().AllX(testserver.SystemCtx())
	attempts := 0
	for _, r := range rows {
		if r.Status != outboxmessage.StatusSent || r.Body != "" || r.SentAt == nil || r.LeaseUntil != nil || r.LastError != "" {
			t.Fatalf("outbox row %d: status %s, body %d bytes, sent_at %v, lease %v, error %q; want sent and blanked",
				r.ID, r.Status, len(r.Body), r.SentAt, r.LeaseUntil, r.LastError)
		}
		attempts += r.Attempts
	}
	if len(rows) != len(keys) {
		t.Fatalf("%d outbox rows for %d emails", len(rows), len(keys))
	}
	return attempts
}

// SMTP refuses the first 5 connections: the three invitations arrive once
// each, and the rows count one attempt per refusal plus one per delivery.
func TestOutboxRetriesUntilSMTPAccepts(t *testing.T) {
	e := newOutboxEnv(t, 5)
	want := map[string]int{}
	for i := range 3 {
		email := fmt.Sprintf("guest%d@example.com", i)
		e.invite(e.s, email)
		want[email] = 1
	}
	e.s.Mailer.Wait()
	if r := e.gate.Refused(); r != 5 {
		t.Fatalf("the gate refused %d connections, want 5", r)
	}
	if n := requireDeliveredOnce(t, e.s, e.sink, want); n != 3+5 {
		t.Fatalf("%d attempts in all, want 8 (3 deliveries, 5 refusals)", n)
	}
	logs := e.s.Logs.String()
	if strings.Count(logs, "sending email failed: will retry") != 5 || strings.Contains(logs, "key=") {
		t.Fatalf("want 5 logged retries and no key in the log:\n%s", logs)
	}
}

// A row that never gets through is failed after MAIL_MAX_ATTEMPTS (3
// here), with the last error and a blank body, logged; nothing retries it.
func TestOutboxFailsAfterMaxAttempts(t *testing.T) {
	e := newOutboxEnv(t, 1000, func(c *config.Config) { c.Mail.MaxAttempts = 3 })
	e.invite(e.s, "bob@example.com")
	e.s.Mailer.Wait()
	e.s.Mailer.Wait() // a second pass finds nothing due
	if r := e.gate.Refused(); r != 3 {
		t.Fatalf("%d connection attempts, want 3", r)
	}
	row := e.s.Client.OutboxMessage.Query().OnlyX(testserver.SystemCtx())
	if row.Status != outboxmessage.StatusFailed || row.Attempts != 3 || row.Body != "" || row.SentAt != nil || row.LastError == "" {
		t.Fatalf("row: status %s, attempts %d, body %d bytes, sent_at %v, error %q; want failed after 3, blanked",
			row.Status, row.Attempts, len(row.Body), row.SentAt, row.LastError)
	}
	if row.Recipient != "bob@example.com" || row.Subject != "owner invites you to acme on Orgraph" {
		t.Fatalf("row keeps %q / %q for operators", row.Recipient, row.Subject)
	}
	logs := e.s.Logs.String()
	if !strings.Contains(logs, "sending email failed for good") || strings.Count(logs, "will retry") != 2 {
		t.Fatalf("want two retries and the final failure logged:\n%s", logs)
	}
	if len(e.sink.Mails()) != 0 {
		t.Fatal("an email went through the closed gate")
	}
}

// A worker stopped (SIGTERM) leaves the rows it has not sent pending; the
// next process that starts on the database delivers them, once.
func TestOutboxPendingRowsGoOutAtTheNextStart(t *testing.T) {
	e := newOutboxEnv(t, 2)
	e.invite(e.s, "bob@example.com")
	e.s.Mailer.Wait()
	e.s.Mailer.Stop()
	e.invite(e.s, "carol@example.com")
	e.invite(e.s, "dave@example.com")
	pending := e.s.Client.OutboxMessage.Query().
		Where(outboxmessage.StatusEQ(outboxmessage.StatusPending), outboxmessage.Attempts(0)).CountX(testserver.SystemCtx())
	if pending != 2 || len(e.sink.Mails()) != 1 {
		t.Fatalf("with the worker stopped: %d rows pending, %d emails received; want 2 and 1", pending, len(e.sink.Mails()))
	}
	next := e.s.Replica()
	next.Mailer.Wait()
	if n := requireDeliveredOnce(t, next, e.sink, map[string]int{"bob@example.com": 1, "carol@example.com": 1, "dave@example.com": 1}); n != 5 {
		t.Fatalf("%d attempts in all, want 5 (bob's 2 refusals, 3 deliveries)", n)
	}
}
