package graph_test

// End-to-end tests of invitations (RULES.md §4 and 6.5) with a real SMTP server
// on loopback: Orgraph's net/smtp sender talks to an emersion/go-smtp server
// started by the test, which records every message it receives. Keys are
// taken from the received emails only, as a person would.

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

// ---------------------------------------------------------------------------
// The SMTP server of the tests.

// smtpMail is one message as the SMTP server received it.
type smtpMail struct {
	From string   // envelope sender (MAIL FROM)
	To   []string // envelope recipients (RCPT TO)
	Data string   // the message, headers and body
	User string   // the user of AUTH PLAIN, "" without authentication
}

// smtpSink is an SMTP server on 127.0.0.1 that keeps what it receives.
// With user set it offers AUTH PLAIN and refuses mail before it.
type smtpSink struct {
	Addr       string
	user, pass string

	mu           sync.Mutex
	mails        []smtpMail
	authFailures int
}

func startSMTPSink(t *testing.T, user, pass string) *smtpSink {
	t.Helper()
	k := &smtpSink{user: user, pass: pass}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &smtpSession{sink: k}, nil
	}))
	srv.Domain = "127.0.0.1"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 1 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	k.Addr = l.Addr().String()
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return k
}

// Mails returns a copy of the messages received so far.
func (k *smtpSink) Mails() []smtpMail {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]smtpMail(nil), k.mails...)
}

func (k *smtpSink) AuthFailures() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.authFailures
}

type smtpSession struct {
	sink   *smtpSink
	authed string
	from   string
	to     []string
}

var _ gosmtp.AuthSession = (*smtpSession)(nil)

