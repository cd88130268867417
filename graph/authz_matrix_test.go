package graph_test

// The authorization matrix of SPEC sections 3 and 4: every action on
// organizations, members and invitations, by every kind of actor, through the
// real HTTP handler. Each case gets a fresh organization with fresh users
// (one server per action), runs one operation, and compares the whole
// database (organizations, memberships, invitations, resends, emails sent)
// before and after: a refused request changed nothing, an allowed one changed
// exactly what it should. SPEC 6.1-6.3 are checked after every case, and
// every NOT_FOUND (and UNAUTHENTICATED) answer is compared with the answer
// about a made-up ID or slug.

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"orgraph/ent/membership"
	"orgraph/internal/auth"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// mxActor is who acts in a case.
type mxActor string

const (
	mxOwner       mxActor = "owner"
	mxMaintainer  mxActor = "maintainer"
	mxSupervisor  mxActor = "supervisor"
	mxWorker      mxActor = "worker"
	mxInvitee     mxActor = "pending invitee"
	mxNonMember   mxActor = "non-member"
	mxAdmin       mxActor = "admin"
	mxWorkerGroup mxActor = "WORKER-group maintainer"
	mxAnonymous   mxActor = "anonymous"
)

// mxActors is the order of the cases; all but anonymous are required in
// every row of the matrix.
var mxActors = []mxActor{mxOwner, mxMaintainer, mxSupervisor, mxWorker, mxInvitee, mxNonMember, mxAdmin, mxWorkerGroup, mxAnonymous}

// mxUserOf is the fixture user behind each actor kind.
var mxUserOf = map[mxActor]string{
	mxOwner: "owner", mxMaintainer: "maintainer", mxSupervisor: "supervisor", mxWorker: "worker",
	mxInvitee: "invitee", mxNonMember: "outsider", mxAdmin: "admin", mxWorkerGroup: "wgmaint",
}

// Expected answers.
const (
	mxOK        = ""
	mxForbidden = "FORBIDDEN"
	mxNotFound  = "NOT_FOUND"
	mxBadInput  = "BAD_USER_INPUT"
	mxUnauth    = "UNAUTHENTICATED"
)

type mxCodes map[mxActor]string

// mx reads a row of the matrix: one answer per column of mxActors (owner,
// maintainer, supervisor, worker, pending invitee, non-member, admin,
// WORKER-group maintainer, anonymous), "ok", "F" (FORBIDDEN), "NF"
// (NOT_FOUND), "BAD" (BAD_USER_INPUT), "UN" (UNAUTHENTICATED), or "-" for
// a case that is not run.
func mx(row string) mxCodes {
	codes := map[string]string{"ok": mxOK, "F": mxForbidden, "NF": mxNotFound, "BAD": mxBadInput, "UN": mxUnauth}
	cols := strings.Fields(row)
	if len(cols) > len(mxActors) {
		panic("matrix row with too many columns: " + row)
	}
	out := mxCodes{}
	for i, c := range cols {
		if c != "-" {
			code, ok := codes[c]
			if !ok {
				panic("unknown answer " + c + " in " + row)
			}
			out[mxActors[i]] = code
		}
	}
	return out
}

// mxAction is one row of the matrix.
type mxAction struct {
	name string
	doc  string
	// vars names the real target. It runs before the "before" snapshot, so
	// it may prepare data the action needs.
	vars func(f *mxFixture) map[string]any
	// ghost is the same call about a made-up ID or slug: NOT_FOUND and
	// UNAUTHENTICATED answers must not differ from the answer about it.
	ghost func(f *mxFixture) map[string]any
	want  mxCodes
	// check runs on success: it asserts on the response and applies the
	// expected change to want (a copy of the state before), which must
	// then equal got (the state after).
	check func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState)
}

func TestAuthzMatrix(t *testing.T) {
	for _, a := range mxActions() {
		for _, kind := range mxActors {
			if _, listed := a.want[kind]; !listed && kind != mxAnonymous {
				t.Errorf("%s: no expectation for %s", a.name, kind)
			}
		}
		t.Run(a.name, func(t *testing.T) {
			// One server per action; each case has its own organization
			// and users in it.
			s := testserver.New(t)
			for n, kind := range mxActors {
				wantCode, listed := a.want[kind]
				if !listed {
					continue
				}
				t.Run(string(kind), func(t *testing.T) { mxRunCase(t, mxNewFixture(t, s, n, kind), a, wantCode) })
			}
		})
	}
}

func mxRunCase(t *testing.T, f *mxFixture, a mxAction, wantCode string) {
	vars := a.vars(f)
	before := f.snapshot()
	r := f.s.Query(f.token(), a.doc, vars)
	got := f.snapshot()
	if r.Code() != wantCode {
		t.Fatalf("code %q, want %q; errors %+v; data %s", r.Code(), wantCode, r.Errors, r.Data)
	}
	want := before.clone()
	if wantCode == mxOK {
		if a.check != nil {
			a.check(t, f, r, &want, got)
		}
	} else if !mxDataIsNull(r) {
		t.Errorf("a refused operation returned data: %s", r.Data)
	}
	if d := want.diff(got); d != "" {
		t.Errorf("database after the operation differs from the expected state:\n%s", d)
	}
	mxCheckInvariants(t, got, f.orgID)

	if a.ghost != nil && (wantCode == mxNotFound || wantCode == mxUnauth) {
		g := f.s.Query(f.token(), a.doc, a.ghost(f))
		if g.Code() != wantCode || g.Errors[0].Message != r.Errors[0].Message {
			t.Errorf("the answer about an existing target (%q %q) differs from the answer about a made-up one (%q %+v)",
				r.Code(), r.Errors[0].Message, g.Code(), g.Errors)
		}
		if d := got.diff(f.snapshot()); d != "" {
			t.Errorf("the call about a made-up target changed the database:\n%s", d)
		}
	}
}

