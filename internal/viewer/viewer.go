// Package viewer carries the identity of the caller through a request's
// context. The auth middleware puts a Viewer in the context and nothing else;
// authorization decisions are made by internal/authz and internal/policy.
package viewer

import (
	"context"
	"sync"
	"sync/atomic"

	"orgraph/internal/authz"
)

// Viewer is the signed-in user making the request.
type Viewer struct {
	UserID int
	Group  authz.Group
	// Email is the user's (lower-cased) email: invitations to it are the
	// viewer's.
	Email string
	// Username is the user's username when the request was authenticated
	// (the audit log's actor name); empty when the viewer was built
	// without it.
	Username string
	// TokenID identifies the bearer token of the request, so that signOut
	// revokes exactly that token.
	TokenID int

	mu     sync.Mutex
	roles  map[int]authz.Role // organization ID -> role; nil until loaded
	emails map[int]bool       // users whose email the viewer may read; nil until loaded
	memo   map[any]any        // Remember's values
}

// Remember returns the value of key for the rest of the request, computing
// it once with load (a privacy rule checking each row of a bulk insert
// against the same parent, say). Forget clears it. load runs without the
// viewer's lock held, since it may itself read the viewer's roles.
func (v *Viewer) Remember(key any, load func() (any, error)) (any, error) {
	v.mu.Lock()
	val, ok := v.memo[key]
	v.mu.Unlock()
	if ok {
		return val, nil
	}
	val, err := load()
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.memo == nil {
		v.memo = map[any]any{}
	}
	v.memo[key] = val
	return val, nil
}

// Roles returns the viewer's role in each organization they belong to,
// loading it once per request with load.
func (v *Viewer) Roles(ctx context.Context, load func(context.Context) (map[int]authz.Role, error)) (map[int]authz.Role, error) {
	return loadOnce(v, &v.roles, ctx, load)
}

// SetRoles records the viewer's roles when they were read together with
// the token (they count as loaded for the rest of the request, until
// Forget).
func (v *Viewer) SetRoles(roles map[int]authz.Role) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.roles = roles
}

// LoadedRoles returns the viewer's roles if this request has loaded them
// already, without loading them.
func (v *Viewer) LoadedRoles() (map[int]authz.Role, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.roles, v.roles != nil
}

// EmailVisible returns the users whose email the viewer may read, loading
// the set once per request with load.
func (v *Viewer) EmailVisible(ctx context.Context, load func(context.Context) (map[int]bool, error)) (map[int]bool, error) {
	return loadOnce(v, &v.emails, ctx, load)
}

// loadOnce returns *cache, filled by load on first use (until Forget),
// under the viewer's lock.
func loadOnce[M ~map[K]E, K comparable, E any](v *Viewer, cache *M, ctx context.Context, load func(context.Context) (M, error)) (M, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if *cache == nil {
		m, err := load(ctx)
		if err != nil {
			return nil, err
		}
		*cache = m
	}
	return *cache, nil
}

// Forget drops what was loaded about the viewer's memberships: a write to
// memberships, or a lock taken on an organization, calls it so that later
// checks read the database again.
func (v *Viewer) Forget() {
	if v == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.roles, v.emails, v.memo = nil, nil, nil
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
