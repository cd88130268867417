package graph_test

// The checks of the authorization matrix: what a successful action returns
// and changes, and the invariants of RULES.md §6 after every case.

import (
	"fmt"
	"maps"
	"strconv"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

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
	want := map[string]string{}
	for _, m := range got.Members {
		if m.Org == f.orgID {
			want[f.username(m.User)] = string(m.Role)
		}
	}
	type member struct {
		Role string
		User struct{ Username string }
	}
	mxCheckSeen(t, r, "members", func(m member) (string, string) { return m.User.Username, m.Role }, want)
}

func mxCheckSeeInvitations(t *testing.T, f *mxFixture, r *testserver.Response, _ *mxState, got mxState) {
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
	type invitation struct{ Email, Status string }
	mxCheckSeen(t, r, "invitations", func(i invitation) (string, string) { return i.Email, i.Status }, want)
}

// mxCheckSeen checks the connection organization.<field> of r, read as
// key -> value by entry, and its totalCount against want.
func mxCheckSeen[N any](t *testing.T, r *testserver.Response, field string, entry func(N) (string, string), want map[string]string) {
	var d struct {
		Organization map[string]struct {
			TotalCount int
			Edges      []struct{ Node N }
		}
	}
	r.Decode(t, &d)
	c := d.Organization[field]
	seen := map[string]string{}
	for _, e := range c.Edges {
		k, v := entry(e.Node)
		seen[k] = v
	}
	if !maps.Equal(seen, want) || c.TotalCount != len(want) {
		t.Errorf("%s = %v (totalCount %d), want %v", field, seen, c.TotalCount, want)
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
		var d struct{ RemoveMember struct{ MembershipID string } }
		r.Decode(t, &d)
		if d.RemoveMember.MembershipID != mxID(f.mem[target]) {
			t.Errorf("removeMember returned %q, want %d", d.RemoveMember.MembershipID, f.mem[target])
		}
		delete(want.Members, f.mem[target])
		f.expectNoAccess(t, target) // RULES.md §3: access ends on the very next request
	}
}

func mxSetRole(st *mxState, membershipID int, role authz.Role) {
	m := st.Members[membershipID]
	m.Role = role
	st.Members[membershipID] = m
}

// --- the fixture ---

// mxCheckInvariants asserts RULES.md §6.1 (exactly one owner, an active OWNER
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
			t.Errorf("RULES.md §6.1: organization %s has OWNER members %v and owner %d", o.Slug, owners, o.OwnerID)
		}
	}
	members := map[[2]int]bool{}
	for _, m := range st.Members {
		if _, exists := st.Orgs[m.Org]; !exists {
			t.Errorf("RULES.md §6.3: membership %+v of a removed organization", m)
		}
		if members[[2]int{m.Org, m.User}] {
			t.Errorf("RULES.md §6.2: two memberships of user %d in organization %d", m.User, m.Org)
		}
		members[[2]int{m.Org, m.User}] = true
	}
	pending := map[string]bool{}
	for _, i := range st.Invitations {
		if _, exists := st.Orgs[i.Org]; !exists {
			t.Errorf("RULES.md §6.3: invitation %+v of a removed organization", i)
		}
		if i.Status != authz.InvitationPending {
			continue
		}
		k := fmt.Sprint(i.Org, " ", i.Email)
		if pending[k] {
			t.Errorf("RULES.md §6.2: two pending invitations of %s", k)
		}
		pending[k] = true
	}
}
