package schema

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"orgraph/internal/errcode"
)

// Validators of free-text input fields. Each returns an *errcode.Error
// naming the GraphQL input field, so that a failed ent validation reaches
// the client as BAD_USER_INPUT with that field and our own message (ent's
// ValidationError wraps it; graph/errors.go finds it in the chain). Each
// runs before the field's MaxLen, and is at least as strict, so that ent's
// own length message never shows.

// isBidiControl reports the bidirectional embedding, override and isolate
// controls (U+202A-U+202E, U+2066-U+2069): they reorder the text displayed
// after them, which lets a name pose as another (Trojan Source). Other
// format characters (Cf) stay allowed: ZWJ and ZWNJ are needed by emoji and
// by scripts such as Persian, LRM and RLM only mark a direction.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// singleLineProblem says what makes s unfit for a one-line field: control
// characters (Cc, line breaks and tabs included), line and paragraph
// separators, bidirectional controls, invalid UTF-8.
func singleLineProblem(s string) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || isBidiControl(r) {
			return "must not contain control characters, line breaks or bidirectional overrides"
		}
	}
	return ""
}

// multiLineProblem is singleLineProblem allowing tabs and line breaks.
func multiLineProblem(s string) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8"
	}
	for _, r := range s {
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if unicode.IsControl(r) || isBidiControl(r) {
			return "must not contain control characters (other than tabs and line breaks) or bidirectional overrides"
		}
	}
	return ""
}

// textRule is a free-text field's rule: its GraphQL input field, its length
// in characters (min 0 or 1), and whether it may span lines.
type textRule struct {
	field     string
	min, max  int
	multiLine bool
}

func (r textRule) validate(s string) error {
	switch n := utf8.RuneCountInString(s); {
	case n < r.min:
		return errcode.Invalid(r.field, r.field+" must not be empty")
	case n > r.max:
		return errcode.Invalid(r.field, fmt.Sprintf("%s must be at most %d characters", r.field, r.max))
	}
	problem := singleLineProblem(s)
	if r.multiLine {
		problem = multiLineProblem(s)
	}
	if problem != "" {
		return errcode.Invalid(r.field, r.field+" "+problem)
	}
	return nil
}
