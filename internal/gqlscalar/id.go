// Package gqlscalar marshals Orgraph's custom GraphQL scalars.
package gqlscalar

import (
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"orgraph/internal/errcode"
)

// MarshalID writes an ent ID as a GraphQL ID (a string).
func MarshalID(id int) graphql.Marshaler { return graphql.MarshalIntID(id) }

// UnmarshalID reads a GraphQL ID. A value that is no ID of ours is reported
// as bad input rather than an internal error.
func UnmarshalID(v any) (int, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case int:
		return x, nil
	case int64:
		return int(x), nil
	default:
		return 0, errcode.Invalid("id", "not a valid ID")
	}
	id, err := strconv.Atoi(s)
	if err != nil || id <= 0 {
		return 0, errcode.Invalid("id", "not a valid ID: "+strconv.Quote(s))
	}
	return id, nil
}
