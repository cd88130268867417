package observe

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// maxLoggedNameLength bounds the operation name on an access line.
const maxLoggedNameLength = 128

// GraphQLPath is the endpoint whose requests the metrics count.
const GraphQLPath = "/query"

// Observer logs and counts the requests of one server.
type Observer struct {
	logger  *slog.Logger
	metrics *Metrics
}

// New returns the observer that writes access lines to logger and counts
// GraphQL requests in metrics.
func New(logger *slog.Logger, metrics *Metrics) *Observer {
	return &Observer{logger: WithRequestIDs(logger), metrics: metrics}
}

// exchange is one request as the middleware sees it: the response writer
// that remembers the status and size, and the request's Record, in one
// allocation.
type exchange struct {
	http.ResponseWriter
	status  int
	written int64
	record  Record
	// idHeader is the response's X-Request-ID value, set without
	// allocating a slice for it.
	idHeader [1]string
}

func (x *exchange) WriteHeader(status int) {
	if x.status == 0 {
		x.status = status
	}
	x.ResponseWriter.WriteHeader(status)
}

func (x *exchange) Write(p []byte) (int, error) {
	if x.status == 0 {
		x.status = http.StatusOK
	}
	n, err := x.ResponseWriter.Write(p)
	x.written += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the server's writer.
func (x *exchange) Unwrap() http.ResponseWriter { return x.ResponseWriter }

// NoteCode records the code of an error answered outside GraphQL
// (graph.WriteError looks for this method on its writer).
func (x *exchange) NoteCode(code string) { x.record.NoteCode(code) }

// Middleware gives every request an id (X-Request-ID, taken from the
// request when sane, see requestID; always returned in the response), a
// Record in its context, one access line when it ends, and, for the
// GraphQL endpoint, its count and latency in the metrics.
func (o *Observer) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		x := &exchange{ResponseWriter: w}
		x.record.RequestID = requestID(r.Header[HeaderRequestID])
		x.idHeader[0] = x.record.RequestID
		w.Header()[HeaderRequestID] = x.idHeader[:]
		next.ServeHTTP(x, r.WithContext(context.WithValue(r.Context(), recordKey{}, &x.record)))
		elapsed := time.Since(start)
		if x.status == 0 {
			x.status = http.StatusOK
		}
		if r.URL.Path == GraphQLPath && r.Method != http.MethodOptions && o.metrics != nil { // not CORS preflights
			o.metrics.count(&x.record, x.status, elapsed)
		}
		o.access(r, x, elapsed)
	})
}

// access writes the request's access line. It names the request (method
// and path, never the query string: the invitation link carries its key
// there) and what came of it; nothing of the body, the variables or the
// headers (tokens). Health probes are logged at debug level only.
func (o *Observer) access(r *http.Request, x *exchange, elapsed time.Duration) {
	level := slog.LevelInfo
	if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
		level = slog.LevelDebug
	}
	ctx := r.Context()
	if !o.logger.Enabled(ctx, level) {
		return
	}
	rec := &x.record
	attrs := [9]slog.Attr{
		slog.String("request_id", rec.RequestID),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", x.status),
		slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
		slog.Int64("bytes", x.written),
	}
	n := 6
	if name := rec.operation; rec.graphQL && name != noOperation && name != "" {
		attrs[n] = slog.String("operation", name[:min(len(name), maxLoggedNameLength)])
		n++
	}
	if len(rec.codes) > 0 {
		attrs[n] = slog.String("codes", rec.joinedCodes())
		n++
	}
	if rec.userID != 0 {
		attrs[n] = slog.Int("user_id", rec.userID)
		n++
	}
	// The request id is an attribute of its own here, so the line is
	// logged without the request's context (which would add it again).
	o.logger.LogAttrs(context.Background(), level, "request", attrs[:n]...)
}
