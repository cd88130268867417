package graphiql

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// attrRE matches src= and href= attributes with double-, single- or unquoted
// values.
var attrRE = regexp.MustCompile(`(?i)\s(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)

// refs returns the values of all src and href attributes in page.
func refs(page string) []string {
	var out []string
	for _, m := range attrRE.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1]+m[2]+m[3])
	}
	return out
}

func TestPage(t *testing.T) {
	h := Handler("/query")
	resp := get(t, h, http.MethodGet, PagePath, nil)
	page := body(t, resp)

	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /: status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET /: Content-Type %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("GET /: Cache-Control %q", cc)
	}
	if !strings.Contains(page, `data-endpoint="/query"`) {
		t.Errorf("page does not pass the endpoint to init.js:\n%s", page)
	}
	if strings.Contains(page, "://") {
		t.Errorf("page contains an absolute URL:\n%s", page)
	}
	if strings.Contains(page, "<style") || regexp.MustCompile(`<script[^>]*>[^<]`).MatchString(page) {
		t.Errorf("page contains inline script or style:\n%s", page)
	}
}

func TestPageReferencesOnlyLocalAssets(t *testing.T) {
	h := Handler("/query")
	page := body(t, get(t, h, http.MethodGet, PagePath, nil))

	found := refs(page)
	want := []string{"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "graphiql.min.css", "init.js"}
	for _, name := range want {
		ok := false
		for _, ref := range found {
			if strings.HasPrefix(ref, AssetPrefix+name+"?") {
				ok = true
			}
		}
		if !ok {
			t.Errorf("page does not reference %s; references: %q", name, found)
		}
	}

	wantType := map[string]string{
		".js":  "text/javascript; charset=utf-8",
		".css": "text/css; charset=utf-8",
		".svg": "image/svg+xml",
	}
	for _, ref := range found {
		if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
			t.Errorf("reference %q is not a root-relative path", ref)
			continue
		}
		u, err := url.Parse(ref)
		if err != nil || u.Scheme != "" || u.Host != "" {
			t.Errorf("reference %q is not a local path (err %v)", ref, err)
			continue
		}
		resp := get(t, h, http.MethodGet, ref, nil)
		b := body(t, resp)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", ref, resp.StatusCode)
			continue
		}
		if len(b) == 0 {
			t.Errorf("GET %s: empty body", ref)
		}
		ext := path.Ext(u.Path)
		if ct := resp.Header.Get("Content-Type"); wantType[ext] == "" || ct != wantType[ext] {
			t.Errorf("GET %s: Content-Type %q, want %q", ref, ct, wantType[ext])
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q", ref, cc)
		}
		if nosniff := resp.Header.Get("X-Content-Type-Options"); nosniff != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", ref, nosniff)
		}
	}
}

func TestCSP(t *testing.T) {
	h := Handler("/query")
	resp := get(t, h, http.MethodGet, PagePath, nil)
	page := body(t, resp)
	csp := resp.Header.Get("Content-Security-Policy")

	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	for name, want := range map[string]string{
		"default-src":     "'none'",
		"script-src":      "'self'",
		"connect-src":     "'self'",
		"font-src":        "'self' data:",
		"img-src":         "'self' data:",
		"base-uri":        "'none'",
		"frame-ancestors": "'none'",
	} {
		if got := directives[name]; got != want {
			t.Errorf("CSP %s = %q, want %q (full: %q)", name, got, want, csp)
		}
	}
	if strings.Contains(csp, "unsafe-") {
		t.Errorf("CSP allows unsafe-*: %q", csp)
	}

	// style-src: 'self' plus a per-response nonce that the page hands to
	// init.js via the stylesheet link's nonce attribute.
	m := regexp.MustCompile(`^'self' 'nonce-([A-Za-z0-9+/=_-]{16,})'$`).FindStringSubmatch(directives["style-src"])
	if m == nil {
		t.Fatalf("CSP style-src = %q", directives["style-src"])
	}
	if !strings.Contains(page, `nonce="`+m[1]+`"`) {
		t.Errorf("page does not carry the CSP nonce %q:\n%s", m[1], page)
	}
	other := get(t, h, http.MethodGet, PagePath, nil).Header.Get("Content-Security-Policy")
	if strings.Contains(other, m[1]) {
		t.Errorf("nonce reused across responses: %q", other)
	}
}

func TestCSPAbsoluteEndpoint(t *testing.T) {
	h := Handler("https://api.example.com:8443/query")
	csp := get(t, h, http.MethodGet, PagePath, nil).Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "connect-src 'self' https://api.example.com:8443;") {
		t.Errorf("CSP does not allow the endpoint's origin: %q", csp)
	}
}

func TestEndpointIsEscaped(t *testing.T) {
	h := Handler(`/q"><script>alert(1)</script>`)
	page := body(t, get(t, h, http.MethodGet, PagePath, nil))
	if strings.Contains(page, "<script>alert") {
		t.Errorf("endpoint not escaped:\n%s", page)
	}
}

func TestEmptyEndpointPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Handler(\"\") did not panic")
		}
	}()
	Handler("")
}

func TestInitJSConfiguresGraphiQL(t *testing.T) {
	b := body(t, get(t, Handler("/query"), http.MethodGet, AssetPrefix+"init.js", nil))
	for _, want := range []string{
		"GraphiQL.createFetcher({ url: endpoint })",
		"isHeadersEditorEnabled: true",
		"shouldPersistHeaders: true",
	} {
		if !strings.Contains(b, want) {
			t.Errorf("init.js lacks %q", want)
		}
	}
}

func TestHead(t *testing.T) {
	h := Handler("/query")
	for _, target := range []string{PagePath, AssetPrefix + "graphiql.min.js"} {
		resp := get(t, h, http.MethodHead, target, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: status %d", target, resp.StatusCode)
		}
		if b := body(t, resp); b != "" {
			t.Errorf("HEAD %s: non-empty body", target)
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := Handler("/query")
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		for _, target := range []string{PagePath, AssetPrefix + "init.js"} {
			resp := get(t, h, method, target, nil)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405", method, target, resp.StatusCode)
			}
			if allow := resp.Header.Get("Allow"); allow != "GET, HEAD" {
				t.Errorf("%s %s: Allow %q", method, target, allow)
			}
		}
	}
}

func TestNotFound(t *testing.T) {
	h := Handler("/query")
	for _, target := range []string{
		AssetPrefix + "nope.js",
		AssetPrefix,
		AssetPrefix + "assets/graphiql.min.js",
		AssetPrefix + "index.html",
		"/index.html",
		"/query",
		"/",
		"/graphiql/",
	} {
		if resp := get(t, h, http.MethodGet, target, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
	}
}

func TestAssetCaching(t *testing.T) {
	h := Handler("/query")
	target := AssetPrefix + "graphiql.min.css"

	// Without (or with a stale) version the response must be revalidated.
	for _, q := range []string{"", "?v=stale"} {
		resp := get(t, h, http.MethodGet, target+q, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s%s: status %d", target, q, resp.StatusCode)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("GET %s%s: Cache-Control %q, want no-cache", target, q, cc)
		}
	}

	etag := get(t, h, http.MethodGet, target, nil).Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	resp := get(t, h, http.MethodGet, target, map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: status %d, want 304", resp.StatusCode)
	}
}

func TestLicensesAreEmbedded(t *testing.T) {
	for _, name := range []string{"LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom"} {
		a := assets[name]
		if a == nil || !strings.Contains(string(a.body), "MIT License") {
			t.Errorf("%s missing or not an MIT license", name)
		}
	}
}