// mxDataIsNull: a failed operation answers no data (each root field null).
func mxDataIsNull(r *testserver.Response) bool {
	s := strings.TrimSpace(string(r.Data))
	if s == "" || s == "null" {
		return true
	}
	return regexp.MustCompile(`^\{("\w+":null,?)*\}$`).MatchString(strings.ReplaceAll(s, " ", ""))
}

// Documents.
const (
	mxOrgDoc         = `query($slug: String!) { organization(slug: $slug) { id slug name description contact { email } owner { username } viewerRole } }`
	mxMembersDoc     = `query($slug: String!) { organization(slug: $slug) { members(first: 100) { totalCount edges { node { role user { username } } } } } }`
	mxInvitationsDoc = `query($slug: String!) { organization(slug: $slug) { invitations(first: 100) { totalCount edges { node { email status } } } } }`
	mxUpdateOrgDoc   = `mutation($id: ID!) { updateOrganization(id: $id, input: {name: "Renamed", description: "changed"}) { id name description } }`
	mxDeleteOrgDoc   = `mutation($id: ID!, $confirm: String!) { deleteOrganization(id: $id, confirmSlug: $confirm) }`
	mxInviteDoc      = `mutation($org: ID!, $email: String!, $role: Role!) { inviteMember(input: {organizationID: $org, email: $email, role: $role}) { id email role status sendCount } }`
	mxResendDoc      = `mutation($id: ID!) { resendInvitation(id: $id) { id status sendCount } }`
	mxRevokeDoc      = `mutation($id: ID!) { revokeInvitation(id: $id) { id status } }`
	mxChangeRoleDoc  = `mutation($id: ID!, $role: Role!) { changeMemberRole(membershipID: $id, role: $role) { id role user { username } } }`
	mxRemoveDoc      = `mutation($id: ID!) { removeMember(membershipID: $id) }`
	mxLeaveDoc       = `mutation($org: ID!) { leaveOrganization(organizationID: $org) }`
	mxAcceptDoc      = `mutation($k: String!) { acceptInvitation(key: $k) { id role organization { slug viewerRole } } }`
	mxDeclineDoc     = `mutation($k: String!) { declineInvitation(key: $k) { id status } }`
	mxTransferDoc    = `mutation($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id owner { username } } }`
)

// mxMadeUp turns a real ID into one of the same kind that does not exist.
func mxMadeUp(id int) string { return mxID(id + 100000) }

