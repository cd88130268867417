// Package inproc runs Orgraph's real HTTP handler (internal/httpapi) in
// process, on an existing database, over a driver that records every SQL
// statement: the benchmark counts statements per request with it.
package inproc

import (
	"io"
	"log/slog"
	"net/http/httptest"

	"orgraph/ent"
	"orgraph/internal/auth"
	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/httpapi"
	"orgraph/internal/mail"
	"orgraph/internal/orgs"
	"orgraph/internal/sqlcount"
)

// Server is Orgraph's handler on an httptest server.
type Server struct {
	*httptest.Server
	DB     *database.DB
	Rec    *sqlcount.Recorder
	mailer *mail.Mailer
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
	authService, err := auth.NewService(client, cfg.TokenTTL, logger)
	if err != nil {
		db.Close()
		return nil, err
	}
	mailer, err := mail.New("", cfg.MailFrom, logger)
	if err != nil {
		db.Close()
		return nil, err
	}
	h := httpapi.New(httpapi.Deps{
		Config: cfg, Client: client, Dialect: db.Dialect, SQL: db.SQL, Auth: authService,
		Orgs: orgs.NewService(client, db.Dialect, mailer, cfg.PublicURL, cfg.InvitationTTL), Logger: logger,
	})
	return &Server{Server: httptest.NewServer(h), DB: db, Rec: rec, mailer: mailer}, nil
}

// Close stops the server and closes the database.
func (s *Server) Close() {
	s.Server.Close()
	s.mailer.Wait()
	s.DB.Close()
}
