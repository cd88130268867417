package gqlscalar

import (
	"bytes"
	"errors"
	"strconv"
	"testing"

	"orgraph/internal/errcode"
)

// FuzzUnmarshalID: an ID either reads as a positive integer that writes
// back as itself, or is refused as BAD_USER_INPUT on "id".
func FuzzUnmarshalID(f *testing.F) {
	f.Add("1")
	f.Add("007")
	f.Add("+5")                   // strconv.Atoi takes a sign
	f.Add("99999999999999999999") // over int64
	f.Add("-1")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := UnmarshalID(s)
		if err != nil {
			var coded *errcode.Error
			if !errors.As(err, &coded) || coded.Code != errcode.BadUserInput || coded.Field != "id" {
				t.Fatalf("UnmarshalID(%q): %v", s, err)
			}
			return
		}
		if id <= 0 {
			t.Fatalf("UnmarshalID(%q) = %d", s, id)
		}
		var out bytes.Buffer
		MarshalID(id).MarshalGQL(&out)
		if back, err := UnmarshalID(mustUnquote(t, out.String())); err != nil || back != id {
			t.Fatalf("ID %d wrote %s, read back %d, %v", id, out.String(), back, err)
		}
	})
}

func mustUnquote(t *testing.T, s string) string {
	u, err := strconv.Unquote(s)
	if err != nil {
		t.Fatalf("MarshalID wrote %s", s)
	}
	return u
}
