package graph_test

import (
	"fmt"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

const bulkInviteDoc = `mutation($o: ID!, $in: [BulkInvitationInput!]!, $k: String) {
	inviteMembers(organizationID: $o, invitations: $in, idempotencyKey: $k) {
		email invitation { email role status } error { code message field } } }`

// bulkFixture: acme with a maintainer maya, a worker bob and a pending
// invitation to carol.
func bulkFixture(t *testing.T, opts ...testserver.Option) (s *testserver.Server, org int, maya, bob *testserver.User) {
	s, owner, org := ownedOrganization(t, opts...)
	maya = s.CreateUser("maya", authz.GroupUser)
	bob = s.CreateUser("bob", authz.GroupUser)
	joinViaAPI(t, s, owner.Token, org, maya, authz.RoleMaintainer)
	joinViaAPI(t, s, owner.Token, org, bob, authz.RoleWorker)
	inviteViaAPI(t, s, owner.Token, org, "carol@example.com", authz.RoleWorker)
	return s, org, maya, bob
}

// bulkRows counts the rows an invitation writes.
func bulkRows(s *testserver.Server) string {
	return fmt.Sprintf("invitations=%d mail_outbox=%d audit_log=%d invite_idempotency=%d",
		s.RowCount("invitations"), s.RowCount("mail_outbox"), s.RowCount("audit_log"), s.RowCount("invite_idempotency"))
}

func item(email, role string) map[string]any { return map[string]any{"email": email, "role": role} }

func TestBulkInviteMixedBatch(t *testing.T) {
	s, org, maya, bob := bulkFixture(t)
	before := bulkRows(s)
	batch := []any{
		item("new1@example.com", "WORKER"),
		item(bob.Email, "WORKER"),
		item("carol@example.com", "SUPERVISOR"),
		item("not-an-email", "WORKER"),
		item("NEW1@example.com", "WORKER"),
		item("new2@example.com", "MAINTAINER"),
		item("new3@example.com", "SUPERVISOR"),
	}
	vars := map[string]any{"o": idOf(org), "in": batch, "k": "batch-1"}
	want := `{"inviteMembers":[
		{"email":"new1@example.com","invitation":{"email":"new1@example.com","role":"WORKER","status":"PENDING"},"error":null},
		{"email":"bob@example.com","invitation":null,"error":{"code":"CONFLICT","message":"this person is already a member","field":"email"}},
		{"email":"carol@example.com","invitation":null,"error":{"code":"CONFLICT","message":"a pending invitation to this email exists: resend it instead","field":"email"}},
		{"email":"not-an-email","invitation":null,"error":{"code":"BAD_USER_INPUT","message":"email must be a valid address such as name@example.com","field":"email"}},
		{"email":"NEW1@example.com","invitation":null,"error":{"code":"BAD_USER_INPUT","message":"this email appears earlier in the request","field":"email"}},
		{"email":"new2@example.com","invitation":null,"error":{"code":"FORBIDDEN","message":"this needs the role OWNER or higher: invite with role maintainer","field":null}},
		{"email":"new3@example.com","invitation":{"email":"new3@example.com","role":"SUPERVISOR","status":"PENDING"},"error":null}]}`
	r := s.Query(maya.Token, bulkInviteDoc, vars)
	requireGQLData(t, r, want)
	after := bulkRows(s)
	var inv0, out0, audit0 int
	fmt.Sscanf(before, "invitations=%d mail_outbox=%d audit_log=%d", &inv0, &out0, &audit0)
	if wantRows := fmt.Sprintf("invitations=%d mail_outbox=%d audit_log=%d invite_idempotency=1", inv0+2, out0+2, audit0+2); after != wantRows {
		t.Fatalf("rows %s, want %s", after, wantRows)
	}
	for _, e := range []string{"new1@example.com", "new3@example.com"} {
		keyFromMailLog(t, s, e) // emailed
	}
	var sent int
	if err := s.DB.SQL.QueryRow("SELECT COUNT(*) FROM audit_log WHERE action = ?", string(authz.AuditInvitationSent)).Scan(&sent); err != nil {
		t.Fatal(err)
	}
	if sent != 5 { // maya's, bob's, carol's and the two of the batch
		t.Fatalf("%d INVITATION_SENT entries, want 5", sent)
	}

	// The retry returns the same results and writes nothing.
	requireGQLData(t, s.Query(maya.Token, bulkInviteDoc, vars), want)
	if got := bulkRows(s); got != after {
		t.Fatalf("the retry wrote: %s -> %s", after, got)
	}
	// The same key with another body is CONFLICT.
	vars["in"] = batch[:1]
	requireGQLError(t, s.Query(maya.Token, bulkInviteDoc, vars), "CONFLICT", "null")
	if got := bulkRows(s); got != after {
		t.Fatalf("the conflicting retry wrote: %s -> %s", after, got)
	}
	assertSpec6Invariants(t, s)
}

func TestBulkInviteRefusedWritesNothing(t *testing.T) {
	s, org, maya, bob := bulkFixture(t)
	before := bulkRows(s)
	many := make([]any, 101)
	for i := range many {
		many[i] = item(fmt.Sprintf("p%d@example.com", i), "WORKER")
	}
	requireGQLError(t, s.Query(bob.Token, bulkInviteDoc, map[string]any{"o": idOf(org), "in": many[:2]}), "FORBIDDEN", "null")
	r := s.Query(maya.Token, bulkInviteDoc, map[string]any{"o": idOf(org), "in": many, "k": "big"})
	requireGQLError(t, r, "BAD_USER_INPUT", "null")
	if got := bulkRows(s); got != before {
		t.Fatalf("refused requests wrote: %s -> %s", before, got)
	}
}

// TestBulkInviteStatements: a batch costs a constant plus the same number of
// statements per item.
func TestBulkInviteStatements(t *testing.T) {
	s, org, maya, _ := bulkFixture(t)
	cost := func(n int, tag string) int64 {
		in := make([]any, n)
		for i := range in {
			in[i] = item(fmt.Sprintf("%s%d@example.com", tag, i), "WORKER")
		}
		before := s.Statements()
		r := s.Query(maya.Token, bulkInviteDoc, map[string]any{"o": idOf(org), "in": in})
		if len(r.Errors) > 0 {
			t.Fatalf("errors: %+v", r.Errors)
		}
		return s.Statements() - before
	}
	one, ten := cost(1, "a"), cost(10, "b")
	perItem := (ten - one) / 9
	base := one - perItem
	t.Logf("%s: base %d, per item %d", s.Dialect(), base, perItem)
	// The base is the token check, which also reads the username the audit
	// entries name.
	want := map[string][2]int64{"sqlite3": {1, 8}, "mysql": {1, 8}}[s.Dialect()]
	if ten != base+10*perItem || base != want[0] || perItem != want[1] {
		t.Fatalf("1 item %d, 10 items %d statements: want %d + %d per item", one, ten, want[0], want[1])
	}
}

// TestBulkInviteRateLimited: the inviter's daily cap stops the items past
// it (RATE_LIMITED each); the ones before are written and emailed.
func TestBulkInviteRateLimited(t *testing.T) {
	s, org, maya, _ := bulkFixture(t, func(c *config.Config) { c.InviterEmailsPerDay = 3 })
	invs, mails := s.RowCount("invitations"), s.RowCount("mail_outbox")
	in := []any{item("a@example.com", "WORKER"), item("b@example.com", "WORKER"), item("c@example.com", "WORKER"), item("d@example.com", "WORKER")}
	requireGQLData(t, s.Query(maya.Token, `mutation($o: ID!, $in: [BulkInvitationInput!]!) {
		inviteMembers(organizationID: $o, invitations: $in) { email invitation { email } error { code message field } } }`,
		map[string]any{"o": idOf(org), "in": in}), `{"inviteMembers":[
		{"email":"a@example.com","invitation":{"email":"a@example.com"},"error":null},
		{"email":"b@example.com","invitation":{"email":"b@example.com"},"error":null},
		{"email":"c@example.com","invitation":{"email":"c@example.com"},"error":null},
		{"email":"d@example.com","invitation":null,"error":{"code":"RATE_LIMITED","message":"you have sent 3 invitation emails in the last 24 hours, the most one person may send: try again later","field":null}}]}`)
	if got, want := fmt.Sprint(s.RowCount("invitations"), s.RowCount("mail_outbox")), fmt.Sprint(invs+3, mails+3); got != want {
		t.Fatalf("invitations, mail_outbox rows %s, want %s", got, want)
	}
}
