// Package graphiql serves a self-contained GraphiQL page.
//
// Everything the page needs (GraphiQL, React and ReactDOM UMD builds, CSS and
// a small bootstrap script) is embedded into the binary, so the page works
// without internet access and references no external host. The third-party
// files under assets/ are vendored by scripts/fetch-graphiql.sh; re-run that
// script to upgrade them.
package graphiql

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// PagePath is where Handler serves the page (the web app, internal/webapp,
// has the root).
const PagePath = "/graphiql"

// AssetPrefix is the URL path prefix under which Handler serves the page's
// JavaScript, CSS, icon and license files.
const AssetPrefix = "/graphiql/"

const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheNoCache   = "no-cache"
)

var (
	//go:embed assets
	vendorFS embed.FS

	//go:embed index.html init.js page.css favicon.svg
	pageFS embed.FS

	pageTemplate = template.Must(template.ParseFS(pageFS, "index.html"))

	// assets maps a file name (the part of the URL path after AssetPrefix)
	// to its contents.
	assets = loadAssets()
)

type asset struct {
	body        []byte
	contentType string
	// version is a prefix of the hex SHA-256 of body. It is appended to the
	// asset's URL as ?v=version, so that a changed file gets a new URL and
	// the long-lived Cache-Control header is safe.
	version string
	etag    string
}

// url returns the root-relative, cache-busting URL of the named asset.
func (a *asset) url(name string) string {
	return AssetPrefix + name + "?v=" + a.version
}

func loadAssets() map[string]*asset {
	m := make(map[string]*asset)
	add := func(fsys fs.FS, dir, name string) {
		body, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			panic("graphiql: reading embedded asset: " + err.Error())
		}
		sum := sha256.Sum256(body)
		version := hex.EncodeToString(sum[:])[:16]
		m[name] = &asset{
			body:        body,
			contentType: contentType(name),
			version:     version,
			etag:        `"` + version + `"`,
		}
	}
	entries, err := fs.ReadDir(vendorFS, "assets")
	if err != nil {
		panic("graphiql: reading embedded assets: " + err.Error())
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			add(vendorFS, "assets", e.Name())
		}
	}
	add(pageFS, ".", "init.js")
	add(pageFS, ".", "page.css")
	add(pageFS, ".", "favicon.svg")
	return m
}

// contentType is deliberately independent of the host's MIME tables.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	default: // LICENSE.*, VERSIONS
		return "text/plain; charset=utf-8"
	}
}

type handler struct {
	// endpoint is the GraphQL endpoint URL GraphiQL sends requests to.
	endpoint string
	// connectSrc is the CSP connect-src source list.
	connectSrc string
	// urls holds the asset URLs referenced from the page.
	urls map[string]string
}

// Handler returns an http.Handler serving a GraphiQL page whose queries go to
// endpoint, typically a root-relative path such as "/query" (an absolute
// http(s) URL also works; its origin is then allowed in the page's CSP).
//
// The handler serves the page at exactly PagePath ("/graphiql") and its assets under
// AssetPrefix ("/graphiql/"); every other path is 404, and methods other than
// GET and HEAD get 405. The page references its assets by root-relative URL,
// so the handler must be mounted at the root of the URL space (for example
// mux.Handle(PagePath, h) and mux.Handle(AssetPrefix, h)), not under a
// stripped prefix.
//
// The page enables GraphiQL's headers editor and persists the headers in the
// browser's localStorage, so users can paste {"Authorization": "Bearer …"}
// once and keep it across reloads.
func Handler(endpoint string) http.Handler {
	if endpoint == "" {
		panic("graphiql: empty endpoint")
	}
	connectSrc := "'self'"
	if u, err := url.Parse(endpoint); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		connectSrc += " " + u.Scheme + "://" + u.Host
	}
	urls := make(map[string]string, len(assets))
	for name, a := range assets {
		urls[name] = a.url(name)
	}
	return &handler{endpoint: endpoint, connectSrc: connectSrc, urls: urls}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var a *asset
	switch {
	case r.URL.Path == PagePath:
	case strings.HasPrefix(r.URL.Path, AssetPrefix):
		a = assets[strings.TrimPrefix(r.URL.Path, AssetPrefix)]
		if a == nil {
			http.NotFound(w, r)
			return
		}
	default:
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	if a != nil {
		serveAsset(w, r, a)
		return
	}
	h.servePage(w, r)
}

func serveAsset(w http.ResponseWriter, r *http.Request, a *asset) {
	hdr := w.Header()
	hdr.Set("Content-Type", a.contentType)
	hdr.Set("X-Content-Type-Options", "nosniff")
	// Matters only if an asset is opened as a document (e.g. the SVG).
	hdr.Set("Content-Security-Policy", "default-src 'none'")
	hdr.Set("ETag", a.etag)
	// Only the URL carrying the current content hash may be cached forever;
	// any other URL (no or stale ?v=) must be revalidated.
	if r.URL.Query().Get("v") == a.version {
		hdr.Set("Cache-Control", cacheImmutable)
	} else {
		hdr.Set("Cache-Control", cacheNoCache)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

func (h *handler) servePage(w http.ResponseWriter, r *http.Request) {
	nonce := rand.Text() // 128 random bits, base32: valid as a CSP nonce
	var buf bytes.Buffer
	err := pageTemplate.Execute(&buf, map[string]string{
		"Endpoint":    h.endpoint,
		"Nonce":       nonce,
		"Favicon":     h.urls["favicon.svg"],
		"PageCSS":     h.urls["page.css"],
		"GraphiQLCSS": h.urls["graphiql.min.css"],
		"React":       h.urls["react.production.min.js"],
		"ReactDOM":    h.urls["react-dom.production.min.js"],
		"GraphiQL":    h.urls["graphiql.min.js"],
		"Init":        h.urls["init.js"],
	})
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", cacheNoCache)
	hdr.Set("Content-Security-Policy", h.csp(nonce))
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("Referrer-Policy", "no-referrer")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(buf.Bytes()))
}

// csp returns the page's Content-Security-Policy.
//
//   - Scripts: only same-origin files; no inline script, no eval. The
//     bootstrap code lives in init.js for that reason.
//   - Styles: same-origin stylesheets plus <style> elements carrying the
//     per-response nonce (GraphiQL's dialogs inject one; init.js hands the
//     nonce to them via __webpack_nonce__). Style attributes set through the
//     CSSOM by React/CodeMirror are not subject to CSP.
//   - Fonts and images: same-origin or data: URLs (graphiql.min.css inlines
//     its fonts and icons as data: URLs).
//   - Connections: same origin, plus the endpoint's origin if it is absolute.
func (h *handler) csp(nonce string) string {
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self' 'nonce-" + nonce + "'",
		"font-src 'self' data:",
		"img-src 'self' data:",
		"connect-src " + h.connectSrc,
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; ")
}