func (s *smtpSession) AuthMechanisms() []string {
	if s.sink.user == "" {
		return nil // AUTH is not advertised
	}
	return []string{sasl.Plain}
}

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	if s.sink.user == "" || mech != sasl.Plain {
		return nil, gosmtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.sink.user || password != s.sink.pass {
			s.sink.mu.Lock()
			s.sink.authFailures++
			s.sink.mu.Unlock()
			return gosmtp.ErrAuthFailed
		}
		s.authed = username
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *gosmtp.MailOptions) error {
	if s.sink.user != "" && s.authed == "" {
		return gosmtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.sink.mu.Lock()
	s.sink.mails = append(s.sink.mails, smtpMail{From: s.from, To: s.to, Data: string(b), User: s.authed})
	s.sink.mu.Unlock()
	return nil
}

func (s *smtpSession) Reset()        { s.from, s.to = "", nil }
func (s *smtpSession) Logout() error { return nil }

// ---------------------------------------------------------------------------
// An Orgraph sending through the sink, with an organization "acme" owned by
// "owner".

const smtpPublicURL = "https://orgraph.example"

type smtpEnv struct {
	t     *testing.T
	s     *testserver.Server
	sink  *smtpSink
	owner *testserver.User
	orgID string // GraphQL ID of acme
	org   int

	mu        sync.Mutex
	responses []string // every GraphQL response, scanned for keys at the end
	keys      []string // every key received by email
}

// newSMTPEnv starts the sink and Orgraph; userinfo ("user:pass@" or "") goes
// into SMTP_URL, user and pass configure the sink; opts change the rest of
// the configuration.
func newSMTPEnv(t *testing.T, userinfo, user, pass string, opts ...testserver.Option) *smtpEnv {
	t.Helper()
	sink := startSMTPSink(t, user, pass)
	s := testserver.New(t, append(opts, func(c *config.Config) {
		c.SMTPURL = "smtp://" + userinfo + sink.Addr
		c.PublicURL = smtpPublicURL
	})...)
	e := &smtpEnv{t: t, s: s, sink: sink}
	// Runs first (cleanups are LIFO): the database and the sink are still up.
	t.Cleanup(func() {
		s.Mailer.Wait()
		e.checkKeysNeverLeak()
		if t.Failed() {
			t.Logf("server log:\n%s", s.Logs.String())
		}
	})
	e.owner = s.CreateUser("owner", authz.GroupUser)
	var out struct{ CreateOrganization struct{ ID string } }
	e.must(e.owner.Token, `mutation { createOrganization(input: {slug: "acme", name: "Acme Corp", description: "secret plans"}) { id } }`, nil, &out)
	e.orgID = out.CreateOrganization.ID
	e.org = e.atoi(e.orgID)
	return e
}

func (e *smtpEnv) atoi(gid string) int {
	e.t.Helper()
	n, err := strconv.Atoi(gid)
	if err != nil {
		e.t.Fatalf("ID %q: %v", gid, err)
	}
	return n
}

// q posts an operation and remembers the whole response.
func (e *smtpEnv) q(token, doc string, vars map[string]any) *testserver.Response {
	e.t.Helper()
	r := e.s.Query(token, doc, vars)
	raw, _ := json.Marshal(r.Errors)
	e.mu.Lock()
	e.responses = append(e.responses, string(r.Data)+string(raw))
	e.mu.Unlock()
	return r
}

func (e *smtpEnv) must(token, doc string, vars map[string]any, into any) {
	e.t.Helper()
	r := e.q(token, doc, vars)
	if len(r.Errors) > 0 {
		e.t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	if into != nil {
		r.Decode(e.t, into)
	}
}

// fails asserts that a mutation failed with exactly one error of code and
// returned no data.
func (e *smtpEnv) fails(code, token, doc string, vars map[string]any) *testserver.Response {
	e.t.Helper()
	r := e.q(token, doc, vars)
	if len(r.Errors) != 1 || r.Code() != code {
		e.t.Fatalf("want one %s error, got %+v (data %s)", code, r.Errors, r.Data)
	}
	if d := strings.TrimSpace(string(r.Data)); d != "" && d != "null" {
		e.t.Fatalf("a failed mutation returned data: %s", d)
	}
	return r
}

// failsWithoutWriting is fails plus: the database is exactly as before and
// no email went out.
func (e *smtpEnv) failsWithoutWriting(code, token, doc string, vars map[string]any) *testserver.Response {
	e.t.Helper()
	before, mails := e.s.Snapshot(), len(e.waitMails())
	r := e.fails(code, token, doc, vars)
	if changed := before.Diff(e.s.Snapshot()); len(changed) > 0 {
		e.t.Fatalf("a failed %s request wrote to the database:\n%s", code, strings.Join(changed, "\n"))
	}
	e.expectMailCount(mails)
	return r
}

// snapshot dumps every table, for "nothing written" assertions.
func (e *smtpEnv) snapshot() string { return e.s.Snapshot().String() }

// checkKeysNeverLeak: no key received by email appears in any GraphQL
// response, in any database row or in the server's log.
func (e *smtpEnv) checkKeysNeverLeak() {
	e.t.Helper()
	dump, logs := e.snapshot(), e.s.Logs.String()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, key := range e.keys {
		for _, r := range e.responses {
			if strings.Contains(r, key) {
				e.t.Errorf("an invitation key appears in a GraphQL response: %s", r)
			}
		}
		if strings.Contains(dump, key) {
			e.t.Errorf("an invitation key is stored in the database")
		}
		if strings.Contains(logs, key) {
			e.t.Errorf("an invitation key is in the server's log")
		}
	}
}

// waitMails waits for the emails queued so far and returns all received.
func (e *smtpEnv) waitMails() []smtpMail {
	e.s.Mailer.Wait()
	return e.sink.Mails()
}

// expectMailCount asserts that exactly n emails were received in all, also
// after a moment for a stray asynchronous send.
func (e *smtpEnv) expectMailCount(n int) []smtpMail {
	e.t.Helper()
	e.s.Mailer.Wait()
	time.Sleep(50 * time.Millisecond)
	e.s.Mailer.Wait()
	mails := e.sink.Mails()
	if len(mails) != n {
		e.t.Fatalf("want %d emails received in all, got %d: %+v", n, len(mails), mails)
	}
	return mails
}

var smtpAcceptLink = regexp.MustCompile(`https://orgraph\.example/invitations/accept\?key=(\S*)`)

// nextKey asserts that exactly one new email (the n-th, counting from 1)
// arrived, to `to`, carrying one accept link, and returns its key.
func (e *smtpEnv) nextKey(n int, to string) string {
	e.t.Helper()
	mails := e.expectMailCount(n)
	m := mails[n-1]
	if m.From != "noreply@localhost" || len(m.To) != 1 || m.To[0] != to {
		e.t.Fatalf("envelope: from %q to %q, want noreply@localhost to %q", m.From, m.To, to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		e.t.Fatalf("the email does not parse: %v\n%s", err, m.Data)
	}
	if got := msg.Header.Get("To"); got != to {
		e.t.Fatalf("To: %q, want %q", got, to)
	}
	if from, err := mail.ParseAddress(msg.Header.Get("From")); err != nil || from.Address != "noreply@localhost" || from.Name != "Orgraph" {
		e.t.Fatalf("From: %q (%v)", msg.Header.Get("From"), err)
	}
	if got, want := msg.Header.Get("Subject"), "owner invites you to Acme Corp on Orgraph"; got != want {
		e.t.Fatalf("Subject: %q, want %q", got, want)
	}
	body, _ := io.ReadAll(msg.Body)
	links := smtpAcceptLink.FindAllStringSubmatch(string(body), -1)
	if len(links) != 1 {
		e.t.Fatalf("want one accept link in the email, got %d:\n%s", len(links), body)
	}
	key := links[0][1]
	if len(key) != 43 {
		e.t.Fatalf("key %q: %d characters, want 43 (base64url of 32 bytes)", key, len(key))
	}
	raw, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil || len(raw) != 32 {
		e.t.Fatalf("key %q is not base64url of 32 bytes: %d bytes, %v", key, len(raw), err)
	}
	e.mu.Lock()
	for _, old := range e.keys {
		if old == key {
			e.t.Errorf("a key was sent twice: %s", key)
		}
	}
	e.keys = append(e.keys, key)
	e.mu.Unlock()
	return key
}

// ---------------------------------------------------------------------------
// GraphQL documents and shapes.

const (
	smtpInvitationFields = `id email role status sendCount createdAt sentAt expiresAt respondedAt organization { slug name } invitedBy { username }`
	smtpInviteDoc        = `mutation($o: ID!, $e: String!, $r: Role!) { inviteMember(input: {organizationID: $o, email: $e, role: $r}) { ` + smtpInvitationFields + ` } }`
	smtpResendDoc        = `mutation($id: ID!) { resendInvitation(id: $id) { ` + smtpInvitationFields + ` } }`
	smtpRevokeDoc        = `mutation($id: ID!) { revokeInvitation(id: $id) { ` + smtpInvitationFields + ` } }`
	smtpDeclineDoc       = `mutation($k: String!) { declineInvitation(key: $k) { ` + smtpInvitationFields + ` } }`
	smtpAcceptDoc        = `mutation($k: String!) { acceptInvitation(key: $k) { id role joinedAt user { username } organization { slug viewerRole } invitedBy { username } invitation { id status email } } }`
	smtpMyInvitationsDoc = `query($s: InvitationStatus) { myInvitations(status: $s) { totalCount edges { node { ` + smtpInvitationFields + ` } } } }`
	smtpOrgDoc           = `query($s: InvitationStatus) { organization(slug: "acme") { invitations(status: $s) { totalCount edges { node { ` + smtpInvitationFields + ` } } } members { totalCount edges { node { id role joinedAt user { username } invitedBy { username } invitation { id status } } } } } }`
)

type smtpInvitation struct {
	ID, Email, Role, Status      string
	SendCount                    int
	CreatedAt, SentAt, ExpiresAt time.Time
	RespondedAt                  *time.Time
	Organization                 *struct{ Slug, Name string }
	InvitedBy                    *struct{ Username string }
}

type smtpMembership struct {
	ID, Role     string
	JoinedAt     time.Time
	User         struct{ Username string }
	Organization *struct{ Slug, ViewerRole string }
	InvitedBy    *struct{ Username string }
	Invitation   *struct{ ID, Status, Email string }
}

type smtpInvitationList struct {
	TotalCount int
	Edges      []struct{ Node smtpInvitation }
}

func (e *smtpEnv) invite(email, role string) smtpInvitation {
	e.t.Helper()
	var out struct{ InviteMember smtpInvitation }
	e.must(e.owner.Token, smtpInviteDoc, map[string]any{"o": e.orgID, "e": email, "r": role}, &out)
	return out.InviteMember
}

func (e *smtpEnv) resend(token, id string) smtpInvitation {
	e.t.Helper()
	var out struct{ ResendInvitation smtpInvitation }
	e.must(token, smtpResendDoc, map[string]any{"id": id}, &out)
	return out.ResendInvitation
}

func (e *smtpEnv) accept(token, key string) smtpMembership {
	e.t.Helper()
	var out struct{ AcceptInvitation smtpMembership }
	e.must(token, smtpAcceptDoc, map[string]any{"k": key}, &out)
	return out.AcceptInvitation
}

func (e *smtpEnv) myInvitations(token string, status any) smtpInvitationList {
	e.t.Helper()
	var out struct{ MyInvitations smtpInvitationList }
	e.must(token, smtpMyInvitationsDoc, map[string]any{"s": status}, &out)
	return out.MyInvitations
}

type smtpOrg struct {
	Invitations smtpInvitationList
	Members     struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				ID, Role   string
				JoinedAt   time.Time
				User       struct{ Username string }
				InvitedBy  *struct{ Username string }
				Invitation *struct{ ID, Status string }
			}
		}
	}
}

