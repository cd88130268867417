package graph_test

// The rows of the authorization matrix (authz_matrix_test.go): one action
// each, with the answer per actor and what a success changes.

import (
	"strconv"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

func mxActions() []mxAction {
	slugVars := func(f *mxFixture) map[string]any { return map[string]any{"slug": f.slug} }
	ghostSlug := func(f *mxFixture) map[string]any { return map[string]any{"slug": "no-such-org"} }
	orgVars := func(f *mxFixture) map[string]any { return map[string]any{"org": mxID(f.orgID)} }
	ghostOrg := func(f *mxFixture) map[string]any { return map[string]any{"org": mxMadeUp(f.orgID)} }

	invite := func(role authz.Role) func(f *mxFixture) map[string]any {
		return func(f *mxFixture) map[string]any {
			return map[string]any{"org": mxID(f.orgID), "email": "New@Example.com", "role": string(role)}
		}
	}
	ghostInvite := func(f *mxFixture) map[string]any {
		return map[string]any{"org": mxMadeUp(f.orgID), "email": "new@example.com", "role": "WORKER"}
	}
	ownInvitation := func(f *mxFixture) map[string]any { return map[string]any{"id": mxID(f.ownInv)} }
	othersInvitation := func(f *mxFixture) map[string]any { return map[string]any{"id": mxID(f.otherInv)} }
	ghostInvitation := func(f *mxFixture) map[string]any { return map[string]any{"id": mxMadeUp(f.otherInv)} }

	changeRole := func(target string, role authz.Role) func(f *mxFixture) map[string]any {
		return func(f *mxFixture) map[string]any {
			return map[string]any{"id": mxID(f.mem[target]), "role": string(role)}
		}
	}
	ghostMember := func(f *mxFixture) map[string]any {
		return map[string]any{"id": mxMadeUp(f.mem["tworker"]), "role": "SUPERVISOR"}
	}
	member := func(target string) func(f *mxFixture) map[string]any {
		return func(f *mxFixture) map[string]any { return map[string]any{"id": mxID(f.mem[target])} }
	}
	transfer := func(target string) func(f *mxFixture) map[string]any {
		return func(f *mxFixture) map[string]any {
			return map[string]any{"org": mxID(f.orgID), "m": mxID(f.mem[target])}
		}
	}
	ghostTransfer := func(f *mxFixture) map[string]any {
		return map[string]any{"org": mxMadeUp(f.orgID), "m": mxID(f.mem["tworker"])}
	}

	inviteeKey := func(f *mxFixture) map[string]any { return map[string]any{"k": f.keyFor(f.users["invitee"].Email)} }
	ghostKey := func(f *mxFixture) map[string]any { return map[string]any{"k": "A" + strings.Repeat("b", 42)} }

	orgID := func(f *mxFixture) map[string]any { return map[string]any{"id": mxID(f.orgID)} }
	ghostOrgID := func(f *mxFixture) map[string]any { return map[string]any{"id": mxMadeUp(f.orgID)} }
	confirmed := func(f *mxFixture) map[string]any { return map[string]any{"id": mxID(f.orgID), "confirm": f.slug} }
	ghostConfirmed := func(f *mxFixture) map[string]any { return map[string]any{"id": mxMadeUp(f.orgID), "confirm": f.slug} }
	confirmedUpper := func(f *mxFixture) map[string]any {
		return map[string]any{"id": mxID(f.orgID), "confirm": strings.ToUpper(f.slug)}
	}
	// Nobody changes their own role, admins included (see ownMembership).
	ownRole := func(f *mxFixture) map[string]any {
		role := authz.RoleSupervisor
		if f.kind == mxSupervisor {
			role = authz.RoleWorker
		}
		return map[string]any{"id": mxID(f.ownMembership()), "role": string(role)}
	}

	// One action a line. Columns of want: owner, maintainer, supervisor,
	// worker, pending invitee, non-member, admin, WORKER-group maintainer,
	// anonymous.
	return []mxAction{
		// RULES.md §2: a pending invitee sees it through the invitation only.
		{name: "see the organization", doc: mxOrgDoc, vars: slugVars, ghost: ghostSlug, want: mx("ok  ok  ok  ok  NF  NF  ok  ok  UN"), check: mxCheckSeeOrganization},
		{name: "see the active members", doc: mxMembersDoc, vars: slugVars, ghost: ghostSlug, want: mx("ok  ok  ok  ok  NF  NF  ok  ok  UN"), check: mxCheckSeeMembers},
		// Staff see them; other members (the WORKER group too) get an empty list.
		{name: "see the invitations", doc: mxInvitationsDoc, vars: slugVars, ghost: ghostSlug, want: mx("ok  ok  ok  ok  NF  NF  ok  ok  UN"), check: mxCheckSeeInvitations},
		// The WORKER group acts as a worker whatever its role (RULES.md §1).
		{name: "edit the organization", doc: mxUpdateOrgDoc, vars: orgID, ghost: ghostOrgID, want: mx("ok  ok  F   F   NF  NF  ok  F   UN"), check: mxExpectEdited},
		{name: "remove the organization", doc: mxDeleteOrgDoc, vars: confirmed, ghost: ghostConfirmed, want: mx("ok  F   F   F   NF  NF  ok  F   UN"), check: mxExpectOrgRemoved},
		{name: "remove the organization, confirmSlug in another letter case", doc: mxDeleteOrgDoc, vars: confirmedUpper, want: mx("BAD F   F   F   NF  NF  BAD F   UN")},

		{name: "invite with role WORKER", doc: mxInviteDoc, vars: invite(authz.RoleWorker), ghost: ghostInvite, want: mx("ok  ok  F   F   NF  NF  ok  F   UN"), check: mxExpectNewInvitation(authz.RoleWorker)},
		{name: "invite with role SUPERVISOR", doc: mxInviteDoc, vars: invite(authz.RoleSupervisor), ghost: ghostInvite, want: mx("ok  ok  F   F   NF  NF  ok  F   UN"), check: mxExpectNewInvitation(authz.RoleSupervisor)},
		// CVAT let maintainers invite maintainers.
		{name: "invite with role MAINTAINER", doc: mxInviteDoc, vars: invite(authz.RoleMaintainer), ghost: ghostInvite, want: mx("ok  F   F   F   NF  NF  ok  F   UN"), check: mxExpectNewInvitation(authz.RoleMaintainer)},
		// Nobody is made owner by an invitation, not even by an admin.
		{name: "invite with role OWNER", doc: mxInviteDoc, vars: invite(authz.RoleOwner), ghost: ghostInvite, want: mx("BAD BAD F   F   NF  NF  BAD F   UN")},

		// Own = sent by the actor: the worker and the supervisor sent theirs
		// as maintainers before being demoted, the WORKER-group maintainer
		// before being moved to that group, the invitee and the non-member
		// as members before leaving.
		{name: "resend one's own invitation", doc: mxResendDoc, vars: ownInvitation, ghost: ghostInvitation, want: mx("ok  ok  ok  ok  NF  NF  ok  ok  -"), check: mxExpectResent},
		// Non-staff do not see others' invitations: NOT_FOUND (RULES.md §3).
		{name: "resend someone else's invitation", doc: mxResendDoc, vars: othersInvitation, ghost: ghostInvitation, want: mx("ok  ok  NF  NF  NF  NF  ok  NF  UN"), check: mxExpectResent},
		{name: "revoke one's own invitation", doc: mxRevokeDoc, vars: ownInvitation, ghost: ghostInvitation, want: mx("ok  ok  ok  ok  NF  NF  ok  ok  -"), check: mxExpectRevoked},
		{name: "revoke someone else's invitation", doc: mxRevokeDoc, vars: othersInvitation, ghost: ghostInvitation, want: mx("ok  ok  NF  NF  NF  NF  ok  NF  UN"), check: mxExpectRevoked},

		// RULES.md §4: only the invitee (by email) accepts or declines; the
		// key alone is not enough, not even for an admin.
		{name: "accept the invitee's invitation", doc: mxAcceptDoc, vars: inviteeKey, ghost: ghostKey, want: mx("F   F   F   F   ok  F   F   F   UN"), check: mxExpectAccepted},
		{name: "decline the invitee's invitation", doc: mxDeclineDoc, vars: inviteeKey, ghost: ghostKey, want: mx("F   F   F   F   ok  F   F   F   UN"), check: mxExpectDeclined},

		{name: "change a worker's role to SUPERVISOR", doc: mxChangeRoleDoc, vars: changeRole("tworker", authz.RoleSupervisor), ghost: ghostMember, want: mx("ok  ok  F   F   NF  NF  ok  F   UN"), check: mxExpectRole("tworker", authz.RoleSupervisor)},
		{name: "change a supervisor's role to WORKER", doc: mxChangeRoleDoc, vars: changeRole("tsupervisor", authz.RoleWorker), ghost: ghostMember, want: mx("ok  ok  F   F   NF  NF  ok  F   UN"), check: mxExpectRole("tsupervisor", authz.RoleWorker)},
		{name: "change a maintainer's role", doc: mxChangeRoleDoc, vars: changeRole("tmaintainer", authz.RoleSupervisor), ghost: ghostMember, want: mx("ok  F   F   F   NF  NF  ok  F   UN"), check: mxExpectRole("tmaintainer", authz.RoleSupervisor)},
		// CVAT let maintainers promote to maintainer.
		{name: "make someone MAINTAINER", doc: mxChangeRoleDoc, vars: changeRole("tworker", authz.RoleMaintainer), ghost: ghostMember, want: mx("ok  F   F   F   NF  NF  ok  F   UN"), check: mxExpectRole("tworker", authz.RoleMaintainer)},
		// A second owner, by anyone: refused (only transferOwnership).
		{name: "make someone OWNER by a role change", doc: mxChangeRoleDoc, vars: changeRole("tworker", authz.RoleOwner), ghost: ghostMember, want: mx("BAD BAD F   F   NF  NF  BAD F   UN")},
		{name: "make a maintainer OWNER by a role change", doc: mxChangeRoleDoc, vars: changeRole("tmaintainer", authz.RoleOwner), ghost: ghostMember, want: mx("BAD BAD F   F   NF  NF  BAD F   UN")},
		{name: "change the owner's role", doc: mxChangeRoleDoc, vars: changeRole("owner", authz.RoleMaintainer), ghost: ghostMember, want: mx("F   F   F   F   NF  NF  F   F   UN")},
		{name: "change one's own role", doc: mxChangeRoleDoc, vars: ownRole, want: mx("F   F   F   F   F   F   F   F   -")},

		{name: "remove a worker", doc: mxRemoveDoc, vars: member("tworker"), ghost: ghostMember, want: mx("ok  ok  F   F   NF  NF  ok  F   UN"), check: mxExpectRemoved("tworker")},
		{name: "remove a supervisor", doc: mxRemoveDoc, vars: member("tsupervisor"), ghost: ghostMember, want: mx("ok  ok  F   F   NF  NF  ok  F   UN"), check: mxExpectRemoved("tsupervisor")},
		{name: "remove a maintainer", doc: mxRemoveDoc, vars: member("tmaintainer"), ghost: ghostMember, want: mx("ok  F   F   F   NF  NF  ok  F   UN"), check: mxExpectRemoved("tmaintainer")},
		{name: "remove the owner", doc: mxRemoveDoc, vars: member("owner"), ghost: ghostMember, want: mx("F   F   F   F   NF  NF  F   F   UN")},
		// The owner transfers ownership first (CVAT let owners leave).
		{name: "leave the organization", doc: mxLeaveDoc, vars: orgVars, ghost: ghostOrg, want: mx("F   ok  ok  ok  NF  NF  NF  ok  UN"), check: mxExpectLeft},

		{name: "transfer ownership", doc: mxTransferDoc, vars: transfer("tworker"), ghost: ghostTransfer, want: mx("ok  F   F   F   NF  NF  ok  F   UN"), check: mxExpectTransferred},
		{name: "transfer ownership to the owner", doc: mxTransferDoc, vars: transfer("owner"), ghost: ghostTransfer, want: mx("BAD F   F   F   NF  NF  BAD F   UN")},
	}
}

// --- checks of the successful operations above whose check is theirs
// alone (the shared ones are in authz_matrix_checks_test.go) ---

func mxExpectEdited(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
	o := want.Orgs[f.orgID]
	o.Name, o.Description = "Renamed", "changed"
	want.Orgs[f.orgID] = o
}

func mxExpectOrgRemoved(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
	var d struct{ DeleteOrganization string }
	r.Decode(t, &d)
	if d.DeleteOrganization != mxID(f.orgID) {
		t.Errorf("deleteOrganization returned %q, want %q", d.DeleteOrganization, mxID(f.orgID))
	}
	want.removeOrganization(f.orgID)
}

func mxExpectAccepted(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
	var d struct{ AcceptInvitation struct{ ID string } }
	r.Decode(t, &d)
	id, _ := strconv.Atoi(d.AcceptInvitation.ID)
	m, found := got.Members[id]
	if _, existed := want.Members[id]; existed || !found {
		t.Fatalf("acceptInvitation returned %s, not a new membership", r.Data)
	}
	if wantM := (mxMemberRow{User: f.users["invitee"].ID, Org: f.orgID, Role: authz.RoleSupervisor}); m != wantM {
		t.Errorf("membership = %+v, want %+v", m, wantM)
	}
	want.Members[id] = m
	inv := want.Invitations[f.inviteeInv]
	inv.Status, inv.PendingEmail = authz.InvitationAccepted, ""
	want.Invitations[f.inviteeInv] = inv
}

func mxExpectDeclined(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
	inv := want.Invitations[f.inviteeInv]
	inv.Status, inv.PendingEmail = authz.InvitationDeclined, ""
	want.Invitations[f.inviteeInv] = inv
}

func mxExpectLeft(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
	me := mxUserOf[f.kind]
	var d struct{ LeaveOrganization struct{ MembershipID string } }
	r.Decode(t, &d)
	if d.LeaveOrganization.MembershipID != mxID(f.mem[me]) {
		t.Errorf("leaveOrganization returned %q, want the membership %d", d.LeaveOrganization.MembershipID, f.mem[me])
	}
	delete(want.Members, f.mem[me])
	f.expectNoAccess(t, me)
}

func mxExpectTransferred(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
	var d struct {
		TransferOwnership struct{ Owner struct{ Username string } }
	}
	r.Decode(t, &d)
	if d.TransferOwnership.Owner.Username != f.users["tworker"].Username {
		t.Errorf("owner after the transfer = %q, want tworker", d.TransferOwnership.Owner.Username)
	}
	mxSetRole(want, f.mem["owner"], authz.RoleMaintainer)
	mxSetRole(want, f.mem["tworker"], authz.RoleOwner)
	o := want.Orgs[f.orgID]
	o.OwnerID = f.users["tworker"].ID
	want.Orgs[f.orgID] = o
}
