// Package loadgen is a closed-loop HTTP load generator: a fixed number of
// clients send requests back to back for a fixed duration after a warm-up,
// and it reports requests per second, latency percentiles and errors.
package loadgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config is one run.
type Config struct {
	// Concurrency is the number of clients, each with one request in flight.
	Concurrency int
	// Warmup runs before measuring; its requests are not counted.
	Warmup time.Duration
	// Duration is the measured window.
	Duration time.Duration
}

// Request performs one request (or one unit of work of several requests)
// as client `client`, its iteration `i`. A non-nil error counts as an
// error; the latency is measured around the call.
type Request func(ctx context.Context, hc *http.Client, client, i int) error

// Result is what one run measured.
type Result struct {
	Requests int           `json:"requests"` // completed in the window, errors included
	Errors   int           `json:"errors"`
	Elapsed  time.Duration `json:"elapsed"`
	RPS      float64       `json:"rps"`
	P50      time.Duration `json:"p50"`
	P90      time.Duration `json:"p90"`
	P99      time.Duration `json:"p99"`
	Max      time.Duration `json:"max"`
	// FirstError is the first error seen, for the report.
	FirstError string `json:"firstError,omitempty"`
}

func (r Result) String() string {
	return fmt.Sprintf("%8.1f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  errors %d/%d",
		r.RPS, ms(r.P50), ms(r.P90), ms(r.P99), r.Errors, r.Requests)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// NewClient returns an HTTP client that keeps one connection per client
// alive, as a pool of API consumers would.
func NewClient(concurrency int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        concurrency * 2,
			MaxIdleConnsPerHost: concurrency * 2,
			MaxConnsPerHost:     concurrency * 2,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}
}

// Run runs do with cfg.Concurrency clients: first for cfg.Warmup
// (discarded), then for cfg.Duration (measured). A request counts when it
// completes inside the measured window.
func Run(ctx context.Context, cfg Config, hc *http.Client, do Request) Result {
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	start := time.Now()
	windowStart := start.Add(cfg.Warmup)
	windowEnd := windowStart.Add(cfg.Duration)
	ctx, cancel := context.WithDeadline(ctx, windowEnd.Add(30*time.Second))
	defer cancel()

	var (
		wg       sync.WaitGroup
		errCount atomic.Int64
		firstErr atomic.Value
		lats     = make([][]time.Duration, cfg.Concurrency)
	)
	for c := 0; c < cfg.Concurrency; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			own := make([]time.Duration, 0, 4096)
			for i := 0; ; i++ {
				t0 := time.Now()
				if !t0.Before(windowEnd) || ctx.Err() != nil {
					break
				}
				err := do(ctx, hc, c, i)
				t1 := time.Now()
				if t1.Before(windowStart) || t1.After(windowEnd) {
					continue
				}
				own = append(own, t1.Sub(t0))
				if err != nil {
					errCount.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
			lats[c] = own
		}(c)
	}
	wg.Wait()
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	slices.Sort(all)
	r := Result{Requests: len(all), Errors: int(errCount.Load()), Elapsed: cfg.Duration}
	if e, ok := firstErr.Load().(string); ok {
		r.FirstError = e
	}
	if len(all) > 0 {
		r.RPS = float64(len(all)) / cfg.Duration.Seconds()
		r.P50 = percentile(all, 50)
		r.P90 = percentile(all, 90)
		r.P99 = percentile(all, 99)
		r.Max = all[len(all)-1]
	}
	return r
}

// percentile of sorted values (nearest rank).
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// ErrGraphQL is a response that carries GraphQL errors.
var ErrGraphQL = errors.New("GraphQL errors in the response")

// PostJSON posts body to url with an optional bearer token and returns the
// response body. A status other than 200, or a body with a top-level
// "errors" member, is an error.
func PostJSON(ctx context.Context, hc *http.Client, url, token string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = jsonHeader(token)
	status, raw, err := send(hc, req)
	switch {
	case err != nil:
		return raw, err
	case status != http.StatusOK:
		return raw, fmt.Errorf("status %d: %.200s", status, raw)
	case bytes.Contains(raw, []byte(`"errors":`)):
		// gqlgen writes "errors" before "data"; the floor never writes it
		// on success. The seeded data contains no such key.
		return raw, fmt.Errorf("%w: %.300s", ErrGraphQL, raw)
	}
	return raw, nil
}

// jsonHeader is the header of a JSON request, with the bearer token if any.
func jsonHeader(token string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return h
}

// send sends req and reads the whole answer.
func send(hc *http.Client, req *http.Request) (status int, body []byte, err error) {
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}
