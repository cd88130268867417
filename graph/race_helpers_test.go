package graph_test

// The harness of the races of concurrency_test.go: fire calls at once
// through the real HTTP handler and tally their outcomes.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// raceRounds is how often each race is run, each time on a fresh
// organization.
const raceRounds = 5

type raceCall struct {
	name  string // what the call is, for messages and for sorting results
	token string
	doc   string
	vars  map[string]any
}

type raceResult struct {
	raceCall
	resp *testserver.Response
}

// ok reports a response without errors.
func (r raceResult) ok() bool { return len(r.resp.Errors) == 0 }

var raceClient = &http.Client{
	Timeout:   60 * time.Second,
	Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64},
}

// race sends every call at once: each goroutine is ready before a closed
// channel releases them all. It fails the test on any transport error,
// INTERNAL_SERVER_ERROR, error without a code, or deadlock surfacing
// anywhere: in a response or in the server's log.
func race(t *testing.T, s *testserver.Server, calls []raceCall) []raceResult {
	t.Helper()
	start := make(chan struct{})
	var ready, done sync.WaitGroup
	results := make([]raceResult, len(calls))
	errs := make([]error, len(calls))
	for i, c := range calls {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			results[i].raceCall = c
			results[i].resp, errs[i] = s.Post(raceClient, nil, c.token, c.doc, c.vars)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	for i, r := range results {
		if errs[i] != nil {
			t.Fatalf("%s: %v", r.name, errs[i])
		}
		for _, e := range r.resp.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" || code == "INTERNAL_SERVER_ERROR" || strings.Contains(strings.ToLower(e.Message), "deadlock") {
				t.Errorf("%s: error %q with code %q", r.name, e.Message, code)
			}
		}
		if r.resp.Status != http.StatusOK {
			t.Errorf("%s: HTTP status %d", r.name, r.resp.Status)
		}
	}
	logs := s.Logs.String()
	if strings.Contains(strings.ToLower(logs), "deadlock") || strings.Contains(logs, "level=ERROR") {
		t.Errorf("the server logged errors during the race:\n%s", logs)
	}
	if t.Failed() {
		t.FailNow()
	}
	return results
}

// tally counts the outcomes of results by name: "ok" or the error code.
func tally(results []raceResult) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, r := range results {
		if out[r.name] == nil {
			out[r.name] = map[string]int{}
		}
		if r.ok() {
			out[r.name]["ok"]++
		} else {
			out[r.name][r.resp.Code()]++
		}
	}
	return out
}

// requireOutcomes fails unless every result of a name ended in one of the
// allowed outcomes ("ok" or an error code).
func requireOutcomes(t *testing.T, results []raceResult, allowed map[string][]string) {
	t.Helper()
	for _, r := range results {
		outcome := "ok"
		if !r.ok() {
			outcome = r.resp.Code()
			if len(r.resp.Errors) != 1 || string(r.resp.Data) != "null" {
				t.Errorf("%s: a failed mutation answers one error and no data, got %+v and %s", r.name, r.resp.Errors, r.resp.Data)
			}
		}
		found := false
		for _, a := range allowed[r.name] {
			found = found || a == outcome
		}
		if !found {
			t.Errorf("%s: outcome %s (%+v), allowed %v", r.name, outcome, r.resp.Errors, allowed[r.name])
		}
	}
}

// addMemberRow makes u a member of org directly in the database.
func addMemberRow(t testing.TB, s *testserver.Server, org int, u *testserver.User, role authz.Role) int {
	t.Helper()
	return s.Client.Membership.Create().SetUserID(u.ID).SetOrganizationID(org).SetRole(role).
		SaveX(testserver.SystemCtx()).ID
}

func roleOf(t testing.TB, s *testserver.Server, membershipID int) authz.Role {
	t.Helper()
	return s.Client.Membership.GetX(testserver.SystemCtx(), membershipID).Role
}

type raceCast struct {
	s                 *testserver.Server
	ctx               context.Context // testserver.SystemCtx, for reading rows
	owner, maint, x   *testserver.User
	invitee, invitee2 *testserver.User
}

func newRaceCast(t *testing.T) *raceCast {
	s := testserver.New(t)
	return &raceCast{
		s:        s,
		ctx:      testserver.SystemCtx(),
		owner:    s.CreateUser("owner", authz.GroupUser),
		maint:    s.CreateUser("maint", authz.GroupUser),
		x:        s.CreateUser("x", authz.GroupUser),
		invitee:  s.CreateUser("invitee", authz.GroupUser),
		invitee2: s.CreateUser("invitee2", authz.GroupUser),
	}
}

// org creates a fresh organization of owner with maint as MAINTAINER and x
// as WORKER; it returns the organization's and x's membership IDs.
func (c *raceCast) org(t *testing.T, slug string) (org, mx int) {
	t.Helper()
	org = createOrgWith(t, c.s, c.owner.Token, map[string]any{"slug": slug})
	addMemberRow(t, c.s, org, c.maint, authz.RoleMaintainer)
	return org, addMemberRow(t, c.s, org, c.x, authz.RoleWorker)
}

// rounds runs round raceRounds times, each on a fresh organization
// (raceCast.org) named prefix-N, and checks the invariants of RULES.md §6
// after each; round returns the tally of its outcomes, for the log.
func (c *raceCast) rounds(t *testing.T, prefix string, round func(round, org, mx int) map[string]map[string]int) {
	t.Helper()
	for r := range raceRounds {
		org, mx := c.org(t, fmt.Sprintf("%s-%d", prefix, r))
		got := round(r, org, mx)
		assertSpec6Invariants(t, c.s)
		t.Logf("round %d: %v", r, got)
	}
}

// raceRound races calls (race), requires that each outcome is one that
// allowed lists for its call, and returns the results and their tally.
func raceRound(t *testing.T, s *testserver.Server, calls []raceCall, allowed map[string][]string) ([]raceResult, map[string]map[string]int) {
	t.Helper()
	results := race(t, s, calls)
	requireOutcomes(t, results, allowed)
	return results, tally(results)
}

// repeatCalls is calls, n times over.
func repeatCalls(n int, calls ...raceCall) []raceCall {
	var all []raceCall
	for range n {
		all = append(all, calls...)
	}
	return all
}
