package graph

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// One response carries at most MAX_ERRORS errors. Past the cap an error is
// neither presented nor logged: capErrors counts the errors of the request
// (the count lives in the request's context) and answers a placeholder,
// which errorCap then replaces by one final "too many errors" entry.

type errorCountKey struct{}

// withErrorCount starts the count of a request's errors.
func withErrorCount(ctx context.Context) context.Context {
	return context.WithValue(ctx, errorCountKey{}, new(atomic.Int64))
}

// droppedError marks an error over the cap; it is never sent.
var droppedError = &gqlerror.Error{Message: "dropped"}

// capErrors presents the first max errors of a request with present.
func capErrors(max int, present graphql.ErrorPresenterFunc) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if n, ok := ctx.Value(errorCountKey{}).(*atomic.Int64); ok && n.Add(1) > int64(max) {
			return droppedError
		}
		return present(ctx, err)
	}
}

// errorCap removes the placeholders of dropped errors from a response and
// says how many there were, with the code of the response's first error.
type errorCap struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = errorCap{}

func (errorCap) ExtensionName() string                   { return "ErrorCap" }
func (errorCap) Validate(graphql.ExecutableSchema) error { return nil }

func (errorCap) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	rsp := next(ctx)
	if rsp == nil {
		return nil
	}
	kept, dropped := rsp.Errors[:0], 0
	for _, e := range rsp.Errors {
		if e == droppedError {
			dropped++
		} else {
			kept = append(kept, e)
		}
	}
	if dropped > 0 {
		code := "INTERNAL_SERVER_ERROR"
		if len(kept) > 0 {
			if c, ok := kept[0].Extensions["code"].(string); ok {
				code = c
			}
		}
		kept = append(kept, &gqlerror.Error{
			Message:    fmt.Sprintf("too many errors: %d more were dropped (MAX_ERRORS)", dropped),
			Extensions: map[string]any{"code": code},
		})
	}
	rsp.Errors = kept
	return rsp
}
