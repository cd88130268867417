package httpapi

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"time"

	"orgraph/ent"
	"orgraph/internal/auth"
	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/events"
	"orgraph/internal/mail"
	"orgraph/internal/observe"
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
	// Metrics are the handler's; the server serves them on METRICS_ADDR,
	// and a service that keeps state of its own adds a gauge of it with
	// Metrics.AddGaugeFunc (docs/OPERATIONS.md).
	Metrics *observe.Metrics
	// Events carries the live events (NATS_URL); Close it at shutdown.
	Events *events.Bus
}

// Build makes the services of cfg and the handler over them, the one way
// the server, the tests and the benchmarks assemble Orgraph. client is
// db's (db.Client()) or one over a wrapper of db.Driver (a statement
// counter, say).
func Build(cfg *config.Config, db *database.DB, client *ent.Client, logger *slog.Logger) (http.Handler, *Services, error) {
	logger = observe.WithRequestIDs(logger)
	authService, err := auth.NewService(client, db.Dialect, cfg.TokenTTL, logger)
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
	bus, err := events.New(cfg.Events.NATSURL, cfg.Events.NATSSubject, logger)
	if err != nil {
		return nil, nil, err
	}
	orgService := orgs.NewService(client, db.Dialect, mails, cfg.PublicURL, cfg.InvitationTTL).
		WithInviterEmailsPerDay(cfg.InviterEmailsPerDay).WithEvents(bus)
	metrics := observe.NewMetrics(db.SQL)
	addOutboxGauges(metrics, mails)
	h := New(Deps{Config: cfg, Client: client, Dialect: db.Dialect, SQL: db.SQL, Auth: authService, Orgs: orgService, Logger: logger, Metrics: metrics, Events: bus})
	return h, &Services{Auth: authService, Outbox: mails, Orgs: orgService, Metrics: metrics, Events: bus}, nil
}

// addOutboxGauges shows the outbox's depth on /metrics, read at each
// scrape (one GROUP BY per gauge): what waits to be sent, and what failed
// and waits for an operator (docs/MAIL.md). NaN when the database does not
// answer.
func addOutboxGauges(m *observe.Metrics, o *outbox.Outbox) {
	depth := func(failed bool) func() float64 {
		return func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			waiting, failedRows, err := o.Depth(ctx)
			switch {
			case err != nil:
				return math.NaN()
			case failed:
				return float64(failedRows)
			}
			return float64(waiting)
		}
	}
	m.AddGaugeFunc("orgraph_mail_outbox_waiting", "Emails in the outbox not sent yet (pending or being sent).", depth(false))
	m.AddGaugeFunc("orgraph_mail_outbox_failed", "Emails of the outbox that failed MAIL_MAX_ATTEMPTS times and wait for an operator.", depth(true))
}
