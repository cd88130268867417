package graph_test

// An Orgraph sending through the SMTP sink, with an organization "acme"
// owned by "owner", and the GraphQL documents and shapes of the invitation
// tests.

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

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
	e.q(token, doc, vars).Must(e.t, into)
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

// inviteWithKey invites email (lower case) with role and returns the
// invitation and the key of its email, the n-th received (see nextKey).
func (e *smtpEnv) inviteWithKey(n int, email, role string) (smtpInvitation, string) {
	e.t.Helper()
	inv := e.invite(email, role)
	return inv, e.nextKey(n, email)
}

// invitee creates the user name and invites name@example.com with role, the
// n-th email of the test; it returns the user, the invitation and its key.
func (e *smtpEnv) invitee(n int, name, role string) (*testserver.User, smtpInvitation, string) {
	e.t.Helper()
	u := e.s.CreateUser(name, authz.GroupUser)
	inv, key := e.inviteWithKey(n, name+"@example.com", role)
	return u, inv, key
}

// refusedButToTheInvitee asserts that doc (accept or decline) with the
// key in vars is refused, writing nothing, to the anonymous
// (UNAUTHENTICATED), to stranger and to the owner (FORBIDDEN: staff, but
// not the invitee), and that a made-up key is NOT_FOUND to the invitee.
func (e *smtpEnv) refusedButToTheInvitee(doc string, invitee, stranger *testserver.User, vars map[string]any) {
	e.t.Helper()
	e.failsWithoutWriting("UNAUTHENTICATED", "", doc, vars)
	e.failsWithoutWriting("FORBIDDEN", stranger.Token, doc, vars)
	e.failsWithoutWriting("FORBIDDEN", e.owner.Token, doc, vars)
	e.failsWithoutWriting("NOT_FOUND", invitee.Token, doc, map[string]any{"k": smtpRandomKey()})
}

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
	if got, err := mail.ParseAddress(msg.Header.Get("To")); err != nil || got.Address != to || got.Name != "" {
		e.t.Fatalf("To: %q (%v), want %q", msg.Header.Get("To"), err, to)
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
	return e.s.RowCount(table)
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
