package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"orgraph/ent"
	"orgraph/internal/errcode"
	"orgraph/internal/querylimit"
)

// transactioner runs every mutation operation in one database transaction:
// all of it commits, or (on any error) none of it does. Side effects such as
// emails hook into the transaction's commit (ent.Tx.OnCommit), so a failed
// request sends nothing. Queries run without a transaction, and so do
// signIn and signUp, which hash passwords and transact on their own
// (selftransacting.go).
type transactioner struct {
	noSchemaCheck
	client *ent.Client
	logger *slog.Logger
}

// Transactions on MariaDB/MySQL run READ COMMITTED, the level of every
// session of the pool (internal/database, readCommitted), so that after a
// workflow locks an organization row its plain reads see what the
// transaction it waited for committed (under REPEATABLE READ they would see
// the snapshot taken before the wait, and a removal racing a transfer of
// ownership could remove the new owner).

var (
	_ graphql.OperationContextMutator = transactioner{}
	_ graphql.ResponseInterceptor     = transactioner{}
)

func (transactioner) ExtensionName() string { return "Transactioner" }

func isMutation(oc *graphql.OperationContext) bool {
	return oc.Operation != nil && oc.Operation.Operation == ast.Mutation
}

// MutateOperationContext serializes the resolvers of a mutation: a
// transaction is one connection, which cannot run statements concurrently.
func (t transactioner) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if isMutation(oc) {
		if self, err := selfTransactingOperation(oc); self || err != nil {
			return err
		}
		previous := oc.ResolverMiddleware
		var mu sync.Mutex
		oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
			mu.Lock()
			defer mu.Unlock()
			return previous(ctx, next)
		}
	}
	return nil
}

func (t transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) || !isMutation(graphql.GetOperationContext(ctx)) {
		return next(ctx)
	}
	if self, _ := selfTransactingOperation(graphql.GetOperationContext(ctx)); self {
		return next(ctx)
	}
	tx, err := t.client.BeginTx(ctx, nil)
	if err != nil {
		return internalErrorResponse(t.fail(ctx, "opening", err))
	}
	ctx = ent.NewTxContext(ctx, tx)
	ctx = ent.NewContext(ctx, tx.Client())
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	rsp := next(ctx)
	if rsp == nil || len(rsp.Errors) > 0 {
		_ = tx.Rollback()
		if rsp != nil {
			rsp.Data = nil // nothing was written: report no data either
		}
		return rsp
	}
	if err := tx.Commit(); err != nil {
		return internalErrorResponse(t.fail(ctx, "committing", err))
	}
	return rsp
}

// internalErrorResponse answers a request that failed outside any resolver
// (its transaction could not begin or commit): no data, one error with
// extensions.code like every other.
func internalErrorResponse(message string) *graphql.Response {
	return &graphql.Response{Errors: gqlerror.List{{
		Message:    message,
		Extensions: map[string]any{"code": string(errcode.Internal)},
	}}}
}

func (t transactioner) fail(ctx context.Context, what string, err error) string {
	if isDeadlock(err) {
		markRetry(ctx)
	}
	t.logger.ErrorContext(ctx, what+" a mutation's transaction", "err", err)
	return "internal server error"
}

// retrySignal is set when a request failed only because the database broke
// a deadlock: the whole request can then run again.
type retrySignal struct{ retry atomic.Bool }

type retryKey struct{}

func markRetry(ctx context.Context) {
	if s, ok := ctx.Value(retryKey{}).(*retrySignal); ok {
		s.retry.Store(true)
	}
}

// maxAttempts bounds how often one request runs when deadlocks keep
// breaking it; the last attempt's answer is sent whatever it is.
const maxAttempts = 4

// retryDeadlocks runs a request again when its transaction was chosen as a
// deadlock victim. Because a mutation is one transaction and its side
// effects wait for the commit, running the whole request again is safe. The
// body was already capped by the caller; the response is buffered so that a
// failed attempt is never seen by the client. Holding the body, it also
// refuses one with more than maxJSONValues JSON values before anything
// decodes them (querylimit.JSONValues).
func retryDeadlocks(maxJSONValues int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			writeHTTPError(w, err)
			return
		}
		if n := querylimit.JSONValues(body); n > maxJSONValues {
			WriteError(w, http.StatusBadRequest, errcode.BadUserInput,
				fmt.Sprintf("the request body has about %d JSON values, over the limit of %d (MAX_JSON_VALUES)", n, maxJSONValues))
			return
		}
		for attempt := 1; ; attempt++ {
			signal := &retrySignal{}
			rec := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
			try := r.Clone(context.WithValue(r.Context(), retryKey{}, signal))
			try.Body = io.NopCloser(bytes.NewReader(body))
			next.ServeHTTP(rec, try)
			if !signal.retry.Load() || attempt == maxAttempts || r.Context().Err() != nil {
				rec.copyTo(w)
				return
			}
			time.Sleep(time.Duration(attempt) * time.Duration(5+rand.IntN(20)) * time.Millisecond)
		}
	})
}

// writeHTTPError answers a request whose body could not be read: 413 when
// it was over the size limit.
func writeHTTPError(w http.ResponseWriter, err error) {
	status, message := http.StatusBadRequest, "the request body could not be read"
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		status, message = http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is over %d bytes", tooLarge.Limit)
	}
	WriteError(w, status, errcode.BadUserInput, message)
}

// WriteError writes a GraphQL-shaped error response with a status code, for
// requests refused before GraphQL execution.
func WriteError(w http.ResponseWriter, status int, code errcode.Code, message string) {
	if n, ok := w.(interface{ NoteCode(string) }); ok {
		n.NoteCode(string(code)) // the access line's codes (internal/observe)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
		"message":    message,
		"extensions": map[string]any{"code": code},
	}}})
}

type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedResponse) WriteHeader(status int)      { b.status = status }

func (b *bufferedResponse) copyTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(b.status)
	_, _ = b.body.WriteTo(w)
}
