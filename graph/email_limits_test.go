package graph_test

// The invitation email limits (RULES.md §4; internal/orgs/emaillimits.go): per
// address and organization per day, per inviter per day. The resend limit
// of 5 per user per hour is TestInvitationSMTPResendRateLimit.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"orgraph/ent/invitation"
	"orgraph/ent/invitationemail"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

const (
	perAddressRefusal = "this organization has sent 5 invitation emails to this address in the last 24 hours, the most allowed: try again later"
	deleteOrgByIDDoc  = `mutation($id: ID!, $c: String!) { deleteOrganization(id: $id, confirmSlug: $c) }`
)

func inviterRefusal(limit int) string {
	return fmt.Sprintf("you have sent %d invitation emails in the last 24 hours, the most one person may send: try again later", limit)
}

// requireRefusal checks the one error of a refused request: its message and
// extensions.field ("" for none).
func requireRefusal(t *testing.T, r *testserver.Response, message, field string) {
	t.Helper()
	if got := r.Errors[0].Message; got != message {
		t.Fatalf("message %q, want %q", got, message)
	}
	if got, _ := r.Errors[0].Extensions["field"].(string); got != field {
		t.Fatalf("extensions.field %q, want %q", got, field)
	}
}

// requireLastMailTo checks that n emails arrived in all, the last to to (an
// email from another organization than acme, which nextKey expects).
func requireLastMailTo(t *testing.T, e *smtpEnv, n int, to string) {
	t.Helper()
	if m := e.expectMailCount(n)[n-1]; len(m.To) != 1 || m.To[0] != to {
		t.Fatalf("email %d went to %v, want %s", n, m.To, to)
	}
}

func TestEmailLimitPerAddressPerDay(t *testing.T) {
	e := newSMTPEnv(t, "", "", "")
	const bob = "bob@example.com"
	mails := 0
	sent := func(to string) {
		t.Helper()
		mails++
		e.nextKey(mails, to)
	}
	revoke := func(id string) { e.must(e.owner.Token, smtpRevokeDoc, map[string]any{"id": id}, nil) }

	// Invitations and resends count together, and so does every invitation
	// of an invite, revoke, invite again loop.
	inv := e.invite(bob, "WORKER")
	sent(bob)
	for range 2 {
		e.resend(e.owner.Token, inv.ID)
		sent(bob)
	}
	revoke(inv.ID)
	inv = e.invite(bob, "WORKER")
	sent(bob)
	revoke(inv.ID)
	inv = e.invite("  BOB@Example.com ", "SUPERVISOR") // the fifth email, to the same address
	sent(bob)
	if n := e.count("invitation_emails"); n != 5 {
		t.Fatalf("%d invitation_emails rows, want 5", n)
	}

	// The sixth: refused as a resend, as a new invitation after revoking,
	// and for every inviter of the organization.
	r := e.failsWithoutWriting("RATE_LIMITED", e.owner.Token, smtpResendDoc, map[string]any{"id": inv.ID})
	requireRefusal(t, r, perAddressRefusal, "")
	revoke(inv.ID)
	r = e.failsWithoutWriting("RATE_LIMITED", e.owner.Token, smtpInviteDoc, map[string]any{"o": e.orgID, "e": "Bob@example.com", "r": "WORKER"})
	requireRefusal(t, r, perAddressRefusal, "email")
	maya := e.member("maya", authz.RoleMaintainer)
	r = e.failsWithoutWriting("RATE_LIMITED", maya.Token, smtpInviteDoc, map[string]any{"o": e.orgID, "e": bob, "r": "WORKER"})
	requireRefusal(t, r, perAddressRefusal, "email")

	// Other addresses of the organization, and bob from another
	// organization, are not affected.
	e.invite("carol@example.com", "WORKER")
	sent("carol@example.com")
	var beta struct{ CreateOrganization struct{ ID string } }
	e.must(e.owner.Token, `mutation { createOrganization(input: {slug: "beta"}) { id } }`, nil, &beta)
	e.must(e.owner.Token, smtpInviteDoc, map[string]any{"o": beta.CreateOrganization.ID, "e": bob, "r": "WORKER"}, nil)
	mails++
	requireLastMailTo(t, e, mails, bob)

	// The window is a rolling day: once acme's emails to bob are older,
	// they no longer count and the next sending goes out.
	if _, err := e.s.DB.SQL.Exec("UPDATE invitation_emails SET sent_at = ? WHERE organization_id = ? AND email = ?",
		time.Now().UTC().Add(-24*time.Hour-time.Minute), e.org, bob); err != nil {
		t.Fatal(err)
	}
	e.invite(bob, "WORKER")
	sent(bob)
	ctx := testserver.SystemCtx()
	recent := func() int {
		return e.s.Client.InvitationEmail.Query().
			Where(invitationemail.OrganizationID(e.org), invitationemail.Email(bob), invitationemail.SentAtGT(time.Now().UTC().Add(-24*time.Hour))).
			CountX(ctx)
	}
	if n := recent(); n != 1 {
		t.Fatalf("%d records of acme's emails to bob in the last day, want 1", n)
	}
	// One recorded email in sixteen prunes what aged out: within sixteen
	// more emails, only the day's records are left.
	old := func() int {
		return e.s.Client.InvitationEmail.Query().Where(invitationemail.SentAtLT(time.Now().UTC().Add(-24 * time.Hour))).CountX(ctx)
	}
	for i := 0; old() > 0; i++ {
		if i == 16 {
			t.Fatalf("%d records older than a day left after 16 more emails", old())
		}
		address := fmt.Sprintf("filler%d@example.com", i)
		e.invite(address, "WORKER")
		sent(address)
	}
	e.expectMailCount(mails)
}

