package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"orgraph/internal/testserver"
)

// TestSIGTERMFinishesInFlightRequests stops the program while an invitation
// is in flight (its body half sent): the listener closes at once, the
// request still completes and commits, its email still goes out (the
// background work stops after HTTP drained), and run returns nil.
func TestSIGTERMFinishesInFlightRequests(t *testing.T) {
	env := map[string]string{
		// Every request is "large" and they run one at a time: a probe
		// then tells, by count, whether the slow request is being served.
		"LARGE_REQUEST_BYTES": "1", "LARGE_REQUEST_CONCURRENCY": "1", "LARGE_REQUEST_WAIT": "50ms",
		"DATABASE_URL": "sqlite://" + t.TempDir() + "/orgraph.db",
	}
	if os.Getenv(testserver.EnvDatabaseURL) != "" {
		u, _ := mariadbDatabase(t)
		env["DATABASE_URL"] = u.String()
	}
	p := startProgram(t, env)
	p.waitStatus(t, "/readyz", http.StatusOK)
	alice := p.signUp(t, "alice")
	org := p.mustQuery(t, alice, createOrgMutation, map[string]any{"s": "acme"})["createOrganization"].(map[string]any)["id"]

	body, _ := json.Marshal(map[string]any{"query": inviteMutation, "variables": map[string]any{"o": org, "e": "bob@example.com"}})
	half := len(body) / 2
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, p.base+"/query", pr) // unknown length: chunked
	answered := make(chan *gqlAnswer, 1)
	go func() {
		a, err := doGraphQL(req, alice)
		if err != nil {
			t.Error(err)
		}
		answered <- a
	}()
	if _, err := pw.Write(body[:half]); err != nil {
		t.Fatal(err)
	}
	for probes := 0; ; probes++ {
		if probes == 200 {
			t.Fatal("the slow request never took the large-request slot")
		}
		a, err := p.query("", `{ __typename }`, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.code() == "RATE_LIMITED" {
			break // the slow request holds the only slot: it is in flight
		}
	}

	p.stop() // SIGTERM
	testserver.WaitFor(t, "the listener to close", func() bool {
		c, err := net.Dial("tcp", p.addr)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	select {
	case <-p.done:
		t.Fatal("run returned with a request in flight")
	case <-answered:
		t.Fatal("the request answered before its body was complete")
	default:
	}
	if _, err := pw.Write(body[half:]); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	a := <-answered
	if a == nil || a.Status != http.StatusOK || len(a.Errors) > 0 {
		t.Fatalf("the in-flight invitation: %+v", a)
	}
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		t.Fatal("no exit after the last request")
	}
	if p.err != nil {
		t.Fatalf("run returned %v", p.err)
	}
	logs := p.stderr.String()
	email, stopped := strings.Index(logs, "to=bob@example.com"), strings.Index(logs, "msg=stopped")
	if email < 0 || stopped < email || !strings.Contains(logs, "HTTP drained") {
		t.Fatalf("want the drained request's email, then a clean stop, in the log:\n%s", logs)
	}
}

// TestDatabaseWaitGivesUp: a database that never comes up ends start-up
// with an error after DATABASE_WAIT, each retry logged.
func TestDatabaseWaitGivesUp(t *testing.T) {
	p := startProgram(t, map[string]string{"DATABASE_URL": "mysql://root@" + freeAddr(t) + "/orgraph", "DATABASE_WAIT": "1s"})
	<-p.done
	if p.err == nil || !strings.Contains(p.err.Error(), "database not reachable after 1s (DATABASE_WAIT)") {
		t.Fatalf("run returned %v", p.err)
	}
	if n := strings.Count(p.stderr.String(), "database not reachable yet, retrying"); n < 3 {
		t.Fatalf("%d retries logged, want at least 3 (100, 200, 400 ms)", n)
	}
}

// TestSIGTERMWhileWaitingForTheDatabase: stopping a server that waits for
// its database is a clean exit.
func TestSIGTERMWhileWaitingForTheDatabase(t *testing.T) {
	p := startProgram(t, map[string]string{"DATABASE_URL": "mysql://root@" + freeAddr(t) + "/orgraph"})
	p.waitStatus(t, "/healthz", http.StatusOK)
	if status, _, _ := p.get("/readyz"); status != http.StatusServiceUnavailable {
		t.Fatalf("readyz while waiting = %d", status)
	}
	p.stop()
	<-p.done
	if p.err != nil || !strings.Contains(p.stderr.String(), "stopped before the database was reachable") {
		t.Fatalf("run returned %v\n%s", p.err, p.stderr.String())
	}
}
