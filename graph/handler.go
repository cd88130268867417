package graph

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"

	"orgraph/ent"
	"orgraph/internal/auth"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/errcode"
	"orgraph/internal/events"
	"orgraph/internal/orgs"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
	"orgraph/internal/work"
)

// Deps are what the GraphQL API needs.
type Deps struct {
	Client *ent.Client
	// Dialect is the database's (entgo.io/ent/dialect): it picks the
	// transaction isolation.
	Dialect string
	Auth    *auth.Service
	Orgs    *orgs.Service
	Config  *config.Config
	Logger  *slog.Logger
	// Events carries the live events of subscriptions (nil: none).
	Events *events.Bus
}

// NewHandler builds the GraphQL HTTP handler for POST /query. It is the one
// constructor the server and the tests share.
func NewHandler(d Deps) http.Handler {
	r := &Resolver{client: d.Client, auth: d.Auth, orgs: d.Orgs, work: work.NewService(d.Client), config: d.Config, logger: d.Logger,
		events: d.Events, subscriptions: userSubscriptions{byUser: map[int]int{}}}
	limits := d.Config.Limits
	srv := handler.New(NewExecutableSchema(Config{
		Schema:    servedSchema(),
		Resolvers: r,
		Directives: DirectiveRoot{
			HasGroup: hasGroup,
			HasRole:  r.hasRole,
		},
	}))
	// Explicit transports: JSON over POST only (no GET, so no CSRF through
	// simple requests; no multipart, nothing here takes uploads).
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.POST{})
	// Subscriptions: WebSocket upgrades of GET /query (httpapi routes only
	// those here), graphql-transport-ws; authenticated by connection_init
	// (wsInit). The origin check is CORS_ORIGINS' (coder/websocket also
	// admits same-host origins), the read limit the body cap's.
	srv.AddTransport(transport.Websocket{
		Implementation:   transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{OriginPatterns: d.Config.CORSOrigins}},
		InitFunc:         r.wsInit,
		InitTimeout:      d.Config.Events.InitTimeout,
		PayloadReadLimit: &wsReadLimit,
	})
	// First, so that it is the outermost: it sees the answer as sent.
	srv.Use(observed{})
	queryCache := pageSizeDefaults{newQueryCache()}
	srv.SetQueryCache(queryCache)
	srv.SetParserTokenLimit(limits.ParserTokenLimit)
	// Never suggest names ("Did you mean ..."): with introspection off they
	// would still describe the schema, and with it on they add nothing.
	srv.SetDisableSuggestion(true)
	srv.SetValidationRulesFn(rulesWithoutSuggestions)
	if d.Config.Introspection {
		srv.Use(extension.Introspection{})
	}
	// The order matters: APQ fills in the query before documentLimit reads
	// it; pageSizeLimit names the bad page before costLimit counts it;
	// errorCap sees the final list of errors; responseSizeLimit runs
	// inside the transaction it may roll back.
	srv.Use(extension.AutomaticPersistedQuery{Cache: newAPQCache()})
	srv.Use(documentLimit{limits: documentLimits(limits), cache: queryCache})
	srv.Use(pageSizeLimit{})
	srv.Use(costLimit{limit: limits.ComplexityLimit, rules: costRules()})
	srv.Use(errorCap(limits.MaxErrors))
	srv.Use(transactioner{client: d.Client, logger: d.Logger})
	srv.Use(responseSizeLimit(limits.MaxResponseBytes))
	// Every where-argument, at the root and in nested connections, is
	// limited to rows the viewer may see (policy.RestrictWhere).
	srv.Use(whereRestriction{})
	srv.SetErrorPresenter(capErrors(limits.MaxErrors, presentError(d.Logger)))
	srv.SetRecoverFunc(recoverPanic(d.Logger))
	settings := policy.Settings{OrgCreatorGroup: d.Config.OrgCreatorGroup}
	withRequestScope := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		// The privacy rules read the request's ent client (replaced by the
		// transaction's in mutations) and their settings from the context.
		ctx := ent.NewContext(req.Context(), d.Client)
		ctx = policy.WithSettings(ctx, settings)
		ctx = withErrorCount(ctx)
		if req.Method == http.MethodPost { // not a WebSocket's lifetime
			var loan *responseBuffers
			ctx, loan = lendResponseBuffers(ctx)
			defer loan.giveBack() // the transport has written the answer
		}
		srv.ServeHTTP(w, req.WithContext(ctx))
	})
	return retryDeadlocks(limits.MaxJSONValues, d.Auth.Middleware(withRequestScope))
}

// wsReadLimit caps one WebSocket message from a client (64 KiB: a
// subscription document and its variables).
var wsReadLimit int64 = 64 << 10

// hasGroup implements @hasGroup: a signed-in user of at least that group.
func hasGroup(ctx context.Context, _ any, next graphql.Resolver, group authz.Group) (any, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	if !v.Group.AtLeast(group) {
		return nil, errcode.New(errcode.Forbidden, "this needs system group %s or higher", group)
	}
	return next(ctx)
}
