// Package auth signs users up and in, issues and revokes bearer tokens, and
// turns the Authorization header of a request into a viewer.
package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"orgraph/ent"
	"orgraph/ent/authtoken"
	"orgraph/ent/membership"
	"orgraph/ent/schema"
	"orgraph/ent/user"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// Service is the account service. It uses the transaction in the context
// when there is one (every GraphQL mutation runs in one) and the root client
// otherwise.
type Service struct {
	client   *ent.Client
	tokenTTL time.Duration
	logger   *slog.Logger
	// dummyHash is checked against when the login matches no user, so that
	// an unknown user costs the same time as a wrong password.
	dummyHash string
	failures  throttle
}

// NewService returns an account service issuing tokens valid for tokenTTL.
func NewService(client *ent.Client, tokenTTL time.Duration, logger *slog.Logger) (*Service, error) {
	dummy, err := HashPassword("orgraph-dummy-password")
	if err != nil {
		return nil, err
	}
	return &Service{client: client, tokenTTL: tokenTTL, logger: logger, dummyHash: dummy}, nil
}

// Session is what signing in yields: the token, shown once, and its user.
type Session struct {
	Token     string
	ExpiresAt time.Time
	User      *ent.User
}

// SignUpParams are the fields of a new account.
type SignUpParams struct {
	Username, Email, Password string
	FirstName, LastName       string
	Group                     authz.Group
}

func (s *Service) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}

// CreateUser validates p and creates the account. It answers CONFLICT when
// the username or email is taken (ignoring case) and BAD_USER_INPUT for a
// malformed field; nothing is written then.
func (s *Service) CreateUser(ctx context.Context, p SignUpParams) (*ent.User, error) {
	if err := schema.ValidateUsername(p.Username); err != nil {
		return nil, errcode.Invalid("username", err.Error())
	}
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	if err := schema.ValidateEmail(p.Email); err != nil {
		return nil, errcode.Invalid("email", err.Error())
	}
	if err := ValidatePassword(p.Password); err != nil {
		return nil, err
	}
	if p.Group == "" {
		p.Group = authz.GroupUser
	}
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	taken, err := db.User.Query().
		Where(user.Or(user.UsernameKey(strings.ToLower(p.Username)), user.Email(p.Email))).
		Select(user.FieldUsernameKey, user.FieldEmail).
		All(sys)
	if err != nil {
		return nil, err
	}
	for _, u := range taken {
		if u.Email == p.Email {
			return nil, &errcode.Error{Code: errcode.Conflict, Field: "email", Message: "an account with this email already exists"}
		}
	}
	if len(taken) > 0 {
		return nil, &errcode.Error{Code: errcode.Conflict, Field: "username", Message: "this username is taken"}
	}
	hash, err := HashPassword(p.Password)
	if err != nil {
		return nil, err
	}
	return db.User.Create().
		SetUsername(p.Username).
		SetEmail(p.Email).
		SetPasswordHash(hash).
		SetFirstName(p.FirstName).
		SetLastName(p.LastName).
		SetGroup(p.Group).
		Save(sys)
}

