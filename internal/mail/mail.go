// Package mail sends Orgraph's emails: through SMTP when SMTP_URL is set,
// to the log otherwise. Emails that belong to a database change are queued
// with AfterCommit and go out only once the transaction has committed
// (RULES.md §6.5: a request that fails sends nothing).
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"sync"
	"time"

	"orgraph/ent"
)

// Message is one plain-text email.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Mailer delivers messages in the background and logs failures, so that a
// slow mail server never holds a request.
type Mailer struct {
	sender Sender
	logger *slog.Logger
	wg     sync.WaitGroup
}

// New returns a Mailer for smtpURL (smtp://[user:pass@]host:port), or one
// that writes messages to the log when smtpURL is empty.
func New(smtpURL, from string, logger *slog.Logger) (*Mailer, error) {
	if smtpURL == "" {
		return &Mailer{sender: logSender{logger}, logger: logger}, nil
	}
	s, err := newSMTPSender(smtpURL, from)
	if err != nil {
		return nil, err
	}
	return &Mailer{sender: s, logger: logger}, nil
}

// AfterCommit sends m once the transaction in ctx commits, or at once when
// ctx has no transaction.
func (ml *Mailer) AfterCommit(ctx context.Context, m Message) {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		ml.sendAsync(m)
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			ml.sendAsync(m)
			return nil
		})
	})
}

func (ml *Mailer) sendAsync(m Message) {
	ml.wg.Add(1)
	go func() {
		defer ml.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := ml.sender.Send(ctx, m); err != nil {
			ml.logger.Error("sending email", "to", m.To, "subject", m.Subject, "err", err)
		}
	}()
}

// Wait blocks until queued messages are sent (graceful shutdown).
func (ml *Mailer) Wait() { ml.wg.Wait() }

// logSender writes messages to the log: the zero-configuration default, so
// that a developer can copy an invitation link from the server's output.
type logSender struct{ logger *slog.Logger }

func (l logSender) Send(_ context.Context, m Message) error {
	l.logger.Info("email (SMTP_URL is not set, so it is logged instead of sent)", "to", m.To, "subject", m.Subject, "body", m.Body)
	return nil
}

type smtpSender struct {
	addr string
	auth smtp.Auth
	host string
	from *mail.Address
}

func newSMTPSender(raw, from string) (*smtpSender, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Host == "" {
		return nil, fmt.Errorf("SMTP_URL: want smtp://[user:pass@]host:port")
	}
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("MAIL_FROM: %w", err)
	}
	s := &smtpSender{addr: u.Host, host: u.Hostname(), from: fromAddr}
	if u.Port() == "" {
		s.addr = net.JoinHostPort(u.Hostname(), "25")
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		// net/smtp refuses PLAIN auth over a connection that is neither
		// TLS nor to localhost, so credentials never cross in clear text.
		s.auth = smtp.PlainAuth("", u.User.Username(), pass, s.host)
	}
	return s, nil
}

func (s *smtpSender) Send(_ context.Context, m Message) error {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\n", s.from.String())
	fmt.Fprintf(&b, "To: %s\r\n", m.To)
	fmt.Fprintf(&b, "Subject: %s\r\n", mimeHeader(m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(m.Body, "\n", "\r\n"))
	// net/smtp upgrades to STARTTLS when the server offers it.
	return smtp.SendMail(s.addr, s.auth, s.from.Address, []string{m.To}, []byte(b.String()))
}

// mimeHeader encodes a header value that is not plain ASCII.
func mimeHeader(s string) string {
	for _, r := range s {
		if r > 127 || r < 32 {
			return mimeQ.Encode("utf-8", s)
		}
	}
	return s
}

var mimeQ = mime.QEncoding
