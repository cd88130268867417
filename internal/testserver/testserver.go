// Package testserver starts Orgraph's real HTTP handler on a real database
// for end-to-end tests: in-memory SQLite by default, MariaDB/MySQL when
// ORGRAPH_TEST_DATABASE_URL is set (mysql://USER:PASS@HOST:PORT/DB; each
// test gets a fresh database next to DB, dropped afterwards).
package testserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"orgraph/ent"
	"orgraph/internal/auth"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/events"
	"orgraph/internal/httpapi"
	"orgraph/internal/observe"
	"orgraph/internal/outbox"
	"orgraph/internal/policy"
	"orgraph/internal/sqlcount"
)

// EnvDatabaseURL names the environment variable that selects MariaDB.
const EnvDatabaseURL = "ORGRAPH_TEST_DATABASE_URL"

// Server is a running Orgraph on a private database.
type Server struct {
	t      testing.TB
	URL    string
	HTTP   *httptest.Server
	Config *config.Config
	// Client reads and writes the database directly (with SystemCtx) for
	// seeding and for asserting on rows.
	Client *ent.Client
	// DB is the database under Client.
	DB *database.DB
	// Logs holds what the server logged.
	Logs *SyncBuffer
	// Mailer is the server's outbox, its worker running: Wait on it
	// before reading emails.
	Mailer *outbox.Outbox
	// Auth is the server's account service (its password hashing counters).
	Auth *auth.Service
	// Metrics serves the server's Prometheus metrics (METRICS_ADDR's
	// handler).
	Metrics http.Handler
	// Events is the server's bus of live events.
	Events     *events.Bus
	statements *sqlcount.Recorder

	captureMu sync.Mutex
	captured  *[]string // while StatementsOf runs
}

func (s *Server) capture(query string, _ time.Duration) {
	s.captureMu.Lock()
	defer s.captureMu.Unlock()
	if s.captured != nil {
		*s.captured = append(*s.captured, query)
	}
}

// StatementsOf returns the SQL of the statements that ran during fn.
func (s *Server) StatementsOf(fn func()) []string {
	var got []string
	s.captureMu.Lock()
	s.captured = &got
	s.captureMu.Unlock()
	fn()
	s.captureMu.Lock()
	defer s.captureMu.Unlock()
	s.captured = nil
	return got
}

// Option changes the configuration of a test server.
type Option func(*config.Config)

// New starts a server for t and stops it when t ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg, err := config.Load("orgraph-test", nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		o(cfg)
	}
	cfg.DatabaseURL = testDatabaseURL(t)
	db, err := database.Open(cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := newServer(t, cfg, db)
	if err := migrateTestDatabase(db); err != nil {
		t.Fatal(err)
	}
	s.start()
	return s
}

func newServer(t testing.TB, cfg *config.Config, db *database.DB) *Server {
	s := &Server{t: t, Config: cfg, DB: db, Logs: &SyncBuffer{}, statements: &sqlcount.Recorder{CountOnly: true}}
	s.statements.Trace = s.capture
	s.Client = ent.NewClient(ent.Driver(sqlcount.Wrap(db.Driver, s.statements)))
	return s
}

// start serves the handler and starts the mail worker, both stopped
// when the test ends (before the database closes: cleanups run last first).
func (s *Server) start() {
	// The server's own logger (LOG_FORMAT, LOG_LEVEL), writing to Logs.
	logger, err := observe.NewLogger(s.Logs, s.Config.LogFormat, s.Config.LogLevel)
	if err != nil {
		s.t.Fatal(err)
	}
	h, services, err := httpapi.Build(s.Config, s.DB, s.Client, logger)
	if err != nil {
		s.t.Fatal(err)
	}
	s.Auth, s.Mailer, s.Metrics = services.Auth, services.Outbox, services.Metrics.Handler()
	s.Events = services.Events
	s.t.Cleanup(s.Events.Close) // after the HTTP server closed (cleanups run last first)
	s.Mailer.Start()
	s.t.Cleanup(s.Mailer.Stop)
	s.HTTP = httptest.NewServer(h)
	s.URL = s.HTTP.URL
	s.t.Cleanup(s.HTTP.Close)
}

// Dialect is "sqlite3" or "mysql".
func (s *Server) Dialect() string { return s.DB.Dialect }

// SystemCtx is a context that bypasses privacy, for seeding and assertions.
func SystemCtx() context.Context { return policy.WithSystem(context.Background()) }

// OpenTransactions is how many database transactions are open right now.
func (s *Server) OpenTransactions() int64 { return s.statements.OpenTransactions() }

// Statements returns how many SQL statements have run so far.
func (s *Server) Statements() int64 { return s.statements.Count() }

var migrateMu sync.Mutex

