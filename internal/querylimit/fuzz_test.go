package querylimit

import (
	"encoding/json"
	"testing"
)

// FuzzJSONValues: for any valid JSON the count is at least the values a
// decoder makes (the root, every array element, every object member); for
// any input it is positive and never panics.
func FuzzJSONValues(f *testing.F) {
	for _, s := range []string{`{"query":"{ me { id } }","variables":{"ids":[1,2,3]}}`, `[]`, `"a,b[{"`, `"\\"`, `"\\\",["`, `[[[[`, `{"a":{"b":[{},{}]}}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		n := JSONValues(body)
		if n < 1 {
			t.Fatalf("JSONValues = %d", n)
		}
		var v any
		if json.Unmarshal(body, &v) != nil {
			return
		}
		if want := decodedValues(v); n < want {
			t.Fatalf("JSONValues(%s) = %d, below the %d values decoded", body, n, want)
		}
	})
}

func decodedValues(v any) int {
	n := 1
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			n += decodedValues(e)
		}
	case map[string]any:
		for _, e := range x {
			n += decodedValues(e)
		}
	}
	return n
}

// FuzzDocumentLimits: any text either fails to parse (GRAPHQL_PARSE_FAILED)
// or is measured with counts that are never negative (saturating, not
// overflowing), bounded by the tokens read, and checked with one
// GRAPHQL_VALIDATION_FAILED or accepted.
func FuzzDocumentLimits(f *testing.F) {
	for _, s := range []string{
		`{ me { id } }`,
		`query Q { a: me { id ...F } } fragment F on User { id ...F }`,
		`{ a { b { c { d { e { f { g { h { i { j { k { l { m { n { o { p } } } } } } } } } } } } } } } }`,
		`query($x: Boolean!) { me @include(if: $x) @skip(if: false) { id } }`,
		`fragment A on Q { x ...B ...B } fragment B on Q { y ...C ...C } fragment C on Q { z } { ...A ...A }`,
		`{`, `"`, `query { __typename }`,
	} {
		f.Add(s)
	}
	const tokens = 2000
	f.Fuzz(func(t *testing.T, query string) {
		small := DocumentLimits{Tokens: tokens, Fields: 50, Aliases: 5, Directives: 5, Depth: 5}
		doc, perr := Parse(query, tokens)
		if perr != nil {
			if perr.Extensions["code"] != CodeParseFailed {
				t.Fatalf("parse error without its code: %v", perr)
			}
			if cerr := CheckDocument(query, small); cerr == nil || cerr.Extensions["code"] != CodeParseFailed {
				t.Fatalf("CheckDocument accepted what Parse refused: %v", cerr)
			}
			return
		}
		s := Measure(doc)
		if s.Fields < 0 || s.ExpandedFields < 0 || s.Aliases < 0 || s.Directives < 0 || s.Depth < 0 {
			t.Fatalf("negative measure %+v of %q", s, query)
		}
		if s.Fields > tokens || s.Aliases > s.Fields || s.Directives > tokens {
			t.Fatalf("measure %+v of %q is over the %d tokens read", s, query, tokens)
		}
		err := CheckDocument(query, small)
		if err != nil && err.Extensions["code"] != CodeValidationFailed {
			t.Fatalf("refusal without its code: %v", err)
		}
		within := s.Cycle == "" && s.Fields <= small.Fields && s.ExpandedFields <= small.Fields &&
			s.Aliases <= small.Aliases && s.Directives <= small.Directives && s.Depth <= small.Depth
		if (err == nil) != within {
			t.Fatalf("CheckDocument = %v for measure %+v", err, s)
		}
	})
}
