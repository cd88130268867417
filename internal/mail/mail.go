// Package mail delivers one email: through SMTP (github.com/wneessen/go-mail)
// when SMTP_URL is set, to the log otherwise. It knows nothing of the
// database: internal/outbox decides what to send and when, and retries.
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one plain-text email.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Sender delivers one message, or says why not.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Timeouts of one SMTP delivery (docs/MAIL.md).
const (
	// CommandTimeout bounds the connection and each SMTP command.
	CommandTimeout = 15 * time.Second
	// SendTimeout bounds one whole delivery, connection to QUIT.
	SendTimeout = 60 * time.Second
)

// NewSender returns the sender for smtpURL (smtp://[user:pass@]host[:port],
// STARTTLS when offered; smtps://... for TLS from the first byte), or one
// that writes messages to the log when smtpURL is empty.
func NewSender(smtpURL, from string, logger *slog.Logger) (Sender, error) {
	if smtpURL == "" {
		return logSender{logger}, nil
	}
	return newSMTPSender(smtpURL, from)
}

// logSender writes messages to the log: the zero-configuration default, so
// that a developer can copy an invitation link from the server's output.
type logSender struct{ logger *slog.Logger }

func (l logSender) Send(_ context.Context, m Message) error {
	l.logger.Info("email (SMTP_URL is not set, so it is logged instead of sent)", "to", m.To, "subject", m.Subject, "body", m.Body)
	return nil
}

type smtpSender struct {
	client *gomail.Client
	from   *mail.Address
}

func newSMTPSender(raw, from string) (*smtpSender, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP_URL: want smtp://[user:pass@]host:port or smtps://[user:pass@]host:port")
	}
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("MAIL_FROM: %w", err)
	}
	implicitTLS := u.Scheme == "smtps"
	port := 25
	if implicitTLS {
		port = 465
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("SMTP_URL: port %q", p)
		}
	}
	host := u.Hostname()
	tlsConfig := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	opts := []gomail.Option{
		gomail.WithPort(port),
		gomail.WithTimeout(CommandTimeout),
		gomail.WithTLSConfig(tlsConfig),
		gomail.WithDialContextFunc(dialer{tls: implicitTLS, config: tlsConfig}.dial),
		gomail.WithTLSPolicy(gomail.TLSOpportunistic),
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		// go-mail's PLAIN refuses a connection that is neither TLS nor to
		// localhost, so credentials never cross in clear text.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	client, err := gomail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("SMTP_URL: %w", err)
	}
	return &smtpSender{client: client, from: fromAddr}, nil
}

func (s *smtpSender) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg(gomail.WithEncoding(gomail.NoEncoding)) // 8bit: the link stays on a line of its own
	if err := msg.FromFormat(s.from.Name, s.from.Address); err != nil {
		return err
	}
	if err := msg.To(m.To); err != nil {
		return err
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	// go-mail bounds the dial and each command; the whole delivery is
	// bounded here, by closing the connection when the context ends.
	ctx, cancel := context.WithTimeout(ctx, SendTimeout)
	defer cancel()
	conn := &connOfSend{}
	stop := context.AfterFunc(ctx, conn.close)
	defer stop()
	return s.client.DialAndSendWithContext(context.WithValue(ctx, connKey{}, conn), msg)
}

// connOfSend is the connection of one Send, closed if its context ends.
type connOfSend struct {
	mu     sync.Mutex
	conn   net.Conn
	closed bool
}

func (c *connOfSend) set(conn net.Conn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn = conn
	return !c.closed
}

func (c *connOfSend) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.conn != nil {
		_ = c.conn.Close()
	}
}

type connKey struct{}

// dialer opens the TCP connection (TLS from the first byte for smtps) and
// hands it to the Send that asked, so that Send's deadline can close it.
type dialer struct {
	tls    bool
	config *tls.Config
}

func (d dialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	nd := &net.Dialer{}
	var conn net.Conn
	var err error
	if d.tls {
		conn, err = (&tls.Dialer{NetDialer: nd, Config: d.config}).DialContext(ctx, network, addr)
	} else {
		conn, err = nd.DialContext(ctx, network, addr)
	}
	if err != nil {
		return nil, err
	}
	if c, ok := ctx.Value(connKey{}).(*connOfSend); ok && !c.set(conn) {
		_ = conn.Close()
		return nil, context.DeadlineExceeded
	}
	return conn, nil
}
