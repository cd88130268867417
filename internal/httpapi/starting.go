package httpapi

import (
	"net/http"
	"sync"
	"sync/atomic"

	"orgraph/graph"
	"orgraph/internal/errcode"
)

// Starting is the server's handler from the moment it listens: until Ready
// hands it the real handler, the process is alive (GET /healthz 200) but not
// ready (GET /readyz 503: a load balancer sends it nothing), and any other
// request answers 503 with INTERNAL_SERVER_ERROR. The server listens before
// its database is reachable so that an orchestrator can tell "starting"
// from "dead".
type Starting struct {
	ready atomic.Pointer[http.Handler]
	// Observe, if set, wraps the answers given while starting (their
	// access lines and request ids); the real handler has its own.
	Observe func(http.Handler) http.Handler
	once    sync.Once
	waiting http.Handler
}

// Ready makes h serve every request from now on.
func (s *Starting) Ready(h http.Handler) { s.ready.Store(&h) }

func (s *Starting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := s.ready.Load(); h != nil {
		(*h).ServeHTTP(w, r)
		return
	}
	s.once.Do(func() {
		s.waiting = http.HandlerFunc(serveStarting)
		if s.Observe != nil {
			s.waiting = s.Observe(s.waiting)
		}
	})
	s.waiting.ServeHTTP(w, r)
}

// serveStarting answers while the database is not reachable yet.
func serveStarting(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		writeText(w, http.StatusOK, "ok\n")
	case "/readyz":
		writeText(w, http.StatusServiceUnavailable, "starting: waiting for the database\n")
	default:
		w.Header().Set("Retry-After", "1")
		graph.WriteError(w, http.StatusServiceUnavailable, errcode.Internal, "the server is starting: the database is not reachable yet")
	}
}

func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}