// migrateTestDatabase builds the schema as production does: MariaDB by
// the versioned migrations (internal/database/migrations/mysql), SQLite by
// ent's automatic migration. ent's migration writes package-level schema
// tables: one at a time, so that tests may run in parallel.
func migrateTestDatabase(db *database.DB) error {
	if db.Dialect == "mysql" {
		_, err := db.ApplyMigrations(context.Background(), database.ApplyOptions{})
		return err
	}
	migrateMu.Lock()
	defer migrateMu.Unlock()
	return database.Migrate(context.Background(), db)
}

var mysqlAdmin struct {
	once sync.Once
	db   *sql.DB
	err  error
}

// testDatabaseURL returns a fresh, empty database for t.
func testDatabaseURL(t testing.TB) string {
	base := os.Getenv(EnvDatabaseURL)
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "t_" + hex.EncodeToString(suffix)
	if base == "" {
		return "sqlite://:memory:" + name
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvDatabaseURL, err)
	}
	mysqlAdmin.once.Do(func() {
		var d *database.DB
		d, mysqlAdmin.err = database.Open(base)
		if mysqlAdmin.err == nil {
			mysqlAdmin.db = d.SQL
		}
	})
	if mysqlAdmin.err != nil {
		t.Fatalf("%s: %v", EnvDatabaseURL, mysqlAdmin.err)
	}
	dbName := "orgraph_" + name
	if _, err := mysqlAdmin.db.Exec("CREATE DATABASE " + dbName + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("creating test database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := mysqlAdmin.db.Exec("DROP DATABASE " + dbName); err != nil {
			t.Errorf("dropping test database: %v", err)
		}
	})
	u.Path = "/" + dbName
	return u.String()
}

// Response is a GraphQL response.
type Response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Code is the extensions.code of the first error, or "" when there is none.
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Must fails the test if the response has errors, and decodes its data
// into into unless into is nil.
func (r *Response) Must(t testing.TB, into any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	if into != nil {
		r.Decode(t, into)
	}
}

// Decode unmarshals data into v.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decoding %s: %v", r.Data, err)
	}
}

// Query posts a GraphQL operation with an optional bearer token.
func (s *Server) Query(token, query string, vars map[string]any) *Response {
	s.t.Helper()
	return s.QueryWithHeader(http.Header{}, token, query, vars)
}

// QueryWithHeader is Query sending extra headers (X-Forwarded-For).
func (s *Server) QueryWithHeader(header http.Header, token, query string, vars map[string]any) *Response {
	s.t.Helper()
	r, err := s.Post(http.DefaultClient, header, token, query, vars)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, e := range r.Errors {
		if strings.Contains(strings.ToLower(e.Message), "sql") || strings.Contains(e.Message, "goroutine") {
			s.t.Errorf("an error message leaks internals: %q", e.Message)
		}
	}
	return r
}

// Post posts a GraphQL operation through hc with optional headers and
// bearer token: Query without testing.T, for goroutines.
func (s *Server) Post(hc *http.Client, header http.Header, token, query string, vars map[string]any) (*Response, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if header != nil {
		req.Header = header.Clone()
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	r := &Response{Status: resp.StatusCode}
	if err := json.Unmarshal(raw, r); err != nil {
		return nil, fmt.Errorf("response is not JSON (%d): %s", resp.StatusCode, raw)
	}
	return r, nil
}

// RowCount is the number of rows of table, privacy aside.
func (s *Server) RowCount(table string) int {
	s.t.Helper()
	var n int
	if err := s.DB.SQL.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

// MustQuery is Query failing the test on any error.
func (s *Server) MustQuery(token, query string, vars map[string]any, into any) {
	s.t.Helper()
	s.Query(token, query, vars).Must(s.t, into)
}

// User is a test user with a token.
type User struct {
	ID       int
	GID      string // the GraphQL ID
	Username string
	Email    string
	Token    string
}

var (
	hashOnce   sync.Once
	sharedHash string
)

// Password is the password of every user made by CreateUser.
const Password = "correct horse battery"

// CreateUser inserts a user of the group directly (hashing a password once
// per test binary) and issues a token for it through the sign-in path.
func (s *Server) CreateUser(username string, group authz.Group) *User {
	s.t.Helper()
	hashOnce.Do(func() { sharedHash, _ = auth.HashPassword(Password) })
	email := strings.ToLower(username) + "@example.com"
	u, err := s.Client.User.Create().
		SetUsername(username).SetEmail(email).SetPasswordHash(sharedHash).SetGroup(group).
		Save(SystemCtx())
	if err != nil {
		s.t.Fatalf("creating user %s: %v", username, err)
	}
	var out struct {
		SignIn struct{ Token string } `json:"signIn"`
	}
	s.MustQuery("", `mutation($l: String!, $p: String!) { signIn(input: {login: $l, password: $p}) { token } }`,
		map[string]any{"l": username, "p": Password}, &out)
	return &User{ID: u.ID, GID: fmt.Sprint(u.ID), Username: username, Email: email, Token: out.SignIn.Token}
}

// SyncBuffer is a goroutine-safe bytes.Buffer for captured logs.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// WaitFor polls cond for up to 5 seconds.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
