package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"orgraph/graph"
	"orgraph/internal/errcode"
)

// largeRequestGate keeps large GraphQL requests from crowding out the
// others. Refusing a hostile document costs time in proportion to its size
// (reading, JSON, lexing up to the token limit: about 20 ms for 1 MiB), so
// a few clients sending 1 MiB documents back to back could keep every core
// busy. Requests whose body is over threshold bytes, or of unknown length,
// take one of a few slots for as long as they run; the rest of the server's
// cores stay free for ordinary requests, which are small. A large request
// that finds no slot within wait answers 429 RATE_LIMITED. The slot is
// taken before the body is read, so a waiting request holds no memory.
type largeRequestGate struct {
	threshold int64
	slots     chan struct{}
	wait      time.Duration
}

func newLargeRequestGate(threshold, concurrency int, wait time.Duration) largeRequestGate {
	return largeRequestGate{threshold: int64(threshold), slots: make(chan struct{}, concurrency), wait: wait}
}

func (g largeRequestGate) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength >= 0 && r.ContentLength <= g.threshold {
			next.ServeHTTP(w, r)
			return
		}
		timer := time.NewTimer(g.wait)
		defer timer.Stop()
		select {
		case g.slots <- struct{}{}:
			defer func() { <-g.slots }()
			next.ServeHTTP(w, r)
		case <-timer.C:
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(g.wait.Seconds()))))
			graph.WriteError(w, http.StatusTooManyRequests, errcode.RateLimited,
				"the server is busy with other large requests; retry shortly, or send a smaller request")
		case <-r.Context().Done():
		}
	})
}
