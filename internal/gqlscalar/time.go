package gqlscalar

import (
	"io"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalTime writes a Time as gqlgen's graphql.MarshalTime does (RFC 3339
// with nanoseconds, quoted; the zero time is null), without its closure
// and two strings per value: a members page has one per member.
func MarshalTime(t time.Time) graphql.Marshaler {
	if t.IsZero() {
		return graphql.Null
	}
	return quotedTime(t)
}

// UnmarshalTime reads a Time as gqlgen does.
func UnmarshalTime(v any) (time.Time, error) { return graphql.UnmarshalTime(v) }

type quotedTime time.Time

func (t quotedTime) MarshalGQL(w io.Writer) {
	// RFC 3339 has nothing JSON escapes.
	var b [48]byte
	out := time.Time(t).AppendFormat(append(b[:0], '"'), time.RFC3339Nano)
	write(w, append(out, '"'))
}
