// Package app is the orgraph program: command-line dispatch, start-up,
// serving and graceful shutdown. server.go only hands it the process's
// arguments and environment.
package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"

	"orgraph/internal/auth"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/httpapi"
	"orgraph/internal/policy"
)

// Run runs the command in args (args[0] is the program name).
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	name, rest := "orgraph", args
	if len(args) > 0 {
		name, rest = args[0], args[1:]
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if len(rest) > 0 && rest[0] == "createadmin" {
		return createAdmin(ctx, name, rest[1:], getenv, stdin, stdout, stderr, logger)
	}
	cfg, err := config.Load(name, rest, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	return serve(ctx, cfg, logger, stdout)
}

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
	starting := &httpapi.Starting{}
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
	// Background work of this process starts here; each piece says with
	// workers.onStop how to stop it once HTTP has drained.
	workers := &background{}
	services.Outbox.Start() // delivers the emails of every replica's requests
	workers.onStop(services.Outbox.Stop)
	starting.Ready(handler)
	fmt.Fprintf(stdout, "orgraph listening on http://%s (GraphiQL at /, GraphQL at POST /query, database %s)\n", displayAddr(ln.Addr()), db.Dialect)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return shutdown(srv, workers, cfg.ShutdownTimeout, logger)
}

// openDatabase opens DATABASE_URL, waits for it to answer and migrates it.
func openDatabase(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*database.DB, error) {
	db, err := database.Open(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if err := database.WaitReachable(ctx, db, cfg.DatabaseWait, logger); err != nil {
		db.Close()
		return nil, err
	}
	if err := database.Migrate(ctx, db.Client()); err != nil {
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
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("PPROF_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout}
	go func() { _ = srv.Serve(ln) }()
	logger.Info("pprof listening", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost:" + strings.TrimPrefix(s, "[::]:")
	}
	return s
}

// createAdmin implements `orgraph createadmin -username NAME -email EMAIL`:
// it reads the password from the first line of stdin and creates a user in
// the ADMIN group (RULES.md §1).
func createAdmin(ctx context.Context, name string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer, logger *slog.Logger) error {
	fs := flag.NewFlagSet(name+" createadmin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	username := fs.String("username", "", "username of the new admin")
	email := fs.String("email", "", "email of the new admin")
	dbURL := fs.String("database-url", getenvOr(getenv, "DATABASE_URL", config.DefaultDatabaseURL), "database (DATABASE_URL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" || *email == "" {
		return errors.New("createadmin needs -username and -email; the password is read from standard input")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading the password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	db, err := database.OpenMigrated(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	client := db.Client()
	svc, err := auth.NewService(client, 0, logger)
	if err != nil {
		return err
	}
	u, err := svc.CreateUser(policy.WithSystem(ctx), auth.SignUpParams{
		Username: *username, Email: *email, Password: password, Group: authz.GroupAdmin,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created admin %s (id %d)\n", u.Username, u.ID)
	return nil
}

func getenvOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
