// Package app is the orgraph program: command-line dispatch, start-up,
// serving and graceful shutdown. server.go only hands it the process's
// arguments and environment.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"

	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/httpapi"
	"orgraph/internal/observe"
)

// Timeouts of the API's HTTP server (fixed; the README lists them).
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 2 * time.Minute
)

// serve listens first, then waits for the database (DATABASE_WAIT) and
// serves: until the database is reachable and migrated, /healthz is true
// and /readyz false (httpapi.Starting). On ctx's end (SIGTERM) the listener
// closes, in-flight requests finish, then background work stops, all within
// SHUTDOWN_TIMEOUT.
func serve(ctx context.Context, cfg *config.Config, logger *slog.Logger, stdout io.Writer) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	starting := &httpapi.Starting{Observe: observe.New(logger, nil).Middleware}
	srv := &http.Server{
		Handler:           starting,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	defer srv.Close()
	logger.Info("listening, waiting for the database", "addr", displayAddr(ln.Addr()), "database", database.Redact(cfg.DatabaseURL), "database_wait", cfg.DatabaseWait)
	if cfg.PprofAddr != "" {
		stop, err := servePprof(cfg.PprofAddr, logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		if ctx.Err() != nil {
			logger.Info("stopped before the database was reachable")
			return nil
		}
		return err
	}
	defer db.Close()
	handler, services, err := httpapi.Build(cfg, db, db.Client(), logger)
	if err != nil {
		return err
	}
	if cfg.MetricsAddr != "" {
		stop, err := serveMetrics(cfg.MetricsAddr, services.Metrics.Handler(), logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	// Background work of this process starts here; each piece says with
	// workers.onStop how to stop it once HTTP has drained.
	workers := &background{}
	services.Outbox.Start() // delivers the emails of every replica's requests
	workers.onStop(services.Outbox.Stop)
	workers.onStop(services.Events.Close) // ends the subscriptions and the NATS connection
	starting.Ready(handler)
	fmt.Fprintf(stdout, "orgraph listening on http://%s (GraphiQL at /, GraphQL at POST /query, database %s)\n", displayAddr(ln.Addr()), db.Dialect)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return shutdown(srv, workers, cfg.ShutdownTimeout, logger)
}

// openDatabase opens DATABASE_URL, waits for it to answer and makes its
// schema ready (MIGRATE: database.Prepare).
func openDatabase(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*database.DB, error) {
	db, err := database.Open(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if err := database.WaitReachable(ctx, db, cfg.DatabaseWait, logger); err != nil {
		db.Close()
		return nil, err
	}
	if err := database.Prepare(ctx, db, cfg.Migrate, logger); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// shutdown closes the listener, lets in-flight requests finish, then stops
// the background work, within timeout in all.
func shutdown(srv *http.Server, workers *background, timeout time.Duration, logger *slog.Logger) error {
	logger.Info("shutting down: no new connections, finishing in-flight requests", "timeout", timeout)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err != nil {
		logger.Error("in-flight requests did not finish within SHUTDOWN_TIMEOUT; closing their connections", "err", err)
		_ = srv.Close()
	}
	logger.Info("HTTP drained; stopping background work")
	stopped := workers.stop(ctx, logger)
	if err != nil {
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	if !stopped {
		return errors.New("graceful shutdown: background work did not stop within SHUTDOWN_TIMEOUT")
	}
	logger.Info("stopped")
	return nil
}

// servePprof serves the runtime profiles of net/http/pprof on a loopback
// address of its own, never on the API's listener.
func servePprof(addr string, logger *slog.Logger) (stop func(), err error) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return serveBeside("PPROF_ADDR", addr, mux, logger)
}

// serveBeside serves h on addr, a listener beside the API's (setting names
// the variable of addr, for errors and the log), until stop.
func serveBeside(setting, addr string, h http.Handler, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", setting, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: readHeaderTimeout}
	go func() { _ = srv.Serve(ln) }()
	logger.Info("listening beside the API", "setting", setting, "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost:" + strings.TrimPrefix(s, "[::]:")
	}
	return s
}
