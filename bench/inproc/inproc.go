// Package inproc runs Orgraph's real HTTP handler (internal/httpapi) in
// process, on an existing database, over a driver that records every SQL
// statement: the benchmark counts statements per request with it.
package inproc

import (
	"io"
	"log/slog"
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

// Start serves Orgraph on the database at dbURL (already migrated and
// seeded). Emails are discarded.
func Start(dbURL string) (*Server, error) {
	db, err := database.Open(dbURL)
	if err != nil {
		return nil, err
	}
	rec := &sqlcount.Recorder{}
	client := ent.NewClient(ent.Driver(sqlcount.Wrap(db.Driver, rec)))
	cfg, err := config.Load("orgraph-inproc", nil, func(string) string { return "" }, io.Discard)
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

// Close stops the server and closes the database.
func (s *Server) Close() {
	s.Server.Close()
	s.mails.Stop()
	s.DB.Close()
}