// SignUp creates an account in the USER group and signs it in.
func (s *Service) SignUp(ctx context.Context, p SignUpParams) (*Session, error) {
	p.Group = authz.GroupUser
	u, err := s.CreateUser(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.issue(ctx, u)
}

var errBadCredentials = errcode.New(errcode.Unauthenticated, "wrong username, email or password")

// SignIn checks a username or email and a password and issues a token.
func (s *Service) SignIn(ctx context.Context, login, password string) (*Session, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	if blocked, until := s.failures.blocked(login, time.Now()); blocked {
		return nil, errcode.New(errcode.RateLimited, "too many failed sign-ins for this account: try again after %s", until.UTC().Format(time.RFC3339))
	}
	u, err := s.db(ctx).User.Query().
		Where(user.Or(user.UsernameKey(login), user.Email(login))).
		Only(policy.WithSystem(ctx))
	switch {
	case ent.IsNotFound(err):
		_, _ = CheckPassword(s.dummyHash, password)
		s.failures.fail(login, time.Now())
		return nil, errBadCredentials
	case err != nil:
		return nil, err
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	if err != nil {
		return nil, fmt.Errorf("checking the password of user %d: %w", u.ID, err)
	}
	if !ok {
		s.failures.fail(login, time.Now())
		return nil, errBadCredentials
	}
	s.failures.succeed(login)
	// Expired tokens of this user are of no use to anyone: drop them here,
	// where the user table row is already at hand.
	if _, err := s.db(ctx).AuthToken.Delete().
		Where(authtoken.UserID(u.ID), authtoken.ExpiresAtLTE(time.Now())).
		Exec(policy.WithSystem(ctx)); err != nil {
		return nil, err
	}
	return s.issue(ctx, u)
}

// issue creates a token for u and makes u the viewer of the rest of the
// request.
func (s *Service) issue(ctx context.Context, u *ent.User) (*Session, error) {
	token, hash := newToken()
	expires := time.Now().UTC().Add(s.tokenTTL).Truncate(time.Microsecond)
	t, err := s.db(ctx).AuthToken.Create().
		SetTokenHash(hash).
		SetUserID(u.ID).
		SetExpiresAt(expires).
		Save(policy.WithSystem(ctx))
	if err != nil {
		return nil, err
	}
	viewer.Replace(ctx, &viewer.Viewer{UserID: u.ID, Group: u.Group, Email: u.Email, TokenID: t.ID})
	return &Session{Token: token, ExpiresAt: expires, User: u}, nil
}

// SignOut revokes the token of the request.
func (s *Service) SignOut(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return errcode.ErrUnauthenticated
	}
	if err := s.db(ctx).AuthToken.DeleteOneID(v.TokenID).Exec(policy.WithSystem(ctx)); err != nil && !ent.IsNotFound(err) {
		return err
	}
	viewer.Replace(ctx, nil)
	return nil
}

// Authenticate returns the viewer for an Authorization header value, or nil
// when there is no token or the token is unknown, revoked or expired.
func (s *Service) Authenticate(ctx context.Context, header string) (*viewer.Viewer, error) {
	token := bearerToken(header)
	if token == "" {
		return nil, nil
	}
	// One statement: the token joined with its user, and the user's
	// memberships (organization:role pairs) aggregated into one string, so
	// that authorization needs no statement of its own. This runs on every
	// request.
	var rows []struct {
		ID      int            `sql:"id"`
		UserID  int            `sql:"user_id"`
		Group   authz.Group    `sql:"group"`
		Email   string         `sql:"email"`
		Roles   sql.NullString `sql:"roles"`
		NMember int            `sql:"memberships"`
	}
	err := s.client.AuthToken.Query().
		Where(authtoken.TokenHash(HashToken(token)), authtoken.ExpiresAtGT(time.Now())).
		Modify(func(sel *entsql.Selector) {
			u := entsql.Table(user.Table)
			sel.Join(u).On(sel.C(authtoken.FieldUserID), u.C(user.FieldID))
			pair := "CONCAT(m.organization_id, ':', m.role)"
			if sel.Dialect() == dialect.SQLite {
				pair = "m.organization_id || ':' || m.role"
			}
			// (group_concat's default separator is a comma on both.)
			sel.Select(sel.C(authtoken.FieldID), sel.C(authtoken.FieldUserID), u.C(user.FieldGroup), u.C(user.FieldEmail))
			sel.AppendSelectExprAs(entsql.Expr(membershipsOf(sel, "GROUP_CONCAT("+pair+")")), "roles")
			sel.AppendSelectExprAs(entsql.Expr(membershipsOf(sel, "COUNT(*)")), "memberships")
			sel.Limit(1)
		}).
		Scan(policy.WithSystem(ctx), &rows)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	t := rows[0]
	v := &viewer.Viewer{UserID: t.UserID, Group: t.Group, Email: t.Email, TokenID: t.ID}
	if roles, ok := parseRoles(t.Roles.String, t.NMember); ok {
		v.SetRoles(roles)
	}
	return v, nil
}

// membershipsOf is a scalar subquery aggregating the memberships of the
// token's user.
func membershipsOf(sel *entsql.Selector, aggregate string) string {
	return "(SELECT " + aggregate + " FROM " + membership.Table + " m WHERE m." + membership.FieldUserID + " = " + sel.C(authtoken.FieldUserID) + ")"
}

// parseRoles reads "orgID:ROLE,orgID:ROLE". It reports false, and the
// roles are then loaded when first needed, unless it finds exactly n
// memberships (a truncated aggregate never counts as the roles).
func parseRoles(s string, n int) (map[int]authz.Role, bool) {
	roles := make(map[int]authz.Role, n)
	if s != "" {
		for _, pair := range strings.Split(s, ",") {
			id, role, ok := strings.Cut(pair, ":")
			org, err := strconv.Atoi(id)
			if !ok || err != nil || !authz.Role(role).Valid() {
				return nil, false
			}
			roles[org] = authz.Role(role)
		}
	}
	return roles, len(roles) == n
}

// Middleware puts the request's viewer (possibly nil) in its context. An
// unknown or expired token makes the request anonymous: operations that need
// a user then answer UNAUTHENTICATED.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := s.Authenticate(r.Context(), r.Header.Get("Authorization"))
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				s.logger.Error("authenticating a request", "err", err)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"errors":[{"message":"internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`)
			return
		}
		next.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
	})
}