func TestEmailLimitPerInviterPerDay(t *testing.T) {
	e := newSMTPEnv(t, "", "", "", func(c *config.Config) { c.InviterEmailsPerDay = 3 })
	mails := 0
	sent := func(to string) {
		t.Helper()
		mails++
		e.nextKey(mails, to)
	}
	var beta struct{ CreateOrganization struct{ ID string } }
	e.must(e.owner.Token, `mutation { createOrganization(input: {slug: "beta"}) { id } }`, nil, &beta)
	betaID := beta.CreateOrganization.ID

	// Three emails across two organizations, a resend among them.
	a := e.invite("a@example.com", "WORKER")
	sent("a@example.com")
	e.resend(e.owner.Token, a.ID)
	sent("a@example.com")
	e.must(e.owner.Token, smtpInviteDoc, map[string]any{"o": betaID, "e": "b@example.com", "r": "WORKER"}, nil)
	mails++
	requireLastMailTo(t, e, mails, "b@example.com")

	refusal := inviterRefusal(3)
	r := e.failsWithoutWriting("RATE_LIMITED", e.owner.Token, smtpInviteDoc, map[string]any{"o": e.orgID, "e": "c@example.com", "r": "WORKER"})
	requireRefusal(t, r, refusal, "")
	r = e.failsWithoutWriting("RATE_LIMITED", e.owner.Token, smtpResendDoc, map[string]any{"id": a.ID})
	requireRefusal(t, r, refusal, "")

	// The cap is the inviter's: another maintainer of acme still invites.
	maya := e.member("maya", authz.RoleMaintainer)
	e.must(maya.Token, smtpInviteDoc, map[string]any{"o": e.orgID, "e": "c@example.com", "r": "WORKER"}, nil)
	mails++
	requireLastMailTo(t, e, mails, "c@example.com")

	// Removing an organization does not give the allowance back: its
	// records stay, detached (no organization, no address).
	e.must(e.owner.Token, deleteOrgByIDDoc, map[string]any{"id": betaID, "c": "beta"}, nil)
	ctx := testserver.SystemCtx()
	if n := e.s.Client.InvitationEmail.Query().Where(invitationemail.SenderID(e.owner.ID), invitationemail.OrganizationID(0), invitationemail.Email("")).CountX(ctx); n != 1 {
		t.Fatalf("%d detached records of the owner's emails from beta, want 1", n)
	}
	r = e.failsWithoutWriting("RATE_LIMITED", e.owner.Token, smtpInviteDoc, map[string]any{"o": e.orgID, "e": "d@example.com", "r": "WORKER"})
	requireRefusal(t, r, refusal, "")

	// A day later the owner may send again.
	if _, err := e.s.DB.SQL.Exec("UPDATE invitation_emails SET sent_at = ? WHERE sender_id = ?",
		time.Now().UTC().Add(-24*time.Hour-time.Minute), e.owner.ID); err != nil {
		t.Fatal(err)
	}
	e.invite("d@example.com", "WORKER")
	sent("d@example.com")
	e.expectMailCount(mails)
}

// The default cap is 100 emails a day: 99 recorded, the 100th goes out,
// the 101st is refused.
func TestEmailLimitPerInviterDefault(t *testing.T) {
	s := testserver.New(t)
	if s.Config.InviterEmailsPerDay != 100 {
		t.Fatalf("INVITER_EMAILS_PER_DAY defaults to %d, want 100", s.Config.InviterEmailsPerDay)
	}
	alice := s.CreateUser("alice", authz.GroupUser)
	org := createOrg(t, s, alice.Token, "acme")
	ctx := testserver.SystemCtx()
	recent := time.Now().UTC().Add(-time.Hour)
	for i := range 99 {
		s.Client.InvitationEmail.Create().SetOrganizationID(0).SetEmail("").SetSenderID(alice.ID).
			SetInvitationID(i + 1).SetResend(false).SetSentAt(recent).ExecX(ctx)
	}
	inviteViaAPI(t, s, alice.Token, org, "hundredth@example.com", authz.RoleWorker)
	r := s.Query(alice.Token, inviteDoc, map[string]any{"o": idOf(org), "e": "extra@example.com", "r": "WORKER"})
	if r.Code() != "RATE_LIMITED" || len(r.Errors) != 1 {
		t.Fatalf("the 101st email: %+v", r.Errors)
	}
	requireRefusal(t, r, inviterRefusal(100), "")
	if n := s.Client.Invitation.Query().Where(invitation.OrganizationID(org)).CountX(ctx); n != 1 {
		t.Fatalf("%d invitations, want 1", n)
	}
	if n := s.Client.InvitationEmail.Query().CountX(ctx); n != 100 {
		t.Fatalf("%d invitation_emails rows, want 100", n)
	}
	s.Mailer.Wait()
	if strings.Contains(s.Logs.String(), "extra@example.com") {
		t.Fatal("the refused invitation was emailed")
	}
}

