package auth

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedProxies are the peers whose X-Forwarded-For header is believed
// (TRUSTED_PROXIES).
type TrustedProxies []netip.Prefix

func (t TrustedProxies) trusts(a netip.Addr) bool {
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddress is the address of the client that sent r: the TCP peer,
// unless the peer is a trusted proxy; then the rightmost X-Forwarded-For
// entry that is not itself a trusted proxy (entries to its left were
// written by the client or by untrusted hops, and can be forged). When every
// entry is trusted, the leftmost one is taken. An unparseable entry where
// the client should be yields the proxy's own address: the request is then
// counted against the proxy, never against an address a client chose.
func (t TrustedProxies) ClientAddress(r *http.Request) netip.Addr {
	peer := parseAddr(r.RemoteAddr)
	if !peer.IsValid() || !t.trusts(peer) {
		return peer
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a := parseAddr(strings.TrimSpace(hops[i]))
		if !a.IsValid() {
			return client
		}
		client = a
		if !t.trusts(a) {
			return a
		}
	}
	return client
}

// parseAddr reads "ip", "ip:port" or "[ipv6]:port"; IPv4-mapped IPv6 is
// unmapped. It returns the zero Addr when s is none of these.
func parseAddr(s string) netip.Addr {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap().WithZone("")
}

type clientAddressKey struct{}

// WithClientAddress returns ctx carrying the request's client address.
func WithClientAddress(ctx context.Context, a netip.Addr) context.Context {
	return context.WithValue(ctx, clientAddressKey{}, a)
}

// ClientAddressFrom returns the client address in ctx (the zero Addr when
// there is none, e.g. in a command-line tool).
func ClientAddressFrom(ctx context.Context) netip.Addr {
	a, _ := ctx.Value(clientAddressKey{}).(netip.Addr)
	return a
}

// Middleware puts each request's client address in its context.
func (t TrustedProxies) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithClientAddress(r.Context(), t.ClientAddress(r))))
	})
}

// throttleAddress is the key under which failures from a are counted: the
// address itself for IPv4, the /64 network for IPv6 (one subscriber usually
// holds a whole /64, so single IPv6 addresses would be free to vary).
func throttleAddress(a netip.Addr) string {
	switch {
	case !a.IsValid():
		return "unknown"
	case a.Is4():
		return a.String()
	default:
		p, _ := a.Prefix(64)
		return p.String()
	}
}
