package httpapi

import (
	"log/slog"
	"net/http"

	"orgraph/ent"
	"orgraph/internal/auth"
	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/mail"
	"orgraph/internal/orgs"
)

// Services are the services behind the handler, as Build makes them from
// the configuration.
type Services struct {
	Auth   *auth.Service
	Mailer *mail.Mailer // wait for it (Mailer.Wait) before exiting
	Orgs   *orgs.Service
}

// Build makes the services of cfg and the handler over them, the one way
// the server, the tests and the benchmarks assemble Orgraph. client is
// db's (db.Client()) or one over a wrapper of db.Driver (a statement
// counter, say).
func Build(cfg *config.Config, db *database.DB, client *ent.Client, logger *slog.Logger) (http.Handler, *Services, error) {
	authService, err := auth.NewService(client, cfg.TokenTTL, logger)
	if err != nil {
		return nil, nil, err
	}
	authService.Configure(cfg.SignIn)
	mailer, err := mail.New(cfg.SMTPURL, cfg.MailFrom, logger)
	if err != nil {
		return nil, nil, err
	}
	orgService := orgs.NewService(client, db.Dialect, mailer, cfg.PublicURL, cfg.InvitationTTL).WithInviterEmailsPerDay(cfg.InviterEmailsPerDay)
	h := New(Deps{Config: cfg, Client: client, Dialect: db.Dialect, SQL: db.SQL, Auth: authService, Orgs: orgService, Logger: logger})
	return h, &Services{Auth: authService, Mailer: mailer, Orgs: orgService}, nil
}
