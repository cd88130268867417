package httpapi

import (
	"log/slog"
	"net/http"

	"orgraph/ent"
	"orgraph/internal/auth"
	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/mail"
	"orgraph/internal/observe"
	"orgraph/internal/orgs"
)

// Services are the services behind the handler, as Build makes them from
// the configuration.
type Services struct {
	Auth   *auth.Service
	Mailer *mail.Mailer // wait for it (Mailer.Wait) before exiting
	Orgs   *orgs.Service
	// Metrics are the handler's; the server serves them on METRICS_ADDR,
	// and a service that keeps state of its own adds a gauge of it with
	// Metrics.AddGaugeFunc (docs/OPERATIONS.md).
	Metrics *observe.Metrics
}

// Build makes the services of cfg and the handler over them, the one way
// the server, the tests and the benchmarks assemble Orgraph. client is
// db's (db.Client()) or one over a wrapper of db.Driver (a statement
// counter, say).
func Build(cfg *config.Config, db *database.DB, client *ent.Client, logger *slog.Logger) (http.Handler, *Services, error) {
	logger = observe.WithRequestIDs(logger)
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
	metrics := observe.NewMetrics(db.SQL)
	h := New(Deps{Config: cfg, Client: client, Dialect: db.Dialect, SQL: db.SQL, Auth: authService, Orgs: orgService, Logger: logger, Metrics: metrics})
	return h, &Services{Auth: authService, Mailer: mailer, Orgs: orgService, Metrics: metrics}, nil
}
