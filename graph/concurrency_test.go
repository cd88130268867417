package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"orgraph/ent/invitation"
	"orgraph/ent/membership"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// The races below go through the real HTTP handler. On SQLite (one
// connection) requests run one after the other whatever the goroutines do;
// on MariaDB they really overlap, and the workflows' organization row lock
// must make them behave as if they had run one after the other. Run them
// there several times:
//
//	ORGRAPH_TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/test go test -count=5 ./graph/ -run TestRace

const (
	changeRoleDoc = `mutation($m: ID!, $r: Role!) { changeMemberRole(membershipID: $m, role: $r) { id role } }`
	removeDoc     = `mutation($m: ID!) { removeMember(membershipID: $m) { membershipID } }`
	transferDoc   = `mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`
	declineDoc    = `mutation($k: String!) { declineInvitation(key: $k) { id status } }`
)

func TestRaceRoleChanges(t *testing.T) {
	c := newRaceCast(t)
	c.rounds(t, "roles", func(round, org, mx int) map[string]map[string]int {
		// The owner makes x a maintainer while the maintainer moves x
		// between worker and supervisor. In any serial order x ends a
		// maintainer: the maintainer's changes before the owner's are
		// overwritten, those after it are FORBIDDEN (only the owner
		// changes a maintainer's role).
		calls := []raceCall{{"owner makes x MAINTAINER", c.owner.Token, changeRoleDoc, map[string]any{"m": idOf(mx), "r": "MAINTAINER"}}}
		for i := range 11 {
			role := []string{"SUPERVISOR", "WORKER"}[i%2]
			calls = append(calls, raceCall{"maint makes x " + role, c.maint.Token, changeRoleDoc, map[string]any{"m": idOf(mx), "r": role}})
		}
		results, got := raceRound(t, c.s, calls, map[string][]string{
			"owner makes x MAINTAINER": {"ok"},
			"maint makes x SUPERVISOR": {"ok", "FORBIDDEN"},
			"maint makes x WORKER":     {"ok", "FORBIDDEN"},
		})
		if got := roleOf(t, c.s, mx); got != authz.RoleMaintainer {
			t.Fatalf("round %d: x ends %s, want MAINTAINER (outcomes %v)", round, got, tally(results))
		}
		for _, r := range results {
			if r.ok() {
				requireJSON(t, r.name, r.resp.Data, fmt.Sprintf(`{"changeMemberRole":{"id":"%d","role":%q}}`, mx, r.vars["r"]))
			}
		}
		if n := c.s.Client.Membership.Query().Where(membership.OrganizationID(org)).CountX(testserver.SystemCtx()); n != 3 {
			t.Fatalf("round %d: %d memberships, want 3", round, n)
		}
		return got
	})
}

func TestRaceTransferOwnershipAndRemoveMember(t *testing.T) {
	c := newRaceCast(t)
	c.rounds(t, "transfer", func(round, org, mx int) map[string]map[string]int {
		mOwner := membershipIDOf(t, c.s, org, c.owner.ID)
		mMaint := membershipIDOf(t, c.s, org, c.maint.ID)
		transfer := raceCall{"owner transfers to x", c.owner.Token, transferDoc, map[string]any{"o": idOf(org), "m": idOf(mx)}}
		calls := append([]raceCall{transfer, transfer}, repeatCalls(5,
			raceCall{"maint removes x", c.maint.Token, removeDoc, map[string]any{"m": idOf(mx)}},
			raceCall{"owner removes x", c.owner.Token, removeDoc, map[string]any{"m": idOf(mx)}},
		)...)
		results := race(t, c.s, calls)
		got := tally(results)
		o := c.s.Client.Organization.GetX(c.ctx, org)
		xLeft := c.s.Client.Membership.Query().Where(membership.ID(mx)).CountX(c.ctx)
		switch transfers := got[transfer.name]["ok"]; {
		case transfers == 1:
			// The transfer went first: x owns, the old owner maintains,
			// and nobody could remove the owner.
			requireOutcomes(t, results, map[string][]string{
				transfer.name:     {"ok", "FORBIDDEN"}, // the second transfer: no longer the owner
				"maint removes x": {"FORBIDDEN"},
				"owner removes x": {"FORBIDDEN"},
			})
			if o.OwnerID != c.x.ID || xLeft != 1 || roleOf(t, c.s, mx) != authz.RoleOwner || roleOf(t, c.s, mOwner) != authz.RoleMaintainer {
				t.Fatalf("round %d: after the transfer: owner_id %d (x is %d), x's membership rows %d", round, o.OwnerID, c.x.ID, xLeft)
			}
		case transfers == 0:
			// A removal went first: x is gone, the owner is unchanged,
			// the transfer found no member.
			requireOutcomes(t, results, map[string][]string{
				transfer.name:     {"BAD_USER_INPUT", "NOT_FOUND"},
				"maint removes x": {"ok", "NOT_FOUND"},
				"owner removes x": {"ok", "NOT_FOUND"},
			})
			if n := got["maint removes x"]["ok"] + got["owner removes x"]["ok"]; n != 1 {
				t.Fatalf("round %d: %d removals succeeded, want 1 (%v)", round, n, got)
			}
			if o.OwnerID != c.owner.ID || xLeft != 0 || roleOf(t, c.s, mOwner) != authz.RoleOwner {
				t.Fatalf("round %d: after the removal: owner_id %d (owner is %d), x's membership rows %d", round, o.OwnerID, c.owner.ID, xLeft)
			}
		default:
			t.Fatalf("round %d: %d transfers succeeded (%v)", round, transfers, got)
		}
		if roleOf(t, c.s, mMaint) != authz.RoleMaintainer {
			t.Fatalf("round %d: the maintainer's role changed", round)
		}
		return got
	})
}

