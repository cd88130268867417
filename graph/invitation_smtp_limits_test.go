package graph_test

// Invitation tests (see invitation_smtp_test.go) of rate limits, failed
// requests, conflicts and SMTP authentication.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// 7. At most 5 resends per user per hour, counted across invitations. The
// resends go to two addresses: one address gets at most 5 emails a day from
// an organization (email_limits_test.go), which would stop a sixth resend
// to bob before this limit did.
func TestInvitationSMTPResendRateLimit(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	bob, inv, key := e.invitee(1, "bob", "WORKER")
	maintainer := e.member("maya", authz.RoleMaintainer)
	keys := []string{key}
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
	inv, key := e.inviteWithKey(1, "dave@example.com", "WORKER")

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

// SMTP_URL with user:pass@127.0.0.1: go-mail's PLAIN auth allows a
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
// the mailer refuses to send without authenticating (logged, not delivered).
func TestInvitationSMTPCredentialsButNoAuthOffered(t *testing.T) {
	e := newSMTPEnv(t, "mailer:s3cret@", "", "")
	e.invite("bob@example.com", "WORKER")
	e.expectMailCount(0)
	if logs := e.s.Logs.String(); !strings.Contains(logs, "sending email") || !strings.Contains(logs, "does not support SMTP AUTH") {
		t.Fatalf("the failed delivery is not logged:\n%s", logs)
	}
}
