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
// (the count lives in the request's context) and answers nil for the
// others, which gqlgen then leaves out; errorCap adds one final entry that
// says how many were dropped.

type errorCountKey struct{}

// withErrorCount starts the count of a request's errors.
func withErrorCount(ctx context.Context) context.Context {
	return context.WithValue(ctx, errorCountKey{}, new(atomic.Int64))
}

func errorCount(ctx context.Context) int64 {
	if n, ok := ctx.Value(errorCountKey{}).(*atomic.Int64); ok {
		return n.Load()
	}
	return 0
}

// capErrors presents the first max errors of a request with present.
func capErrors(max int, present graphql.ErrorPresenterFunc) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if n, ok := ctx.Value(errorCountKey{}).(*atomic.Int64); ok && n.Add(1) > int64(max) {
			return nil // graphql.AddError drops a nil error
		}
		return present(ctx, err)
	}
}

// errorCap says how many errors capErrors dropped, with the code of the
// response's first error.
func errorCap(max int) responseCheck {
	return responseCheck{name: "ErrorCap", check: func(ctx context.Context, rsp *graphql.Response) *graphql.Response {
		dropped := errorCount(ctx) - int64(max)
		if dropped <= 0 {
			return rsp
		}
		code := "INTERNAL_SERVER_ERROR"
		if len(rsp.Errors) > 0 {
			if c, ok := rsp.Errors[0].Extensions["code"].(string); ok {
				code = c
			}
		}
		rsp.Errors = append(rsp.Errors, &gqlerror.Error{
			Message:    fmt.Sprintf("too many errors: %d more were dropped (MAX_ERRORS)", dropped),
			Extensions: map[string]any{"code": code},
		})
		return rsp
	}}
}

// responseCheck is a response interceptor that passes every response gqlgen
// built to check, which returns it or its replacement: errorCap and
// responseSizeLimit.
type responseCheck struct {
	noSchemaCheck
	name  string
	check func(ctx context.Context, rsp *graphql.Response) *graphql.Response
}

var _ graphql.ResponseInterceptor = responseCheck{}

func (c responseCheck) ExtensionName() string { return c.name }

func (c responseCheck) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if rsp := next(ctx); rsp != nil {
		return c.check(ctx, rsp)
	}
	return nil
}
