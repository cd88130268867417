package graph_test

// The fixture of the authorization matrix: an organization with one user
// per kind of actor, and a snapshot of every row the actions may touch.

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"orgraph/ent/invitationemail"
	"orgraph/ent/membership"
	"orgraph/internal/auth"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

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
// The actor of the case sent an invitation of their own ("own" in RULES.md §3),
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
		f.mem[name] = s.AddMember(f.orgID, u[name], role)
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
	st.Resends = c.InvitationEmail.Query().Where(invitationemail.Resend(true)).CountX(ctx)
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

// removeOrganization applies RULES.md §2's cascade to st.
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
	return testserver.DiffByID(kind, want, got, func(w, g V) []string {
		if w != g {
			return []string{fmt.Sprintf("want %+v, got %+v", w, g)}
		}
		return nil
	})
}
