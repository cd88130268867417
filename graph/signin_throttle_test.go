package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"sync"
	"testing"
	"time"

	"orgraph/ent/signinfailure"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

const signInDoc = `mutation($l: String!, $p: String!) { signIn(input: {login: $l, password: $p}) { token } }`

// trustLoopback makes the test client (127.0.0.1) a trusted proxy, so that
// X-Forwarded-For picks each request's client address.
func trustLoopback(c *config.Config) {
	c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
}

func signInFrom(s *testserver.Server, forwardedFor, login, password string) *testserver.Response {
	h := http.Header{}
	if forwardedFor != "" {
		h.Set("X-Forwarded-For", forwardedFor)
	}
	return s.QueryWithHeader(h, "", signInDoc, map[string]any{"l": login, "p": password})
}

// failureRows counts sign_in_failures rows, all of them or from one address.
func failureRows(s *testserver.Server, address string) int {
	q := s.Client.SignInFailure.Query()
	if address != "" {
		q = q.Where(signinfailure.Address(address))
	}
	return q.CountX(testserver.SystemCtx())
}

// mustCode fails unless r's first error has the code.
func mustCode(t *testing.T, what string, r *testserver.Response, code string) {
	t.Helper()
	if r.Code() != code {
		t.Fatalf("%s: code %q (%+v), want %s", what, r.Code(), r.Errors, code)
	}
}

// refusedForFree asserts that a RATE_LIMITED sign-in hashed nothing, wrote
// nothing and read only what it must.
func refusedForFree(t *testing.T, s *testserver.Server, forwardedFor, login, password string) {
	t.Helper()
	hashes, rows, failures := s.Auth.HashStats().Started, counts(t, s), failureRows(s, "")
	statements := s.Statements()
	mustCode(t, "throttled sign-in of "+login+" from "+forwardedFor, signInFrom(s, forwardedFor, login, password), "RATE_LIMITED")
	// Two reads: the user, and the three counts in one statement.
	if n := s.Statements() - statements; n != 2 {
		t.Fatalf("a throttled sign-in ran %d statements, want 2", n)
	}
	if n := s.Auth.HashStats().Started - hashes; n != 0 {
		t.Fatalf("a throttled sign-in hashed %d times", n)
	}
	if counts(t, s) != rows || failureRows(s, "") != failures {
		t.Fatal("a throttled sign-in wrote rows")
	}
}

func TestSignInThrottlePerAccountAndAddress(t *testing.T) {
	s := testserver.New(t, trustLoopback)
	s.CreateUser("walt", authz.GroupUser)
	const attacker, owner = "203.0.113.1", "198.51.100.7"

	// The username and the email are one account: 5 + 5 failures.
	for i := range 10 {
		login := "walt"
		if i%2 == 1 {
			login = "WALT@Example.com"
		}
		mustCode(t, fmt.Sprintf("failure %d", i+1), signInFrom(s, attacker, login, "wrong password"), "UNAUTHENTICATED")
	}
	if n := failureRows(s, attacker); n != 10 {
		t.Fatalf("failure rows from the attacker = %d, want 10", n)
	}
	// The eleventh attempt from that address is refused, right password or
	// not, before any hashing and writing nothing.
	refusedForFree(t, s, attacker, "walt", testserver.Password)
	refusedForFree(t, s, attacker, "walt@example.com", "wrong password")

	// The owner, from their own address, is not locked out.
	hashes := s.Auth.HashStats().Started
	if r := signInFrom(s, owner, "walt", testserver.Password); r.Code() != "" {
		t.Fatalf("the owner from another address: %+v", r.Errors)
	}
	if n := s.Auth.HashStats().Started - hashes; n != 1 {
		t.Fatalf("a sign-in hashed %d times, want 1", n)
	}
	// A success forgets only its own pair's failures: the attacker's 10
	// still count, the owner's typos do not.
	for range 3 {
		mustCode(t, "owner's typo", signInFrom(s, owner, "walt", "typo"), "UNAUTHENTICATED")
	}
	if n := failureRows(s, owner); n != 3 {
		t.Fatalf("owner's failure rows = %d, want 3", n)
	}
	if r := signInFrom(s, owner, "walt@example.com", testserver.Password); r.Code() != "" {
		t.Fatalf("owner after typos: %+v", r.Errors)
	}
	if a, o := failureRows(s, attacker), failureRows(s, owner); a != 10 || o != 0 {
		t.Fatalf("failure rows after the owner's success: attacker %d (want 10), owner %d (want 0)", a, o)
	}
	refusedForFree(t, s, attacker, "walt", testserver.Password)

	// Logins that name no one count by their normalized form.
	for i := range 10 {
		login := "nobody"
		if i%2 == 1 {
			login = " ＮＯＢＯＤＹ " // fullwidth, spaces: the same login
		}
		mustCode(t, "unknown login", signInFrom(s, owner, login, "x-password"), "UNAUTHENTICATED")
	}
	refusedForFree(t, s, owner, "Nobody", "x-password")
}

