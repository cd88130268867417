package graph_test

// A randomized concurrent test of the organization workflows (issue 11,
// 4c): many actors send random mutations at once, each to one of two
// handlers over one database (two replicas), then SQL checks every
// invariant of RULES.md §6.

import (
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"orgraph/ent"
	"orgraph/ent/invitation"
	"orgraph/ent/membership"
	"orgraph/internal/authz"
	"orgraph/internal/database"
	"orgraph/internal/httpapi"
	"orgraph/internal/outbox"
	"orgraph/internal/testserver"
)

var randomSeed = flag.Uint64("seed", 0, "seed of TestRandomWorkflowsKeepInvariants (0: ORGRAPH_TEST_SEED, else the clock)")

const (
	randomActors = 8
	randomSteps  = 40 // per actor
)

// TestRandomWorkflowsKeepInvariants: replay a run with -seed N (or
// ORGRAPH_TEST_SEED=N); the seed is logged. The interleaving of actors is
// the scheduler's, so a replay makes the same choices per actor, not the
// same race.
func TestRandomWorkflowsKeepInvariants(t *testing.T) {
	seed := *randomSeed
	if seed == 0 {
		seed, _ = strconv.ParseUint(os.Getenv("ORGRAPH_TEST_SEED"), 10, 64)
	}
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed %d)", seed, seed)

	s := testserver.New(t)
	replica, replicaMailer := startReplica(t, s)
	w := &world{t: t, s: s, replicas: [2]*testserver.Server{s, {URL: replica.URL}}, removed: map[int]bool{}}
	for i := range randomActors {
		w.actors = append(w.actors, s.CreateUser(fmt.Sprintf("actor%d", i), authz.GroupUser))
	}
	var wg sync.WaitGroup
	for i, a := range w.actors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			for range randomSteps {
				w.step(rng, a)
			}
		}()
	}
	wg.Wait()
	s.Mailer.Wait()
	replicaMailer.Wait()
	t.Logf("outcomes: %v", w.outcomes)
	if w.outcomes["createOrganization "] == 0 || w.outcomes["acceptInvitation "] == 0 {
		t.Fatalf("too few workflows succeeded to test anything: %v", w.outcomes)
	}
	assertSpec6Invariants(t, s)
	assertInvariantsInSQL(t, s, w.removedIDs())
}

