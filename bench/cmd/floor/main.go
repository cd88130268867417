// Command floor serves the benchmark's raw-SQL reference server
// (bench/floor) on a loopback address:
//
//	cd bench && go run ./cmd/floor -addr 127.0.0.1:8090 -database-url mysql://root@127.0.0.1:3306/orgraph_bench
//
// INVITER_EMAILS_PER_DAY and INVITATION_TTL mean what they mean to Orgraph.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"orgraph/bench/floor"
)

func main() {
	addr := flag.String("addr", envOr("ADDR", "127.0.0.1:8090"), "listen address (ADDR)")
	dbURL := flag.String("database-url", os.Getenv("DATABASE_URL"), "sqlite://PATH or mysql://USER:PASS@HOST:PORT/DB (DATABASE_URL)")
	flag.Parse()
	db, dialect, err := floor.Open(*dbURL)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	opts := floor.Options{}
	opts.InviterEmailsPerDay, _ = strconv.Atoi(os.Getenv("INVITER_EMAILS_PER_DAY"))
	opts.InvitationTTL, _ = time.ParseDuration(os.Getenv("INVITATION_TTL"))
	srv := &http.Server{Handler: floor.NewHandler(db, dialect, opts), ReadHeaderTimeout: 5 * time.Second}
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
