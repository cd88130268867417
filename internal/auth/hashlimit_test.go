package auth

import (
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"orgraph/internal/config"
	"orgraph/internal/errcode"
)

// TestHashLimiterBoundsConcurrency counts, never times: hashes that block
// until released show how many run at once and how many wait.
func TestHashLimiterBoundsConcurrency(t *testing.T) {
	const slots = 2
	h := newHashLimiter(slots)
	release := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, slots*waitersPerSlot+slots+1)
	for range slots + slots*waitersPerSlot {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- h.do(context.Background(), func() { <-release })
		}()
	}
	waitUntil(t, func() bool { return h.running.Load() == slots && h.waiting.Load() == slots*waitersPerSlot })
	// The queue is full: one more is refused at once, without a slot.
	err := h.do(context.Background(), func() { t.Error("ran past a full queue") })
	var coded *errcode.Error
	if !errors.As(err, &coded) || coded.Code != errcode.RateLimited {
		t.Fatalf("past a full queue: %v, want RATE_LIMITED", err)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if h.peak.Load() != slots || h.started.Load() != int64(slots+slots*waitersPerSlot) {
		t.Fatalf("peak %d, started %d", h.peak.Load(), h.started.Load())
	}
	// Waiting honours the context: a waiter whose request ends leaves the
	// queue without hashing.
	ctx, cancel := context.WithCancel(context.Background())
	block := make(chan struct{})
	for range slots {
		go func() { _ = h.do(context.Background(), func() { <-block }) }()
	}
	waitUntil(t, func() bool { return h.running.Load() == slots })
	done := make(chan error)
	go func() { done <- h.do(ctx, func() { t.Error("ran after its context ended") }) }()
	waitUntil(t, func() bool { return h.waiting.Load() == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Fatal("a cancelled wait ran")
	}
	if h.waiting.Load() != 0 {
		t.Fatalf("waiting = %d after the cancel", h.waiting.Load())
	}
	close(block)
}

func TestDefaultHashConcurrencyLeavesACore(t *testing.T) {
	if n := cap(newHashLimiter(0).slots); n != defaultHashConcurrency() || n < 1 {
		t.Fatalf("default slots %d", n)
	}
}

// waitUntil polls a condition on counters (the goroutines get there
// eventually; the bound is only against a hang).
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
	}
}

// The defaults of a service built without a configuration are the
// configuration's defaults.
func TestDefaultLimitsMatchTheConfiguration(t *testing.T) {
	c, err := config.Load("orgraph", nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.SignIn != defaultSignInLimits {
		t.Fatalf("config %+v, auth %+v", c.SignIn, defaultSignInLimits)
	}
}
