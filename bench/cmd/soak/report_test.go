package main

import (
	"context"
	"net/smtp"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orgraph/internal/authz"
	"orgraph/internal/database"
	"orgraph/internal/policy"
)

func TestWindowInsideCountsOverlapAndGrace(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	w := window{Name: "db", Start: at(10), End: at(20)}
	for _, c := range []struct {
		start, end float64
		inside     bool
	}{
		{1, 9.9, false},   // ended before
		{9, 10.5, true},   // ended inside
		{12, 13, true},    // inside
		{5, 30, true},     // spans it
		{21.5, 22, true},  // started within the grace
		{22.1, 23, false}, // started after the grace
	} {
		if got := w.inside(request{Start: at(c.start), End: at(c.end)}, 2*time.Second); got != c.inside {
			t.Errorf("request %v-%v s: inside = %v, want %v", c.start, c.end, got, c.inside)
		}
	}
	reqs := []request{
		{Start: at(1), End: at(2)},
		{Start: at(11), End: at(12), Code: "INTERNAL_SERVER_ERROR"},
		{Start: at(31), End: at(32), Code: "CONFLICT"},
		{Start: at(41), End: at(42), Code: "transport"},
	}
	got := tallyRequests(reqs, []window{w, {Name: "smtp", Start: at(40), End: at(45)}}, 2*time.Second)
	want := []struct {
		requests int
		codes    string
	}{{1, "INTERNAL_SERVER_ERROR 1"}, {1, "transport 1"}, {2, "CONFLICT 1"}, {4, "CONFLICT 1, INTERNAL_SERVER_ERROR 1, transport 1"}}
	for i, w := range want {
		if got[i].Requests != w.requests || codes(got[i].Errors) != w.codes {
			t.Errorf("%s: %d requests, %s; want %d, %s", got[i].Period, got[i].Requests, codes(got[i].Errors), w.requests, w.codes)
		}
	}
}

func TestTallyEmailsFindsLostDuplicatedAndExtra(t *testing.T) {
	a, b, c, d, e := emailKey{"a@x", "o1"}, emailKey{"b@x", "o1"}, emailKey{"c@x", "o2"}, emailKey{"d@x", "o2"}, emailKey{"e@x", "o2"}
	expected := map[emailKey]int{a: 2, b: 1, c: 1}
	failed := map[emailKey]int{d: 1}
	got := []delivery{
		{To: a.To, Slug: a.Slug, Key: "k1"}, {To: a.To, Slug: a.Slug, Key: "k2"}, {To: a.To, Slug: a.Slug, Key: "k2"}, // one duplicate
		// b's email never arrived
		{To: c.To, Slug: c.Slug, Key: "k3"},
		{To: d.To, Slug: d.Slug, Key: "k4"}, // its invite answered an error, yet committed
		{To: e.To, Slug: e.Slug, Key: "k5"}, // nobody asked for it
	}
	want := emailTally{Expected: 4, Delivered: 5, Duplicates: 1, Lost: 1, Extra: 2, ExtraAfterFailedSend: 1}
	if t2 := tallyEmails(expected, failed, got); t2 != want {
		t.Fatalf("tally = %+v, want %+v", t2, want)
	}
}

func TestWriteBetweenMarkersKeepsTheRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "R.md")
	if err := os.WriteFile(path, []byte("head\n"+beginMarker+"\nold\n"+endMarker+"\ntail\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeBetweenMarkers(path, "new\n"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "head\n"+beginMarker+"\nnew\n"+endMarker+"\ntail\n" {
		t.Fatalf("file = %q", b)
	}
	if err := writeBetweenMarkers(filepath.Join(t.TempDir(), "missing.md"), "x"); err == nil {
		t.Fatal("no error for a missing file")
	}
}

// The sink reads the recipient, slug and key of an invitation email, and
// refuses every connection while cut.
func TestSinkRecordsInvitationsAndRefusesWhileCut(t *testing.T) {
	k, err := startSink()
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	key := strings.Repeat("A", 40) + "_-z"
	msg := "Subject: alice invites you to acme on Orgraph\r\n\r\nAccept the invitation:\r\nhttp://x/invitations/accept?key=" + key + "\r\n"
	send := func() error { return smtp.SendMail(k.Addr, nil, "noreply@x", []string{"bob@x"}, []byte(msg)) }
	for _, mode := range []int32{closeAtOnce, answer421} {
		k.mode.Store(mode)
		if err := send(); err == nil {
			t.Fatalf("mode %d: the message went through", mode)
		}
	}
	k.mode.Store(open)
	if err := send(); err != nil {
		t.Fatal(err)
	}
	if d := k.Deliveries(); len(d) != 1 || d[0].To != "bob@x" || d[0].Slug != "acme" || d[0].Key != key || k.refused.Load() < 2 { // net/smtp tries HELO after a refused EHLO
		t.Fatalf("deliveries %+v, refused %d", d, k.refused.Load())
	}
	if keys := k.Keys("bob@x", "acme"); len(keys) != 1 || keys[0] != key {
		t.Fatalf("keys = %v", keys)
	}
}

// The invariant queries run on a migrated database (SQLite here; the soak
// runs them on MariaDB): none on a sound database, §6.1 on an organization
// with a second OWNER membership.
func TestCheckInvariantsCountsViolations(t *testing.T) {
	ctx := policy.WithSystem(context.Background())
	db, err := database.OpenMigrated(ctx, "sqlite://"+filepath.Join(t.TempDir(), "soak.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := db.Client()
	alice := c.User.Create().SetUsername("alice").SetEmail("alice@example.com").SetPasswordHash("x").SaveX(ctx)
	bob := c.User.Create().SetUsername("bob").SetEmail("bob@example.com").SetPasswordHash("x").SaveX(ctx)
	acme := c.Organization.Create().SetSlug("acme").SetName("acme").SetOwnerID(alice.ID).SaveX(ctx)
	c.Membership.Create().SetOrganizationID(acme.ID).SetUserID(alice.ID).SetRole(authz.RoleOwner).ExecX(ctx)
	violations := func() map[string]int {
		checks, err := checkInvariants(ctx, db.SQL, []string{"999999"})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, c := range checks {
			if c.Violations != 0 {
				out[c.Rule] = c.Violations
			}
		}
		return out
	}
	if v := violations(); len(v) != 0 {
		t.Fatalf("a sound database: %v", v)
	}
	c.Membership.Create().SetOrganizationID(acme.ID).SetUserID(bob.ID).SetRole(authz.RoleOwner).ExecX(ctx)
	if v := violations(); len(v) != 1 || v[invariantQueries[0].rule] != 1 {
		t.Fatalf("two OWNER memberships: %v", v)
	}
}
