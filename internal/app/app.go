// Package app is the orgraph program: command-line dispatch, start-up,
// serving and graceful shutdown. server.go only hands it the process's
// arguments and environment.
package app

import (
	"context"
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
)

// Timeouts of the API's HTTP server (fixed; the README lists them).
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 2 * time.Minute
)

func serve(ctx context.Context, cfg *config.Config, logger *slog.Logger, stdout io.Writer) error {
	db, err := database.OpenMigrated(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	client := db.Client()
	handler, services, err := httpapi.Build(cfg, db, client, logger)
	if err != nil {
		return err
	}
	defer services.Mailer.Wait()
	if cfg.MetricsAddr != "" {
		stop, err := serveMetrics(cfg.MetricsAddr, services.Metrics.Handler(), logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.PprofAddr != "" {
		stop, err := servePprof(cfg.PprofAddr, logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	fmt.Fprintf(stdout, "orgraph listening on http://%s (GraphiQL at /, GraphQL at POST /query, database %s)\n", displayAddr(ln.Addr()), db.Dialect)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("graceful shutdown: %w", err)
	}
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