func TestSignInThrottleOverallCaps(t *testing.T) {
	s := testserver.New(t, trustLoopback, func(c *config.Config) {
		c.SignIn.FailuresPerAccountAddress = 2
		c.SignIn.FailuresPerAccount = 3
		c.SignIn.FailuresPerAddress = 4
	})
	s.CreateUser("walt", authz.GroupUser)
	s.CreateUser("ann", authz.GroupUser)

	// Three failures against walt from two addresses reach the account's
	// overall cap: walt is refused from a third address too, even with the
	// right password (the trade-off of the overall cap).
	mustCode(t, "A1", signInFrom(s, "192.0.2.1", "walt", "wrong password"), "UNAUTHENTICATED")
	mustCode(t, "A2", signInFrom(s, "192.0.2.1", "walt", "wrong password"), "UNAUTHENTICATED")
	refusedForFree(t, s, "192.0.2.1", "walt", "wrong password") // the pair's limit
	mustCode(t, "B1", signInFrom(s, "192.0.2.2", "walt", "wrong password"), "UNAUTHENTICATED")
	refusedForFree(t, s, "192.0.2.3", "walt", testserver.Password)
	// Ann is another account: not affected.
	if r := signInFrom(s, "192.0.2.3", "ann", testserver.Password); r.Code() != "" {
		t.Fatalf("ann: %+v", r.Errors)
	}

	// Four failures from one address against four accounts reach the
	// address's cap: that address is refused for any account, another
	// address is not.
	for i := range 4 {
		mustCode(t, "spray", signInFrom(s, "192.0.2.9", fmt.Sprintf("user%d", i), "wrong password"), "UNAUTHENTICATED")
	}
	refusedForFree(t, s, "192.0.2.9", "ann", testserver.Password)
	if r := signInFrom(s, "192.0.2.10", "ann", testserver.Password); r.Code() != "" {
		t.Fatalf("ann from another address: %+v", r.Errors)
	}

	// Failures older than the window neither count nor stay: the next
	// attempt deletes them.
	old := time.Now().UTC().Add(-s.Config.SignIn.Window - time.Minute)
	if _, err := s.DB.SQL.Exec("UPDATE sign_in_failures SET created_at = ?", old); err != nil {
		t.Fatal(err)
	}
	mustCode(t, "after the window", signInFrom(s, "192.0.2.9", "walt", "wrong password"), "UNAUTHENTICATED")
	if n := failureRows(s, ""); n != 1 {
		t.Fatalf("failure rows after the window = %d, want 1 (the new failure)", n)
	}
	if r := signInFrom(s, "192.0.2.3", "walt", testserver.Password); r.Code() != "" {
		t.Fatalf("walt after the window: %+v", r.Errors)
	}
}

func TestSignInClientAddress(t *testing.T) {
	t.Run("X-Forwarded-For is ignored without trusted proxies", func(t *testing.T) {
		s := testserver.New(t)
		s.CreateUser("walt", authz.GroupUser)
		for i := range 10 {
			// A forged header per attempt changes nothing: all count for the
			// real peer.
			mustCode(t, "failure", signInFrom(s, fmt.Sprintf("203.0.113.%d", i+1), "walt", "wrong password"), "UNAUTHENTICATED")
		}
		if n := failureRows(s, "127.0.0.1"); n != 10 {
			t.Fatalf("failures counted for the peer 127.0.0.1 = %d, want 10", n)
		}
		refusedForFree(t, s, "198.51.100.99", "walt", testserver.Password)
	})
	t.Run("a trusted proxy's X-Forwarded-For names the client", func(t *testing.T) {
		s := testserver.New(t, func(c *config.Config) {
			c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}
		})
		cases := []struct{ header, counted string }{
			{"203.0.113.5", "203.0.113.5"},
			// The rightmost entry that is not a trusted proxy: what the client
			// wrote to the left is not believed.
			{"198.51.100.1, 203.0.113.6", "203.0.113.6"},
			{"198.51.100.1, 203.0.113.7, 10.1.2.3", "203.0.113.7"},
			// IPv6 clients count by their /64.
			{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		}
		for _, c := range cases {
			mustCode(t, c.header, signInFrom(s, c.header, "nobody", "wrong password"), "UNAUTHENTICATED")
			if n := failureRows(s, c.counted); n != 1 {
				t.Fatalf("X-Forwarded-For %q: failures counted for %s = %d, want 1", c.header, c.counted, n)
			}
		}
	})
}

