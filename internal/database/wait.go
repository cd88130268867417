package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Backoff of WaitReachable: the first retry after firstRetry, each next one
// twice as late, never more than maxRetry apart.
const (
	firstRetry = 100 * time.Millisecond
	maxRetry   = 5 * time.Second
)

// WaitReachable pings the database until it answers, for at most limit: a
// server started beside its database (docker compose, a rebooted host) comes
// up before the database accepts connections. Every failed attempt is
// logged with the delay before the next one. An answer that no retry will
// change (access denied, unknown database) returns at once, and so does a
// cancelled ctx (SIGTERM during start-up).
func WaitReachable(ctx context.Context, db *DB, limit time.Duration, logger *slog.Logger) error {
	deadline := time.Now().Add(limit)
	delay := firstRetry
	for attempt := 1; ; attempt++ {
		pingCtx, cancel := context.WithTimeout(ctx, maxRetry)
		err := db.SQL.PingContext(pingCtx)
		cancel()
		if err == nil {
			if attempt > 1 {
				logger.Info("database reachable", "attempts", attempt)
			}
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if permanent(err) {
			return fmt.Errorf("database: %w", err)
		}
		if time.Now().Add(delay).After(deadline) {
			return fmt.Errorf("database not reachable after %s (DATABASE_WAIT), %d attempts: %w", limit, attempt, err)
		}
		logger.Warn("database not reachable yet, retrying", "attempt", attempt, "retry_in", delay, "err", err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, maxRetry)
	}
}

// permanent reports an answer of a running database server that waiting
// will not change: a wrong password or database name is a configuration
// error, better reported at once than after DATABASE_WAIT.
func permanent(err error) bool {
	var my *mysql.MySQLError
	if !errors.As(err, &my) {
		return false
	}
	switch my.Number {
	case 1044, 1045, 1049: // access denied to the database, access denied, unknown database
		return true
	}
	return false
}
