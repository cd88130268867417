package graph_test

// The authorization matrix of RULES.md §§3 and 4: every action on
// organizations, members and invitations, by every kind of actor, through the
// real HTTP handler. Each case gets a fresh organization with fresh users
// (one server per action), runs one operation, and compares the whole
// database (organizations, memberships, invitations, resends, emails sent)
// before and after: a refused request changed nothing, an allowed one changed
// exactly what it should. RULES.md §6.1-6.3 are checked after every case, and
// every NOT_FOUND (and UNAUTHENTICATED) answer is compared with the answer
// about a made-up ID or slug.

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

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
	before, whole := f.snapshot(), f.s.Snapshot()
	r := f.s.Query(f.token(), a.doc, vars)
	got := f.snapshot()
	if changed := whole.Diff(f.s.Snapshot()); wantCode != mxOK && len(changed) > 0 {
		t.Errorf("a refused operation wrote:\n%s", strings.Join(changed, "\n"))
	}
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
	mxRemoveDoc      = `mutation($id: ID!) { removeMember(membershipID: $id) { membershipID } }`
	mxLeaveDoc       = `mutation($org: ID!) { leaveOrganization(organizationID: $org) { membershipID } }`
	mxAcceptDoc      = `mutation($k: String!) { acceptInvitation(key: $k) { id role organization { slug viewerRole } } }`
	mxDeclineDoc     = `mutation($k: String!) { declineInvitation(key: $k) { id status } }`
	mxTransferDoc    = `mutation($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id owner { username } } }`
)

// mxMadeUp turns a real ID into one of the same kind that does not exist.
func mxMadeUp(id int) string { return mxID(id + 100000) }

func mxID(id int) string { return strconv.Itoa(id) }
