package graph_test

// Two Orgraph servers on one database (testserver.Replica: own handler,
// connection pool and mail worker each), as two processes behind a load
// balancer: requests alternate between them, both workers poll every few
// milliseconds so that they compete for every row, and still every email
// goes out exactly once and the email limits (internal/orgs/emaillimits.go)
// hold across both.

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

func TestOutboxTwoReplicasSendOnceAndShareLimits(t *testing.T) {
	sink := startSMTPSink(t, "", "")
	mailing := func(c *config.Config) {
		c.SMTPURL = "smtp://" + sink.Addr
		c.PublicURL = smtpPublicURL
		c.InviterEmailsPerDay = 12
		c.Mail.PollInterval = 2 * time.Millisecond
	}
	a := testserver.New(t, mailing)
	b := a.Replica()
	replicas := []*testserver.Server{a, b}
	owner := a.CreateUser("owner", authz.GroupUser)
	org := strconv.Itoa(a.CreateOrganization(owner.Token, "acme"))

	// Eight invitations, alternating between the replicas.
	want := map[string]int{}
	var first string
	for i := range 8 {
		email := fmt.Sprintf("guest%d@example.com", i)
		var out struct{ InviteMember struct{ ID string } }
		replicas[i%2].MustQuery(owner.Token, inviteDoc, map[string]any{"o": org, "e": email, "r": "WORKER"}, &out)
		if i == 0 {
			first = out.InviteMember.ID
		}
		want[email] = 1
	}
	// Four resends of the first, alternating: five emails to guest0 today,
	// the most for one address; the fifth resend is refused by either.
	for i := range 4 {
		replicas[i%2].MustQuery(owner.Token, resendIDDoc, map[string]any{"id": first}, nil)
	}
	want["guest0@example.com"] = 5
	for i := range 2 {
		mustCode(t, "a sixth email to guest0", replicas[i].Query(owner.Token, resendIDDoc, map[string]any{"id": first}), "RATE_LIMITED")
	}
	// Twelve emails by the owner today, the most (INVITER_EMAILS_PER_DAY):
	// both refuse a thirteenth.
	for i := range 2 {
		r := replicas[i].Query(owner.Token, inviteDoc, map[string]any{"o": org, "e": "late@example.com", "r": "WORKER"})
		mustCode(t, "a thirteenth email by the owner", r, "RATE_LIMITED")
	}

	// At once on both replicas: another inviter (cap 3 per day through
	// either) invites six addresses from six organizations: three go out.
	inviter := a.CreateUser("inviter", authz.GroupUser)
	orgs := make([]string, 6)
	for i := range orgs {
		orgs[i] = strconv.Itoa(a.CreateOrganization(inviter.Token, fmt.Sprintf("burst%d", i)))
	}
	capped := func(c *config.Config) { c.InviterEmailsPerDay = 3 }
	limited := []*testserver.Server{a.Replica(capped), a.Replica(capped)}
	var wg sync.WaitGroup
	codes := make([]string, 6)
	for i := range orgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := limited[i%2].Post(raceClient, nil, inviter.Token, inviteDoc, map[string]any{"o": orgs[i], "e": fmt.Sprintf("burst%d@example.com", i), "r": "WORKER"})
			if err != nil {
				t.Error(err)
				return
			}
			codes[i] = r.Code()
		}()
	}
	wg.Wait()
	sent := 0
	for i, code := range codes {
		switch code {
		case "":
			sent++
			want[fmt.Sprintf("burst%d@example.com", i)] = 1
		case "RATE_LIMITED":
		default:
			t.Fatalf("burst invitation %d: code %q", i, code)
		}
	}
	if sent != 3 {
		t.Fatalf("%d of the burst's invitations went out, want 3 (%v)", sent, codes)
	}

	for _, s := range append(replicas, limited...) {
		s.Mailer.Wait()
	}
	if n := requireDeliveredOnce(t, a, sink, want); n != 12+3 {
		t.Fatalf("%d attempts for 15 emails: a row was claimed twice", n)
	}
}