func (e *smtpEnv) orgAsOwner(status any) smtpOrg {
	e.t.Helper()
	var out struct{ Organization *smtpOrg }
	e.must(e.owner.Token, smtpOrgDoc, map[string]any{"s": status}, &out)
	if out.Organization == nil {
		e.t.Fatal("the owner does not see acme")
	}
	return *out.Organization
}

// onlyInvitation asserts that a list holds exactly the invitation id, with
// the status.
func (e *smtpEnv) onlyInvitation(what string, l smtpInvitationList, id, status string) {
	e.t.Helper()
	if l.TotalCount != 1 || len(l.Edges) != 1 || l.Edges[0].Node.ID != id || l.Edges[0].Node.Status != status {
		e.t.Fatalf("%s: want only invitation %s as %s, got %+v", what, id, status, l)
	}
}

// row checks an invitation's row: status, key hash of key, pending_email.
func (e *smtpEnv) checkRow(gid, status, key string) {
	e.t.Helper()
	inv, err := e.s.Client.Invitation.Get(testserver.SystemCtx(), e.atoi(gid))
	if err != nil {
		e.t.Fatal(err)
	}
	if string(inv.Status) != status {
		e.t.Fatalf("invitation %s: stored status %s, want %s", gid, inv.Status, status)
	}
	if h := sha256.Sum256([]byte(key)); !bytes.Equal(inv.KeyHash, h[:]) {
		e.t.Fatalf("invitation %s: key_hash is not the SHA-256 of the emailed key", gid)
	}
	pending := inv.PendingEmail != nil && *inv.PendingEmail == inv.Email
	if pending != (status == "PENDING") || (!pending && inv.PendingEmail != nil) {
		e.t.Fatalf("invitation %s (%s): pending_email %v", gid, status, inv.PendingEmail)
	}
	if (inv.RespondedAt != nil) != (status == "ACCEPTED" || status == "DECLINED" || status == "REVOKED") {
		e.t.Fatalf("invitation %s (%s): responded_at %v", gid, status, inv.RespondedAt)
	}
}

func (e *smtpEnv) member(username string, role authz.Role) *testserver.User {
	e.t.Helper()
	u := e.s.CreateUser(username, authz.GroupUser)
	if err := e.s.Client.Membership.Create().SetUserID(u.ID).SetOrganizationID(e.org).SetRole(role).
		Exec(testserver.SystemCtx()); err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *smtpEnv) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.s.DB.SQL.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func smtpRandomKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// smtpNear asserts |got - want| <= 2s (MariaDB stores whole seconds).
func smtpNear(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if d := got.Sub(want); d > 2*time.Second || d < -2*time.Second {
		t.Fatalf("%s: %v, want about %v", what, got, want)
	}
}

const smtpTTL = 7 * 24 * time.Hour // the default INVITATION_TTL

// ---------------------------------------------------------------------------
// The tests.

