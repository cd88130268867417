package main

// The workload: each client is a team with its own users and organizations
// and an exact model of them, so that every request it sends should
// succeed; an error is the server's (or a fault's). After an error on an
// organization the team abandons it (the answer may have been lost after
// the commit, so the model can no longer be trusted) and goes on with the
// others; the SQL checks at the end still cover it.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"orgraph/bench/workloads"
)

const (
	signUpDoc  = `mutation($u: String!, $e: String!, $p: String!) { signUp(input: {username: $u, email: $e, password: $p}) { token } }`
	createDoc  = `mutation($s: String!) { createOrganization(input: {slug: $s}) { id } }`
	inviteDoc  = `mutation($o: ID!, $e: String!, $r: Role!) { inviteMember(input: {organizationID: $o, email: $e, role: $r}) { id } }`
	resendDoc  = `mutation($id: ID!) { resendInvitation(id: $id) { id } }`
	revokeDoc  = `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`
	acceptDoc  = `mutation($k: String!) { acceptInvitation(key: $k) { id } }`
	declineDoc = `mutation($k: String!) { declineInvitation(key: $k) { id } }`
	roleDoc    = `mutation($m: ID!, $r: Role!) { changeMemberRole(membershipID: $m, role: $r) { id } }`
	removeDoc  = `mutation($m: ID!) { removeMember(membershipID: $m) { membershipID } }`
	leaveDoc   = `mutation($o: ID!) { leaveOrganization(organizationID: $o) { membershipID } }`
	deleteDoc  = `mutation($o: ID!, $s: String!) { deleteOrganization(id: $o, confirmSlug: $s) }`
)

var (
	pageDoc = workloads.Document("q1_organization_page.graphql")
	roles   = []string{"WORKER", "SUPERVISOR", "MAINTAINER"}
)

// Bounds of a team, inside RULES.md §4's email limits (5 emails a day per
// address and organization, 5 resends an hour per user).
const (
	maxUsers, maxOrgs       = 8, 3
	emailsPerAddress        = 5
	resendsPerUser          = 5
	firstUsers              = 4
	ghostShare              = 5 // one invitation in ghostShare is to an address without an account
	maxTriesForApplicableOp = 20
)

type user struct{ name, email, token string }

type member struct {
	u        *user
	id, role string
}

type invite struct {
	id, email, role string
	u               *user // nil: nobody has this address
}

type org struct {
	id, slug string
	owner    *user
	members  []*member
	invites  []*invite
	emails   map[string]int // invitation emails sent to each address
}

type team struct {
	n    int
	r    *runner
	sink *sink
	rnd  *rand.Rand

	users           []*user
	orgs            []*org
	resends         map[*user]int
	created, ghosts int
	signUps         int
	removed         []string // ids of organizations the team deleted
	abandoned       int      // organizations given up after an error
}

func newTeam(n int, r *runner, k *sink, seed uint64) *team {
	return &team{n: n, r: r, sink: k, rnd: rand.New(rand.NewPCG(seed, uint64(n))), resends: map[*user]int{}}
}

// op is one kind of step; it reports false when it does not apply now.
type op struct {
	weight int
	do     func(context.Context) bool
}

func (t *team) ops() []op {
	return []op{
		{3, t.signUp}, {5, t.createOrg}, {12, t.invite}, {4, t.resend}, {10, t.accept},
		{3, t.decline}, {3, t.revoke}, {4, t.changeRole}, {3, t.removeMember}, {3, t.leave},
		{15, t.read}, {1, t.deleteOrg},
	}
}

// step runs one applicable operation, chosen by weight.
func (t *team) step(ctx context.Context, ops []op) {
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	for range maxTriesForApplicableOp {
		n := t.rnd.IntN(total)
		for _, o := range ops {
			if n -= o.weight; n < 0 {
				if o.do(ctx) {
					return
				}
				break
			}
		}
	}
}

