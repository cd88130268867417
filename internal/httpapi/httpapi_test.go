package httpapi_test

import (
	"io"
	"net/http"
	"orgraph/internal/webapp"
	"strings"
	"testing"

	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

func TestReadyzFailsWhileTheDatabaseIsUnreachable(t *testing.T) {
	s := testserver.New(t)
	status := func(path string) int {
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status("/readyz"); got != http.StatusOK {
		t.Fatalf("readyz = %d", got)
	}
	s.DB.SQL.Close()
	if got := status("/readyz"); got != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database closed = %d, want 503", got)
	}
	if got := status("/healthz"); got != http.StatusOK {
		t.Fatalf("healthz = %d: liveness must not depend on the database", got)
	}
}

func TestCORS(t *testing.T) {
	s := testserver.New(t, func(c *config.Config) { c.CORSOrigins = []string{"https://app.example.com"} })
	preflight := func(origin string) string {
		req, _ := http.NewRequest(http.MethodOptions, s.URL+"/query", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Access-Control-Allow-Origin")
	}
	if got := preflight("https://app.example.com"); got != "https://app.example.com" {
		t.Fatalf("allowed origin got Access-Control-Allow-Origin %q", got)
	}
	if got := preflight("https://evil.example.com"); got != "" {
		t.Fatalf("other origin got Access-Control-Allow-Origin %q", got)
	}
}

func TestNoCORSGrantWithoutOrigins(t *testing.T) {
	s := testserver.New(t) // CORS_ORIGINS unset
	for _, origin := range []string{"https://app.example.com", "null", "http://localhost:3000"} {
		preflight, _ := http.NewRequest(http.MethodOptions, s.URL+"/query", nil)
		preflight.Header.Set("Access-Control-Request-Method", "POST")
		preflight.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		simple, _ := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(`{"query":"{ __typename }"}`))
		simple.Header.Set("Content-Type", "application/json")
		for _, req := range []*http.Request{preflight, simple} {
			req.Header.Set("Origin", origin)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for k := range resp.Header {
				if strings.HasPrefix(k, "Access-Control-Allow-") {
					t.Fatalf("%s from %s got %s: %q", req.Method, origin, k, resp.Header.Get(k))
				}
			}
			if req.Method == http.MethodPost && !strings.Contains(string(body), `"__typename":"Query"`) {
				t.Fatalf("the same-origin answer is still given: %s", body)
			}
		}
	}
}

func TestIntrospectionCanBeTurnedOff(t *testing.T) {
	const doc = `{ __schema { queryType { name } } }`
	on := testserver.New(t)
	on.MustQuery("", doc, nil, nil)
	off := testserver.New(t, func(c *config.Config) { c.Introspection = false })
	r := off.Query("", doc, nil)
	if r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, "introspection") {
		t.Fatalf("introspection off: %+v", r.Errors)
	}
}

func TestComplexityLimit(t *testing.T) {
	s := testserver.New(t, func(c *config.Config) { c.Limits.ComplexityLimit = 3 })
	r := s.Query("", `{ a: __typename b: __typename c: __typename d: __typename }`, nil)
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "complexity") {
		t.Fatalf("over the complexity limit: %+v", r.Errors)
	}
}

// TestAcceptLinkPage: the invitation link of the emails (PUBLIC_URL, by
// default this server) opens the web app, which never echoes the key: it
// reads it in the browser.
func TestAcceptLinkPage(t *testing.T) {
	s := testserver.New(t)
	resp, err := http.Get(s.URL + "/invitations/accept?key=abc_DEF-123")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	h := resp.Header
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `<div id="app">`) || strings.Contains(string(b), "abc_DEF") {
		t.Fatalf("status %d, body %s", resp.StatusCode, b)
	}
	if h.Get("Cache-Control") != "no-store" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("Content-Security-Policy") != webapp.CSP {
		t.Fatalf("headers %v", h)
	}
}
