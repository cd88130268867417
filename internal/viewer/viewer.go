// Package viewer carries the identity of the caller through a request's
// context. The auth middleware puts a Viewer in the context and nothing else;
// authorization decisions are made by internal/authz and internal/policy.
package viewer

import (
	"context"
	"sync/atomic"

	"orgraph/internal/authz"
)

// Viewer is the signed-in user making the request.
type Viewer struct {
	UserID int
	Group  authz.Group
	// TokenID identifies the bearer token of the request, so that signOut
	// revokes exactly that token.
	TokenID int
}

// IsAdmin reports whether the viewer is in the ADMIN system group.
func (v *Viewer) IsAdmin() bool { return v != nil && v.Group == authz.GroupAdmin }

// slot holds the viewer of one request. It is a cell rather than a plain
// context value so that signUp, signIn and signOut change who the rest of
// the same request acts as (the payload of signIn shows the user's email).
type slot struct{ v atomic.Pointer[Viewer] }

type ctxKey struct{}

// NewContext returns ctx carrying v (nil for an anonymous request).
func NewContext(ctx context.Context, v *Viewer) context.Context {
	s := &slot{}
	s.v.Store(v)
	return context.WithValue(ctx, ctxKey{}, s)
}

// Replace makes v the viewer of the request that ctx belongs to, for every
// resolver that runs after it. It reports false if ctx carries no viewer slot.
func Replace(ctx context.Context, v *Viewer) bool {
	s, ok := ctx.Value(ctxKey{}).(*slot)
	if ok {
		s.v.Store(v)
	}
	return ok
}

// FromContext returns the viewer of ctx, or nil for an anonymous request.
func FromContext(ctx context.Context) *Viewer {
	if s, ok := ctx.Value(ctxKey{}).(*slot); ok {
		return s.v.Load()
	}
	return nil
}
