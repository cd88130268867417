package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

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
// added unless given) and stops it when t ends.
func startProgram(t *testing.T, env map[string]string) *program {
	t.Helper()
	p := &program{addr: freeAddr(t), done: make(chan struct{}), stdout: &testserver.SyncBuffer{}, stderr: &testserver.SyncBuffer{}}
	if a, ok := env["ADDR"]; ok { // chosen by the caller (PUBLIC_URL follows it)
		p.addr = a
	}
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

var gqlClient = &http.Client{Timeout: 30 * time.Second}

// query posts one operation; every error of the answer must have a code
// and no SQL or network detail in its message.
func (p *program) query(token, query string, vars map[string]any) (*testserver.Response, error) {
	r, err := (&testserver.Server{URL: p.base}).Post(gqlClient, nil, token, query, vars)
	if err != nil {
		return nil, err
	}
	return r, checkErrors(r)
}

func checkErrors(r *testserver.Response) error {
	for _, e := range r.Errors {
		if e.Extensions["code"] == nil {
			return fmt.Errorf("an error without a code: %+v", e)
		}
		if strings.Contains(strings.ToLower(e.Message), "sql") || strings.Contains(e.Message, "dial tcp") {
			return fmt.Errorf("an error leaks internals: %q", e.Message)
		}
	}
	return nil
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
	var data map[string]any
	if err := json.Unmarshal(a.Data, &data); err != nil {
		t.Fatal(err)
	}
	return data
}

// signUp makes a user through the API and returns its token.
func (p *program) signUp(t *testing.T, name string) string {
	t.Helper()
	data := p.mustQuery(t, "", `mutation($u: String!, $e: String!) { signUp(input: {username: $u, email: $e, password: "correct horse battery"}) { token } }`,
		map[string]any{"u": name, "e": name + "@example.com"})
	return data["signUp"].(map[string]any)["token"].(string)
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

// cutCount is how many connections cutWhenSent cut.
func (p *tcpProxy) cutCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cuts
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
