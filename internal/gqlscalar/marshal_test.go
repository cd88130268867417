package gqlscalar

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// The IDs and times written here are byte for byte gqlgen's, on the
// executor's buffer and on any other writer.
func TestMarshalersWriteWhatGqlgenWrites(t *testing.T) {
	for _, id := range []int{0, 1, 255, 256, 4294967297, math.MaxInt64, -7} {
		want := written(graphql.MarshalIntID(id))
		if got := written(MarshalID(id)); got != want {
			t.Errorf("MarshalID(%d) = %s, want %s", id, got, want)
		}
		var sb strings.Builder
		MarshalID(id).MarshalGQL(&sb)
		if sb.String() != want {
			t.Errorf("MarshalID(%d) on a strings.Builder = %s, want %s", id, sb.String(), want)
		}
	}
	paris := time.FixedZone("CET", 3600)
	for _, at := range []time.Time{
		time.Date(2026, 12, 3, 8, 30, 0, 0, time.UTC),
		time.Date(2026, 12, 3, 8, 30, 0, 123456000, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, paris),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, paris),
	} {
		want := written(graphql.MarshalTime(at))
		if got := written(MarshalTime(at)); got != want {
			t.Errorf("MarshalTime(%v) = %s, want %s", at, got, want)
		}
	}
	if MarshalTime(time.Time{}) != graphql.Null {
		t.Error("the zero time is not null")
	}
}

// One allocation per value at most (its interface value), none to write it.
func TestMarshalersAllocateOnce(t *testing.T) {
	var buf bytes.Buffer
	buf.Grow(1 << 16)
	at := time.Date(2026, 12, 3, 8, 30, 0, 123456000, time.UTC)
	if n := testing.AllocsPerRun(100, func() { MarshalID(4294967297).MarshalGQL(&buf) }); n > 1 {
		t.Errorf("an ID costs %v allocations", n)
	}
	if n := testing.AllocsPerRun(100, func() { MarshalTime(at).MarshalGQL(&buf) }); n > 1 {
		t.Errorf("a time costs %v allocations", n)
	}
}

func written(m graphql.Marshaler) string {
	var buf bytes.Buffer
	m.MarshalGQL(&buf)
	return buf.String()
}