func TestRaceAcceptInvitationTwice(t *testing.T) {
	c := newRaceCast(t)
	c.rounds(t, "accept", func(round, org, _ int) map[string]map[string]int {
		inv, key := inviteWithKeyViaAPI(t, c.s, c.maint.Token, org, c.invitee.Email, authz.RoleSupervisor)
		calls := repeatCalls(12, raceCall{"accept", c.invitee.Token, acceptDoc, map[string]any{"k": key}})
		results, got := raceRound(t, c.s, calls, map[string][]string{"accept": {"ok", "BAD_USER_INPUT", "CONFLICT"}})
		if got["accept"]["ok"] != 1 {
			t.Fatalf("round %d: %d acceptances succeeded, want 1 (%v)", round, got["accept"]["ok"], got)
		}
		ms := c.s.Client.Membership.Query().Where(membership.OrganizationID(org), membership.UserID(c.invitee.ID)).AllX(c.ctx)
		if len(ms) != 1 || ms[0].Role != authz.RoleSupervisor || ms[0].InvitationID == nil || *ms[0].InvitationID != inv ||
			ms[0].InvitedByID == nil || *ms[0].InvitedByID != c.maint.ID {
			t.Fatalf("round %d: memberships of the invitee: %+v", round, ms)
		}
		for _, r := range results {
			if r.ok() {
				requireJSON(t, "accept", r.resp.Data, fmt.Sprintf(`{"acceptInvitation":{"id":"%d"}}`, ms[0].ID))
			}
		}
		if i := c.s.Client.Invitation.GetX(c.ctx, inv); i.Status != authz.InvitationAccepted || i.PendingEmail != nil {
			t.Fatalf("round %d: invitation status %s, pending email %v", round, i.Status, i.PendingEmail)
		}
		return got
	})
}

func TestRaceAcceptAndDecline(t *testing.T) {
	c := newRaceCast(t)
	c.rounds(t, "decide", func(round, org, _ int) map[string]map[string]int {
		inv, key := inviteWithKeyViaAPI(t, c.s, c.owner.Token, org, c.invitee2.Email, authz.RoleWorker)
		calls := repeatCalls(6,
			raceCall{"accept", c.invitee2.Token, acceptDoc, map[string]any{"k": key}},
			raceCall{"decline", c.invitee2.Token, declineDoc, map[string]any{"k": key}},
		)
		_, got := raceRound(t, c.s, calls, map[string][]string{
			"accept":  {"ok", "BAD_USER_INPUT", "CONFLICT"},
			"decline": {"ok", "BAD_USER_INPUT"},
		})
		members := c.s.Client.Membership.Query().Where(membership.OrganizationID(org), membership.UserID(c.invitee2.ID)).CountX(c.ctx)
		status := c.s.Client.Invitation.GetX(c.ctx, inv).Status
		switch {
		case got["accept"]["ok"] == 1 && got["decline"]["ok"] == 0:
			if members != 1 || status != authz.InvitationAccepted {
				t.Fatalf("round %d: accepted, but %d memberships and status %s", round, members, status)
			}
		case got["accept"]["ok"] == 0 && got["decline"]["ok"] == 1:
			if members != 0 || status != authz.InvitationDeclined {
				t.Fatalf("round %d: declined, but %d memberships and status %s", round, members, status)
			}
		default:
			t.Fatalf("round %d: want exactly one success, got %v", round, got)
		}
		return got
	})
}