func mxID(id int) string { return strconv.Itoa(id) }

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

	// Columns of want: owner, maintainer, supervisor, worker, pending
	// invitee, non-member, admin, WORKER-group maintainer, anonymous.
	return []mxAction{
		{
			name: "see the organization", doc: mxOrgDoc, vars: slugVars, ghost: ghostSlug,
			// SPEC 2: a pending invitee sees it through the invitation only.
			want:  mx("ok  ok  ok  ok  NF  NF  ok  ok  UN"),
			check: mxCheckSeeOrganization,
		},
		{
			name: "see the active members", doc: mxMembersDoc, vars: slugVars, ghost: ghostSlug,
			want:  mx("ok  ok  ok  ok  NF  NF  ok  ok  UN"),
			check: mxCheckSeeMembers,
		},
		{
			name: "see the invitations", doc: mxInvitationsDoc, vars: slugVars, ghost: ghostSlug,
			// Staff see them; other members (the WORKER group too) get an
			// empty list.
			want:  mx("ok  ok  ok  ok  NF  NF  ok  ok  UN"),
			check: mxCheckSeeInvitations,
		},
		{
			name: "edit the organization", doc: mxUpdateOrgDoc,
			vars:  func(f *mxFixture) map[string]any { return map[string]any{"id": mxID(f.orgID)} },
			ghost: func(f *mxFixture) map[string]any { return map[string]any{"id": mxMadeUp(f.orgID)} },
			// The WORKER group acts as a worker whatever its role (SPEC 1).
			want: mx("ok  ok  F   F   NF  NF  ok  F   UN"),
			check: func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
				o := want.Orgs[f.orgID]
				o.Name, o.Description = "Renamed", "changed"
				want.Orgs[f.orgID] = o
			},
		},
		{
			name: "remove the organization", doc: mxDeleteOrgDoc,
			vars:  func(f *mxFixture) map[string]any { return map[string]any{"id": mxID(f.orgID), "confirm": f.slug} },
			ghost: func(f *mxFixture) map[string]any { return map[string]any{"id": mxMadeUp(f.orgID), "confirm": f.slug} },
			want:  mx("ok  F   F   F   NF  NF  ok  F   UN"),
			check: func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
				var d struct{ DeleteOrganization string }
				r.Decode(t, &d)
				if d.DeleteOrganization != mxID(f.orgID) {
					t.Errorf("deleteOrganization returned %q, want %q", d.DeleteOrganization, mxID(f.orgID))
				}
				want.removeOrganization(f.orgID)
			},
		},
		{
			name: "remove the organization, confirmSlug in another letter case", doc: mxDeleteOrgDoc,
			vars: func(f *mxFixture) map[string]any {
				return map[string]any{"id": mxID(f.orgID), "confirm": strings.ToUpper(f.slug)}
			},
			want: mx("BAD F   F   F   NF  NF  BAD F   UN"),
		},
		{
			name: "invite with role WORKER", doc: mxInviteDoc, vars: invite(authz.RoleWorker), ghost: ghostInvite,
			want:  mx("ok  ok  F   F   NF  NF  ok  F   UN"),
			check: mxExpectNewInvitation(authz.RoleWorker),
		},
		{
			name: "invite with role SUPERVISOR", doc: mxInviteDoc, vars: invite(authz.RoleSupervisor), ghost: ghostInvite,
			want:  mx("ok  ok  F   F   NF  NF  ok  F   UN"),
			check: mxExpectNewInvitation(authz.RoleSupervisor),
		},
		{
			// CVAT let maintainers invite maintainers.
			name: "invite with role MAINTAINER", doc: mxInviteDoc, vars: invite(authz.RoleMaintainer), ghost: ghostInvite,
			want:  mx("ok  F   F   F   NF  NF  ok  F   UN"),
			check: mxExpectNewInvitation(authz.RoleMaintainer),
		},
		{
			// Nobody is made owner by an invitation, not even by an admin.
			name: "invite with role OWNER", doc: mxInviteDoc, vars: invite(authz.RoleOwner), ghost: ghostInvite,
			want: mx("BAD BAD F   F   NF  NF  BAD F   UN"),
		},
		{
			// Own = sent by the actor: the worker and the supervisor sent
			// theirs as maintainers before being demoted, the WORKER-group
			// maintainer before being moved to that group, the invitee and
			// the non-member as members before leaving.
			name: "resend one's own invitation", doc: mxResendDoc, vars: ownInvitation, ghost: ghostInvitation,
			want:  mx("ok  ok  ok  ok  NF  NF  ok  ok  -"),
			check: mxExpectResent,
		},
		{
			name: "resend someone else's invitation", doc: mxResendDoc, vars: othersInvitation, ghost: ghostInvitation,
			// Non-staff do not see others' invitations: NOT_FOUND (SPEC 3).
			want:  mx("ok  ok  NF  NF  NF  NF  ok  NF  UN"),
			check: mxExpectResent,
		},
		{
			name: "revoke one's own invitation", doc: mxRevokeDoc, vars: ownInvitation, ghost: ghostInvitation,
			want:  mx("ok  ok  ok  ok  NF  NF  ok  ok  -"),
			check: mxExpectRevoked,
		},
		{
			name: "revoke someone else's invitation", doc: mxRevokeDoc, vars: othersInvitation, ghost: ghostInvitation,
			want:  mx("ok  ok  NF  NF  NF  NF  ok  NF  UN"),
			check: mxExpectRevoked,
		},
		{
			// SPEC 4: only the invitee (by email) accepts or declines; the
			// key alone is not enough, not even for an admin.
			name: "accept the invitee's invitation", doc: mxAcceptDoc, vars: inviteeKey, ghost: ghostKey,
			want: mx("F   F   F   F   ok  F   F   F   UN"),
			check: func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
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
			},
		},
		{
			name: "decline the invitee's invitation", doc: mxDeclineDoc, vars: inviteeKey, ghost: ghostKey,
			want: mx("F   F   F   F   ok  F   F   F   UN"),
			check: func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
				inv := want.Invitations[f.inviteeInv]
				inv.Status, inv.PendingEmail = authz.InvitationDeclined, ""
				want.Invitations[f.inviteeInv] = inv
			},
		},
		{
			name: "change a worker's role to SUPERVISOR", doc: mxChangeRoleDoc,
			vars: changeRole("tworker", authz.RoleSupervisor), ghost: ghostMember,
			want:  mx("ok  ok  F   F   NF  NF  ok  F   UN"),
			check: mxExpectRole("tworker", authz.RoleSupervisor),
		},
		{
			name: "change a supervisor's role to WORKER", doc: mxChangeRoleDoc,
			vars: changeRole("tsupervisor", authz.RoleWorker), ghost: ghostMember,
			want:  mx("ok  ok  F   F   NF  NF  ok  F   UN"),
			check: mxExpectRole("tsupervisor", authz.RoleWorker),
		},
		{
			name: "change a maintainer's role", doc: mxChangeRoleDoc,
			vars: changeRole("tmaintainer", authz.RoleSupervisor), ghost: ghostMember,
			want:  mx("ok  F   F   F   NF  NF  ok  F   UN"),
			check: mxExpectRole("tmaintainer", authz.RoleSupervisor),
		},
		{
			// CVAT let maintainers promote to maintainer.
			name: "make someone MAINTAINER", doc: mxChangeRoleDoc,
			vars: changeRole("tworker", authz.RoleMaintainer), ghost: ghostMember,
			want:  mx("ok  F   F   F   NF  NF  ok  F   UN"),
			check: mxExpectRole("tworker", authz.RoleMaintainer),
		},
		{
			// A second owner, by anyone: refused (only transferOwnership).
			name: "make someone OWNER by a role change", doc: mxChangeRoleDoc,
			vars: changeRole("tworker", authz.RoleOwner), ghost: ghostMember,
			want: mx("BAD BAD F   F   NF  NF  BAD F   UN"),
		},
		{
			name: "make a maintainer OWNER by a role change", doc: mxChangeRoleDoc,
			vars: changeRole("tmaintainer", authz.RoleOwner), ghost: ghostMember,
			want: mx("BAD BAD F   F   NF  NF  BAD F   UN"),
		},
		{
			name: "change the owner's role", doc: mxChangeRoleDoc,
			vars: changeRole("owner", authz.RoleMaintainer), ghost: ghostMember,
			want: mx("F   F   F   F   NF  NF  F   F   UN"),
		},
		{
			// Nobody changes their own role, admins included (see
			// ownMembership).
			name: "change one's own role", doc: mxChangeRoleDoc,
			vars: func(f *mxFixture) map[string]any {
				role := authz.RoleSupervisor
				if f.kind == mxSupervisor {
					role = authz.RoleWorker
				}
				return map[string]any{"id": mxID(f.ownMembership()), "role": string(role)}
			},
			want: mx("F   F   F   F   F   F   F   F   -"),
		},
		{
			name: "remove a worker", doc: mxRemoveDoc, vars: member("tworker"), ghost: ghostMember,
			want:  mx("ok  ok  F   F   NF  NF  ok  F   UN"),
			check: mxExpectRemoved("tworker"),
		},
		{
			name: "remove a supervisor", doc: mxRemoveDoc, vars: member("tsupervisor"), ghost: ghostMember,
			want:  mx("ok  ok  F   F   NF  NF  ok  F   UN"),
			check: mxExpectRemoved("tsupervisor"),
		},
		{
			name: "remove a maintainer", doc: mxRemoveDoc, vars: member("tmaintainer"), ghost: ghostMember,
			want:  mx("ok  F   F   F   NF  NF  ok  F   UN"),
			check: mxExpectRemoved("tmaintainer"),
		},
		{
			name: "remove the owner", doc: mxRemoveDoc, vars: member("owner"), ghost: ghostMember,
			want: mx("F   F   F   F   NF  NF  F   F   UN"),
		},
		{
			// The owner transfers ownership first (CVAT let owners leave).
			name: "leave the organization", doc: mxLeaveDoc, vars: orgVars, ghost: ghostOrg,
			want: mx("F   ok  ok  ok  NF  NF  NF  ok  UN"),
			check: func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
				me := mxUserOf[f.kind]
				var d struct{ LeaveOrganization string }
				r.Decode(t, &d)
				if d.LeaveOrganization != mxID(f.mem[me]) {
					t.Errorf("leaveOrganization returned %q, want the membership %d", d.LeaveOrganization, f.mem[me])
				}
				delete(want.Members, f.mem[me])
				f.expectNoAccess(t, me)
			},
		},
		{
			name: "transfer ownership", doc: mxTransferDoc, vars: transfer("tworker"), ghost: ghostTransfer,
			want: mx("ok  F   F   F   NF  NF  ok  F   UN"),
			check: func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
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
			},
		},
		{
			name: "transfer ownership to the owner", doc: mxTransferDoc, vars: transfer("owner"), ghost: ghostTransfer,
			want: mx("BAD F   F   F   NF  NF  BAD F   UN"),
		},
	}
}

