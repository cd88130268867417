// Command floor is the benchmark's reference program: it answers the
// workloads Q1 (organization page) and Q2 (my organizations) with
// hand-written SQL through database/sql and encoding/json over net/http --
// no GraphQL, no ORM -- on the same database as Orgraph, with the same
// authentication (bearer token hashed with SHA-256) and the same visibility
// rules for these two pages. Its throughput is the upper bound Orgraph is
// measured against.
//
//	cd bench && go run ./floor -addr 127.0.0.1:8090 -database-url mysql://root@127.0.0.1:3306/orgraph_bench
//
// It takes the same POST /query JSON bodies as Orgraph and dispatches on
// operationName ("OrganizationPage", "MyOrganizations"); the query text is
// ignored. Its answers have the shape of Orgraph's (cursors aside, which
// are opaque).
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite"
)

func main() {
	addr := flag.String("addr", envOr("ADDR", "127.0.0.1:8090"), "listen address (ADDR)")
	dbURL := flag.String("database-url", os.Getenv("DATABASE_URL"), "sqlite://PATH or mysql://USER:PASS@HOST:PORT/DB (DATABASE_URL)")
	flag.Parse()
	db, dialect, err := Open(*dbURL)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	srv := &http.Server{Handler: NewHandler(db, dialect), ReadHeaderTimeout: 5 * time.Second}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("floor listening on http://%s (database %s)\n", ln.Addr(), dialect)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		log.Fatal(err)
	}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// Open opens the database with the settings Orgraph uses (utf8mb4, UTC,
// a pool of 32 connections on MySQL; one connection on SQLite).
func Open(rawURL string) (*sql.DB, string, error) {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return nil, "", fmt.Errorf("want -database-url sqlite://PATH or mysql://USER:PASS@HOST:PORT/DB")
	}
	switch scheme {
	case "sqlite":
		db, err := sql.Open("sqlite", "file:"+rest+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
		if err != nil {
			return nil, "", err
		}
		db.SetMaxOpenConns(1)
		return db, "sqlite3", nil
	case "mysql", "mariadb":
		u, err := url.Parse(rawURL)
		if err != nil {
			return nil, "", err
		}
		cfg := mysql.NewConfig()
		cfg.Net, cfg.Addr = "tcp", u.Host
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
		cfg.DBName = strings.TrimPrefix(u.Path, "/")
		cfg.ParseTime, cfg.Loc = true, time.UTC
		cfg.Collation = "utf8mb4_unicode_ci"
		cfg.Params = map[string]string{"time_zone": "'+00:00'"}
		cfg.InterpolateParams = true
		connector, err := mysql.NewConnector(cfg)
		if err != nil {
			return nil, "", err
		}
		db := sql.OpenDB(connector)
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
		db.SetConnMaxLifetime(30 * time.Minute)
		return db, "mysql", nil
	}
	return nil, "", fmt.Errorf("unsupported database %q", scheme)
}