// startReplica serves a second handler over the same database, with a
// connection pool of its own as a second server process has (on SQLite, a
// second connection to the same database), logging into the same buffer.
func startReplica(t *testing.T, s *testserver.Server) (*httptest.Server, *outbox.Outbox) {
	t.Helper()
	db, err := database.Open(s.Config.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h, services, err := httpapi.Build(s.Config, db, db.Client(), slog.New(slog.NewTextHandler(s.Logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	services.Outbox.Start() // a second mail worker, competing for the rows
	t.Cleanup(services.Outbox.Stop)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, services.Outbox
}

// world is what the actors share: the two replicas and the tally.
type world struct {
	t        *testing.T
	s        *testserver.Server
	replicas [2]*testserver.Server // Post needs only their URL
	actors   []*testserver.User
	mu       sync.Mutex
	outcomes map[string]int // "mutation code" -> count
	removed  map[int]bool   // organizations removed by a successful deleteOrganization
	slugs    int
}

func (w *world) removedIDs() []int {
	var ids []int
	for id := range w.removed {
		ids = append(ids, id)
	}
	return ids
}

// step makes actor a do one random workflow, on targets read from the
// database just before (they may be stale by the time the request runs:
// that is the point).
func (w *world) step(rng *rand.Rand, a *testserver.User) {
	ctx := testserver.SystemCtx()
	mine := w.s.Client.Membership.Query().Where(membership.UserID(a.ID)).WithOrganization().AllX(ctx)
	var org *ent.Organization
	if len(mine) > 0 {
		org = mine[rng.IntN(len(mine))].Edges.Organization
	}
	roles := []authz.Role{authz.RoleWorker, authz.RoleSupervisor, authz.RoleMaintainer}
	role := roles[rng.IntN(len(roles))]
	switch n := rng.IntN(100); {
	case org == nil || n < 5:
		w.mu.Lock()
		w.slugs++
		slug := fmt.Sprintf("o%d", w.slugs)
		w.mu.Unlock()
		w.do(rng, a, "createOrganization", `mutation($s: String!) { createOrganization(input: {slug: $s}) { id } }`, map[string]any{"s": slug})
	case n < 30:
		invitee := w.actors[rng.IntN(len(w.actors))].Email
		if rng.IntN(4) == 0 {
			invitee = fmt.Sprintf("stranger%d@example.com", rng.IntN(5))
		}
		w.do(rng, a, "inviteMember", `mutation($o: ID!, $e: String!, $r: Role!) { inviteMember(input: {organizationID: $o, email: $e, role: $r}) { id } }`,
			map[string]any{"o": idOf(org.ID), "e": invitee, "r": role})
	case n < 50:
		if key := w.keyFor(rng, a.Email); key != "" {
			name := "acceptInvitation"
			if rng.IntN(4) == 0 {
				name = "declineInvitation"
			}
			w.do(rng, a, name, `mutation($k: String!) { `+name+`(key: $k) { id } }`, map[string]any{"k": key})
		}
	case n < 58:
		invs := w.s.Client.Invitation.Query().Where(invitation.OrganizationID(org.ID), invitation.StatusEQ(authz.InvitationPending)).IDsX(ctx)
		if len(invs) > 0 {
			name := []string{"resendInvitation", "revokeInvitation"}[rng.IntN(2)]
			w.do(rng, a, name, `mutation($i: ID!) { `+name+`(id: $i) { id } }`, map[string]any{"i": idOf(invs[rng.IntN(len(invs))])})
		}
	case n < 85:
		// Mostly someone else's membership: one's own is the owner's
		// in most organizations, which the rules protect.
		members := w.s.Client.Membership.Query().Where(membership.OrganizationID(org.ID), membership.UserIDNEQ(a.ID)).IDsX(ctx)
		if len(members) == 0 || rng.IntN(8) == 0 {
			members = append(members, w.s.Client.Membership.Query().Where(membership.OrganizationID(org.ID), membership.UserID(a.ID)).IDsX(ctx)...)
		}
		if len(members) == 0 {
			return // left or removed meanwhile
		}
		m := idOf(members[rng.IntN(len(members))])
		switch rng.IntN(3) {
		case 0:
			w.do(rng, a, "changeMemberRole", `mutation($m: ID!, $r: Role!) { changeMemberRole(membershipID: $m, role: $r) { id } }`, map[string]any{"m": m, "r": role})
		case 1:
			w.do(rng, a, "removeMember", `mutation($m: ID!) { removeMember(membershipID: $m) { membershipID } }`, map[string]any{"m": m})
		default:
			w.do(rng, a, "transferOwnership", `mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`, map[string]any{"o": idOf(org.ID), "m": m})
		}
	case n < 90:
		w.do(rng, a, "leaveOrganization", `mutation($o: ID!) { leaveOrganization(organizationID: $o) { membershipID } }`, map[string]any{"o": idOf(org.ID)})
	case n < 98:
		w.do(rng, a, "createProject", `mutation($o: ID!) { createProject(input: {name: "p", organizationID: $o}) { id } }`, map[string]any{"o": idOf(org.ID)})
	default:
		if w.do(rng, a, "deleteOrganization", `mutation($o: ID!, $s: String!) { deleteOrganization(id: $o, confirmSlug: $s) }`, map[string]any{"o": idOf(org.ID), "s": org.Slug}) {
			w.mu.Lock()
			w.removed[org.ID] = true
			w.mu.Unlock()
		}
	}
}

// keyFor picks one of the invitation keys emailed to email so far (any of
// them: it may have been replaced, answered or revoked since).
func (w *world) keyFor(rng *rand.Rand, email string) string {
	var keys []string
	for _, line := range strings.Split(w.s.Logs.String(), "\n") {
		if m := invitationMail.FindStringSubmatch(line); m != nil && m[1] == email {
			keys = append(keys, m[2])
		}
	}
	if len(keys) == 0 {
		return ""
	}
	return keys[rng.IntN(len(keys))]
}

// do sends the mutation to a random replica and tallies its outcome; any
// transport error, INTERNAL_SERVER_ERROR or error without a code fails the
// test. It reports success.
func (w *world) do(rng *rand.Rand, a *testserver.User, name, doc string, vars map[string]any) bool {
	r, err := w.replicas[rng.IntN(2)].Post(raceClient, nil, a.Token, doc, vars)
	if err != nil {
		w.t.Errorf("%s: %v", name, err)
		return false
	}
	code := r.Code()
	for _, e := range r.Errors {
		if c, _ := e.Extensions["code"].(string); c == "" || c == "INTERNAL_SERVER_ERROR" {
			w.t.Errorf("%s %v: %+v", name, vars, r.Errors)
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.outcomes == nil {
		w.outcomes = map[string]int{}
	}
	w.outcomes[name+" "+code]++
	return code == ""
}