func (t *team) signUp(ctx context.Context) bool {
	if len(t.users) >= maxUsers {
		return false
	}
	t.signUps++ // a failed sign-up may have created the account: never reuse a name
	name := fmt.Sprintf("t%du%d", t.n, t.signUps)
	u := &user{name: name, email: name + "@soak.example"}
	var out struct{ Token string }
	vars := map[string]any{"u": u.name, "e": u.email, "p": "soak password " + name}
	if t.r.call(ctx, "signUp", "", signUpDoc, vars, "signUp", &out) == "" {
		u.token = out.Token
		t.users = append(t.users, u)
	}
	return true
}

func (t *team) createOrg(ctx context.Context) bool {
	if len(t.orgs) >= maxOrgs || len(t.users) == 0 {
		return false
	}
	t.created++
	o := &org{slug: fmt.Sprintf("t%do%d", t.n, t.created), owner: pickOf(t.rnd, t.users), emails: map[string]int{}}
	var out struct{ ID string }
	if t.r.call(ctx, "createOrganization", o.owner.token, createDoc, map[string]any{"s": o.slug}, "createOrganization", &out) == "" {
		o.id = out.ID
		t.orgs = append(t.orgs, o)
	}
	return true
}

func (t *team) invite(ctx context.Context) bool {
	o := t.pickOrg()
	if o == nil {
		return false
	}
	inv := &invite{}
	if t.rnd.IntN(ghostShare) == 0 {
		t.ghosts++
		inv.email = fmt.Sprintf("t%dghost%d@soak.example", t.n, t.ghosts)
	} else {
		var free []*user
		for _, u := range t.users {
			if u != o.owner && o.member(u) == nil && o.pending(u.email) == nil && o.emails[u.email] < emailsPerAddress {
				free = append(free, u)
			}
		}
		if len(free) == 0 {
			return false
		}
		inv.u = pickOf(t.rnd, free)
		inv.email = inv.u.email
	}
	var out struct{ ID string }
	inv.role = pickOf(t.rnd, roles)
	vars := map[string]any{"o": o.id, "e": inv.email, "r": inv.role}
	code := t.r.call(ctx, "inviteMember", o.owner.token, inviteDoc, vars, "inviteMember", &out)
	t.r.sent(inv.email, o.slug, code)
	if t.ok(o, code) {
		inv.id = out.ID
		o.invites = append(o.invites, inv)
		o.emails[inv.email]++
	}
	return true
}

// ready is a pending invitation of o whose emails have all arrived (so the
// last key is the valid one), with its key; want picks which.
func (t *team) ready(want func(*invite) bool) (*org, *invite, string) {
	for _, i := range t.rnd.Perm(len(t.orgs)) {
		o := t.orgs[i]
		for _, j := range t.rnd.Perm(len(o.invites)) {
			inv := o.invites[j]
			if !want(inv) {
				continue
			}
			if keys := t.sink.Keys(inv.email, o.slug); len(keys) >= o.emails[inv.email] {
				return o, inv, keys[len(keys)-1]
			}
		}
	}
	return nil, nil, ""
}

func (t *team) resend(ctx context.Context) bool {
	o, inv, _ := t.ready(func(*invite) bool { return true })
	if o == nil || o.emails[inv.email] >= emailsPerAddress || t.resends[o.owner] >= resendsPerUser {
		return false
	}
	code := t.r.call(ctx, "resendInvitation", o.owner.token, resendDoc, map[string]any{"id": inv.id}, "resendInvitation", nil)
	t.r.sent(inv.email, o.slug, code)
	if t.ok(o, code) {
		o.emails[inv.email]++
		t.resends[o.owner]++
	}
	return true
}

func (t *team) accept(ctx context.Context) bool {
	o, inv, key := t.ready(func(inv *invite) bool { return inv.u != nil })
	if o == nil {
		return false
	}
	var out struct{ ID string }
	code := t.r.call(ctx, "acceptInvitation", inv.u.token, acceptDoc, map[string]any{"k": key}, "acceptInvitation", &out)
	if t.ok(o, code) {
		o.dropInvite(inv)
		o.members = append(o.members, &member{u: inv.u, id: out.ID, role: inv.role})
	}
	return true
}

