package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"orgraph/internal/testserver"
)

const (
	createOrgMutation = `mutation($s: String!) { createOrganization(input: {slug: $s}) { id } }`
	inviteMutation    = `mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: WORKER}) { id } }`
)

// TestDatabaseStartsLateGoesAwayAndComesBack runs the program against a
// MariaDB reached through a proxy: nothing listens at first (the database
// is still coming up), then the proxy starts, then it cuts every connection
// and refuses new ones under load (a database restart), then it is back.
func TestDatabaseStartsLateGoesAwayAndComesBack(t *testing.T) {
	if os.Getenv(testserver.EnvDatabaseURL) == "" {
		t.Skip("needs MariaDB: set " + testserver.EnvDatabaseURL)
	}
	db := testserver.New(t) // a fresh database, for the program and for checks
	viaProxy, _ := url.Parse(db.Config.DatabaseURL)
	proxy := newTCPProxy(t, viaProxy.Host)
	viaProxy.Host = proxy.addr
	p := startProgram(t, map[string]string{"DATABASE_URL": viaProxy.String(), "DATABASE_WAIT": "60s"})

	// The listener starts first: alive, not ready, requests refused with
	// a code.
	p.waitStatus(t, "/healthz", http.StatusOK)
	if status, body, _ := p.get("/readyz"); status != http.StatusServiceUnavailable {
		t.Fatalf("readyz before the database = %d %s", status, body)
	}
	if a, err := p.query("", `{ __typename }`, nil); err != nil || a.Status != http.StatusServiceUnavailable || a.Code() != "INTERNAL_SERVER_ERROR" {
		t.Fatalf("a query while starting: %+v %v", a, err)
	}
	// Answered while starting, it still has its access line (the code, no
	// user).
	testserver.WaitFor(t, "the access line of the query while starting", func() bool {
		return regexp.MustCompile(`msg=request request_id=\S+ method=POST path=/query status=503 duration_ms=\S+ bytes=\d+ codes=INTERNAL_SERVER_ERROR\n`).MatchString(p.stderr.String())
	})
	testserver.WaitFor(t, "two retries in the log", func() bool { return strings.Count(p.stderr.String(), "database not reachable yet, retrying") >= 2 })
	proxy.start()
	p.waitStatus(t, "/readyz", http.StatusOK)
	if !strings.Contains(p.stderr.String(), "database reachable") || !strings.Contains(p.stdout.String(), "orgraph listening") {
		t.Fatalf("no start-up lines:\n%s\n%s", p.stdout.String(), p.stderr.String())
	}
	alice := p.signUp(t, "alice")
	org := p.mustQuery(t, alice, createOrgMutation, map[string]any{"s": "acme"})["createOrganization"].(map[string]any)["id"]

	// The database goes away: readiness is false, and requests, 8 at a
	// time, all answer at once with a coded error and nothing of SQL.
	proxy.stop()
	p.waitStatus(t, "/readyz", http.StatusServiceUnavailable)
	codes := loadDuring(t, p, alice, 8, 5)
	if len(codes) != 1 || codes["INTERNAL_SERVER_ERROR"] != 8*5*3 {
		t.Fatalf("answers while the database is away: %v", codes)
	}

	// It comes back: the server recovers by itself, the same token works.
	proxy.start()
	p.waitStatus(t, "/readyz", http.StatusOK)
	p.mustQuery(t, alice, `{ me { username } }`, nil)
	codes = loadDuring(t, p, alice, 4, 3)
	if codes[""] != 4*3*2 || codes["CONFLICT"] != 4*3 || len(codes) != 2 {
		t.Fatalf("answers after recovery: %v", codes) // one in three is a slug taken
	}

	// No partial write survives: the connection dies inside inviteMember's
	// transaction, after its invitation row and before its email record.
	proxy.cutWhenSent("INSERT INTO `invitation_emails`")
	a, err := p.query(alice, inviteMutation, map[string]any{"o": org, "e": "bob@example.com"})
	if err != nil || a.Code() != "INTERNAL_SERVER_ERROR" || proxy.cutCount() != 1 {
		t.Fatalf("invitation cut in its transaction: %+v %v (cuts %d)", a, err, proxy.cutCount())
	}
	if n := db.RowCount("invitations"); n != 0 {
		t.Fatalf("%d invitations survived the cut transaction", n)
	}
	p.mustQuery(t, alice, inviteMutation, map[string]any{"o": org, "e": "bob@example.com"})
	if n := db.RowCount("invitation_emails"); n != 1 {
		t.Fatalf("%d recorded emails, want 1", n)
	}
	if n := db.RowCount("mail_outbox"); n != 1 {
		t.Fatalf("%d outbox rows, want 1 (the cut transaction's went with it)", n)
	}
	// The outbox's worker sends it after the commit.
	testserver.WaitFor(t, "the email to bob", func() bool { return strings.Contains(p.stderr.String(), "to=bob@example.com") })
	if strings.Count(p.stderr.String(), "to=bob@example.com") != 1 {
		t.Fatalf("want exactly one email to bob in the log:\n%s", p.stderr.String())
	}
}