// --- checks of successful operations ---

func mxCheckSeeOrganization(t *testing.T, f *mxFixture, r *testserver.Response, _ *mxState, _ mxState) {
	var d struct {
		Organization *struct {
			ID, Slug, Name string
			Description    *string
			Contact        *struct{ Email *string }
			Owner          *struct{ Username string }
			ViewerRole     *string
		}
	}
	r.Decode(t, &d)
	o := d.Organization
	if o == nil || o.ID != mxID(f.orgID) || o.Slug != f.slug || o.Name != "Acme" {
		t.Fatalf("organization = %s", r.Data)
	}
	role, member := mxMemberRole[f.kind]
	switch {
	case o.Description == nil || *o.Description != "Acme description" || o.Owner == nil || o.Owner.Username != f.users["owner"].Username ||
		o.Contact == nil || o.Contact.Email == nil || *o.Contact.Email != "ops@acme.io":
		t.Errorf("a member or admin sees the details: %s", r.Data)
	}
	switch {
	case member && (o.ViewerRole == nil || *o.ViewerRole != string(role)):
		t.Errorf("viewerRole = %v, want %s", o.ViewerRole, role)
	case !member && o.ViewerRole != nil:
		t.Errorf("viewerRole of a non-member = %s, want null", *o.ViewerRole)
	}
}

// mxMemberRole is the role in acme of the actor kinds that are members.
var mxMemberRole = map[mxActor]authz.Role{
	mxOwner: authz.RoleOwner, mxMaintainer: authz.RoleMaintainer, mxSupervisor: authz.RoleSupervisor,
	mxWorker: authz.RoleWorker, mxWorkerGroup: authz.RoleMaintainer,
}

func mxCheckSeeMembers(t *testing.T, f *mxFixture, r *testserver.Response, _ *mxState, got mxState) {
	var d struct {
		Organization struct {
			Members struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Role string
						User struct{ Username string }
					}
				}
			}
		}
	}
	r.Decode(t, &d)
	seen := map[string]string{}
	for _, e := range d.Organization.Members.Edges {
		seen[e.Node.User.Username] = e.Node.Role
	}
	want := map[string]string{}
	for _, m := range got.Members {
		if m.Org == f.orgID {
			want[f.username(m.User)] = string(m.Role)
		}
	}
	if !maps.Equal(seen, want) || d.Organization.Members.TotalCount != len(want) {
		t.Errorf("members = %v (totalCount %d), want %v", seen, d.Organization.Members.TotalCount, want)
	}
}