func (t *team) decline(ctx context.Context) bool {
	o, inv, key := t.ready(func(inv *invite) bool { return inv.u != nil })
	if o == nil {
		return false
	}
	if t.ok(o, t.r.call(ctx, "declineInvitation", inv.u.token, declineDoc, map[string]any{"k": key}, "declineInvitation", nil)) {
		o.dropInvite(inv)
	}
	return true
}

func (t *team) revoke(ctx context.Context) bool {
	// Only once its emails arrived: a later invitation's key must arrive
	// after this one's to be the last (ready).
	o, inv, _ := t.ready(func(*invite) bool { return true })
	if o == nil {
		return false
	}
	if t.ok(o, t.r.call(ctx, "revokeInvitation", o.owner.token, revokeDoc, map[string]any{"id": inv.id}, "revokeInvitation", nil)) {
		o.dropInvite(inv)
	}
	return true
}

func (t *team) changeRole(ctx context.Context) bool {
	o, m := t.pickMember()
	if m == nil {
		return false
	}
	role := pickOf(t.rnd, slices.DeleteFunc(slices.Clone(roles), func(r string) bool { return r == m.role }))
	if t.ok(o, t.r.call(ctx, "changeMemberRole", o.owner.token, roleDoc, map[string]any{"m": m.id, "r": role}, "changeMemberRole", nil)) {
		m.role = role
	}
	return true
}

func (t *team) removeMember(ctx context.Context) bool { return t.memberGoes(ctx, false) }

func (t *team) leave(ctx context.Context) bool { return t.memberGoes(ctx, true) }

// memberGoes removes a member: the owner removes them, or they leave.
func (t *team) memberGoes(ctx context.Context, leaves bool) bool {
	o, m := t.pickMember()
	if m == nil {
		return false
	}
	op, token, doc, vars := "removeMember", o.owner.token, removeDoc, map[string]any{"m": m.id}
	if leaves {
		op, token, doc, vars = "leaveOrganization", m.u.token, leaveDoc, map[string]any{"o": o.id}
	}
	if t.ok(o, t.r.call(ctx, op, token, doc, vars, op, nil)) {
		o.dropMember(m)
	}
	return true
}

func (t *team) deleteOrg(ctx context.Context) bool {
	if len(t.orgs) < 2 {
		return false
	}
	o := t.pickOrg()
	if t.ok(o, t.r.call(ctx, "deleteOrganization", o.owner.token, deleteDoc, map[string]any{"o": o.id, "s": o.slug}, "deleteOrganization", nil)) {
		t.orgs = slices.DeleteFunc(t.orgs, func(x *org) bool { return x == o })
		t.removed = append(t.removed, o.id)
	}
	return true
}

// ok reports whether code is a success; an error abandons o.
func (t *team) ok(o *org, code string) bool {
	if code == "" {
		return true
	}
	if i := slices.Index(t.orgs, o); i >= 0 {
		t.orgs = slices.Delete(t.orgs, i, i+1)
		t.abandoned++
	}
	return false
}

func (t *team) pickOrg() *org {
	if len(t.orgs) == 0 {
		return nil
	}
	return pickOf(t.rnd, t.orgs)
}

func (t *team) pickMember() (*org, *member) {
	o := t.pickOrg()
	if o == nil || len(o.members) == 0 {
		return nil, nil
	}
	return o, pickOf(t.rnd, o.members)
}

func pickOf[T any](rnd *rand.Rand, s []T) T { return s[rnd.IntN(len(s))] }

func (o *org) member(u *user) *member {
	for _, m := range o.members {
		if m.u == u {
			return m
		}
	}
	return nil
}

func (o *org) pending(email string) *invite {
	for _, inv := range o.invites {
		if inv.email == email {
			return inv
		}
	}
	return nil
}

func (o *org) dropInvite(inv *invite) {
	o.invites = slices.DeleteFunc(o.invites, func(x *invite) bool { return x == inv })
}

func (o *org) dropMember(m *member) {
	o.members = slices.DeleteFunc(o.members, func(x *member) bool { return x == m })
}
