package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"orgraph/internal/errcode"
)

// Page sizes of connections (SPEC 7).
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// limitPageSize applies the default page size to a connection field asked
// for without first or last, and refuses pages over the maximum.
func limitPageSize(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil || !strings.HasSuffix(fc.Field.Definition.Type.Name(), "Connection") {
		return next(ctx)
	}
	first, hasFirst := fc.Args["first"].(*int)
	last, hasLast := fc.Args["last"].(*int)
	if !hasFirst && !hasLast {
		return next(ctx)
	}
	for name, n := range map[string]*int{"first": first, "last": last} {
		if n != nil && (*n < 0 || *n > MaxPageSize) {
			return nil, errcode.Invalid(name, "page size must be between 0 and 100")
		}
	}
	if first == nil && last == nil {
		n := DefaultPageSize
		fc.Args["first"] = &n
	}
	return next(ctx)
}