func mxCheckSeeInvitations(t *testing.T, f *mxFixture, r *testserver.Response, _ *mxState, got mxState) {
	var d struct {
		Organization struct {
			Invitations struct {
				TotalCount int
				Edges      []struct {
					Node struct{ Email, Status string }
				}
			}
		}
	}
	r.Decode(t, &d)
	seen := map[string]string{}
	for _, e := range d.Organization.Invitations.Edges {
		seen[e.Node.Email] = e.Node.Status
	}
	want := map[string]string{}
	if f.kind == mxOwner || f.kind == mxMaintainer || f.kind == mxAdmin {
		for _, inv := range got.Invitations {
			if inv.Org == f.orgID {
				want[inv.Email] = string(inv.Status)
			}
		}
		if want[f.users["invitee"].Email] != string(authz.InvitationPending) {
			t.Fatalf("fixture: the invitee's invitation is not pending: %v", want)
		}
	}
	if !maps.Equal(seen, want) || d.Organization.Invitations.TotalCount != len(want) {
		t.Errorf("invitations = %v (totalCount %d), want %v", seen, d.Organization.Invitations.TotalCount, want)
	}
}

func mxExpectNewInvitation(role authz.Role) func(*testing.T, *mxFixture, *testserver.Response, *mxState, mxState) {
	return func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
		var d struct {
			InviteMember struct{ ID, Email, Role, Status string }
		}
		r.Decode(t, &d)
		id, _ := strconv.Atoi(d.InviteMember.ID)
		inv, found := got.Invitations[id]
		if _, existed := want.Invitations[id]; existed || !found {
			t.Fatalf("inviteMember returned %s, not a new invitation", r.Data)
		}
		wantInv := mxInvRow{
			Org: f.orgID, InvitedBy: f.actor().ID, Email: "new@example.com", Role: role,
			Status: authz.InvitationPending, PendingEmail: "new@example.com", SendCount: 1,
			KeyHash: inv.KeyHash, SentAt: inv.SentAt, ExpiresAt: inv.ExpiresAt,
		}
		if inv != wantInv || len(inv.KeyHash) != 64 {
			t.Errorf("new invitation = %+v, want %+v", inv, wantInv)
		}
		if d.InviteMember.Status != "PENDING" || d.InviteMember.Role != string(role) || d.InviteMember.Email != "new@example.com" {
			t.Errorf("inviteMember answered %s", r.Data)
		}
		want.Invitations[id] = inv
		want.Mails = append(want.Mails, "new@example.com")
	}
}

func mxExpectResent(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
	var d struct{ ResendInvitation struct{ ID string } }
	r.Decode(t, &d)
	id, _ := strconv.Atoi(d.ResendInvitation.ID)
	before, after := want.Invitations[id], got.Invitations[id]
	if after.KeyHash == before.KeyHash || after.SendCount != before.SendCount+1 ||
		after.ExpiresAt < before.ExpiresAt || after.SentAt < before.SentAt {
		t.Errorf("resent invitation: before %+v, after %+v: want a new key, sendCount+1, renewed expiry", before, after)
	}
	before.KeyHash, before.SendCount, before.ExpiresAt, before.SentAt = after.KeyHash, before.SendCount+1, after.ExpiresAt, after.SentAt
	want.Invitations[id] = before
	want.Resends++
	want.Mails = append(want.Mails, before.Email)
}

func mxExpectRevoked(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
	var d struct{ RevokeInvitation struct{ ID, Status string } }
	r.Decode(t, &d)
	id, _ := strconv.Atoi(d.RevokeInvitation.ID)
	if d.RevokeInvitation.Status != "REVOKED" {
		t.Errorf("revokeInvitation answered %s", r.Data)
	}
	inv, found := want.Invitations[id]
	if !found {
		t.Fatalf("revokeInvitation returned an unknown invitation: %s", r.Data)
	}
	inv.Status, inv.PendingEmail = authz.InvitationRevoked, ""
	want.Invitations[id] = inv
}

func mxExpectRole(target string, role authz.Role) func(*testing.T, *mxFixture, *testserver.Response, *mxState, mxState) {
	return func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
		var d struct {
			ChangeMemberRole struct {
				ID, Role string
				User     struct{ Username string }
			}
		}
		r.Decode(t, &d)
		if m := d.ChangeMemberRole; m.ID != mxID(f.mem[target]) || m.Role != string(role) || m.User.Username != f.users[target].Username {
			t.Errorf("changeMemberRole answered %s", r.Data)
		}
		mxSetRole(want, f.mem[target], role)
	}
}

func mxExpectRemoved(target string) func(*testing.T, *mxFixture, *testserver.Response, *mxState, mxState) {
	return func(t *testing.T, f *mxFixture, r *testserver.Response, want *mxState, got mxState) {
		var d struct{ RemoveMember string }
		r.Decode(t, &d)
		if d.RemoveMember != mxID(f.mem[target]) {
			t.Errorf("removeMember returned %q, want %d", d.RemoveMember, f.mem[target])
		}
		delete(want.Members, f.mem[target])
		f.expectNoAccess(t, target) // SPEC 3: access ends on the very next request
	}
}

func mxSetRole(st *mxState, membershipID int, role authz.Role) {
	m := st.Members[membershipID]
	m.Role = role
	st.Members[membershipID] = m
}

// --- the fixture ---

