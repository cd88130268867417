package main

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

// NewHandler answers POST /query for the operations OrganizationPage and
// MyOrganizations, and GET /readyz.
func NewHandler(db *sql.DB, dialect string) http.Handler {
	s := &server{db: db}
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

type server struct{ db *sql.DB }

type request struct {
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
}

type gqlError struct {
	Message    string            `json:"message"`
	Extensions map[string]string `json:"extensions"`
}

var (
	errUnauthenticated = errors.New("UNAUTHENTICATED")
	errNotFound        = errors.New("NOT_FOUND")
)

func (s *server) query(w http.ResponseWriter, r *http.Request) {
	var req request
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "BAD_USER_INPUT", "the body is not a GraphQL request")
		return
	}
	ctx := r.Context()
	v, err := s.authenticate(ctx, r.Header.Get("Authorization"))
	if err != nil {
		s.fail(w, err)
		return
	}
	var data any
	switch req.OperationName {
	case "OrganizationPage":
		var vars struct {
			Slug  string `json:"slug"`
			First *int   `json:"first"`
		}
		_ = json.Unmarshal(req.Variables, &vars)
		first := 50
		if vars.First != nil {
			first = *vars.First
		}
		if first < 0 || first > 100 {
			writeError(w, http.StatusOK, "BAD_USER_INPUT", "first must be between 0 and 100")
			return
		}
		data, err = s.organizationPage(ctx, v, vars.Slug, first)
	case "MyOrganizations":
		data, err = s.myOrganizations(ctx, v, 20)
	default:
		writeError(w, http.StatusOK, "BAD_USER_INPUT", "the floor answers OrganizationPage and MyOrganizations only")
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
}

func (s *server) fail(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, errUnauthenticated):
		writeError(w, http.StatusOK, "UNAUTHENTICATED", "sign in first")
	case errors.Is(err, errNotFound):
		writeError(w, http.StatusOK, "NOT_FOUND", "organization not found")
	default:
		log.Printf("floor: %v", err)
		writeError(w, http.StatusOK, "INTERNAL_SERVER_ERROR", "internal server error")
	}
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []gqlError{{Message: message, Extensions: map[string]string{"code": code}}}})
}

type viewer struct {
	userID int64
	admin  bool
}

// authenticate looks the bearer token up by its SHA-256, as Orgraph does.
func (s *server) authenticate(ctx context.Context, header string) (*viewer, error) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, errUnauthenticated
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(token)))
	var v viewer
	var group string
	err := s.db.QueryRowContext(ctx,
		"SELECT t.user_id, u.`group` FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.expires_at > ?",
		h[:], time.Now().UTC()).Scan(&v.userID, &group)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errUnauthenticated
	}
	v.admin = group == "ADMIN"
	return &v, err
}

// JSON shapes of the answers (the GraphQL field names).
type (
	userRef struct {
		ID       string  `json:"id"`
		Username string  `json:"username"`
		Email    *string `json:"email,omitempty"`
	}
	contact struct {
		Email    *string `json:"email"`
		Phone    *string `json:"phone"`
		Location *string `json:"location"`
	}
	pageInfo struct {
		HasNextPage bool    `json:"hasNextPage"`
		EndCursor   *string `json:"endCursor"`
	}
	member struct {
		ID        string   `json:"id"`
		Role      string   `json:"role"`
		JoinedAt  string   `json:"joinedAt"`
		User      memberU  `json:"user"`
		InvitedBy *userRef `json:"invitedBy"`
	}
	memberU struct {
		ID       string  `json:"id"`
		Username string  `json:"username"`
		Email    *string `json:"email"`
	}
	invitation struct {
		ID        string   `json:"id"`
		Email     string   `json:"email"`
		Role      string   `json:"role"`
		Status    string   `json:"status"`
		CreatedAt string   `json:"createdAt"`
		ExpiresAt string   `json:"expiresAt"`
		InvitedBy *userRef `json:"invitedBy"`
	}
	edge[T any] struct {
		Node T `json:"node"`
	}
)

