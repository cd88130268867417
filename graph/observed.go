package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"orgraph/internal/observe"
	"orgraph/internal/viewer"
)

// observed tells the request's access line and metrics (internal/observe)
// what only the GraphQL layer knows: the operation, the code of each error
// of the answer as sent, and the signed-in user. It is the outermost
// response interceptor, so it sees the answer after every other extension
// (the error cap included), also for documents that do not parse (gqlgen's
// DispatchError runs the response interceptors too). Its work is one pass
// over the answer's errors per request, nothing per field.
type observed struct{ noSchemaCheck }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = observed{}

func (observed) ExtensionName() string { return "Observed" }

func (observed) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if graphql.HasOperationContext(ctx) && isSubscription(graphql.GetOperationContext(ctx)) {
		// Each event of each subscription of a WebSocket connection is a
		// response, on the subscription's goroutine: they are no request's
		// answer (the connection's access line names its user, wsInit).
		return next(ctx)
	}
	resp := next(ctx)
	rec := observe.FromContext(ctx)
	if rec == nil || resp == nil {
		return resp
	}
	name, ran := "", false
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil {
			name, ran = op.Name, true
		}
	}
	rec.Answered(name, ran)
	for _, e := range resp.Errors {
		if code, ok := e.Extensions["code"].(string); ok {
			rec.NoteCode(code)
		}
	}
	if v := viewer.FromContext(ctx); v != nil {
		rec.SetUser(v.UserID)
	}
	return resp
}

func isSubscription(oc *graphql.OperationContext) bool {
	return oc.Operation != nil && oc.Operation.Operation == ast.Subscription
}
