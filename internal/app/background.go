package app

import (
	"context"
	"log/slog"
)

// background is the work a server process runs beside its HTTP server
// (delivery of queued email, for one). It starts once the database is ready
// and stops only after the HTTP server has drained, so that what the last
// requests committed is still handled. Each piece registers how to stop it
// with onStop: a worker's stop cancels its context and waits until it has
// finished its current item (the rest is left to the next start); a queue's
// stop waits for it to empty (Mailer.Wait).
type background struct {
	stops []func()
}

// onStop adds stop, called by background.stop in the order added.
func (b *background) onStop(stop func()) { b.stops = append(b.stops, stop) }

// stop runs the stops until ctx ends (what is left of SHUTDOWN_TIMEOUT)
// and reports whether all of them returned.
func (b *background) stop(ctx context.Context, logger *slog.Logger) bool {
	done := make(chan struct{})
	go func() {
		for _, stop := range b.stops {
			stop()
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
