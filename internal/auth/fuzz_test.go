package auth

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzValidatePassword(f *testing.F) {
	for _, s := range []string{"correct horse", "short", "", strings.Repeat("é", 128), strings.Repeat("é", 129), "\x00\x00\x00\x00\x00\x00\x00\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)
		if ok := ValidatePassword(s) == nil; ok != (n >= MinPasswordLength && n <= MaxPasswordLength) {
			t.Fatalf("ValidatePassword(%q) accepted=%v with %d characters", s, ok, n)
		}
	})
}

// FuzzParseRoles: the token lookup's GROUP_CONCAT of "orgID:ROLE" pairs;
// whatever the database returns, the roles are believed only when every
// pair is well formed and they are exactly n.
func FuzzParseRoles(f *testing.F) {
	f.Add("1:OWNER,2:WORKER", 2)
	f.Add("", 0)
	f.Add("1:OWNER,1:WORKER", 2)
	f.Add("1:OWN", 1)
	f.Add("x:OWNER", 1)
	f.Fuzz(func(t *testing.T, s string, n int) {
		roles, ok := parseRoles(s, n)
		if !ok {
			return
		}
		if len(roles) != n {
			t.Fatalf("parseRoles(%q, %d) believed %d roles", s, n, len(roles))
		}
		for _, r := range roles {
			if !r.Valid() {
				t.Fatalf("parseRoles(%q) returned role %q", s, r)
			}
		}
	})
}

// FuzzClientAddress: from a trusted proxy, whatever X-Forwarded-For says,
// the client address is valid, zone-free and unmapped, and it is the peer
// itself unless some entry parsed.
func FuzzClientAddress(f *testing.F) {
	f.Add("10.0.0.1:1234", "203.0.113.7, 10.0.0.2")
	f.Add("[::1]:80", "garbage")
	f.Add("10.0.0.1:1", "::ffff:1.2.3.4,fe80::1%eth0")
	f.Fuzz(func(t *testing.T, remote, forwarded string) {
		proxies := TrustedProxies{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
		r := &http.Request{RemoteAddr: remote, Header: http.Header{"X-Forwarded-For": {forwarded}}}
		a := proxies.ClientAddress(r)
		if !a.IsValid() {
			if parseAddr(remote).IsValid() {
				t.Fatalf("no address from peer %q", remote)
			}
			return
		}
		if a.Zone() != "" || a.Is4In6() {
			t.Fatalf("address %v from %q, %q", a, remote, forwarded)
		}
		if throttleAddress(a) == "" {
			t.Fatalf("no throttle key for %v", a)
		}
	})
}

func FuzzBearerToken(f *testing.F) {
	f.Add("Bearer ogt_abc")
	f.Add("bearer  x ")
	f.Add("Basic Zm9v")
	f.Fuzz(func(t *testing.T, header string) {
		tok := bearerToken(header)
		if tok != "" && tok != strings.TrimSpace(tok) {
			t.Fatalf("token %q of %q is not trimmed", tok, header)
		}
	})
}