// 1. One email with the link; the key is 32 random bytes, never in the API
// nor in the database (only its SHA-256).
func TestInvitationSMTPInviteSendsOneEmailWithTheKey(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	bob := e.s.CreateUser("bob", authz.GroupUser)

	start := time.Now()
	inv := e.invite("Bob@Example.com", "SUPERVISOR")
	if inv.Email != "bob@example.com" || inv.Role != "SUPERVISOR" || inv.Status != "PENDING" || inv.SendCount != 1 ||
		inv.RespondedAt != nil || inv.Organization == nil || inv.Organization.Slug != "acme" ||
		inv.InvitedBy == nil || inv.InvitedBy.Username != "owner" {
		t.Fatalf("inviteMember: %+v", inv)
	}
	smtpNear(t, "sentAt", inv.SentAt, start)
	if inv.ExpiresAt.Sub(inv.SentAt) != smtpTTL {
		t.Fatalf("expiresAt %v is not sentAt %v + 7 days", inv.ExpiresAt, inv.SentAt)
	}
	key := e.nextKey(1, "bob@example.com")
	if !strings.Contains(e.sink.Mails()[0].Data, smtpPublicURL+"/invitations/accept?key="+key+"\r\n") {
		t.Fatalf("the link is not on a line of its own:\n%s", e.sink.Mails()[0].Data)
	}
	e.checkRow(inv.ID, "PENDING", key)

	// A second invitation gets a different key, in its own email.
	inv2 := e.invite("carol@example.com", "WORKER")
	key2 := e.nextKey(2, "carol@example.com")
	e.checkRow(inv2.ID, "PENDING", key2)

	// Every way of reading invitations: the key is in none (checked on every
	// response at the end of the test).
	e.onlyInvitation("myInvitations", e.myInvitations(bob.Token, nil), inv.ID, "PENDING")
	if l := e.orgAsOwner(nil).Invitations; l.TotalCount != 2 {
		t.Fatalf("organization.invitations: %+v", l)
	}
	e.must(e.owner.Token, `query($id: ID!) { node(id: $id) { ... on Invitation { `+smtpInvitationFields+` } } }`, map[string]any{"id": inv.ID}, nil)
	e.must(bob.Token, `query($id: ID!) { node(id: $id) { ... on Invitation { `+smtpInvitationFields+` } } }`, map[string]any{"id": inv.ID}, nil)
	// The key is no field of the API.
	if r := e.q(e.owner.Token, `query($id: ID!) { node(id: $id) { ... on Invitation { key } } }`, map[string]any{"id": inv.ID}); r.Code() != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("Invitation.key: %+v", r.Errors)
	}
	e.expectMailCount(2)
}

// 2. The key works once, for the invitee only.
func TestInvitationSMTPAcceptOnlyOnceByTheInvitee(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	bob := e.s.CreateUser("bob", authz.GroupUser)
	mallory := e.s.CreateUser("mallory", authz.GroupUser)
	inv := e.invite("bob@example.com", "SUPERVISOR")
	key := e.nextKey(1, "bob@example.com")
	vars := map[string]any{"k": key}

	e.failsWithoutWriting("UNAUTHENTICATED", "", smtpAcceptDoc, vars)
	e.failsWithoutWriting("FORBIDDEN", mallory.Token, smtpAcceptDoc, vars)
	e.failsWithoutWriting("FORBIDDEN", mallory.Token, smtpDeclineDoc, vars)
	e.failsWithoutWriting("FORBIDDEN", e.owner.Token, smtpAcceptDoc, vars) // staff, but not the invitee
	e.failsWithoutWriting("NOT_FOUND", bob.Token, smtpAcceptDoc, map[string]any{"k": smtpRandomKey()})
	e.failsWithoutWriting("NOT_FOUND", bob.Token, smtpAcceptDoc, map[string]any{"k": ""})
	e.checkRow(inv.ID, "PENDING", key)

	start := time.Now()
	m := e.accept(bob.Token, key)
	if m.Role != "SUPERVISOR" || m.User.Username != "bob" ||
		m.Organization == nil || m.Organization.Slug != "acme" || m.Organization.ViewerRole != "SUPERVISOR" ||
		m.InvitedBy == nil || m.InvitedBy.Username != "owner" ||
		m.Invitation == nil || m.Invitation.ID != inv.ID || m.Invitation.Status != "ACCEPTED" || m.Invitation.Email != "bob@example.com" {
		t.Fatalf("acceptInvitation: %+v", m)
	}
	smtpNear(t, "joinedAt", m.JoinedAt, start)

	row, err := e.s.Client.Membership.Get(testserver.SystemCtx(), e.atoi(m.ID))
	if err != nil {
		t.Fatal(err)
	}
	if row.UserID != bob.ID || row.OrganizationID != e.org || row.Role != authz.RoleSupervisor ||
		row.InvitedByID == nil || *row.InvitedByID != e.owner.ID ||
		row.InvitationID == nil || *row.InvitationID != e.atoi(inv.ID) {
		t.Fatalf("membership row: %+v", row)
	}
	smtpNear(t, "joined_at", row.JoinedAt, start)
	e.checkRow(inv.ID, "ACCEPTED", key)

	// Members are listed with their invitation details.
	org := e.orgAsOwner(nil)
	found := false
	for _, edge := range org.Members.Edges {
		n := edge.Node
		if n.User.Username == "bob" {
			found = true
			if n.ID != m.ID || n.Role != "SUPERVISOR" || n.InvitedBy == nil || n.InvitedBy.Username != "owner" ||
				n.Invitation == nil || n.Invitation.ID != inv.ID || n.Invitation.Status != "ACCEPTED" {
				t.Fatalf("bob in members: %+v", n)
			}
			smtpNear(t, "members joinedAt", n.JoinedAt, start)
		}
	}
	if !found || org.Members.TotalCount != 2 {
		t.Fatalf("members: %+v", org.Members)
	}
	e.onlyInvitation("myInvitations(ACCEPTED)", e.myInvitations(bob.Token, "ACCEPTED"), inv.ID, "ACCEPTED")

	e.failsWithoutWriting("BAD_USER_INPUT", bob.Token, smtpAcceptDoc, vars)
	e.failsWithoutWriting("BAD_USER_INPUT", bob.Token, smtpDeclineDoc, vars)
	e.failsWithoutWriting("FORBIDDEN", mallory.Token, smtpAcceptDoc, vars)
	e.failsWithoutWriting("NOT_FOUND", bob.Token, smtpAcceptDoc, map[string]any{"k": smtpRandomKey()})
	e.failsWithoutWriting("UNAUTHENTICATED", "", smtpAcceptDoc, vars)
	if n := e.count("memberships"); n != 2 {
		t.Fatalf("%d memberships, want 2", n)
	}
	e.expectMailCount(1)
}

