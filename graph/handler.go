package graph

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"time"

	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"orgraph/ent"
	"orgraph/internal/auth"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/errcode"
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
}

// NewHandler builds the GraphQL HTTP handler for POST /query. It is the one
// constructor the server and the tests share.
func NewHandler(d Deps) http.Handler {
	r := &Resolver{client: d.Client, auth: d.Auth, orgs: d.Orgs, work: work.NewService(d.Client), config: d.Config, logger: d.Logger}
	srv := handler.New(NewExecutableSchema(Config{
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
	srv.SetQueryCache(pageSizeDefaults{lru.New[*ast.QueryDocument](1000)})
	if d.Config.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(extension.FixedComplexityLimit(d.Config.ComplexityLimit))
	tx := transactioner{client: d.Client, logger: d.Logger}
	if d.Dialect == dialect.MySQL {
		tx.options = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	srv.Use(tx)
	srv.Use(pageSizeLimit{})
	srv.AroundFields(restrictWhereFilters)
	srv.SetErrorPresenter(presentError(d.Logger))
	srv.SetRecoverFunc(recoverPanic(d.Logger))
	settings := policy.Settings{OrgCreatorGroup: d.Config.OrgCreatorGroup}
	withRequestScope := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		// The privacy rules read the request's ent client (replaced by the
		// transaction's in mutations) and their settings from the context.
		ctx := ent.NewContext(req.Context(), d.Client)
		ctx = policy.WithSettings(ctx, settings)
		srv.ServeHTTP(w, req.WithContext(ctx))
	})
	return retryDeadlocks(d.Auth.Middleware(withRequestScope))
}

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

// Timeouts of the HTTP server, exported for server.go and documented in the
// README.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 15 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 2 * time.Minute
)
