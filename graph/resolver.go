package graph

import (
	"context"
	"log/slog"

	"orgraph/ent"
	"orgraph/internal/auth"
	"orgraph/internal/config"
	"orgraph/internal/events"
	"orgraph/internal/orgs"
	"orgraph/internal/work"
)

// Resolver is the root resolver: the dependencies every resolver shares.
// Resolvers stay thin: they call ent (whose privacy policies enforce who may
// see and do what) or a service of internal/, and return ent types.
type Resolver struct {
	client *ent.Client
	auth   *auth.Service
	orgs   *orgs.Service
	work   *work.Service
	config *config.Config
	logger *slog.Logger
	// events carries the live events (nil: no subscriptions).
	events        *events.Bus
	subscriptions userSubscriptions
}

// db is the ent client of the request: the mutation's transaction when
// there is one, the root client otherwise. Never use r.client directly in a
// resolver: it would escape the transaction.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}
