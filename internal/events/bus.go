// Package events records the audit log of organizations and carries their
// live events (docs/EVENTS.md).
//
// Record is the one call a workflow makes per change: in the request's
// transaction it writes the audit row, and it queues the change's live
// event, which the Bus publishes once the transaction has committed (a
// rolled-back change publishes nothing). The Bus fans events out to the
// subscriptions of this process; with NATS_URL set it publishes them
// through NATS instead, and every replica (this one too) delivers what
// arrives on the subject to its own subscriptions.
package events

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"orgraph/internal/authz"
)

// Event is a live event: a change to an organization's members or
// invitations. It is also the payload of the GraphQL types
// OrganizationEvent and InvitationEvent (gqlgen.yml).
type Event struct {
	Type           authz.AuditAction `json:"type"`
	OrganizationID int               `json:"organizationId"`
	ActorID        *int              `json:"actorId,omitempty"`
	// TargetID is the membership or invitation the event is about.
	TargetID int `json:"targetId"`
	// UserID is the member concerned (who joined, left, was removed,
	// changed role, became owner).
	UserID       *int        `json:"userId,omitempty"`
	Role         *authz.Role `json:"role,omitempty"`
	PreviousRole *authz.Role `json:"previousRole,omitempty"`
	At           time.Time   `json:"at"`
	// InviteeEmail routes an invitation's events to its invitee; it is
	// no field of the GraphQL types.
	InviteeEmail string `json:"inviteeEmail,omitempty"`
}

// InvitationID is the invitation of an invitation event.
func (e *Event) InvitationID() int { return e.TargetID }

// subscriptionBuffer is how many events a subscription may fall behind;
// one that falls further is ended (its channel closed): a client that
// does not read its socket cannot hold events in memory without bound.
const subscriptionBuffer = 64

// Bus carries events to the subscriptions of this process, through NATS
// when it has a connection.
type Bus struct {
	logger  *slog.Logger
	nc      *nats.Conn
	subject string
	natsSub *nats.Subscription

	mu   sync.Mutex
	subs map[*Subscription]struct{}
	// published counts the events this process handed over (for tests
	// and metrics); delivered those it fanned out.
	published, delivered int64
}

// New returns a bus: in-process when natsURL is empty, over NATS on
// subject otherwise.
func New(natsURL, subject string, logger *slog.Logger) (*Bus, error) {
	b := &Bus{logger: logger, subject: subject, subs: map[*Subscription]struct{}{}}
	if natsURL == "" {
		return b, nil
	}
	nc, err := nats.Connect(natsURL, nats.Name("orgraph"), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("NATS_URL: %w", err)
	}
	sub, err := nc.Subscribe(subject, func(m *nats.Msg) {
		var e Event
		if err := json.Unmarshal(m.Data, &e); err != nil {
			logger.Error("a live event from NATS does not decode", "err", err)
			return
		}
		b.deliver(e)
	})
	if err == nil {
		err = nc.Flush() // the subscription is registered before New returns
	}
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("NATS_URL: subscribing to %s: %w", subject, err)
	}
	b.nc, b.natsSub = nc, sub
	return b, nil
}

// Close ends the NATS connection and every subscription.
func (b *Bus) Close() {
	if b.nc != nil {
		b.nc.Close()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		s.end()
	}
}

// Publish hands e over: to NATS, or straight to this process's
// subscriptions. It never blocks on a subscriber.
func (b *Bus) Publish(e Event) {
	b.mu.Lock()
	b.published++
	b.mu.Unlock()
	if b.nc == nil {
		b.deliver(e)
		return
	}
	data, err := json.Marshal(e)
	if err == nil {
		err = b.nc.Publish(b.subject, data)
	}
	if err != nil {
		b.logger.Error("publishing a live event to NATS", "err", err, "type", e.Type)
	}
}

func (b *Bus) deliver(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.delivered++
	for s := range b.subs {
		select {
		case s.c <- e:
		default:
			delete(b.subs, s)
			s.end()
		}
	}
}

// Subscription receives every event of the bus on C until Close (or until
// it falls subscriptionBuffer events behind: C is then closed).
type Subscription struct {
	C     <-chan Event
	c     chan Event
	bus   *Bus
	ended bool
}

// Subscribe starts a subscription to every event; the caller filters.
func (b *Bus) Subscribe() *Subscription {
	c := make(chan Event, subscriptionBuffer)
	s := &Subscription{C: c, c: c, bus: b}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs[s] = struct{}{}
	return s
}

// Close ends the subscription.
func (s *Subscription) Close() {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	delete(s.bus.subs, s)
	s.end()
}

// end closes C once (under the bus's lock).
func (s *Subscription) end() {
	if !s.ended {
		s.ended = true
		close(s.c)
	}
}

// Subscribers is how many subscriptions the bus holds now.
func (b *Bus) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Delivered is how many events this process fanned out so far.
func (b *Bus) Delivered() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.delivered
}
