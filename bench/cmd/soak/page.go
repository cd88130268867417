package main

import (
	"context"
	"log"
	"time"
)

// orgPage is the part of the organization page the soak compares with its
// model.
type orgPage struct {
	Members struct {
		TotalCount int
	}
	Invitations struct {
		TotalCount int
	}
}

// read loads the organization page as its owner or a member, and counts a
// mismatch when the members (and, for staff, the pending invitations) are
// not the model's.
func (t *team) read(ctx context.Context) bool {
	o := t.pickOrg()
	if o == nil {
		return false
	}
	viewer, staff := o.owner, true
	if len(o.members) > 0 && t.rnd.IntN(2) == 0 {
		m := pickOf(t.rnd, o.members)
		viewer, staff = m.u, m.role == "MAINTAINER"
	}
	var p orgPage
	code := t.r.call(ctx, "organization page", viewer.token, pageDoc, map[string]any{"slug": o.slug, "first": 50}, "organization", &p)
	if code != "" {
		return true // a read changes nothing: the model stays
	}
	invitations := 0
	if staff { // only staff see pending invitations (RULES.md §3)
		invitations = len(o.invites)
	}
	if p.Members.TotalCount != 1+len(o.members) || p.Invitations.TotalCount != invitations {
		t.r.mismatch()
		log.Printf("team %d: page of %s shows %d members and %d invitations, the model %d and %d",
			t.n, o.slug, p.Members.TotalCount, p.Invitations.TotalCount, 1+len(o.members), invitations)
		t.ok(o, "mismatch") // stop trusting this organization's model
	}
	return true
}

// run signs up the team's first users, then steps until the time until,
// pausing think between requests. The requests' context is never cut: a
// request that started finishes (within the HTTP client's timeout).
func (t *team) run(ctx context.Context, until time.Time, think time.Duration) {
	for range firstUsers {
		t.signUp(ctx)
	}
	ops := t.ops()
	for time.Now().Before(until) {
		t.step(ctx, ops)
		time.Sleep(think)
	}
}
