package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"runtime"
	"strings"

	"orgraph/bench/floor"
	"orgraph/bench/inproc"
	"orgraph/bench/workloads"
)

// allocCost is the noise-free cost of one request: the heap allocations
// the server makes for it (runtime.MemStats Mallocs and TotalAlloc deltas
// over n sequential requests through the handler, called without a
// network, less the same loop against a handler that does nothing). It
// does not move with the machine's load: the same build on the same data
// gives the same numbers within about 1%.
type allocCost struct {
	Allocs, KB float64
}

func (c allocCost) String() string {
	if c.Allocs == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f / %.0f KB", c.Allocs, c.KB)
}

// handlerTransport sends a client's requests straight to a handler.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// nothing answers every workload's request with the least that its
// client accepts (the baseline of the client side's own allocations).
var nothing = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	_, _ = io.WriteString(w, `{"data":{"inviteMember":{"id":"1"},"revokeInvitation":{"status":"REVOKED"}}}`)
})

const (
	costWarmup   = 20
	costRequests = 200
)

// allocs runs costRequests requests of w (after costWarmup) through h
// and returns the allocations per request; wait waits for the server's
// background work (emails) to end.
func allocs(ctx context.Context, h http.Handler, w workloads.Workload, wait func()) (allocCost, error) {
	hc := &http.Client{Transport: handlerTransport{h}}
	do := w.Do("http://inproc")
	for i := 0; i < costWarmup; i++ {
		if err := do(ctx, hc, 0, i); err != nil {
			return allocCost{}, err
		}
	}
	wait()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for i := 0; i < costRequests; i++ {
		if err := do(ctx, hc, 0, costWarmup+i); err != nil {
			return allocCost{}, err
		}
	}
	wait()
	runtime.ReadMemStats(&m1)
	return allocCost{Allocs: float64(m1.Mallocs-m0.Mallocs) / costRequests, KB: float64(m1.TotalAlloc-m0.TotalAlloc) / 1024 / costRequests}, nil
}

// measureAllocs gives each workload's allocations per request for
// Orgraph (its real handler, internal/httpapi, in process) and for the
// floor, on the database at dbURL.
func measureAllocs(ctx context.Context, dbURL string, ws []workloads.Workload) (map[string][2]allocCost, error) {
	og, err := inproc.Start(dbURL, inproc.Options{Plain: true, Env: map[string]string{"INVITER_EMAILS_PER_DAY": inviterCap}})
	if err != nil {
		return nil, err
	}
	defer og.Close()
	db, dialect, err := floor.Open(dbURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	fl := floor.NewHandler(db, dialect, floor.Options{InviterEmailsPerDay: 1 << 30, Mail: log.New(io.Discard, "", 0)})
	out := map[string][2]allocCost{}
	for _, w := range ws {
		base, err := allocs(ctx, nothing, w, func() {})
		if err != nil {
			return nil, err
		}
		var c [2]allocCost
		for i, h := range []http.Handler{og.Handler(), fl} {
			if i == 1 && !w.Floor {
				continue
			}
			if c[i], err = allocs(ctx, h, w, og.Wait); err != nil {
				return nil, fmt.Errorf("%s: %w", w.Name, err)
			}
			c[i].Allocs -= base.Allocs
			c[i].KB -= base.KB
		}
		log.Printf("  %-3s allocations per request: Orgraph %s, floor %s", w.Name, c[0], c[1])
		out[w.Name] = c
	}
	return out, nil
}

// inviterCap lifts the daily email cap per inviter for M1 (each seeded
// owner invites many fresh addresses within minutes), as an operator
// would for a bulk import; the other limits do not apply to it.
const inviterCap = "100000000"

// instructionsCounted reports whether `perf stat -e instructions` counts
// on this machine (it does not in most virtual machines).
func instructionsCounted() bool {
	out, err := exec.Command("perf", "stat", "-x,", "-e", "instructions", "--", "true").CombinedOutput()
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Split(line, ","); len(f) > 2 && strings.HasPrefix(f[2], "instructions") {
			return !strings.HasPrefix(f[0], "<")
		}
	}
	return false
}