func TestSignInMustBeAloneInItsOperation(t *testing.T) {
	s := testserver.New(t)
	a := s.CreateUser("walt", authz.GroupUser)
	hashes, rows := s.Auth.HashStats().Started, counts(t, s)
	for _, doc := range []string{
		`mutation { a: signIn(input: {login: "walt", password: "wrong password"}) { token } b: signIn(input: {login: "walt", password: "other password"}) { token } }`,
		`mutation { signIn(input: {login: "walt", password: "correct horse battery"}) { token } signOut }`,
		`mutation { ... on Mutation { signUp(input: {username: "x", email: "x@example.com", password: "12345678"}) { token } } signOut }`,
	} {
		mustCode(t, doc, s.Query(a.Token, doc, nil), "BAD_USER_INPUT")
	}
	if s.Auth.HashStats().Started != hashes || counts(t, s) != rows || failureRows(s, "") != 0 {
		t.Fatal("a refused operation hashed or wrote")
	}
	// __typename beside it is harmless.
	s.MustQuery("", `mutation { __typename signIn(input: {login: "walt", password: "correct horse battery"}) { token } }`, nil, nil)
}

func TestPasswordsAreHashedOutsideTransactions(t *testing.T) {
	s := testserver.New(t)
	var mu sync.Mutex
	var seen []int64
	s.Auth.OnHash(func(context.Context) {
		mu.Lock()
		seen = append(seen, s.OpenTransactions())
		mu.Unlock()
	})
	s.MustQuery("", signUpDoc, signUpVars("alice", "alice@example.com", "s3cret-pass"), nil)
	s.MustQuery("", signInDoc, map[string]any{"l": "alice", "p": "s3cret-pass"}, nil)
	mustCode(t, "wrong password", s.Query("", signInDoc, map[string]any{"l": "alice", "p": "wrong-pass"}), "UNAUTHENTICATED")
	mustCode(t, "unknown login", s.Query("", signInDoc, map[string]any{"l": "nobody", "p": "wrong-pass"}), "UNAUTHENTICATED")
	if len(seen) != 4 {
		t.Fatalf("%d hashes, want 4", len(seen))
	}
	for i, open := range seen {
		if open != 0 {
			t.Fatalf("hash %d ran with %d transactions open", i+1, open)
		}
	}
}

func TestPasswordHashingIsBounded(t *testing.T) {
	const limit, clients = 2, 6
	s := testserver.New(t, trustLoopback, func(c *config.Config) { c.SignIn.HashConcurrency = limit })
	release := make(chan struct{})
	s.Auth.OnHash(func(context.Context) { <-release })
	var wg sync.WaitGroup
	codes := make([]string, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = signInFrom(s, fmt.Sprintf("192.0.2.%d", i+1), "nobody", "wrong password").Code()
		}()
	}
	// Two hashes run; the four others wait for a slot, not hashing.
	testserver.WaitFor(t, "hashes to queue", func() bool {
		st := s.Auth.HashStats()
		return st.Started == limit && st.Waiting == clients-limit
	})
	close(release)
	wg.Wait()
	st := s.Auth.HashStats()
	if st.Started != clients || st.Peak != limit || st.Limit != limit {
		t.Fatalf("hash stats %+v: want %d started, at most %d at once", st, clients, limit)
	}
	for i, c := range codes {
		if c != "UNAUTHENTICATED" {
			t.Fatalf("client %d: code %q", i, c)
		}
	}
}

func TestSignInWhileHashingIsSaturated(t *testing.T) {
	// One slot and its queue (16 waiting) full: the next sign-in is refused
	// at once, and its attempt is not counted as a failure.
	s := testserver.New(t, trustLoopback, func(c *config.Config) { c.SignIn.HashConcurrency = 1 })
	release := make(chan struct{})
	s.Auth.OnHash(func(context.Context) { <-release })
	var wg sync.WaitGroup
	const queued = 1 + 16
	for i := range queued {
		wg.Add(1)
		go func() {
			defer wg.Done()
			signInFrom(s, fmt.Sprintf("192.0.2.%d", i+1), fmt.Sprintf("user%d", i), "wrong password")
		}()
	}
	testserver.WaitFor(t, "the queue to fill", func() bool {
		st := s.Auth.HashStats()
		return st.Started == 1 && st.Waiting == queued-1
	})
	statements := s.Statements()
	mustCode(t, "over the queue", signInFrom(s, "198.51.100.1", "late", "wrong password"), "RATE_LIMITED")
	mustCode(t, "sign-up over the queue", s.Query("", signUpDoc, signUpVars("late", "late@example.com", "s3cret-pass")), "RATE_LIMITED")
	if n := s.Statements() - statements; n != 0 {
		t.Fatalf("refusals for a full queue ran %d statements, want 0", n)
	}
	close(release)
	wg.Wait()
	if n := failureRows(s, ""); n != queued {
		t.Fatalf("failure rows = %d, want %d", n, queued)
	}
}
