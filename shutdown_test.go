package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
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
		// A fresh database: in-memory SQLite, or MariaDB with
		// ORGRAPH_TEST_DATABASE_URL.
		"DATABASE_URL": testserver.New(t).Config.DatabaseURL,
	}
	p := startProgram(t, env)
	p.waitStatus(t, "/readyz", http.StatusOK)
	alice := p.signUp(t, "alice")
	org := p.mustQuery(t, alice, createOrgMutation, map[string]any{"s": "acme"})["createOrganization"].(map[string]any)["id"]

	// The invitation goes over a connection of its own, half its body
	// first.
	body, _ := json.Marshal(map[string]any{"query": inviteMutation, "variables": map[string]any{"o": org, "e": "bob@example.com"}})
	half := len(body) / 2
	conn, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /query HTTP/1.1\r\nHost: orgraph\r\nContent-Type: application/json\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n%s", alice, len(body), body[:half])
	answered := make(chan *testserver.Response, 1)
	go func() { answered <- readAnswer(t, conn) }()
	for probes := 0; ; probes++ {
		if probes == 200 {
			t.Fatal("the slow request never took the large-request slot")
		}
		a, err := p.query("", `{ __typename }`, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Code() == "RATE_LIMITED" {
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
	if _, err := conn.Write(body[half:]); err != nil {
		t.Fatal(err)
	}
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

// readAnswer reads one GraphQL answer from conn (nil on any failure, which
// it reports).
func readAnswer(t *testing.T, conn net.Conn) *testserver.Response {
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Error(err)
		return nil
	}
	defer resp.Body.Close()
	r := &testserver.Response{Status: resp.StatusCode}
	if err := json.NewDecoder(resp.Body).Decode(r); err != nil {
		t.Error(err)
		return nil
	}
	if err := checkErrors(r); err != nil {
		t.Error(err)
	}
	return r
}
