// Package observe is what Orgraph tells its operators about the requests it
// serves: one access log line per request, the request's id on every log
// line written while it runs, and Prometheus metrics (docs/OPERATIONS.md).
//
// The HTTP middleware (Observer.Middleware) starts a Record for each request
// and puts it in the request's context. The GraphQL layer fills in what only
// it knows (the operation, the error codes of the answer, the signed-in
// user) through the Record's setters; when the request ends, the middleware
// writes the access line and counts the request in the metrics.
package observe

import (
	"context"
	"strings"
)

// Record is what one request did, as far as logs and metrics care. A request
// fills its Record from one goroutine at a time (the GraphQL layer runs on
// the request's goroutine; a retried attempt runs after the one before).
type Record struct {
	// RequestID is the request's id (X-Request-ID).
	RequestID string
	operation string
	// graphQL is true once the GraphQL layer has answered: operation is
	// then the operation's name ("" for an anonymous one) or, when no
	// operation was selected (a document that does not parse), noOperation.
	graphQL bool
	// codes are the distinct error codes of the answer, the first error's
	// first.
	codes  []string
	userID int
}

// noOperation is the operation of a GraphQL answer that ran no operation.
const noOperation = "\x00none"

type recordKey struct{}

// FromContext returns the request's Record, or nil outside a request.
func FromContext(ctx context.Context) *Record {
	r, _ := ctx.Value(recordKey{}).(*Record)
	return r
}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	if r := FromContext(ctx); r != nil {
		return r.RequestID
	}
	return ""
}

// Answered starts the record of a GraphQL answer to the request: the
// operation that ran (its name, "" for an anonymous operation; ran is false
// when none was selected); NoteCode then adds the extensions.code of each
// error, in order. A retried request (graph's deadlock retry) answers again;
// the last answer is the one sent, so each Answered forgets the codes of
// the answer before.
func (r *Record) Answered(name string, ran bool) {
	r.graphQL, r.operation = true, name
	if !ran {
		r.operation = noOperation
	}
	r.codes = r.codes[:0]
}

// NoteCode adds an error code of the answer (graph.WriteError notes the code
// of a request refused before GraphQL runs).
func (r *Record) NoteCode(code string) {
	for _, c := range r.codes {
		if c == code {
			return
		}
	}
	r.codes = append(r.codes, code)
}

// NoteCode adds code to the answer's codes of the request ctx belongs to
// (for a handler that answers an error itself, outside GraphQL).
func NoteCode(ctx context.Context, code string) {
	if r := FromContext(ctx); r != nil {
		r.NoteCode(code)
	}
}

// SetUser records the signed-in user who made the request.
func (r *Record) SetUser(id int) { r.userID = id }

// outcome is the first error's code, or OK.
func (r *Record) outcome(status int) string {
	switch {
	case len(r.codes) > 0:
		return r.codes[0]
	case status >= 500:
		// An answer written without a code (the authentication
		// middleware's 503 when the database fails).
		return "INTERNAL_SERVER_ERROR"
	default:
		return "OK"
	}
}

// joinedCodes is the answer's codes, comma-separated.
func (r *Record) joinedCodes() string {
	if len(r.codes) == 1 {
		return r.codes[0]
	}
	return strings.Join(r.codes, ",")
}