// 3. An invitation waits for someone without an account, who signs up with
// that email (in another case) and accepts with the emailed key.
func TestInvitationSMTPSignUpThenAccept(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	inv := e.invite("Carol.New@Example.COM", "WORKER")
	if inv.Email != "carol.new@example.com" {
		t.Fatalf("invitation email %q", inv.Email)
	}
	key := e.nextKey(1, "carol.new@example.com")
	body := e.sink.Mails()[0].Data
	if !strings.Contains(body, "sign up with this email address (carol.new@example.com)") {
		t.Fatalf("the email does not tell to sign up first:\n%s", body)
	}
	if n := e.count("users"); n != 1 {
		t.Fatalf("%d users, want only the owner", n)
	}

	var up struct {
		SignUp struct {
			Token string
			User  struct{ ID, Email string }
		}
	}
	e.must("", `mutation { signUp(input: {username: "carol", email: "CAROL.NEW@example.com", password: "a long password"}) { token user { id email } } }`, nil, &up)
	if up.SignUp.User.Email != "carol.new@example.com" {
		t.Fatalf("signUp: %+v", up.SignUp.User)
	}
	carol := up.SignUp.Token

	var mine struct {
		MyInvitations struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID, Status   string
					Organization *struct {
						Slug, Name  string
						Description *string
					}
					InvitedBy *struct{ Username string }
				}
			}
		}
	}
	e.must(carol, `{ myInvitations { totalCount edges { node { id status organization { slug name description } invitedBy { username } } } } }`, nil, &mine)
	if l := mine.MyInvitations; l.TotalCount != 1 || l.Edges[0].Node.ID != inv.ID || l.Edges[0].Node.Status != "PENDING" ||
		l.Edges[0].Node.Organization == nil || l.Edges[0].Node.Organization.Slug != "acme" || l.Edges[0].Node.Organization.Name != "Acme Corp" ||
		l.Edges[0].Node.Organization.Description != nil ||
		l.Edges[0].Node.InvitedBy == nil || l.Edges[0].Node.InvitedBy.Username != "owner" {
		t.Fatalf("myInvitations of the new user: %+v", mine)
	}

	m := e.accept(carol, key)
	if m.Role != "WORKER" || m.User.Username != "carol" || m.Organization == nil || m.Organization.ViewerRole != "WORKER" ||
		m.InvitedBy == nil || m.InvitedBy.Username != "owner" || m.Invitation == nil || m.Invitation.ID != inv.ID {
		t.Fatalf("acceptInvitation: %+v", m)
	}
	e.checkRow(inv.ID, "ACCEPTED", key)
	var me struct {
		Organization *struct{ Description *string }
	}
	e.must(carol, `{ organization(slug: "acme") { description } }`, nil, &me)
	if me.Organization == nil || me.Organization.Description == nil || *me.Organization.Description != "secret plans" {
		t.Fatalf("the new member does not see the organization: %+v", me)
	}
	e.expectMailCount(1)
}

// 4. Expiry; resending renews it with a new key in a new email.
func TestInvitationSMTPExpiryAndResend(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	bob := e.s.CreateUser("bob", authz.GroupUser)
	inv := e.invite("bob@example.com", "WORKER")
	oldKey := e.nextKey(1, "bob@example.com")

	past := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
	if _, err := e.s.DB.SQL.Exec("UPDATE invitations SET expires_at = ? WHERE id = ?", past, e.atoi(inv.ID)); err != nil {
		t.Fatal(err)
	}

	e.failsWithoutWriting("BAD_USER_INPUT", bob.Token, smtpAcceptDoc, map[string]any{"k": oldKey})
	e.failsWithoutWriting("BAD_USER_INPUT", bob.Token, smtpDeclineDoc, map[string]any{"k": oldKey})
	e.checkRow(inv.ID, "PENDING", oldKey) // stored PENDING, shown EXPIRED

	e.onlyInvitation("myInvitations(EXPIRED)", e.myInvitations(bob.Token, "EXPIRED"), inv.ID, "EXPIRED")
	e.onlyInvitation("myInvitations", e.myInvitations(bob.Token, nil), inv.ID, "EXPIRED")
	if l := e.myInvitations(bob.Token, "PENDING"); l.TotalCount != 0 || len(l.Edges) != 0 {
		t.Fatalf("myInvitations(PENDING) lists an expired invitation: %+v", l)
	}
	e.onlyInvitation("organization.invitations(EXPIRED)", e.orgAsOwner("EXPIRED").Invitations, inv.ID, "EXPIRED")
	if l := e.orgAsOwner("PENDING").Invitations; l.TotalCount != 0 {
		t.Fatalf("organization.invitations(PENDING) lists an expired invitation: %+v", l)
	}

	start := time.Now()
	re := e.resend(e.owner.Token, inv.ID)
	if re.ID != inv.ID || re.Status != "PENDING" || re.SendCount != 2 {
		t.Fatalf("resendInvitation: %+v", re)
	}
	smtpNear(t, "sentAt after resend", re.SentAt, start)
	smtpNear(t, "expiresAt after resend", re.ExpiresAt, start.Add(smtpTTL))
	newKey := e.nextKey(2, "bob@example.com")
	if newKey == oldKey {
		t.Fatal("resending kept the key")
	}
	e.checkRow(inv.ID, "PENDING", newKey)
	row, _ := e.s.Client.Invitation.Get(testserver.SystemCtx(), e.atoi(inv.ID))
	smtpNear(t, "stored expires_at", row.ExpiresAt, start.Add(smtpTTL))
	e.onlyInvitation("myInvitations(PENDING)", e.myInvitations(bob.Token, "PENDING"), inv.ID, "PENDING")

	e.failsWithoutWriting("NOT_FOUND", bob.Token, smtpAcceptDoc, map[string]any{"k": oldKey})
	m := e.accept(bob.Token, newKey)
	if m.Role != "WORKER" || m.Invitation == nil || m.Invitation.ID != inv.ID {
		t.Fatalf("acceptInvitation with the new key: %+v", m)
	}
	e.checkRow(inv.ID, "ACCEPTED", newKey)
	e.expectMailCount(2)
}

