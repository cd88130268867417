package schema

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"orgraph/internal/errcode"
)

// The validators of RULES.md §1-2 against arbitrary input: none panics,
// whatever one accepts obeys the rule as the rules state it, and a refusal
// is a BAD_USER_INPUT naming its field where the field is the client's.

func FuzzValidateSlug(f *testing.F) {
	for _, s := range []string{"acme", "a", "ACME-corp_1", "", "sixteen-chars-ok", "seventeen-chars-x", "ac me", "ácme", "acme\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateSlug(s)
		ok := len(s) >= 1 && len(s) <= 16 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == ""
		if (err == nil) != ok {
			t.Fatalf("ValidateSlug(%q) = %v, rule says accept=%v", s, err, ok)
		}
		requireField(t, err, "slug")
	})
}

func FuzzValidateUsername(f *testing.F) {
	for _, s := range []string{"alice", "a.b@c+d-e_f", "", strings.Repeat("x", 150), strings.Repeat("x", 151), "ſam", "аdmin", "al ice"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateUsername(s)
		ok := len(s) >= 1 && len(s) <= 150 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.@+-_") == ""
		if (err == nil) != ok {
			t.Fatalf("ValidateUsername(%q) = %v, rule says accept=%v", s, err, ok)
		}
	})
}

// FuzzNormalizeEmail: normalizing is idempotent (a stored address, looked
// up again, finds itself), and an accepted address is at most 254 bytes,
// one line, with a dot in its domain.
func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"bob@example.com", " Bob@Example.COM ", "ｂｏｂ@example.com", "ſam@example.com", "not an email", "a@b", "\"q\"@example.com", "Bob <bob@example.com>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeEmail(s)
		if again := NormalizeEmail(n); again != n {
			t.Fatalf("NormalizeEmail is not idempotent on %q: %q then %q", s, n, again)
		}
		if ValidateEmail(n) != nil {
			return
		}
		at := strings.LastIndexByte(n, '@')
		if len(n) > 254 || at < 1 || !strings.Contains(n[at:], ".") || strings.ContainsAny(n, "\r\n") {
			t.Fatalf("ValidateEmail accepted %q", n)
		}
		if ValidateContactEmail(n) != nil {
			t.Fatalf("a valid email %q is not a valid contact email", n)
		}
	})
}

// FuzzTextRules: names, descriptions, locations, phones and contact emails
// of organizations, and the one-line names of work.
func FuzzTextRules(f *testing.F) {
	for _, s := range []string{"Acme Corp", "", "line\nbreak", "tab\there", "\u202Eevil", "emoji 👩‍💻", "\xff", "+1 555 0100", "  "} {
		f.Add(s)
	}
	rules := []struct {
		validate func(string) error
		rule     textRule
	}{
		{ValidateName, organizationName},
		{ValidateDescription, organizationDescription},
		{ValidateLocation, contactLocation},
		{textRule{field: "name", min: 1, max: 256}.validate, textRule{field: "name", min: 1, max: 256}},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range rules {
			err := r.validate(s)
			requireField(t, err, r.rule.field)
			if err != nil {
				continue
			}
			if n := utf8.RuneCountInString(s); !utf8.ValidString(s) || n < r.rule.min || n > r.rule.max {
				t.Fatalf("%s accepted %q (%d characters)", r.rule.field, s, n)
			}
			for _, c := range s {
				allowed := r.rule.multiLine && (c == '\t' || c == '\n' || c == '\r')
				if !allowed && (unicode.IsControl(c) || isBidiControl(c) || (!r.rule.multiLine && (c == '\u2028' || c == '\u2029'))) {
					t.Fatalf("%s accepted %q with %U", r.rule.field, s, c)
				}
			}
		}
		if ValidatePhone(s) == nil && s != "" && strings.Trim(s, "+0123456789 -") != "" {
			t.Fatalf("ValidatePhone accepted %q", s)
		}
		requireField(t, ValidatePhone(s), "contact.phone")
		requireField(t, ValidateContactEmail(s), "contact.email")
	})
}

// requireField fails unless err is nil or a BAD_USER_INPUT naming field.
func requireField(t *testing.T, err error, field string) {
	t.Helper()
	if err == nil {
		return
	}
	var coded *errcode.Error
	if !errors.As(err, &coded) || coded.Code != errcode.BadUserInput || coded.Field != field {
		t.Fatalf("refusal %v is not BAD_USER_INPUT on %s", err, field)
	}
}
