package floor

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Options are the settings the floor shares with Orgraph's configuration.
type Options struct {
	// InviterEmailsPerDay is INVITER_EMAILS_PER_DAY (0: Orgraph's default, 100).
	InviterEmailsPerDay int
	// InvitationTTL is INVITATION_TTL (0: Orgraph's default, 168h).
	InvitationTTL time.Duration
	// Mail logs the invitation emails (nil: the standard logger), as
	// Orgraph logs them when SMTP_URL is not set.
	Mail *log.Logger
	// Record, when set, is called with every SQL statement before it is
	// sent (BEGIN and COMMIT aside), as sqlcount records Orgraph's.
	Record func(Statement)
}

// NewHandler answers POST /query for the operations of the workloads, and
// GET /readyz. dialect is "mysql" or "sqlite3" (Open's).
func NewHandler(db *sql.DB, dialect string, opts Options) http.Handler {
	if opts.InviterEmailsPerDay < 1 {
		opts.InviterEmailsPerDay = 100
	}
	if opts.InvitationTTL <= 0 {
		opts.InvitationTTL = 168 * time.Hour
	}
	if opts.Mail == nil {
		opts.Mail = log.Default()
	}
	s := &server{db: conn{db, opts.Record}, mysql: dialect == "mysql", opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /query", s.query)
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := db.PingContext(r.Context()); err != nil {
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "ready\n")
	})
	return mux
}

type server struct {
	db    conn
	mysql bool
	opts  Options
}

type request struct {
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
}

type gqlError struct {
	Message    string            `json:"message"`
	Extensions map[string]string `json:"extensions"`
}

// codeError is an error the client sees, with its extensions.code.
type codeError struct{ code, message string }

func (e *codeError) Error() string { return e.code + ": " + e.message }

var (
	errUnauthenticated = &codeError{"UNAUTHENTICATED", "sign in first"}
	errNotFound        = &codeError{"NOT_FOUND", "organization not found"}
)

func invalid(message string) error   { return &codeError{"BAD_USER_INPUT", message} }
func forbidden(message string) error { return &codeError{"FORBIDDEN", message} }

// operation answers one operationName: the field of "data" it fills and
// its answer from the request's variables.
type operation struct {
	field  string
	answer func(s *server, ctx context.Context, v *viewer, vars json.RawMessage) (any, error)
}

var operations = map[string]operation{
	"OrganizationPage": {"organization", (*server).organizationPage},
	"MyOrganizations":  {"organizations", (*server).myOrganizations},
	"MyWork":           {"jobs", (*server).myWork},
	"Invite":           {"inviteMember", (*server).invite},
	"Revoke":           {"revokeInvitation", (*server).revoke},
}

func (s *server) query(w http.ResponseWriter, r *http.Request) {
	var req request
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "BAD_USER_INPUT", "the body is not a GraphQL request")
		return
	}
	op, ok := operations[req.OperationName]
	if !ok {
		writeError(w, http.StatusOK, "BAD_USER_INPUT", "the floor answers the benchmark's operations only")
		return
	}
	if len(req.Variables) == 0 {
		req.Variables = json.RawMessage("{}")
	}
	ctx := r.Context()
	v, err := s.authenticate(ctx, r.Header.Get("Authorization"))
	var data any
	if err == nil {
		data, err = op.answer(s, ctx, v, req.Variables)
	}
	var ce *codeError
	switch {
	case errors.As(err, &ce):
		writeError(w, http.StatusOK, ce.code, ce.message)
	case err != nil:
		log.Printf("floor: %v", err)
		writeError(w, http.StatusOK, "INTERNAL_SERVER_ERROR", "internal server error")
	default:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{op.field: data}})
	}
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []gqlError{{Message: message, Extensions: map[string]string{"code": code}}}})
}

type viewer struct {
	userID int64
	email  string
	group  string
}

func (v *viewer) admin() bool { return v.group == "ADMIN" }

// acts is the role the viewer acts with in an organization where their
// role is role ("" for none), as authz.Actor.Acts: admins as owners, a
// member of the WORKER system group as a worker.
func (v *viewer) acts(role string) string {
	switch {
	case v.admin():
		return "OWNER"
	case v.group == "WORKER" && role != "":
		return "WORKER"
	}
	return role
}

// staff: owner or maintainer (they see all work, emails and invitations).
func (v *viewer) staff(role string) bool {
	r := v.acts(role)
	return r == "OWNER" || r == "MAINTAINER"
}

// authenticate looks the bearer token up by its SHA-256, as Orgraph does.
func (s *server) authenticate(ctx context.Context, header string) (*viewer, error) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, errUnauthenticated
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(token)))
	var v viewer
	err := s.db.QueryRowContext(ctx,
		"SELECT t.user_id, u.email, u.`group` FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.expires_at > ?",
		h[:], time.Now().UTC()).Scan(&v.userID, &v.email, &v.group)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errUnauthenticated
	}
	return &v, err
}

// JSON shapes shared by the answers (the GraphQL field names).
type (
	userRef struct {
		ID       string  `json:"id"`
		Username string  `json:"username"`
		Email    *string `json:"email,omitempty"`
	}
	pageInfo struct {
		HasNextPage bool    `json:"hasNextPage"`
		EndCursor   *string `json:"endCursor"`
	}
	edge[T any] struct {
		Node T `json:"node"`
	}
	// connection is a page: totalCount, pageInfo, edges.
	connection[T any] struct {
		TotalCount int       `json:"totalCount"`
		PageInfo   pageInfo  `json:"pageInfo"`
		Edges      []edge[T] `json:"edges"`
	}
)

func id(n int64) string     { return strconv.FormatInt(n, 10) }
func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// page collects up to first rows of a query that asked for first+1 (the
// extra one only says there is a next page), with the cursor of the last.
type page[T any] struct {
	first  int
	edges  []edge[T]
	lastID int64
}

func newPage[T any](first int) *page[T] {
	return &page[T]{first: first, edges: make([]edge[T], 0, first)}
}

// add keeps node (row id) unless the page is full.
func (p *page[T]) add(rowID int64, node T) {
	if len(p.edges) < p.first {
		p.edges = append(p.edges, edge[T]{node})
		p.lastID = rowID
	}
}

// connection is the page with its total: endCursor is the cursor of its
// last row, null for an empty page.
func (p *page[T]) connection(total int) connection[T] {
	c := connection[T]{TotalCount: total, PageInfo: pageInfo{HasNextPage: total > len(p.edges)}, Edges: p.edges}
	if len(p.edges) > 0 {
		cur := base64.RawURLEncoding.EncodeToString([]byte("c:" + id(p.lastID)))
		c.PageInfo.EndCursor = &cur
	}
	return c
}

// each runs query and scans every row of its answer with scan.
func (s *server) each(ctx context.Context, scan func(*sql.Rows) error, query string, args ...any) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