// mxFixture is a fresh organization acme<n>, created by owner through
// createOrganization, and these users (their usernames start with c<n>-):
//
//	owner         OWNER
//	maintainer    MAINTAINER
//	supervisor    SUPERVISOR
//	worker        WORKER
//	wgmaint       MAINTAINER of system group WORKER
//	tworker, tsupervisor, tmaintainer: the targets of role changes and
//	              removals; tmaintainer sent "someone else's invitation"
//	invitee       not a member, with a pending invitation from the owner
//	outsider      not a member
//	admin         system group ADMIN, not a member
//
// The actor of the case sent an invitation of their own ("own" in SPEC 3),
// and got where they are the real way: the supervisor and the worker joined
// as maintainers by accepting an invitation, invited, and were demoted by
// the owner; the WORKER-group maintainer invited and was then moved to that
// group by the admin; the invitee and the outsider invited as maintainers
// and then left. Everyone else is inserted directly.
type mxFixture struct {
	t          *testing.T
	s          *testserver.Server
	kind       mxActor
	users      map[string]*testserver.User
	mem        map[string]int // membership IDs in acme, by fixture name (owner, tworker, ...)
	orgID      int
	slug       string
	ownInv     int // sent by the actor
	otherInv   int // sent by tmaintainer
	inviteeInv int // the invitee's pending invitation, from owner
}

func (f *mxFixture) actor() *testserver.User { return f.users[mxUserOf[f.kind]] }

func (f *mxFixture) token() string {
	if f.kind == mxAnonymous {
		return ""
	}
	return f.actor().Token
}

func (f *mxFixture) username(id int) string {
	for _, u := range f.users {
		if u.ID == id {
			return u.Username
		}
	}
	return fmt.Sprintf("user %d", id)
}

// must runs an operation of the fixture, failing the case on any error.
func (f *mxFixture) must(token, doc string, vars map[string]any, into any) {
	f.t.Helper()
	r := f.s.Query(token, doc, vars)
	if len(r.Errors) > 0 {
		f.t.Fatalf("fixture: %s: %+v", doc, r.Errors)
	}
	if into != nil {
		r.Decode(f.t, into)
	}
}

func mxNewFixture(t *testing.T, s *testserver.Server, n int, kind mxActor) *mxFixture {
	t.Helper()
	f := &mxFixture{t: t, s: s, kind: kind, users: map[string]*testserver.User{}, mem: map[string]int{}, slug: fmt.Sprintf("acme%d", n)}
	me := mxUserOf[kind]
	user := func(name string, group authz.Group) {
		f.users[name] = mxQuickUser(t, s, fmt.Sprintf("c%d-%s", n, name), group)
	}
	for _, name := range []string{"owner", "maintainer", "supervisor", "worker", "tworker", "tsupervisor", "tmaintainer", "invitee", "outsider"} {
		user(name, authz.GroupUser)
	}
	user("admin", authz.GroupAdmin)
	if kind == mxWorkerGroup {
		user("wgmaint", authz.GroupUser) // moved to WORKER below
	} else {
		user("wgmaint", authz.GroupWorker)
	}
	u := f.users

	var created struct{ CreateOrganization struct{ ID string } }
	f.must(u["owner"].Token, `mutation($slug: String!) { createOrganization(input: {slug: $slug, name: "Acme", description: "Acme description", contact: {email: "ops@acme.io"}}) { id } }`,
		map[string]any{"slug": f.slug}, &created)
	f.orgID, _ = strconv.Atoi(created.CreateOrganization.ID)
	f.mem["owner"] = f.s.Client.Membership.Query().
		Where(membership.OrganizationID(f.orgID), membership.UserID(u["owner"].ID)).
		OnlyIDX(testserver.SystemCtx())

	members := map[string]authz.Role{
		"maintainer": authz.RoleMaintainer, "supervisor": authz.RoleSupervisor, "worker": authz.RoleWorker,
		"wgmaint": authz.RoleMaintainer, "tworker": authz.RoleWorker, "tsupervisor": authz.RoleSupervisor,
		"tmaintainer": authz.RoleMaintainer,
	}
	switch kind {
	case mxSupervisor, mxWorker:
		// Joins as a maintainer by accepting an invitation.
		delete(members, me)
		f.invite(u["owner"], u[me].Email, authz.RoleMaintainer)
		var acc struct{ AcceptInvitation struct{ ID string } }
		f.must(u[me].Token, `mutation($k: String!) { acceptInvitation(key: $k) { id } }`,
			map[string]any{"k": f.keyFor(u[me].Email)}, &acc)
		f.mem[me], _ = strconv.Atoi(acc.AcceptInvitation.ID)
	case mxInvitee, mxNonMember:
		members[me] = authz.RoleMaintainer // for now
	}
	for name, role := range members {
		f.mem[name] = s.Client.Membership.Create().SetUserID(u[name].ID).SetOrganizationID(f.orgID).SetRole(role).
			SaveX(testserver.SystemCtx()).ID
	}

	if kind != mxAnonymous {
		f.ownInv = f.invite(u[me], "by-"+me+"@example.com", authz.RoleWorker)
	}
	f.otherInv = f.invite(u["tmaintainer"], "other@example.com", authz.RoleSupervisor)

	switch kind {
	case mxSupervisor, mxWorker:
		f.must(u["owner"].Token, mxChangeRoleDoc, map[string]any{"id": mxID(f.mem[me]), "role": string(mxMemberRole[kind])}, nil)
	case mxWorkerGroup:
		f.must(u["admin"].Token, `mutation($id: ID!) { setUserGroup(userID: $id, group: WORKER) { id } }`,
			map[string]any{"id": u[me].GID}, nil)
	case mxInvitee, mxNonMember:
		f.must(u[me].Token, mxLeaveDoc, map[string]any{"org": mxID(f.orgID)}, nil)
		delete(f.mem, me)
	}
	f.inviteeInv = f.invite(u["owner"], u["invitee"].Email, authz.RoleSupervisor)
	s.Mailer.Wait()
	return f
}

