package graph

import (
	"context"
	"errors"
	"sync"

	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/events"
	"orgraph/internal/observe"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"

	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// wsSession is one WebSocket connection's: the Authorization of its
// connection_init, read again at every event, and how many subscriptions
// it holds.
type wsSession struct {
	authorization string
	mu            sync.Mutex
	active        int
}

type wsSessionKey struct{}

// closeUnauthorized is graphql-transport-ws's close code for a
// connection_init that is refused.
const closeUnauthorized = 4403

// wsInit authenticates a WebSocket connection from its connection_init
// payload ({"Authorization": "Bearer <token>"}, or {"token": "<token>"}):
// without a valid token the connection is closed with 4403.
func (r *Resolver) wsInit(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	header := p.Authorization()
	if t := p.GetString("token"); header == "" && t != "" {
		header = "Bearer " + t
	}
	v, err := r.auth.Authenticate(ctx, header)
	if err != nil {
		r.logger.ErrorContext(ctx, "authenticating a WebSocket connection", "err", err)
		return transport.WithWebsocketCloseCode(ctx, 1011), nil, errors.New("internal server error")
	}
	if v == nil {
		ctx = transport.AppendCloseReason(transport.WithWebsocketCloseCode(ctx, closeUnauthorized), "UNAUTHENTICATED")
		return ctx, nil, errors.New("UNAUTHENTICATED: send a valid bearer token in connection_init's payload")
	}
	if rec := observe.FromContext(ctx); rec != nil {
		rec.SetUser(v.UserID) // on the connection's own goroutine, before any subscription runs
	}
	ctx = viewer.NewContext(ctx, v)
	return context.WithValue(ctx, wsSessionKey{}, &wsSession{authorization: header}), nil, nil
}

// userSubscriptions counts each user's subscriptions on this replica.
type userSubscriptions struct {
	mu     sync.Mutex
	byUser map[int]int
}

// acquire takes a subscription slot of the connection and of its user:
// RATE_LIMITED past MAX_SUBSCRIPTIONS_PER_CONNECTION or _PER_USER.
func (r *Resolver) acquire(s *wsSession, userID int) (release func(), err error) {
	lim := r.config.Events
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.active >= lim.MaxPerConnection {
		return nil, errcode.New(errcode.RateLimited, "this connection holds %d subscriptions, the most allowed (MAX_SUBSCRIPTIONS_PER_CONNECTION)", lim.MaxPerConnection)
	}
	u := &r.subscriptions
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.byUser[userID] >= lim.MaxPerUser {
		return nil, errcode.New(errcode.RateLimited, "you hold %d subscriptions, the most allowed (MAX_SUBSCRIPTIONS_PER_USER)", lim.MaxPerUser)
	}
	s.active++
	u.byUser[userID]++
	return func() {
		s.mu.Lock()
		s.active--
		s.mu.Unlock()
		u.mu.Lock()
		if u.byUser[userID]--; u.byUser[userID] == 0 {
			delete(u.byUser, userID)
		}
		u.mu.Unlock()
	}, nil
}

// filter decides one event for one subscriber: whether it concerns the
// subscription at all (relevant, checked without the database), then,
// with the subscriber's viewer as of this event, whether to send it and
// whether the subscription ends.
type filter struct {
	relevant func(e *events.Event) bool
	decide   func(ctx context.Context, e *events.Event) (send, stop bool)
}

// subscribe starts a subscription over the bus. start checks the viewer
// (read again from the connection's token) before anything is held; each
// relevant event reads the viewer again (one statement: the token with the
// user's roles, internal/auth), so a revoked token, a removal or a role
// change applies from the next event on.
func (r *Resolver) subscribe(ctx context.Context, start func(ctx context.Context) error, f filter) (<-chan *events.Event, error) {
	s, _ := ctx.Value(wsSessionKey{}).(*wsSession)
	if s == nil || r.events == nil {
		return nil, errcode.New(errcode.BadUserInput, "subscriptions run over WebSocket (graphql-transport-ws) at /query")
	}
	fresh, err := r.freshViewer(ctx, s)
	if err != nil {
		return nil, err
	}
	if err := start(fresh); err != nil {
		return nil, err
	}
	release, err := r.acquire(s, viewer.FromContext(fresh).UserID)
	if err != nil {
		return nil, err
	}
	sub := r.events.Subscribe()
	out := make(chan *events.Event, 1)
	go func() {
		defer close(out)
		defer release()
		defer sub.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-sub.C:
				if !ok {
					return
				}
				if !f.relevant(&e) {
					continue
				}
				fresh, err := r.freshViewer(ctx, s)
				if err != nil {
					return
				}
				send, stop := f.decide(fresh, &e)
				if stop {
					return
				}
				if !send {
					continue
				}
				select {
				case out <- &e:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}

// freshViewer is ctx with the viewer of the connection's token as it is
// now: UNAUTHENTICATED once the token is revoked or expired.
func (r *Resolver) freshViewer(ctx context.Context, s *wsSession) (context.Context, error) {
	v, err := r.auth.Authenticate(ctx, s.authorization)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	return viewer.NewContext(ctx, v), nil
}

// organizationEvents: for members (admins: any organization), each event
// as authz.Actor.SeesEvent allows; it ends when the viewer no longer sees
// the organization.
func (r *Resolver) organizationEvents(ctx context.Context, orgID int) (<-chan *events.Event, error) {
	actor := func(ctx context.Context) (authz.Actor, error) { return policy.ActorIn(ctx, orgID) }
	return r.subscribe(ctx, func(ctx context.Context) error {
		a, err := actor(ctx)
		if err == nil && !a.Sees() {
			err = errcode.NotFoundf("organization")
		}
		return err
	}, filter{
		relevant: func(e *events.Event) bool { return e.OrganizationID == orgID },
		decide: func(ctx context.Context, e *events.Event) (bool, bool) {
			a, err := actor(ctx)
			if err != nil || !a.Sees() {
				return false, true
			}
			return a.SeesEvent(e.Type), false
		},
	})
}

// myInvitationEvents: the events of invitations to the viewer's email.
func (r *Resolver) myInvitationEvents(ctx context.Context) (<-chan *events.Event, error) {
	email := ""
	return r.subscribe(ctx, func(ctx context.Context) error {
		email = viewer.FromContext(ctx).Email
		return nil
	}, filter{
		relevant: func(e *events.Event) bool { return e.Type.IsInvitation() && e.InviteeEmail == email },
		decide: func(ctx context.Context, e *events.Event) (bool, bool) {
			return e.InviteeEmail == viewer.FromContext(ctx).Email, false
		},
	})
}