func TestRaceRemoveMemberAndInvite(t *testing.T) {
	c := newRaceCast(t)
	c.rounds(t, "reinvite", func(round, org, mx int) map[string]map[string]int {
		calls := repeatCalls(6,
			raceCall{"maint removes x", c.maint.Token, removeDoc, map[string]any{"m": idOf(mx)}},
			raceCall{"owner invites x", c.owner.Token, inviteDoc, map[string]any{"o": idOf(org), "e": strings.ToUpper(c.x.Email), "r": "SUPERVISOR"}},
		)
		// Removals: the first wins, the others find no membership.
		// Invitations: before the removal x is a member, after it the
		// first invitation is pending: CONFLICT either way, but for one.
		_, got := raceRound(t, c.s, calls, map[string][]string{
			"maint removes x": {"ok", "NOT_FOUND"},
			"owner invites x": {"ok", "CONFLICT"},
		})
		if got["maint removes x"]["ok"] != 1 || got["owner invites x"]["ok"] > 1 {
			t.Fatalf("round %d: outcomes %v", round, got)
		}
		if n := c.s.Client.Membership.Query().Where(membership.OrganizationID(org), membership.UserID(c.x.ID)).CountX(c.ctx); n != 0 {
			t.Fatalf("round %d: x still has %d memberships", round, n)
		}
		invs := c.s.Client.Invitation.Query().Where(invitation.OrganizationID(org)).AllX(c.ctx)
		if len(invs) != got["owner invites x"]["ok"] {
			t.Fatalf("round %d: %d invitations rows for %d successful invitations", round, len(invs), got["owner invites x"]["ok"])
		}
		for _, i := range invs {
			if i.Email != c.x.Email || i.Status != authz.InvitationPending {
				t.Fatalf("round %d: invitation %+v", round, i)
			}
		}
		return got
	})
}

func TestRaceInviteSameEmail(t *testing.T) {
	c := newRaceCast(t)
	c.rounds(t, "invite", func(round, org, _ int) map[string]map[string]int {
		email := fmt.Sprintf("newcomer%d@example.com", round)
		spellings := []string{email, strings.ToUpper(email), "  " + email + " ", strings.Replace(email, "newcomer", "NewComer", 1)}
		var calls []raceCall
		for i := range 16 {
			inviter := []*testserver.User{c.owner, c.maint}[i%2]
			calls = append(calls, raceCall{"invite", inviter.Token, inviteDoc, map[string]any{"o": idOf(org), "e": spellings[i%len(spellings)], "r": "WORKER"}})
		}
		results, got := raceRound(t, c.s, calls, map[string][]string{"invite": {"ok", "CONFLICT"}})
		if got["invite"]["ok"] != 1 {
			t.Fatalf("round %d: %d invitations succeeded, want 1 (%v)", round, got["invite"]["ok"], got)
		}
		invs := c.s.Client.Invitation.Query().Where(invitation.OrganizationID(org)).AllX(c.ctx)
		if len(invs) != 1 || invs[0].Email != email || invs[0].Status != authz.InvitationPending || invs[0].PendingEmail == nil || *invs[0].PendingEmail != email {
			t.Fatalf("round %d: invitations %+v", round, invs)
		}
		for _, r := range results {
			if r.ok() {
				requireJSON(t, "invite", r.resp.Data, fmt.Sprintf(`{"inviteMember":{"id":"%d"}}`, invs[0].ID))
			}
		}
		// One email went out, for the one invitation.
		c.s.Mailer.Wait()
		sent := 0
		for _, line := range strings.Split(c.s.Logs.String(), "\n") {
			if m := invitationMail.FindStringSubmatch(line); m != nil && m[1] == email {
				sent++
			}
		}
		if sent != 1 {
			t.Fatalf("round %d: %d invitation emails to %s, want 1", round, sent, email)
		}
		return got
	})
}