// mxQuickUser inserts a user with a bearer token, skipping the password hash
// (sign-in is tested elsewhere; hundreds of fixtures need speed here).
func mxQuickUser(t *testing.T, s *testserver.Server, name string, group authz.Group) *testserver.User {
	t.Helper()
	ctx := testserver.SystemCtx()
	email := name + "@example.com"
	u := s.Client.User.Create().SetUsername(name).SetEmail(email).SetPasswordHash("!unusable").SetGroup(group).SaveX(ctx)
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := "ogt_" + base64.RawURLEncoding.EncodeToString(b)
	s.Client.AuthToken.Create().SetTokenHash(auth.HashToken(token)).SetUserID(u.ID).
		SetExpiresAt(time.Now().Add(time.Hour).UTC()).ExecX(ctx)
	return &testserver.User{ID: u.ID, GID: mxID(u.ID), Username: name, Email: email, Token: token}
}

// invite sends an invitation through the API and returns its ID.
func (f *mxFixture) invite(by *testserver.User, email string, role authz.Role) int {
	f.t.Helper()
	var d struct{ InviteMember struct{ ID string } }
	f.must(by.Token, mxInviteDoc, map[string]any{"org": mxID(f.orgID), "email": email, "role": string(role)}, &d)
	id, _ := strconv.Atoi(d.InviteMember.ID)
	return id
}

// keyFor is the key of the last invitation emailed (logged) to email.
func (f *mxFixture) keyFor(email string) string {
	f.t.Helper()
	f.s.Mailer.Wait()
	key := ""
	for _, line := range strings.Split(f.s.Logs.String(), "\n") {
		if strings.Contains(line, " to="+email+" ") {
			if m := mxKeyInLog.FindStringSubmatch(line); m != nil {
				key = m[1]
			}
		}
	}
	if key == "" {
		f.t.Fatalf("no invitation key for %s in the logs:\n%s", email, f.s.Logs.String())
	}
	return key
}

// ownMembership is the actor's membership in acme. The admin joins as a
// WORKER for the purpose: as an admin they pass every role check, so only
// "nobody changes their own role" stops them. The invitee and the
// non-member act on an organization they create for the purpose.
func (f *mxFixture) ownMembership() int {
	f.t.Helper()
	if id, ok := f.mem[mxUserOf[f.kind]]; ok {
		return id
	}
	if f.kind == mxAdmin {
		f.mem["admin"] = f.s.Client.Membership.Create().
			SetUserID(f.actor().ID).SetOrganizationID(f.orgID).SetRole(authz.RoleWorker).
			SaveX(testserver.SystemCtx()).ID
		return f.mem["admin"]
	}
	var created struct{ CreateOrganization struct{ ID string } }
	f.must(f.token(), `mutation($slug: String!) { createOrganization(input: {slug: $slug}) { id } }`,
		map[string]any{"slug": "mine-" + f.slug}, &created)
	orgID, _ := strconv.Atoi(created.CreateOrganization.ID)
	return f.s.Client.Membership.Query().
		Where(membership.OrganizationID(orgID), membership.UserID(f.actor().ID)).
		OnlyIDX(testserver.SystemCtx())
}

// expectNoAccess: a user who is no longer a member gets NOT_FOUND at once.
func (f *mxFixture) expectNoAccess(t *testing.T, name string) {
	t.Helper()
	if r := f.s.Query(f.users[name].Token, mxOrgDoc, map[string]any{"slug": f.slug}); r.Code() != mxNotFound {
		t.Errorf("%s still sees the organization after leaving it: code %q, data %s", name, r.Code(), r.Data)
	}
}

// --- database state ---

type mxOrgRow struct {
	Slug, Name, Description, Contact string
	OwnerID                          int
}

type mxMemberRow struct {
	User, Org int
	Role      authz.Role
}

type mxInvRow struct {
	Org, InvitedBy      int
	Email, PendingEmail string
	Role                authz.Role
	Status              authz.InvitationStatus
	SendCount           int
	KeyHash             string
	SentAt, ExpiresAt   int64 // Unix microseconds
}

// mxState is every row an action on organizations may touch, and the
// emails sent so far (their recipients, in order).
type mxState struct {
	Orgs        map[int]mxOrgRow
	Members     map[int]mxMemberRow
	Invitations map[int]mxInvRow
	Resends     int
	Users       int
	Mails       []string
}

var mxKeyInLog = regexp.MustCompile(`key=([A-Za-z0-9_-]{43})`)

var mxMailTo = regexp.MustCompile(`msg="email \(SMTP_URL[^"]*" to=(\S+)`)