// loadDuring sends workers x rounds x 3 requests at once (a query, a
// mutation, a mutation that conflicts when the database is up) and counts
// their answers by code ("" for success). Every answer must come back: a
// request that hung would fail the client's timeout.
func loadDuring(t *testing.T, p *program, token string, workers, rounds int) map[string]int {
	t.Helper()
	var mu sync.Mutex
	codes := map[string]int{}
	var slugs atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				for _, req := range []struct {
					q    string
					vars map[string]any
				}{
					{`{ me { username } organizations(first: 5) { totalCount } }`, nil},
					{createOrgMutation, map[string]any{"s": fmt.Sprintf("load-%d", slugs.Add(1))}},
					{createOrgMutation, map[string]any{"s": "acme"}},
				} {
					a, err := p.query(token, req.q, req.vars)
					mu.Lock()
					if err != nil {
						codes["transport: "+err.Error()]++
					} else {
						codes[a.Code()]++
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return codes
}

// TestSIGTERMWaitsForATransaction: a mutation waiting on a row lock inside
// its transaction when SIGTERM comes still commits, and only then does the
// program exit (MariaDB: the test holds the organization's row lock).
func TestSIGTERMWaitsForATransaction(t *testing.T) {
	if os.Getenv(testserver.EnvDatabaseURL) == "" {
		t.Skip("needs MariaDB: set " + testserver.EnvDatabaseURL)
	}
	db := testserver.New(t)
	p := startProgram(t, map[string]string{"DATABASE_URL": db.Config.DatabaseURL})
	p.waitStatus(t, "/readyz", http.StatusOK)
	alice := p.signUp(t, "alice")
	org := p.mustQuery(t, alice, createOrgMutation, map[string]any{"s": "acme"})["createOrganization"].(map[string]any)["id"]

	lock, err := db.DB.SQL.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	if _, err := lock.Exec("SELECT id FROM organizations WHERE slug = 'acme' FOR UPDATE"); err != nil {
		t.Fatal(err)
	}
	answered := make(chan error, 1)
	go func() {
		a, err := p.query(alice, inviteMutation, map[string]any{"o": org, "e": "bob@example.com"})
		if err == nil && len(a.Errors) > 0 {
			err = fmt.Errorf("%+v", a.Errors)
		}
		answered <- err
	}()
	testserver.WaitFor(t, "the invitation to wait on the lock", func() bool {
		// (The invitation takes the organization's shared lock. MariaDB
		// waits for a unique-key row lock in the optimizer's
		// Statistics phase, before innodb_trx lists the transaction.)
		var waiting int
		err := db.DB.SQL.QueryRow(`SELECT COUNT(*) FROM information_schema.processlist
			WHERE db = DATABASE() AND id <> CONNECTION_ID() AND command = 'Query'
			AND (info LIKE '%FOR UPDATE%' OR info LIKE '%LOCK IN SHARE MODE%')`).Scan(&waiting)
		return err == nil && waiting == 1
	})

	p.stop() // SIGTERM
	testserver.WaitFor(t, "shutdown to begin", func() bool { return strings.Contains(p.stderr.String(), "shutting down") })
	select {
	case <-p.done:
		t.Fatal("run returned with a transaction in flight")
	case err := <-answered:
		t.Fatalf("the invitation answered while it waited on the lock: %v", err)
	default:
	}
	if err := lock.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-answered; err != nil {
		t.Fatalf("the in-flight invitation: %v", err)
	}
	<-p.done
	if p.err != nil || db.RowCount("invitations") != 1 || !strings.Contains(p.stderr.String(), "to=bob@example.com") {
		t.Fatalf("run returned %v; %d invitations\n%s", p.err, db.RowCount("invitations"), p.stderr.String())
	}
}
