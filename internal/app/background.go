package app

import (
	"context"
	"log/slog"
	"sync"
)

// background is the work a server process runs beside its HTTP server
// (delivery of queued email, for one). It starts once the database is ready
// and stops only after the HTTP server has drained, so that what the last
// requests committed is still handled: a worker's ctx is cancelled then,
// and it should finish its current item and leave the rest to the next
// start; the waits (Mailer.Wait) run after the workers returned.
type background struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	waits  []func()
}

func newBackground() *background {
	ctx, cancel := context.WithCancel(context.Background())
	return &background{ctx: ctx, cancel: cancel}
}

// run starts worker in its own goroutine; its ctx ends at stop.
func (b *background) run(worker func(ctx context.Context)) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		worker(b.ctx)
	}()
}

// onStop adds wait, called by stop after the workers returned.
func (b *background) onStop(wait func()) { b.waits = append(b.waits, wait) }

// stop cancels the workers and waits for them and the waits, until ctx ends
// (what is left of SHUTDOWN_TIMEOUT); it reports whether all finished.
func (b *background) stop(ctx context.Context, logger *slog.Logger) bool {
	b.cancel()
	done := make(chan struct{})
	go func() {
		b.wg.Wait()
		for _, wait := range b.waits {
			wait()
		}
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		logger.Error("background work did not stop within SHUTDOWN_TIMEOUT; exiting anyway")
		return false
	}
}