func (f *mxFixture) snapshot() mxState {
	f.t.Helper()
	ctx := testserver.SystemCtx()
	c := f.s.Client
	st := mxState{Orgs: map[int]mxOrgRow{}, Members: map[int]mxMemberRow{}, Invitations: map[int]mxInvRow{}}
	for _, o := range c.Organization.Query().AllX(ctx) {
		st.Orgs[o.ID] = mxOrgRow{Slug: o.Slug, Name: o.Name, Description: o.Description,
			Contact: o.ContactEmail + "|" + o.ContactPhone + "|" + o.ContactLocation, OwnerID: o.OwnerID}
	}
	for _, m := range c.Membership.Query().AllX(ctx) {
		st.Members[m.ID] = mxMemberRow{User: m.UserID, Org: m.OrganizationID, Role: m.Role}
	}
	for _, i := range c.Invitation.Query().AllX(ctx) {
		pending := ""
		if i.PendingEmail != nil {
			pending = *i.PendingEmail
		}
		st.Invitations[i.ID] = mxInvRow{Org: i.OrganizationID, InvitedBy: i.InvitedByID, Email: i.Email, PendingEmail: pending,
			Role: i.Role, Status: i.Status, SendCount: i.SendCount, KeyHash: hex.EncodeToString(i.KeyHash),
			SentAt: i.SentAt.UnixMicro(), ExpiresAt: i.ExpiresAt.UnixMicro()}
	}
	st.Resends = c.InvitationResend.Query().CountX(ctx)
	st.Users = c.User.Query().CountX(ctx)
	f.s.Mailer.Wait()
	for _, m := range mxMailTo.FindAllStringSubmatch(f.s.Logs.String(), -1) {
		st.Mails = append(st.Mails, m[1])
	}
	return st
}

func (st mxState) clone() mxState {
	c := st
	c.Orgs, c.Members, c.Invitations = maps.Clone(st.Orgs), maps.Clone(st.Members), maps.Clone(st.Invitations)
	c.Mails = append([]string(nil), st.Mails...)
	return c
}

// removeOrganization applies SPEC 2's cascade to st.
func (st *mxState) removeOrganization(id int) {
	delete(st.Orgs, id)
	maps.DeleteFunc(st.Members, func(_ int, m mxMemberRow) bool { return m.Org == id })
	maps.DeleteFunc(st.Invitations, func(_ int, i mxInvRow) bool { return i.Org == id })
}

// diff describes how got differs from st ("" when equal).
func (st mxState) diff(got mxState) string {
	var out []string
	out = append(out, mxDiffMaps("organization", st.Orgs, got.Orgs)...)
	out = append(out, mxDiffMaps("membership", st.Members, got.Members)...)
	out = append(out, mxDiffMaps("invitation", st.Invitations, got.Invitations)...)
	if st.Resends != got.Resends {
		out = append(out, fmt.Sprintf("invitation resends: want %d, got %d", st.Resends, got.Resends))
	}
	if st.Users != got.Users {
		out = append(out, fmt.Sprintf("users: want %d, got %d", st.Users, got.Users))
	}
	if strings.Join(st.Mails, ",") != strings.Join(got.Mails, ",") {
		out = append(out, fmt.Sprintf("emails: want %v, got %v", st.Mails, got.Mails))
	}
	return strings.Join(out, "\n")
}

func mxDiffMaps[V comparable](kind string, want, got map[int]V) []string {
	var out []string
	ids := map[int]bool{}
	for id := range want {
		ids[id] = true
	}
	for id := range got {
		ids[id] = true
	}
	sorted := make([]int, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Ints(sorted)
	for _, id := range sorted {
		w, inWant := want[id]
		g, inGot := got[id]
		switch {
		case !inGot:
			out = append(out, fmt.Sprintf("%s %d: want %+v, gone", kind, id, w))
		case !inWant:
			out = append(out, fmt.Sprintf("%s %d: unexpected %+v", kind, id, g))
		case w != g:
			out = append(out, fmt.Sprintf("%s %d: want %+v, got %+v", kind, id, w, g))
		}
	}
	return out
}

// mxCheckInvariants asserts SPEC 6.1 (exactly one owner, an active OWNER
// member equal to organization.owner) on the organizations of this case
// (IDs from firstOrg on: earlier cases' organizations were checked by
// their cases, and the state diff shows any change to them), and 6.2 (one
// membership per user and organization, one pending invitation per email
// and organization) and 6.3 everywhere.
func mxCheckInvariants(t *testing.T, st mxState, firstOrg int) {
	t.Helper()
	for id, o := range st.Orgs {
		if id < firstOrg {
			continue
		}
		var owners []int
		for _, m := range st.Members {
			if m.Org == id && m.Role == authz.RoleOwner {
				owners = append(owners, m.User)
			}
		}
		if len(owners) != 1 || owners[0] != o.OwnerID {
			t.Errorf("SPEC 6.1: organization %s has OWNER members %v and owner %d", o.Slug, owners, o.OwnerID)
		}
	}
	members := map[[2]int]bool{}
	for _, m := range st.Members {
		if _, exists := st.Orgs[m.Org]; !exists {
			t.Errorf("SPEC 6.3: membership %+v of a removed organization", m)
		}
		if members[[2]int{m.Org, m.User}] {
			t.Errorf("SPEC 6.2: two memberships of user %d in organization %d", m.User, m.Org)
		}
		members[[2]int{m.Org, m.User}] = true
	}
	pending := map[string]bool{}
	for _, i := range st.Invitations {
		if _, exists := st.Orgs[i.Org]; !exists {
			t.Errorf("SPEC 6.3: invitation %+v of a removed organization", i)
		}
		if i.Status != authz.InvitationPending {
			continue
		}
		k := fmt.Sprint(i.Org, " ", i.Email)
		if pending[k] {
			t.Errorf("SPEC 6.2: two pending invitations of %s", k)
		}
		pending[k] = true
	}
}