// mailsTo counts the invitation emails the log mailer wrote to email.
func mailsTo(s *testserver.Server, email string) int {
	s.Mailer.Wait()
	n := 0
	for _, line := range strings.Split(s.Logs.String(), "\n") {
		if m := invitationMail.FindStringSubmatch(line); m != nil && m[1] == email {
			n++
		}
	}
	return n
}

// Concurrent sends keep both counts exact. On MariaDB the inviter's sends
// from different organizations really overlap (the organization locks do
// not serialize them; the lock of the inviter's user row does), and the
// resends of one invitation by different staff wait on the organization.
func TestRaceEmailLimits(t *testing.T) {
	s := testserver.New(t, func(c *config.Config) { c.InviterEmailsPerDay = 3 })
	ctx := testserver.SystemCtx()
	const resendDoc = `mutation($id: ID!) { resendInvitation(id: $id) { id sendCount } }`
	for round := range 3 {
		// One inviter, six organizations, one invitation in each at once:
		// three go out.
		inviter := s.CreateUser(fmt.Sprintf("inviter%d", round), authz.GroupUser)
		var calls []raceCall
		for i := range 6 {
			org := createOrg(t, s, inviter.Token, fmt.Sprintf("r%d-org%d", round, i))
			calls = append(calls, raceCall{"invite", inviter.Token, inviteDoc, map[string]any{
				"o": idOf(org), "e": fmt.Sprintf("r%d-guest%d@example.com", round, i), "r": "WORKER"}})
		}
		results := race(t, s, calls)
		requireOutcomes(t, results, map[string][]string{"invite": {"ok", "RATE_LIMITED"}})
		if got := tally(results); got["invite"]["ok"] != 3 {
			t.Fatalf("round %d: %v, want 3 invitations sent", round, got)
		}
		if n := s.Client.InvitationEmail.Query().Where(invitationemail.SenderID(inviter.ID)).CountX(ctx); n != 3 {
			t.Fatalf("round %d: %d emails recorded for the inviter, want 3", round, n)
		}
		if n := s.Client.Invitation.Query().Where(invitation.InvitedByID(inviter.ID)).CountX(ctx); n != 3 {
			t.Fatalf("round %d: %d invitations, want 3", round, n)
		}
		emailed := 0
		for i := range 6 {
			emailed += mailsTo(s, fmt.Sprintf("r%d-guest%d@example.com", round, i))
		}
		if emailed != 3 {
			t.Fatalf("round %d: %d emails sent, want 3", round, emailed)
		}

		// One invitation (its first email), eight staff resending it at
		// once: four more go out, the fifth email to the address being the
		// last.
		owner := s.CreateUser(fmt.Sprintf("owner%d", round), authz.GroupUser)
		org := createOrg(t, s, owner.Token, fmt.Sprintf("r%d-acme", round))
		guest := fmt.Sprintf("r%d-bob@example.com", round)
		inv := inviteViaAPI(t, s, owner.Token, org, guest, authz.RoleWorker)
		calls = nil
		for i := range 8 {
			staff := s.CreateUser(fmt.Sprintf("r%d-staff%d", round, i), authz.GroupUser)
			addMemberRow(t, s, org, staff, authz.RoleMaintainer)
			calls = append(calls, raceCall{"resend", staff.Token, resendDoc, map[string]any{"id": idOf(inv)}})
		}
		results = race(t, s, calls)
		requireOutcomes(t, results, map[string][]string{"resend": {"ok", "RATE_LIMITED"}})
		if got := tally(results); got["resend"]["ok"] != 4 {
			t.Fatalf("round %d: %v, want 4 resends", round, got)
		}
		if got := s.Client.Invitation.GetX(ctx, inv); got.SendCount != 5 {
			t.Fatalf("round %d: sendCount %d, want 5", round, got.SendCount)
		}
		if n := s.Client.InvitationEmail.Query().Where(invitationemail.OrganizationID(org), invitationemail.Email(guest)).CountX(ctx); n != 5 {
			t.Fatalf("round %d: %d emails recorded to the guest, want 5", round, n)
		}
		if n := mailsTo(s, guest); n != 5 {
			t.Fatalf("round %d: %d emails sent to the guest, want 5", round, n)
		}
	}
}