func id(n int64) string     { return strconv.FormatInt(n, 10) }
func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
func cursor(n int64) *string {
	c := base64.RawURLEncoding.EncodeToString([]byte("c:" + id(n)))
	return &c
}

// endCursor is a page's endCursor: the cursor of its last row, null for an
// empty page.
func endCursor(rows int, lastID int64) *string {
	if rows == 0 {
		return nil
	}
	return cursor(lastID)
}
func nonEmpty(s string) *string { return map[bool]*string{true: &s, false: nil}[s != ""] }

// visibleUser is SQL true when the viewer (the 1st and 2nd parameters) may
// see user `col`: themself, someone who shares an organization with them,
// or who sent them a pending invitation (Orgraph's User privacy rule).
const visibleUser = `(%[1]s = ? OR EXISTS (SELECT 1 FROM memberships x JOIN memberships y ON y.organization_id = x.organization_id
	WHERE x.user_id = %[1]s AND y.user_id = ?))`

// organizationPage answers Q1 in four statements: the token, the
// organization with the viewer's role and both counts, a page of members
// with their users and inviters, and (for staff) a page of pending
// invitations.
func (s *server) organizationPage(ctx context.Context, v *viewer, slug string, first int) (any, error) {
	now := time.Now().UTC()
	var (
		orgID                     int64
		oSlug, name, desc         string
		cEmail, cPhone, cLocation string
		role                      sql.NullString
		memberCount, pendingCount int
	)
	err := s.db.QueryRowContext(ctx, `SELECT o.id, o.slug, o.name, o.description, o.contact_email, o.contact_phone, o.contact_location, m.role,
		(SELECT COUNT(*) FROM memberships c WHERE c.organization_id = o.id),
		(SELECT COUNT(*) FROM invitations i WHERE i.organization_id = o.id AND i.status = 'PENDING' AND i.expires_at > ?)
		FROM organizations o LEFT JOIN memberships m ON m.organization_id = o.id AND m.user_id = ?
		WHERE o.slug_key = ?`, now, v.userID, strings.ToLower(slug)).
		Scan(&orgID, &oSlug, &name, &desc, &cEmail, &cPhone, &cLocation, &role, &memberCount, &pendingCount)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !role.Valid && !v.admin) {
		return nil, errNotFound // not a member: as if it did not exist
	}
	if err != nil {
		return nil, err
	}
	staff := v.admin || role.String == "OWNER" || role.String == "MAINTAINER"

	// Emails: staff of this organization see all of its members'; others
	// see their own and those of members of organizations they are staff of.
	emailRule := "1"
	args := []any{}
	if !staff {
		emailRule = `(u.id = ? OR EXISTS (SELECT 1 FROM memberships x JOIN memberships y ON y.organization_id = x.organization_id
			WHERE x.user_id = u.id AND y.user_id = ? AND y.role IN ('OWNER', 'MAINTAINER')))`
		args = append(args, v.userID, v.userID)
	}
	inviterRule := "1"
	if !v.admin {
		inviterRule = strings.ReplaceAll(visibleUser, "%[1]s", "ib.id")
		args = append(args, v.userID, v.userID)
	}
	args = append(args, orgID, first+1)
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, m.role, m.joined_at, u.id, u.username, u.email, `+emailRule+`,
		ib.id, ib.username, `+inviterRule+`
		FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN users ib ON ib.id = m.invited_by_id
		WHERE m.organization_id = ? ORDER BY m.id LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	members := make([]edge[member], 0, first)
	var lastID int64
	for rows.Next() {
		var (
			mid, uid             int64
			mrole, uname, uemail string
			joined               time.Time
			emailOK              bool
			ibID                 sql.NullInt64
			ibName               sql.NullString
			ibOK                 sql.NullBool
		)
		if err := rows.Scan(&mid, &mrole, &joined, &uid, &uname, &uemail, &emailOK, &ibID, &ibName, &ibOK); err != nil {
			rows.Close()
			return nil, err
		}
		if len(members) == first {
			continue // the extra row only says there is a next page
		}
		m := member{ID: id(mid), Role: mrole, JoinedAt: ts(joined), User: memberU{ID: id(uid), Username: uname}}
		if emailOK || v.admin || uid == v.userID {
			m.User.Email = &uemail
		}
		if ibID.Valid && (ibOK.Bool || !ibOK.Valid) {
			m.InvitedBy = &userRef{ID: id(ibID.Int64), Username: ibName.String}
		}
		members = append(members, edge[member]{m})
		lastID = mid
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	end := endCursor(len(members), lastID)

	invitations := []edge[invitation]{}
	if !staff {
		pendingCount = 0 // other members see none
	} else {
		args := []any{}
		inviterRule := "1"
		if !v.admin {
			inviterRule = strings.ReplaceAll(visibleUser, "%[1]s", "ib.id")
			args = append(args, v.userID, v.userID)
		}
		args = append(args, orgID, now)
		rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.email, i.role, i.created_at, i.expires_at, ib.id, ib.username, `+inviterRule+`
			FROM invitations i LEFT JOIN users ib ON ib.id = i.invited_by_id
			WHERE i.organization_id = ? AND i.status = 'PENDING' AND i.expires_at > ?
			ORDER BY i.created_at DESC, i.id DESC LIMIT 20`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var (
				iid              int64
				email, irole     string
				created, expires time.Time
				ibID             sql.NullInt64
				ibName           sql.NullString
				ibOK             sql.NullBool
			)
			if err := rows.Scan(&iid, &email, &irole, &created, &expires, &ibID, &ibName, &ibOK); err != nil {
				rows.Close()
				return nil, err
			}
			inv := invitation{ID: id(iid), Email: email, Role: irole, Status: "PENDING", CreatedAt: ts(created), ExpiresAt: ts(expires)}
			if ibID.Valid && (ibOK.Bool || !ibOK.Valid) {
				inv.InvitedBy = &userRef{ID: id(ibID.Int64), Username: ibName.String}
			}
			invitations = append(invitations, edge[invitation]{inv})
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	var viewerRole *string
	if role.Valid {
		viewerRole = &role.String
	}
	return map[string]any{"organization": map[string]any{
		"id": id(orgID), "slug": oSlug, "name": name, "description": desc,
		"contact":    contact{Email: nonEmpty(cEmail), Phone: nonEmpty(cPhone), Location: nonEmpty(cLocation)},
		"viewerRole": viewerRole,
		"members": map[string]any{
			"totalCount": memberCount,
			"pageInfo":   pageInfo{HasNextPage: memberCount > len(members), EndCursor: end},
			"edges":      members,
		},
		"invitations": map[string]any{"totalCount": pendingCount, "edges": invitations},
	}}, nil
}

type orgNode struct {
	ID         string `json:"id"`
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	ViewerRole string `json:"viewerRole"`
	Members    struct {
		TotalCount int `json:"totalCount"`
	} `json:"members"`
}

// myOrganizations answers Q2 in two statements: the token, and the
// viewer's organizations with their role, member counts and the total.
func (s *server) myOrganizations(ctx context.Context, v *viewer, first int) (any, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.slug, o.name, m.role,
		(SELECT COUNT(*) FROM memberships c WHERE c.organization_id = o.id), COUNT(*) OVER ()
		FROM memberships m JOIN organizations o ON o.id = m.organization_id
		WHERE m.user_id = ? ORDER BY o.id LIMIT ?`, v.userID, first+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	edges := make([]edge[orgNode], 0, first)
	total := 0
	var lastID int64
	for rows.Next() {
		var n orgNode
		var oid int64
		if err := rows.Scan(&oid, &n.Slug, &n.Name, &n.ViewerRole, &n.Members.TotalCount, &total); err != nil {
			return nil, err
		}
		if len(edges) == first {
			continue
		}
		n.ID = id(oid)
		edges = append(edges, edge[orgNode]{n})
		lastID = oid
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	end := endCursor(len(edges), lastID)
	return map[string]any{"organizations": map[string]any{
		"totalCount": total,
		"pageInfo":   pageInfo{HasNextPage: total > len(edges), EndCursor: end},
		"edges":      edges,
	}}, nil
}
