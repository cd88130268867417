package main

// The soak's SMTP server: an emersion/go-smtp server on loopback (as the
// product's tests use) that records every message, and that can be cut:
// for a while it closes every connection at once, then answers 421.

import (
	"errors"
	"io"
	"net"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	gosmtp "github.com/emersion/go-smtp"
)

// delivery is one message the sink received.
type delivery struct {
	To, Slug, Key string
	At            time.Time
}

// cut modes of the sink.
const (
	open        int32 = iota
	closeAtOnce       // accept, then close before the greeting
	answer421         // greet, then refuse the session with 421
)

var (
	keyInMail   = regexp.MustCompile(`/invitations/accept\?key=([A-Za-z0-9_-]{43})\r?\n`)
	slugInMail  = regexp.MustCompile(`(?m)^Subject: .* invites you to (\S+) on Orgraph\r?$`)
	errRefusing = &gosmtp.SMTPError{Code: 421, EnhancedCode: gosmtp.EnhancedCode{4, 3, 2}, Message: "soak: service not available"}
)

type sink struct {
	Addr    string
	srv     *gosmtp.Server
	mode    atomic.Int32
	refused atomic.Int64 // connections closed and greetings refused while cut

	mu         sync.Mutex
	deliveries []delivery
	unreadable int // messages without a key or a slug
}

func startSink() (*sink, error) {
	k := &sink{}
	k.srv = gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		if k.mode.Load() == answer421 {
			k.refused.Add(1)
			return nil, errRefusing
		}
		return &session{sink: k}, nil
	}))
	k.srv.Domain = "127.0.0.1"
	k.srv.ReadTimeout, k.srv.WriteTimeout = 10*time.Second, 10*time.Second
	k.srv.MaxMessageBytes = 1 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	k.Addr = l.Addr().String()
	go func() { _ = k.srv.Serve(cuttable{l, k}) }()
	return k, nil
}

func (k *sink) Close() { _ = k.srv.Close() }

// cuttable closes the connections it accepts while the sink is closeAtOnce.
type cuttable struct {
	net.Listener
	sink *sink
}

func (c cuttable) Accept() (net.Conn, error) {
	for {
		conn, err := c.Listener.Accept()
		if err != nil || c.sink.mode.Load() != closeAtOnce {
			return conn, err
		}
		c.sink.refused.Add(1)
		_ = conn.Close()
	}
}

// Deliveries is a copy of what arrived so far.
func (k *sink) Deliveries() []delivery {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]delivery(nil), k.deliveries...)
}

// Keys are the distinct keys sent to recipient for the organization slug,
// in the order they first arrived.
func (k *sink) Keys(recipient, slug string) []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	var keys []string
	seen := map[string]bool{}
	for _, d := range k.deliveries {
		if d.To == recipient && d.Slug == slug && !seen[d.Key] {
			seen[d.Key] = true
			keys = append(keys, d.Key)
		}
	}
	return keys
}

func (k *sink) record(to []string, data string) {
	key, slug := keyInMail.FindStringSubmatch(data), slugInMail.FindStringSubmatch(data)
	k.mu.Lock()
	defer k.mu.Unlock()
	if key == nil || slug == nil || len(to) != 1 {
		k.unreadable++
		return
	}
	k.deliveries = append(k.deliveries, delivery{To: to[0], Slug: slug[1], Key: key[1], At: time.Now()})
}

type session struct {
	sink *sink
	to   []string
}

func (s *session) Mail(string, *gosmtp.MailOptions) error { return nil }

func (s *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(s.to) == 0 {
		return errors.New("no recipient")
	}
	s.sink.record(s.to, string(b))
	return nil
}

func (s *session) Reset()        { s.to = nil }
func (s *session) Logout() error { return nil }
