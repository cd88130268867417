package graph_test

// Races of the invitation workflows that take no organization lock
// (internal/orgs/invitations.go): inviting, resending and revoking rely on
// the unique index of one pending invitation per address and organization,
// the foreign key to the organization, and the invitation's row lock. Each
// race must still end as if the requests had run one after the other.
// Meaningful on MariaDB (see concurrency_test.go).

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"orgraph/ent/invitation"
	"orgraph/ent/invitationemail"
	"orgraph/ent/membership"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

const (
	revokeDoc   = `mutation($id: ID!) { revokeInvitation(id: $id) { id status } }`
	resendIDDoc = `mutation($id: ID!) { resendInvitation(id: $id) { id } }`
)

// Revoking and accepting one invitation: exactly one of them wins, and the
// rows say which.
func TestRaceRevokeAndAccept(t *testing.T) {
	c := newRaceCast(t)
	s := c.s
	ctx := testserver.SystemCtx()
	c.rounds(t, "revoke", func(round, org, _ int) map[string]map[string]int {
		inv, key := inviteWithKeyViaAPI(t, s, c.maint.Token, org, c.invitee.Email, authz.RoleWorker)
		calls := repeatCalls(4,
			raceCall{"accept", c.invitee.Token, acceptDoc, map[string]any{"k": key}},
			raceCall{"revoke", c.owner.Token, revokeDoc, map[string]any{"id": idOf(inv)}},
			raceCall{"revoke", c.maint.Token, revokeDoc, map[string]any{"id": idOf(inv)}},
		)
		_, got := raceRound(t, s, calls, map[string][]string{
			"accept": {"ok", "BAD_USER_INPUT", "CONFLICT"},
			"revoke": {"ok", "BAD_USER_INPUT"},
		})
		members := s.Client.Membership.Query().Where(membership.OrganizationID(org), membership.UserID(c.invitee.ID)).CountX(ctx)
		status := s.Client.Invitation.GetX(ctx, inv).Status
		switch {
		case got["accept"]["ok"] == 1 && got["revoke"]["ok"] == 0:
			if members != 1 || status != authz.InvitationAccepted {
				t.Fatalf("round %d: accepted, but %d memberships and status %s", round, members, status)
			}
		case got["accept"]["ok"] == 0 && got["revoke"]["ok"] == 1:
			if members != 0 || status != authz.InvitationRevoked {
				t.Fatalf("round %d: revoked, but %d memberships and status %s", round, members, status)
			}
		default:
			t.Fatalf("round %d: want exactly one success, got %v", round, got)
		}
		return got
	})
}

// Inviting while the organization is removed: an invitation committed
// first is removed with it (its email record detached, its email sent);
// one after it is NOT_FOUND and leaves nothing.
func TestRaceInviteAndRemoveOrganization(t *testing.T) {
	c := newRaceCast(t)
	s := c.s
	ctx := testserver.SystemCtx()
	c.rounds(t, "gone", func(round, org, _ int) map[string]map[string]int {
		slug := fmt.Sprintf("gone-%d", round)
		var calls []raceCall
		for i := range 8 {
			calls = append(calls, raceCall{"invite", c.maint.Token, inviteDoc, map[string]any{
				"o": idOf(org), "e": fmt.Sprintf("r%d-guest%d@example.com", round, i), "r": "WORKER"}})
			if i == 3 {
				calls = append(calls, raceCall{"remove", c.owner.Token, deleteOrgDoc, map[string]any{"id": idOf(org), "c": slug}})
			}
		}
		_, got := raceRound(t, s, calls, map[string][]string{"invite": {"ok", "NOT_FOUND"}, "remove": {"ok"}})
		if n := s.Client.Invitation.Query().Where(invitation.OrganizationID(org)).CountX(ctx); n != 0 {
			t.Fatalf("round %d: %d invitations of the removed organization", round, n)
		}
		if n := s.Client.InvitationEmail.Query().Where(invitationemail.OrganizationID(org)).CountX(ctx); n != 0 {
			t.Fatalf("round %d: %d email records still name the removed organization", round, n)
		}
		sent := 0
		for i := range 8 {
			sent += mailsTo(s, fmt.Sprintf("r%d-guest%d@example.com", round, i))
		}
		if sent != got["invite"]["ok"] {
			t.Fatalf("round %d: %d emails for %d invitations that succeeded", round, sent, got["invite"]["ok"])
		}
		return got
	})
}

// An expired invitation holds the address's pending slot: inviting the
// address again (which marks it EXPIRED and takes the slot) and resending
// it (which makes it pending again) race. Either order leaves exactly one
// pending invitation, and every success sent exactly one email.
func TestRaceReinviteAndResendExpired(t *testing.T) {
	c := newRaceCast(t)
	s := c.s
	ctx := testserver.SystemCtx()
	c.rounds(t, "expired", func(round, org, _ int) map[string]map[string]int {
		email := fmt.Sprintf("late%d@example.com", round)
		old := inviteViaAPI(t, s, c.maint.Token, org, email, authz.RoleWorker)
		s.Client.Invitation.UpdateOneID(old).SetExpiresAt(time.Now().Add(-time.Hour).UTC()).ExecX(ctx)
		calls := []raceCall{
			{"resend", c.owner.Token, resendIDDoc, map[string]any{"id": idOf(old)}},
			{"resend", c.maint.Token, resendIDDoc, map[string]any{"id": idOf(old)}},
		}
		for i := range 4 {
			inviter := []*testserver.User{c.owner, c.maint}[i%2]
			calls = append(calls, raceCall{"invite", inviter.Token, inviteDoc, map[string]any{"o": idOf(org), "e": strings.ToUpper(email), "r": "WORKER"}})
		}
		_, got := raceRound(t, s, calls, map[string][]string{"invite": {"ok", "CONFLICT"}, "resend": {"ok", "CONFLICT"}})
		if got["invite"]["ok"] > 1 {
			t.Fatalf("round %d: %d invitations succeeded, want at most 1 (%v)", round, got["invite"]["ok"], got)
		}
		pending := s.Client.Invitation.Query().
			Where(invitation.OrganizationID(org), invitation.Email(email), invitation.StatusEQ(authz.InvitationPending)).AllX(ctx)
		if len(pending) != 1 || !pending[0].ExpiresAt.After(time.Now()) {
			t.Fatalf("round %d: pending invitations %+v, want one, not expired (%v)", round, pending, got)
		}
		successes := 1 + got["invite"]["ok"] + got["resend"]["ok"] // the first invitation too
		records := s.Client.InvitationEmail.Query().Where(invitationemail.OrganizationID(org), invitationemail.Email(email)).CountX(ctx)
		if records != successes || mailsTo(s, email) != successes {
			t.Fatalf("round %d: %d email records and %d emails for %d sendings", round, records, mailsTo(s, email), successes)
		}
		return got
	})
}
