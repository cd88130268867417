package auth

import (
	"net/http"
	"net/netip"
	"testing"
)

func TestClientAddress(t *testing.T) {
	proxies := TrustedProxies{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	cases := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"untrusted peer: header ignored", "203.0.113.9:4000", []string{"198.51.100.1"}, "203.0.113.9"},
		{"trusted peer, no header", "10.0.0.2:4000", nil, "10.0.0.2"},
		{"trusted peer: client from the header", "10.0.0.2:4000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"forged entries to the left are skipped", "10.0.0.2:4000", []string{"1.2.3.4, 198.51.100.1"}, "198.51.100.1"},
		{"trusted hops are skipped", "10.0.0.2:4000", []string{"198.51.100.1, 10.9.9.9"}, "198.51.100.1"},
		{"several headers read as one list", "10.0.0.2:4000", []string{"1.2.3.4", "198.51.100.1, 10.1.1.1"}, "198.51.100.1"},
		{"all trusted: the leftmost", "10.0.0.2:4000", []string{"10.3.3.3, 10.4.4.4"}, "10.3.3.3"},
		{"garbage where the client should be: the proxy", "10.0.0.2:4000", []string{"1.2.3.4, not-an-ip"}, "10.0.0.2"},
		{"IPv6 peer", "[::1]:4000", []string{"2001:db8::1"}, "2001:db8::1"},
		{"IPv4-mapped IPv6 unmapped", "[::ffff:10.0.0.2]:4000", []string{"::ffff:198.51.100.1"}, "198.51.100.1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodPost, "/query", nil)
			r.RemoteAddr = c.peer
			for _, h := range c.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			if got := proxies.ClientAddress(r); got.String() != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
	if got := (TrustedProxies{}).ClientAddress(&http.Request{RemoteAddr: "192.0.2.1:1", Header: http.Header{"X-Forwarded-For": {"1.1.1.1"}}}); got.String() != "192.0.2.1" {
		t.Fatalf("no trusted proxies: got %s", got)
	}
}

func TestThrottleAddress(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1":               "192.0.2.1",
		"2001:db8:1:2:3:4:5:6":    "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1234": "2001:db8:1:2::/64",
	} {
		if got := throttleAddress(netip.MustParseAddr(in)); got != want {
			t.Fatalf("%s: got %s, want %s", in, got, want)
		}
	}
	if got := throttleAddress(netip.Addr{}); got != "unknown" {
		t.Fatalf("no address: %s", got)
	}
}
