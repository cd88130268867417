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
	"orgraph/internal/outbox"
)

// Services are the services behind the handler, as Build makes them from
// the configuration.
type Services struct {
	Auth *auth.Service
	// Outbox holds the emails; its delivery worker runs between
	// Outbox.Start and Outbox.Stop (the server starts it, and so do the
	// tests that read emails).
	Outbox *outbox.Outbox
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
	sender, err := mail.NewSender(cfg.SMTPURL, cfg.MailFrom, logger)
	if err != nil {
		return nil, nil, err
	}
	// The worker's statements go straight to the database: they are no
	// request's, and a statement counter over client should not see them.
	mails := outbox.New(db.Client(), db.Dialect, sender, logger, outbox.Options{
		MaxAttempts: cfg.Mail.MaxAttempts, PollInterval: cfg.Mail.PollInterval, Backoff: outbox.Exponential(cfg.Mail.RetryDelay),
	})
	orgService := orgs.NewService(client, db.Dialect, mails, cfg.PublicURL, cfg.InvitationTTL).WithInviterEmailsPerDay(cfg.InviterEmailsPerDay)
	h := New(Deps{Config: cfg, Client: client, Dialect: db.Dialect, SQL: db.SQL, Auth: authService, Orgs: orgService, Logger: logger})
	return h, &Services{Auth: authService, Outbox: mails, Orgs: orgService}, nil
}
