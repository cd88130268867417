package auth

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"

	"orgraph/ent"
	"orgraph/internal/errcode"
)

// waitersPerSlot bounds the queue of password hashes waiting for a slot:
// past concurrency*waitersPerSlot waiting requests, a sign-in or sign-up is
// refused with RATE_LIMITED at once rather than queueing without bound
// (each waiting request holds a connection and a goroutine; a queue that
// long already means seconds of waiting).
const waitersPerSlot = 16

var errHashBusy = errcode.New(errcode.RateLimited, "the server is busy checking passwords: try again in a few seconds")

// hashLimiter runs password hashes (argon2id: 19 MiB and tens of
// milliseconds of one core each) a bounded number at a time, so that a
// flood of sign-ins cannot take every core from the other requests.
type hashLimiter struct {
	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64

	// Counters for tests and operators: hashes started, running now, and
	// the most ever running at once.
	started, running, peak atomic.Int64
	// onHash, when set (by tests), runs inside each slot before the hash.
	onHash func(context.Context)
}

// defaultHashConcurrency leaves one core to the rest of the server.
func defaultHashConcurrency() int { return max(1, runtime.GOMAXPROCS(0)-1) }

func newHashLimiter(concurrency int) *hashLimiter {
	if concurrency <= 0 {
		concurrency = defaultHashConcurrency()
	}
	return &hashLimiter{slots: make(chan struct{}, concurrency), maxWaiting: int64(concurrency * waitersPerSlot)}
}

// busy reports whether a hash asked for now would be refused for a full
// queue: sign-in and sign-up ask first, so that when the server is
// saturated their refusals cost no database work either. (do decides;
// this is only the cheap early answer.)
func (h *hashLimiter) busy() error {
	if len(h.slots) == cap(h.slots) && h.waiting.Load() >= h.maxWaiting {
		return errHashBusy
	}
	return nil
}

// do runs hash in a slot. It waits for a slot while ctx lives, and answers
// RATE_LIMITED without waiting when the queue is full.
func (h *hashLimiter) do(ctx context.Context, hash func()) error {
	if ent.TxFromContext(ctx) != nil {
		// A hash inside a transaction would hold its connection and locks
		// for the whole hash (and the wait for a slot).
		return errors.New("auth: password hashing inside a database transaction")
	}
	select {
	case h.slots <- struct{}{}:
	default:
		if h.waiting.Add(1) > h.maxWaiting {
			h.waiting.Add(-1)
			return errHashBusy
		}
		select {
		case h.slots <- struct{}{}:
			h.waiting.Add(-1)
		case <-ctx.Done():
			h.waiting.Add(-1)
			return errHashBusy
		}
	}
	defer func() { <-h.slots }()
	h.started.Add(1)
	n := h.running.Add(1)
	defer h.running.Add(-1)
	for p := h.peak.Load(); n > p && !h.peak.CompareAndSwap(p, n); p = h.peak.Load() {
	}
	if h.onHash != nil {
		h.onHash(ctx)
	}
	hash()
	return nil
}

// HashStats counts the password hashes of a Service.
type HashStats struct {
	// Started is how many hashes ran (or are running).
	Started int64
	// Peak is the most that ever ran at once.
	Peak int64
	// Waiting is how many wait for a slot now.
	Waiting int64
	// Limit is how many may run at once.
	Limit int
}

// HashStats returns the counters of s's password hashing.
func (s *Service) HashStats() HashStats {
	return HashStats{Started: s.hashes.started.Load(), Peak: s.hashes.peak.Load(), Waiting: s.hashes.waiting.Load(), Limit: cap(s.hashes.slots)}
}

// OnHash makes f run at the start of each password hash, inside its slot
// (for tests: to see what is open while a hash runs). Set it before the
// service serves requests.
func (s *Service) OnHash(f func(context.Context)) { s.hashes.onHash = f }

// hashPassword hashes p in a slot.
func (s *Service) hashPassword(ctx context.Context, p string) (hash string, err error) {
	if lerr := s.hashes.do(ctx, func() { hash, err = HashPassword(p) }); lerr != nil {
		return "", lerr
	}
	return hash, err
}

// checkPassword checks p against encoded in a slot.
func (s *Service) checkPassword(ctx context.Context, encoded, p string) (ok bool, err error) {
	if lerr := s.hashes.do(ctx, func() { ok, err = CheckPassword(encoded, p) }); lerr != nil {
		return false, lerr
	}
	return ok, err
}
