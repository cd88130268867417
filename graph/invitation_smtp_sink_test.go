package graph_test

// The SMTP server of the invitation tests (invitation_smtp_test.go): an
// emersion/go-smtp server on loopback that records every message it receives.

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// smtpMail is one message as the SMTP server received it.
type smtpMail struct {
	From string   // envelope sender (MAIL FROM)
	To   []string // envelope recipients (RCPT TO)
	Data string   // the message, headers and body
	User string   // the user of AUTH PLAIN, "" without authentication
}

// smtpSink is an SMTP server on 127.0.0.1 that keeps what it receives.
// With user set it offers AUTH PLAIN and refuses mail before it.
type smtpSink struct {
	Addr       string
	user, pass string

	mu           sync.Mutex
	mails        []smtpMail
	authFailures int
}

func startSMTPSink(t *testing.T, user, pass string) *smtpSink {
	t.Helper()
	k := &smtpSink{user: user, pass: pass}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &smtpSession{sink: k}, nil
	}))
	srv.Domain = "127.0.0.1"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 1 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	k.Addr = l.Addr().String()
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return k
}

// Mails returns a copy of the messages received so far.
func (k *smtpSink) Mails() []smtpMail {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]smtpMail(nil), k.mails...)
}

func (k *smtpSink) AuthFailures() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.authFailures
}

type smtpSession struct {
	sink   *smtpSink
	authed string
	from   string
	to     []string
}

var _ gosmtp.AuthSession = (*smtpSession)(nil)

func (s *smtpSession) AuthMechanisms() []string {
	if s.sink.user == "" {
		return nil // AUTH is not advertised
	}
	return []string{sasl.Plain}
}

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	if s.sink.user == "" || mech != sasl.Plain {
		return nil, gosmtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.sink.user || password != s.sink.pass {
			s.sink.mu.Lock()
			s.sink.authFailures++
			s.sink.mu.Unlock()
			return gosmtp.ErrAuthFailed
		}
		s.authed = username
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *gosmtp.MailOptions) error {
	if s.sink.user != "" && s.authed == "" {
		return gosmtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.sink.mu.Lock()
	s.sink.mails = append(s.sink.mails, smtpMail{From: s.from, To: s.to, Data: string(b), User: s.authed})
	s.sink.mu.Unlock()
	return nil
}

func (s *smtpSession) Reset() { s.from, s.to = "", nil }

func (s *smtpSession) Logout() error { return nil }
