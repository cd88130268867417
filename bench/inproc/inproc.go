// Package inproc runs Orgraph's real HTTP handler (internal/httpapi) in
// process, on an existing database, over a driver that records every SQL
// statement: the benchmark counts statements per request with it.
package inproc

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"orgraph/ent"
	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/httpapi"
	"orgraph/internal/outbox"
	"orgraph/internal/sqlcount"
)

// Server is Orgraph's handler on an httptest server.
type Server struct {
	*httptest.Server
	DB    *database.DB
	Rec   *sqlcount.Recorder
	mails *outbox.Outbox
}

// Options change how Start serves.
type Options struct {
	// Plain: no recording driver (Rec stays empty), for measuring the
	// product alone.
	Plain bool
	// Env is the server's environment (INVITER_EMAILS_PER_DAY, ...).
	Env map[string]string
}

// Start serves Orgraph on the database at dbURL (already migrated and
// seeded). Emails are discarded.
func Start(dbURL string, o Options) (*Server, error) {
	db, err := database.Open(dbURL)
	if err != nil {
		return nil, err
	}
	rec := &sqlcount.Recorder{}
	client := ent.NewClient(ent.Driver(sqlcount.Wrap(db.Driver, rec)))
	if o.Plain {
		client = ent.NewClient(ent.Driver(db.Driver))
	}
	cfg, err := config.Load("orgraph-inproc", nil, func(k string) string { return o.Env[k] }, io.Discard)
	if err != nil {
		db.Close()
		return nil, err
	}
	cfg.DatabaseURL = dbURL
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, services, err := httpapi.Build(cfg, db, client, logger) // no SMTP_URL: emails go to the discarded log
	if err != nil {
		db.Close()
		return nil, err
	}
	services.Outbox.Start()
	return &Server{Server: httptest.NewServer(h), DB: db, Rec: rec, mails: services.Outbox}, nil
}

// Handler is Orgraph's handler itself (to call without a network).
func (s *Server) Handler() http.Handler { return s.Config.Handler }

// Wait waits for the emails being sent in the background.
func (s *Server) Wait() { s.mails.Wait() }

// Close stops the server and closes the database.
func (s *Server) Close() {
	s.Server.Close()
	s.mails.Stop()
	s.DB.Close()
}
