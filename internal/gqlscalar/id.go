// Package gqlscalar marshals Orgraph's custom GraphQL scalars.
package gqlscalar

import (
	"bytes"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"orgraph/internal/errcode"
)

// MarshalID writes an ent ID as a GraphQL ID (a string), as gqlgen's
// MarshalIntID does, without its closure and string per ID: every object
// of a response has one.
func MarshalID(id int) graphql.Marshaler { return quotedInt(id) }

type quotedInt int

func (i quotedInt) MarshalGQL(w io.Writer) {
	var b [24]byte
	out := strconv.AppendInt(append(b[:0], '"'), int64(i), 10)
	write(w, append(out, '"'))
}

// write writes b, a buffer on the caller's stack, to w: to the executor's
// *bytes.Buffer directly, to any other writer as a copy (b itself must not
// escape to the heap, or it would be allocated there on every call).
func write(w io.Writer, b []byte) {
	if buf, ok := w.(*bytes.Buffer); ok {
		buf.Write(b)
		return
	}
	_, _ = w.Write(bytes.Clone(b))
}

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