// 4b. An expired invitation frees its email: a new invitation takes its
// place, and the old one then cannot be resent into a second pending one.
func TestInvitationSMTPReinviteAfterExpiry(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	bob := e.s.CreateUser("bob", authz.GroupUser)
	old := e.invite("bob@example.com", "WORKER")
	oldKey := e.nextKey(1, "bob@example.com")
	if _, err := e.s.DB.SQL.Exec("UPDATE invitations SET expires_at = ? WHERE id = ?", time.Now().UTC().Add(-time.Hour), e.atoi(old.ID)); err != nil {
		t.Fatal(err)
	}
	fresh := e.invite("BOB@example.com", "SUPERVISOR")
	freshKey := e.nextKey(2, "bob@example.com")
	e.checkRow(old.ID, "EXPIRED", oldKey)
	e.checkRow(fresh.ID, "PENDING", freshKey)

	e.failsWithoutWriting("CONFLICT", e.owner.Token, smtpResendDoc, map[string]any{"id": old.ID})
	e.failsWithoutWriting("BAD_USER_INPUT", bob.Token, smtpAcceptDoc, map[string]any{"k": oldKey})
	if m := e.accept(bob.Token, freshKey); m.Role != "SUPERVISOR" {
		t.Fatalf("acceptInvitation: %+v", m)
	}
	e.expectMailCount(2)
}

// 5. Revocation.
func TestInvitationSMTPRevoke(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	frank := e.s.CreateUser("frank", authz.GroupUser)
	inv := e.invite("frank@example.com", "WORKER")
	key := e.nextKey(1, "frank@example.com")

	var out struct{ RevokeInvitation smtpInvitation }
	e.must(e.owner.Token, smtpRevokeDoc, map[string]any{"id": inv.ID}, &out)
	if r := out.RevokeInvitation; r.ID != inv.ID || r.Status != "REVOKED" || r.RespondedAt == nil || r.SendCount != 1 {
		t.Fatalf("revokeInvitation: %+v", r)
	}
	e.checkRow(inv.ID, "REVOKED", key)

	e.failsWithoutWriting("BAD_USER_INPUT", frank.Token, smtpAcceptDoc, map[string]any{"k": key})
	e.failsWithoutWriting("BAD_USER_INPUT", frank.Token, smtpDeclineDoc, map[string]any{"k": key})
	e.failsWithoutWriting("BAD_USER_INPUT", e.owner.Token, smtpRevokeDoc, map[string]any{"id": inv.ID})
	e.failsWithoutWriting("BAD_USER_INPUT", e.owner.Token, smtpResendDoc, map[string]any{"id": inv.ID})
	e.onlyInvitation("myInvitations(REVOKED)", e.myInvitations(frank.Token, "REVOKED"), inv.ID, "REVOKED")
	e.onlyInvitation("organization.invitations(REVOKED)", e.orgAsOwner("REVOKED").Invitations, inv.ID, "REVOKED")
	if n := e.count("memberships"); n != 1 {
		t.Fatalf("%d memberships, want the owner's only", n)
	}
	e.expectMailCount(1)
}

// 6. Declining.
func TestInvitationSMTPDecline(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	erin := e.s.CreateUser("erin", authz.GroupUser)
	mallory := e.s.CreateUser("mallory", authz.GroupUser)
	inv := e.invite("erin@example.com", "SUPERVISOR")
	key := e.nextKey(1, "erin@example.com")
	vars := map[string]any{"k": key}

	e.failsWithoutWriting("UNAUTHENTICATED", "", smtpDeclineDoc, vars)
	e.failsWithoutWriting("FORBIDDEN", mallory.Token, smtpDeclineDoc, vars)
	e.failsWithoutWriting("FORBIDDEN", e.owner.Token, smtpDeclineDoc, vars)
	e.failsWithoutWriting("NOT_FOUND", erin.Token, smtpDeclineDoc, map[string]any{"k": smtpRandomKey()})

	var out struct{ DeclineInvitation smtpInvitation }
	e.must(erin.Token, smtpDeclineDoc, vars, &out)
	if d := out.DeclineInvitation; d.ID != inv.ID || d.Status != "DECLINED" || d.RespondedAt == nil {
		t.Fatalf("declineInvitation: %+v", d)
	}
	e.checkRow(inv.ID, "DECLINED", key)
	if n, err := e.s.Client.Membership.Query().Count(testserver.SystemCtx()); err != nil || n != 1 {
		t.Fatalf("%d memberships (%v), want the owner's only", n, err)
	}

	e.failsWithoutWriting("BAD_USER_INPUT", erin.Token, smtpDeclineDoc, vars)
	e.failsWithoutWriting("BAD_USER_INPUT", erin.Token, smtpAcceptDoc, vars)
	e.failsWithoutWriting("FORBIDDEN", mallory.Token, smtpDeclineDoc, vars)
	e.onlyInvitation("myInvitations(DECLINED)", e.myInvitations(erin.Token, "DECLINED"), inv.ID, "DECLINED")
	e.onlyInvitation("organization.invitations(DECLINED)", e.orgAsOwner("DECLINED").Invitations, inv.ID, "DECLINED")

	// Having declined, erin sees nothing of acme (RULES.md §6.4).
	if r := e.q(erin.Token, `{ organization(slug: "acme") { slug } }`, nil); r.Code() != "NOT_FOUND" {
		t.Fatalf("organization for a person who declined: %s %+v", r.Data, r.Errors)
	}
	// The email is free for a new invitation.
	again := e.invite("erin@example.com", "WORKER")
	againKey := e.nextKey(2, "erin@example.com")
	if m := e.accept(erin.Token, againKey); m.Role != "WORKER" || m.Invitation == nil || m.Invitation.ID != again.ID {
		t.Fatalf("accepting the new invitation: %+v", m)
	}
	e.expectMailCount(2)
}

