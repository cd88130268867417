// Package httpapi assembles Orgraph's HTTP surface: POST /query (GraphQL),
// the web app at GET / (internal/webapp), GraphiQL at GET /graphiql, GET /healthz and GET /readyz, behind CORS and a request
// body cap; every request's client address (TRUSTED_PROXIES) is put in its
// context for the sign-in throttle. The server, the tests and the benchmarks
// build the handler and its services with the same Build (build.go).
package httpapi

import (
	"context"
	"database/sql"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/rs/cors"

	"orgraph/ent"
	"orgraph/graph"
	"orgraph/internal/auth"
	"orgraph/internal/config"
	"orgraph/internal/errcode"
	"orgraph/internal/events"
	"orgraph/internal/graphiql"
	"orgraph/internal/observe"
	"orgraph/internal/orgs"
	"orgraph/internal/webapp"
)

// MaxBodyBytes caps a request body (1 MiB).
const MaxBodyBytes = 1 << 20

// Deps are what the HTTP surface needs.
type Deps struct {
	Config *config.Config
	Client *ent.Client
	// Dialect is the database's dialect (entgo.io/ent/dialect).
	Dialect string
	// SQL is pinged by /readyz.
	SQL    *sql.DB
	Auth   *auth.Service
	Orgs   *orgs.Service
	Logger *slog.Logger
	// Metrics count the requests (nil: a registry of New's own).
	Metrics *observe.Metrics
	// Events carries the live events of subscriptions (nil: none).
	Events *events.Bus
}

// New returns the server's whole HTTP handler.
func New(d Deps) http.Handler {
	d.Logger = observe.WithRequestIDs(d.Logger) // every line of a request names it
	mux := http.NewServeMux()
	gql := graph.NewHandler(graph.Deps{Client: d.Client, Dialect: d.Dialect, Auth: d.Auth, Orgs: d.Orgs, Config: d.Config, Logger: d.Logger, Events: d.Events})
	large := newLargeRequestGate(d.Config.LargeRequests.Bytes, d.Config.LargeRequests.Concurrency, d.Config.LargeRequests.Wait)
	mux.Handle("POST /query", requireJSON(limitBody(large.middleware(gql))))
	mux.Handle("GET /query", webSocketOnly(gql))
	mux.HandleFunc("/query", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "POST, OPTIONS")
		graph.WriteError(w, http.StatusMethodNotAllowed, errcode.BadUserInput, "send GraphQL requests as POST with a JSON body")
	})
	ui := graphiql.Handler("/query")
	mux.Handle(graphiql.PagePath, ui)
	mux.Handle(graphiql.AssetPrefix, ui)
	// The web app has every other GET path, the invitation link
	// (PUBLIC_URL/invitations/accept?key=...) included.
	mux.Handle("/", webapp.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { writeText(w, http.StatusOK, "ok\n") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		// Ready means "send me requests": the database answers. While it
		// does not, requests would fail, so a load balancer should pick
		// another replica; liveness (/healthz) stays true, since
		// restarting this process would not bring the database back.
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := d.SQL.PingContext(ctx); err != nil {
			d.Logger.WarnContext(r.Context(), "readiness check failed", "err", err)
			writeText(w, http.StatusServiceUnavailable, "database unreachable\n")
			return
		}
		writeText(w, http.StatusOK, "ready\n")
	})
	if d.Metrics == nil {
		d.Metrics = observe.NewMetrics(d.SQL)
	}
	// Outermost: the request id, the access line and the metrics cover
	// every request, CORS refusals included.
	observer := observe.New(d.Logger, d.Metrics)
	return observer.Middleware(corsPolicy(d.Config.CORSOrigins).Handler(auth.TrustedProxies(d.Config.TrustedProxies).Middleware(mux)))
}

// corsPolicy grants cross-origin access to the configured origins only.
// With none configured there is no grant at all: rs/cors would read an
// empty list as "every origin", so the refusal is explicit.
func corsPolicy(origins []string) *cors.Cors {
	o := cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodPost, http.MethodGet, http.MethodOptions},
		AllowedHeaders: []string{"Authorization", "Content-Type", observe.HeaderRequestID},
		ExposedHeaders: []string{observe.HeaderRequestID},
		MaxAge:         600,
	}
	if len(origins) == 0 {
		o.AllowOriginFunc = func(string) bool { return false }
	}
	return cors.New(o)
}

// requireJSON refuses a GraphQL request whose body is not JSON.
func requireJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || (mt != "application/json" && mt != "application/graphql-response+json") {
			graph.WriteError(w, http.StatusUnsupportedMediaType, errcode.BadUserInput, "send the request with Content-Type: application/json")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps the request body at MaxBodyBytes: a declared length over
// the cap is refused at once, a streamed one when it crosses the cap.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBodyBytes {
			graph.WriteError(w, http.StatusRequestEntityTooLarge, errcode.BadUserInput, "the request body is over 1048576 bytes")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// webSocketOnly serves GET /query to WebSocket upgrades (subscriptions,
// graphql-transport-ws) and refuses other GETs like any other method. The
// server's read and write timeouts are for requests, not connections that
// last: they are lifted for the upgraded connection (the WebSocket
// transport bounds its connection_init with WS_INIT_TIMEOUT).
func webSocketOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			w.Header().Set("Allow", "POST, OPTIONS")
			graph.WriteError(w, http.StatusMethodNotAllowed, errcode.BadUserInput, "send GraphQL requests as POST with a JSON body, subscriptions over WebSocket")
			return
		}
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Time{})
		_ = rc.SetWriteDeadline(time.Time{})
		next.ServeHTTP(w, r)
	})
}
