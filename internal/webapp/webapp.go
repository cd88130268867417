// Package webapp serves the web app (web/, built by Vite into dist/ and
// committed, so that the binary serves it with no Node on the machine).
//
// Files under /assets/ carry a content hash in their names and are cached
// for good; every other GET path is a route of the app and gets
// index.html, with a Content-Security-Policy that allows only the app's
// own scripts and styles and connections to this origin: no inline
// script, no eval, no other host.
package webapp

import (
	"bytes"
	"embed"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
)

//go:embed dist
var dist embed.FS

var (
	files = mustSub(dist, "dist")
	index = mustRead(files, "index.html")
)

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}

func mustRead(f fs.FS, name string) []byte {
	b, err := fs.ReadFile(f, name)
	if err != nil {
		panic("webapp: the build is missing (run `npm run build` in web/): " + err.Error())
	}
	return b
}

// CSP is the policy of the app's page.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// AssetPrefix is where the hashed build files are.
const AssetPrefix = "/assets/"

// Handler serves the app: mount it at "/" (the more specific routes of
// the mux, /query, /graphiql, /healthz, keep theirs). Methods other than
// GET and HEAD get 405.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if strings.HasPrefix(r.URL.Path, AssetPrefix) {
			serveAsset(w, r)
			return
		}
		if !isRoute(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Frame-Options", "DENY")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(index))
	})
}

// routes are the app's pages (web/src/main.tsx routes them); any other
// path is 404 here, so that /metrics and the like stay unknown on ADDR.
var routes = regexp.MustCompile(`^/(|work|signin|signup|invitations|invitations/accept|orgs/new|orgs/[^/]+/(work|settings))$`)

func isRoute(p string) bool { return routes.MatchString(p) }

func serveAsset(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	b, err := fs.ReadFile(files, name)
	if err != nil || !fs.ValidPath(name) {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	switch path.Ext(name) {
	case ".js":
		h.Set("Content-Type", "text/javascript; charset=utf-8")
	case ".css":
		h.Set("Content-Type", "text/css; charset=utf-8")
	default:
		h.Set("Content-Type", "application/octet-stream")
	}
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}
