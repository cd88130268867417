package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"orgraph/internal/database"
	"orgraph/internal/testserver"
)

// program is the real orgraph program (run, as main calls it) started by a
// test on a free port.
type program struct {
	base   string // http://127.0.0.1:PORT
	addr   string
	stop   context.CancelFunc // what SIGTERM does through signal.NotifyContext
	done   chan struct{}      // closed when run returned err
	err    error
	stdout *testserver.SyncBuffer
	stderr *testserver.SyncBuffer
}

// startProgram runs the program with env as its whole environment (ADDR is
// added) and stops it when t ends.
func startProgram(t *testing.T, env map[string]string) *program {
	t.Helper()
	p := &program{addr: freeAddr(t), done: make(chan struct{}), stdout: &testserver.SyncBuffer{}, stderr: &testserver.SyncBuffer{}}
	p.base = "http://" + p.addr
	env["ADDR"] = p.addr
	ctx, cancel := context.WithCancel(context.Background())
	p.stop = cancel
	go func() {
		p.err = run(ctx, []string{"orgraph"}, func(k string) string { return env[k] }, strings.NewReader(""), p.stdout, p.stderr)
		close(p.done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			t.Error("the program did not stop")
		}
	})
	return p
}

// waitStatus polls GET path until it answers want, for up to 20 seconds.
func (p *program) waitStatus(t *testing.T, path string, want int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, _, err := p.get(path)
		if err == nil && status == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: got %d (%v), want %d\n%s", path, status, err, want, p.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *program) get(path string) (int, string, error) {
	resp, err := http.Get(p.base + path)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

// gqlAnswer is a GraphQL response with its HTTP status.
type gqlAnswer struct {
	Status int
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// code is the first error's extensions.code, "" without errors.
func (a *gqlAnswer) code() string {
	if len(a.Errors) == 0 {
		return ""
	}
	c, _ := a.Errors[0].Extensions["code"].(string)
	return c
}

// query posts one operation; the answer must be JSON whose every error has
// a code and no SQL in its message.
func (p *program) query(token, query string, vars map[string]any) (*gqlAnswer, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, p.base+"/query", bytes.NewReader(body))
	return doGraphQL(req, token)
}

var gqlClient = &http.Client{Timeout: 30 * time.Second}

func doGraphQL(req *http.Request, token string) (*gqlAnswer, error) {
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := gqlClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := &gqlAnswer{Status: resp.StatusCode}
	if err := json.Unmarshal(raw, a); err != nil {
		return nil, fmt.Errorf("answer %d is not JSON: %s", resp.StatusCode, raw)
	}
	for _, e := range a.Errors {
		if e.Extensions["code"] == nil {
			return nil, fmt.Errorf("an error without a code: %s", raw)
		}
		if strings.Contains(strings.ToLower(e.Message), "sql") || strings.Contains(e.Message, "dial tcp") {
			return nil, fmt.Errorf("an error leaks internals: %s", raw)
		}
	}
	return a, nil
}

// mustQuery is query failing t on any error.
func (p *program) mustQuery(t *testing.T, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	a, err := p.query(token, query, vars)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Errors) > 0 {
		t.Fatalf("%s: %+v", query, a.Errors)
	}
	return a.Data
}

// signUp makes a user through the API and returns its token.
func (p *program) signUp(t *testing.T, name string) string {
	t.Helper()
	data := p.mustQuery(t, "", `mutation($u: String!, $e: String!) { signUp(input: {username: $u, email: $e, password: "correct horse battery"}) { token } }`,
		map[string]any{"u": name, "e": name + "@example.com"})
	return data["signUp"].(map[string]any)["token"].(string)
}

// mariadbDatabase creates a fresh database on the server of
// ORGRAPH_TEST_DATABASE_URL (the test is skipped without it) and returns
// its URL and a connection to it; both go when t ends.
func mariadbDatabase(t *testing.T) (*url.URL, *sql.DB) {
	t.Helper()
	base := os.Getenv(testserver.EnvDatabaseURL)
	if base == "" {
		t.Skip("needs MariaDB: set " + testserver.EnvDatabaseURL)
	}
	admin, err := database.Open(base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "orgraph_t_" + hex.EncodeToString(suffix)
	if _, err := admin.SQL.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.SQL.Exec("DROP DATABASE " + name) })
	u, _ := url.Parse(base)
	u.Path = "/" + name
	db, err := database.Open(u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return u, db.SQL
}

// tcpProxy stands between the program and MariaDB: stopping it is the
// database going away (connections cut, new ones refused), starting it
// again the database coming back.
type tcpProxy struct {
	t      *testing.T
	addr   string // where the program connects
	target string // the real MariaDB
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
	cutOn  []byte // a connection that sends this is cut before it arrives
	cuts   int
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	p := &tcpProxy{t: t, addr: freeAddr(t), target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(p.stop)
	return p
}

func (p *tcpProxy) start() {
	p.t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

// stop closes the listener and every connection through it.
func (p *tcpProxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// cutWhenSent makes the proxy cut the connection that next sends marker,
// without forwarding it.
func (p *tcpProxy) cutWhenSent(marker string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cutOn = []byte(marker)
}

func (p *tcpProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		return false
	}
	for _, c := range cs {
		p.conns[c] = true
	}
	return true
}

func (p *tcpProxy) pipe(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil || !p.track(client, server) {
		client.Close()
		if server != nil {
			server.Close()
		}
		return
	}
	go func() { _, _ = io.Copy(client, server); client.Close() }()
	buf := make([]byte, 64<<10)
	for {
		n, err := client.Read(buf)
		if n > 0 && p.shouldCut(buf[:n]) {
			break
		}
		if n > 0 {
			if _, werr := server.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	client.Close()
	server.Close()
}

func (p *tcpProxy) shouldCut(chunk []byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cutOn == nil || !bytes.Contains(chunk, p.cutOn) {
		return false
	}
	p.cutOn = nil
	p.cuts++
	return true
}
