package webapp

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, target string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Result()
}

// TestEveryRouteIsTheApp: the app's routes get index.html under the strict
// policy; the page has no inline script and loads only files this package
// serves.
func TestEveryRouteIsTheApp(t *testing.T) {
	for _, route := range []string{"/", "/work", "/orgs/acme/settings", "/invitations/accept"} {
		resp := get(t, route)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") != CSP || !strings.Contains(string(body), `id="app"`) {
			t.Fatalf("GET %s: %d %v", route, resp.StatusCode, resp.Header)
		}
	}
	page, _ := io.ReadAll(get(t, "/").Body)
	if regexp.MustCompile(`<script(?:[^>]*)>\s*[^<\s]`).Match(page) || strings.Contains(string(page), " on") && regexp.MustCompile(`\son[a-z]+=`).Match(page) {
		t.Fatalf("inline script or handler in the page:\n%s", page)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(string(page), -1)
	n := 0
	for _, m := range refs {
		if strings.HasPrefix(m[1], "data:") {
			continue
		}
		n++
		resp := get(t, m[1])
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Fatalf("GET %s: %d %v", m[1], resp.StatusCode, resp.Header)
		}
	}
	if n < 2 {
		t.Fatalf("the page loads %d files, want a script and a stylesheet", n)
	}
	for _, missing := range []string{"/assets/nope.js", "/favicon.ico", "/assets/../index.html", "/metrics", "/orgs/a/b/settings", "/index.html"} {
		if resp := get(t, missing); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", missing, resp.StatusCode)
		}
	}
}
