package main

// The web app's end-to-end test: the real program (run, as main calls it)
// with SMTP_URL pointed at an SMTP server of this test, and web/e2e/story.mjs
// driving Debian's Chromium through playwright-core with three people in
// separate browser contexts. The test reads the invitation links from the
// emails the SMTP server received and hands them to the script over HTTP.

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"orgraph/internal/database"
)

const chromiumPath = "/usr/bin/chromium"

// mailbox is an SMTP server that keeps the last message to each address.
type mailbox struct {
	mu   sync.Mutex
	last map[string]string
}

type mailSession struct {
	box *mailbox
	to  []string
}

func (s *mailSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = append(s.to, strings.ToLower(to))
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	for _, to := range s.to {
		s.box.last[to] = string(b)
	}
	return nil
}
func (s *mailSession) Reset()        { s.to = nil }
func (s *mailSession) Logout() error { return nil }

var acceptLink = regexp.MustCompile(`https?://\S+/invitations/accept\?key=[A-Za-z0-9_-]{43}`)

func startMailbox(t *testing.T) (smtpAddr string, box *mailbox) {
	box = &mailbox{last: map[string]string{}}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) { return &mailSession{box: box}, nil }))
	srv.Domain = "127.0.0.1"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l.Addr().String(), box
}

// ServeHTTP answers GET /link?to=EMAIL with the invitation link of the
// last email to that address (404 until one came).
func (b *mailbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	msg := b.last[strings.ToLower(r.URL.Query().Get("to"))]
	b.mu.Unlock()
	link := acceptLink.FindString(msg)
	if link == "" {
		http.NotFound(w, r)
		return
	}
	_, _ = io.WriteString(w, link)
}

// TestWebAppStory runs the guide's story in Chromium. It needs Chromium
// (apt-get install chromium) and web/node_modules (npm ci in web/); without
// them it skips, saying so, unless ORGRAPH_E2E=required (.ci/run sets it
// after installing both), when it fails. ORGRAPH_SCREENSHOTS=DIR keeps the
// screenshots of every screen there (docs/screenshots is made that way).
func TestWebAppStory(t *testing.T) {
	required := os.Getenv("ORGRAPH_E2E") == "required"
	missing := ""
	if _, err := os.Stat(chromiumPath); err != nil {
		missing = chromiumPath + " (apt-get install -y chromium)"
	} else if _, err := os.Stat("web/node_modules/playwright-core"); err != nil {
		missing = "web/node_modules (cd web && npm ci)"
	} else if _, err := exec.LookPath("node"); err != nil {
		missing = "node"
	}
	if missing != "" {
		if required {
			t.Fatalf("the browser test needs %s", missing)
		}
		t.Skipf("skipping the browser test: %s is missing (.ci/run installs it and runs this test)", missing)
	}
	dbs := databases(t)
	url, ok := dbs["mysql"]
	if !ok {
		url = dbs["sqlite"]
	}
	smtpAddr, box := startMailbox(t)
	mail := &http.Server{Handler: box}
	ml, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = mail.Serve(ml) }()
	t.Cleanup(func() { _ = mail.Close() })

	addr := freeAddr(t)
	p := startProgram(t, map[string]string{
		"ADDR": addr, "DATABASE_URL": url, "SMTP_URL": "smtp://" + smtpAddr, "PUBLIC_URL": "http://" + addr,
		"MAIL_POLL_INTERVAL": "200ms",
	})
	p.waitStatus(t, "/readyz", http.StatusOK)

	shots := os.Getenv("ORGRAPH_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if shots, err = filepath.Abs(shots); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "e2e/story.mjs")
	cmd.Dir = "web"
	cmd.Env = append(os.Environ(), "ORGRAPH_URL="+p.base, "MAILBOX_URL=http://"+ml.Addr().String(), "SCREENSHOTS="+shots, "CHROMIUM="+chromiumPath)
	out, err := cmd.CombinedOutput()
	t.Logf("story.mjs:\n%s", out)
	if err != nil {
		t.Fatalf("the browser story failed: %v\nserver log:\n%s", err, p.stderr.String())
	}

	// Everything of the removed organization is gone from the database.
	db, err := database.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.SQL.Close()
	for _, table := range []string{"organizations", "memberships", "invitations", "projects", "tasks", "jobs"} {
		var n int
		if err := db.SQL.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: %d rows left after the organization was removed", table, n)
		}
	}
}