// 7. At most 5 resends per user per hour, counted across invitations. The
// resends go to two addresses: one address gets at most 5 emails a day from
// an organization (email_limits_test.go), which would stop a sixth resend
// to bob before this limit did.
func TestInvitationSMTPResendRateLimit(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	bob := e.s.CreateUser("bob", authz.GroupUser)
	maintainer := e.member("maya", authz.RoleMaintainer)
	inv := e.invite("bob@example.com", "WORKER")
	keys := []string{e.nextKey(1, "bob@example.com")}
	carol := e.invite("carol@example.com", "WORKER")
	e.nextKey(2, "carol@example.com")
	mails := 2

	for i := 1; i <= 3; i++ {
		r := e.resend(e.owner.Token, inv.ID)
		if r.SendCount != i+1 || r.Status != "PENDING" {
			t.Fatalf("resend %d: %+v", i, r)
		}
		mails++
		keys = append(keys, e.nextKey(mails, "bob@example.com"))
		e.checkRow(inv.ID, "PENDING", keys[i])
	}
	for i := 1; i <= 2; i++ {
		if r := e.resend(e.owner.Token, carol.ID); r.SendCount != i+1 {
			t.Fatalf("resend %d to carol: %+v", i, r)
		}
		mails++
		e.nextKey(mails, "carol@example.com")
	}
	if n := e.count("invitation_emails"); n != 7 {
		t.Fatalf("%d invitation_emails rows, want 7 (2 invitations, 5 resends)", n)
	}
	// The sixth resend within the hour: bob has had 4 emails (under the
	// per-address limit), the owner 5 resends.
	before, _ := e.s.Client.Invitation.Get(testserver.SystemCtx(), e.atoi(inv.ID))
	r := e.failsWithoutWriting("RATE_LIMITED", e.owner.Token, smtpResendDoc, map[string]any{"id": inv.ID})
	if msg := r.Errors[0].Message; msg != "at most 5 resends per hour: try again later" {
		t.Fatalf("RATE_LIMITED message: %q", msg)
	}
	after, _ := e.s.Client.Invitation.Get(testserver.SystemCtx(), e.atoi(inv.ID))
	if after.SendCount != 4 || !after.ExpiresAt.Equal(before.ExpiresAt) || !after.SentAt.Equal(before.SentAt) {
		t.Fatalf("the refused resend changed the invitation: %+v -> %+v", before, after)
	}
	e.expectMailCount(mails)

	// The limit is per user: another staff member may still resend.
	if r := e.resend(maintainer.Token, inv.ID); r.SendCount != 5 {
		t.Fatalf("resend by another maintainer: %+v", r)
	}
	mails++
	keys = append(keys, e.nextKey(mails, "bob@example.com"))

	// Resends older than an hour do not count (bob has had his 5 emails of
	// the day: the owner resends carol's).
	if _, err := e.s.DB.SQL.Exec("UPDATE invitation_emails SET sent_at = ? WHERE sender_id = ?",
		time.Now().UTC().Add(-61*time.Minute), e.owner.ID); err != nil {
		t.Fatal(err)
	}
	if r := e.resend(e.owner.Token, carol.ID); r.SendCount != 4 {
		t.Fatalf("resend after the window: %+v", r)
	}
	mails++
	e.nextKey(mails, "carol@example.com")

	for _, k := range keys[:len(keys)-1] {
		e.failsWithoutWriting("NOT_FOUND", bob.Token, smtpAcceptDoc, map[string]any{"k": k})
	}
	if m := e.accept(bob.Token, keys[len(keys)-1]); m.Invitation == nil || m.Invitation.ID != inv.ID {
		t.Fatalf("accept with the last key: %+v", m)
	}
	e.expectMailCount(mails)
}

