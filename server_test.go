package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestRunServesWithDefaults starts the real program the way the README does
// -- no configuration but the port -- and checks GraphiQL, /query, the health
// endpoints, then a graceful shutdown.
func TestRunServesWithDefaults(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	p := startProgram(t, map[string]string{})
	p.waitStatus(t, "/readyz", http.StatusOK)
	base := p.base
	if _, err := os.Stat(filepath.Join(dir, "orgraph.db")); err != nil {
		t.Fatalf("the default SQLite file was not created: %v", err)
	}

	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, page := get("/graphiql")
	if status != http.StatusOK || !strings.Contains(page, "graphiql") {
		t.Fatalf("GET /graphiql = %d", status)
	}
	// Every script and stylesheet is served by this server.
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 3 {
		t.Fatalf("expected the page to load scripts and styles, found %v", refs)
	}
	for _, m := range refs {
		ref := strings.ReplaceAll(m[1], "&amp;", "&")
		if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
			t.Fatalf("page references %q, not a path on this server", ref)
		}
		if status, _ := get(ref); status != http.StatusOK {
			t.Fatalf("GET %s = %d", ref, status)
		}
	}
	if status, body := get("/readyz"); status != http.StatusOK {
		t.Fatalf("readyz = %d %s", status, body)
	}
	resp, err := http.Post(base+"/query", "application/json", strings.NewReader(`{"query":"{ __typename }"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != `{"data":{"__typename":"Query"}}` {
		t.Fatalf("/query answered %s", b)
	}

	p.stop() // what SIGTERM does through signal.NotifyContext
	select {
	case <-p.done:
		if p.err != nil {
			t.Fatalf("run returned %v", p.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no graceful shutdown")
	}
}

func TestCreateAdmin(t *testing.T) {
	t.Chdir(t.TempDir())
	noEnv := func(string) string { return "" }
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"orgraph", "createadmin", "-username", "root", "-email", "Root@Example.com"},
		noEnv, strings.NewReader("a long admin password\n"), &out, &errOut)
	if err != nil {
		t.Fatalf("createadmin: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "created admin root") {
		t.Fatalf("output %q", out.String())
	}
	// The same username again is refused, and a short password too.
	err = run(context.Background(), []string{"orgraph", "createadmin", "-username", "ROOT", "-email", "other@example.com"},
		noEnv, strings.NewReader("a long admin password\n"), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "taken") {
		t.Fatalf("duplicate admin: %v", err)
	}
	err = run(context.Background(), []string{"orgraph", "createadmin", "-username", "root2", "-email", "r2@example.com"},
		noEnv, strings.NewReader("short\n"), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("short password: %v", err)
	}
}
