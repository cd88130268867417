package observe_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/observe"
	"orgraph/internal/testserver"
)

// BenchmarkMiddleware is the observer alone around a handler that does
// nothing: what it adds to every request (request id, record, access line
// in each format, metrics).
func BenchmarkMiddleware(b *testing.B) {
	for _, format := range []string{"text", "json"} {
		b.Run(format, func(b *testing.B) {
			logger, err := observe.NewLogger(io.Discard, format, slog.LevelInfo)
			if err != nil {
				b.Fatal(err)
			}
			h := observe.New(logger, observe.NewMetrics(nil)).Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte("{}"))
			}))
			req := httptest.NewRequest(http.MethodPost, "/query", nil)
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(discard{header: http.Header{}}, req)
			}
		})
	}
}

// BenchmarkSignedInQuery is one small signed-in query through the whole
// handler (in process, no network): its allocations per request, with the
// access line and the metrics, are what docs/OPERATIONS.md reports.
//
//	go test ./internal/observe -run '^$' -bench SignedInQuery -benchmem
func BenchmarkSignedInQuery(b *testing.B) {
	s := testserver.New(b)
	alice := s.CreateUser("alice", authz.GroupUser)
	h := s.HTTP.Config.Handler
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(`{"query":"query Me { me { id } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+alice.Token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body.String())
		}
	}
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}