// 8. A request that fails sends no email (RULES.md §6.5), even when an earlier
// root field of the same mutation queued one.
func TestInvitationSMTPFailedRequestSendsNoEmail(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	e.member("bob", authz.RoleWorker)
	pending := e.invite("dave@example.com", "WORKER")
	e.nextKey(1, "dave@example.com")

	const two = `mutation($o: ID!) {
		a: inviteMember(input: {organizationID: $o, email: "new@example.com", role: WORKER}) { id }
		b: inviteMember(input: {organizationID: $o, email: "bob@example.com", role: WORKER}) { id }
	}`
	r := e.failsWithoutWriting("CONFLICT", e.owner.Token, two, map[string]any{"o": e.orgID})
	if p := fmt.Sprint(r.Errors[0].Path); p != "[b]" {
		t.Fatalf("error path %s, want [b]", p)
	}
	if n := e.count("invitations"); n != 1 {
		t.Fatalf("%d invitations, want 1", n)
	}

	// A resend (valid) followed by a failing field: no email, no email
	// counted (the invitation's own email is the one row).
	const resendThenFail = `mutation($id: ID!, $o: ID!) {
		a: resendInvitation(id: $id) { id sendCount }
		b: inviteMember(input: {organizationID: $o, email: "DAVE@example.com", role: WORKER}) { id }
	}`
	e.failsWithoutWriting("CONFLICT", e.owner.Token, resendThenFail, map[string]any{"id": pending.ID, "o": e.orgID})
	if n := e.count("invitation_emails"); n != 1 {
		t.Fatalf("%d invitation_emails rows after a failed request, want 1", n)
	}

	// A failure of another kind after an invitation: NOT_FOUND.
	const inviteThenRevokeUnknown = `mutation($o: ID!) {
		a: inviteMember(input: {organizationID: $o, email: "new@example.com", role: WORKER}) { id }
		b: revokeInvitation(id: "999999999") { id }
	}`
	e.failsWithoutWriting("NOT_FOUND", e.owner.Token, inviteThenRevokeUnknown, map[string]any{"o": e.orgID})

	// Control: the same shape, both fields valid, commits and sends both.
	const both = `mutation($o: ID!) {
		a: inviteMember(input: {organizationID: $o, email: "new@example.com", role: WORKER}) { id }
		b: inviteMember(input: {organizationID: $o, email: "other@example.com", role: WORKER}) { id }
	}`
	e.must(e.owner.Token, both, map[string]any{"o": e.orgID}, nil)
	mails := e.expectMailCount(3)
	got := map[string]bool{mails[1].To[0]: true, mails[2].To[0]: true}
	if !got["new@example.com"] || !got["other@example.com"] {
		t.Fatalf("recipients: %+v", mails[1:])
	}
}

// 9. Conflicts write nothing and send nothing.
func TestInvitationSMTPConflicts(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	e.member("bob", authz.RoleWorker)
	inv := e.invite("dave@example.com", "WORKER")
	key := e.nextKey(1, "dave@example.com")

	for _, email := range []string{"bob@example.com", "Bob@Example.COM", "OWNER@example.com", "dave@example.com", "DAVE@Example.Com", " dave@example.com "} {
		r := e.failsWithoutWriting("CONFLICT", e.owner.Token, smtpInviteDoc, map[string]any{"o": e.orgID, "e": email, "r": "SUPERVISOR"})
		if f := r.Errors[0].Extensions["field"]; f != "email" {
			t.Fatalf("inviting %q: extensions.field %v, want email", email, f)
		}
	}
	e.checkRow(inv.ID, "PENDING", key)
	if n := e.count("invitations"); n != 1 {
		t.Fatalf("%d invitations, want 1", n)
	}
	e.expectMailCount(1)
}

// SMTP_URL with user:pass@127.0.0.1: net/smtp's PlainAuth allows a
// connection without TLS to 127.0.0.1 (it counts as localhost), so the
// credentials are sent and the email goes out.
func TestInvitationSMTPWithAuth(t *testing.T) {
	e := newSMTPEnv(t, "mailer:s3cret@", "mailer", "s3cret")
	e.invite("bob@example.com", "WORKER")
	e.nextKey(1, "bob@example.com")
	if m := e.sink.Mails()[0]; m.User != "mailer" {
		t.Fatalf("the email was accepted without authenticating as mailer: %+v", m)
	}
	if f := e.sink.AuthFailures(); f != 0 {
		t.Fatalf("%d failed authentications", f)
	}
}

// Wrong SMTP credentials: the request has committed and succeeds; the email
// is not delivered and the failure is logged without the password or the
// key.
func TestInvitationSMTPWrongPasswordIsLogged(t *testing.T) {
	e := newSMTPEnv(t, "mailer:wrong-pass@", "mailer", "s3cret")
	inv := e.invite("bob@example.com", "WORKER")
	e.expectMailCount(0)
	if f := e.sink.AuthFailures(); f != 1 {
		t.Fatalf("%d failed authentications, want 1", f)
	}
	if _, err := e.s.Client.Invitation.Get(testserver.SystemCtx(), e.atoi(inv.ID)); err != nil {
		t.Fatalf("the invitation was not kept: %v", err)
	}
	logs := e.s.Logs.String()
	if !strings.Contains(logs, "sending email") || !strings.Contains(logs, "bob@example.com") || !strings.Contains(logs, "535") {
		t.Fatalf("the failed delivery is not logged:\n%s", logs)
	}
	if strings.Contains(logs, "wrong-pass") || strings.Contains(logs, "key=") {
		t.Fatalf("the log shows the password or a key:\n%s", logs)
	}
}

// An SMTP server that does not offer AUTH while SMTP_URL has credentials:
// net/smtp refuses to send without authenticating (logged, not delivered).
func TestInvitationSMTPCredentialsButNoAuthOffered(t *testing.T) {
	e := newSMTPEnv(t, "mailer:s3cret@", "", "")
	e.invite("bob@example.com", "WORKER")
	e.expectMailCount(0)
	if logs := e.s.Logs.String(); !strings.Contains(logs, "sending email") || !strings.Contains(logs, "doesn't support AUTH") {
		t.Fatalf("the failed delivery is not logged:\n%s", logs)
	}
}
