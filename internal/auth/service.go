// Package auth signs users up and in, issues and revokes bearer tokens, and
// turns the Authorization header of a request into a viewer.
package auth

import (
	"context"
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
	"orgraph/internal/config"
	"orgraph/internal/errcode"
	"orgraph/internal/observe"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// Service is the account service. Sign-up and sign-in hash passwords
// outside any transaction (the GraphQL transactioner leaves those
// operations alone) and write in short transactions of their own; the other
// methods use the transaction in the context when there is one and the
// root client otherwise.
type Service struct {
	client *ent.Client
	// authStatement is Authenticate's SQL for the client's dialect.
	authStatement string
	tokenTTL      time.Duration
	logger        *slog.Logger
	// dummyHash is checked against when the login matches no user, so that
	// an unknown user costs the same time as a wrong password.
	dummyHash string
	throttle  throttle
	hashes    *hashLimiter
}

// NewService returns an account service issuing tokens valid for tokenTTL,
// with the default sign-in limits (see Configure).
func NewService(client *ent.Client, sqlDialect string, tokenTTL time.Duration, logger *slog.Logger) (*Service, error) {
	dummy, err := HashPassword("orgraph-dummy-password")
	if err != nil {
		return nil, err
	}
	return &Service{
		client: client, authStatement: authStatement(sqlDialect), tokenTTL: tokenTTL, logger: logger, dummyHash: dummy,
		throttle: throttle{defaultSignInLimits}, hashes: newHashLimiter(0),
	}, nil
}

// Configure sets the sign-in limits and password hashing concurrency; call
// it before the service serves requests.
func (s *Service) Configure(l config.SignInLimits) {
	s.throttle = throttle{l}
	s.hashes = newHashLimiter(l.HashConcurrency)
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

// CreateUser validates p and creates the account (the createadmin
// command). It answers CONFLICT when the username or email is taken
// (ignoring case; emails compared normalized) and BAD_USER_INPUT for a
// malformed field; nothing is written then.
func (s *Service) CreateUser(ctx context.Context, p SignUpParams) (*ent.User, error) {
	hash, err := s.prepareUser(ctx, &p)
	if err != nil {
		return nil, err
	}
	return s.insertUser(ctx, s.client, p, hash)
}

// SignUp creates an account in the USER group and signs it in: the
// password is hashed first, then the user and its token are written in one
// transaction.
func (s *Service) SignUp(ctx context.Context, p SignUpParams) (*Session, error) {
	p.Group = authz.GroupUser
	hash, err := s.prepareUser(ctx, &p)
	if err != nil {
		return nil, err
	}
	var session *Session
	err = s.inTx(ctx, func(db *ent.Client) error {
		u, err := s.insertUser(ctx, db, p, hash)
		if err == nil {
			session, err = s.issue(ctx, db, u)
		}
		return err
	})
	return session, err
}

// prepareUser validates and normalizes p, refuses a taken username or
// email, and hashes the password (the costly step, last).
func (s *Service) prepareUser(ctx context.Context, p *SignUpParams) (hash string, err error) {
	if err := schema.ValidateUsername(p.Username); err != nil {
		return "", errcode.Invalid("username", err.Error())
	}
	p.Email = schema.NormalizeEmail(p.Email)
	if err := schema.ValidateEmail(p.Email); err != nil {
		return "", errcode.Invalid("email", err.Error())
	}
	if err := ValidatePassword(p.Password); err != nil {
		return "", err
	}
	if p.Group == "" {
		p.Group = authz.GroupUser
	}
	if err := s.hashes.busy(); err != nil {
		return "", err
	}
	if err := refuseTaken(ctx, s.client, *p); err != nil {
		return "", err
	}
	return s.hashPassword(ctx, p.Password)
}

// refuseTaken answers CONFLICT on the field of p that another account has.
func refuseTaken(ctx context.Context, db *ent.Client, p SignUpParams) error {
	taken, err := db.User.Query().
		Where(user.Or(user.UsernameKey(strings.ToLower(p.Username)), user.Email(p.Email))).
		Select(user.FieldUsernameKey, user.FieldEmail).
		All(policy.WithSystem(ctx))
	if err != nil {
		return err
	}
	for _, u := range taken {
		if u.Email == p.Email {
			return &errcode.Error{Code: errcode.Conflict, Field: "email", Message: "an account with this email already exists"}
		}
	}
	if len(taken) > 0 {
		return &errcode.Error{Code: errcode.Conflict, Field: "username", Message: "this username is taken"}
	}
	return nil
}

// insertUser writes the user. A unique index refusing it means another
// sign-up took the name or email since prepareUser looked: CONFLICT too.
func (s *Service) insertUser(ctx context.Context, db *ent.Client, p SignUpParams, hash string) (*ent.User, error) {
	u, err := db.User.Create().
		SetUsername(p.Username).
		SetEmail(p.Email).
		SetPasswordHash(hash).
		SetFirstName(p.FirstName).
		SetLastName(p.LastName).
		SetGroup(p.Group).
		Save(policy.WithSystem(ctx))
	if ent.IsConstraintError(err) {
		// Asked through db: on SQLite the transaction holds the only
		// connection.
		if taken := refuseTaken(ctx, db, p); taken != nil {
			return nil, taken
		}
		return nil, &errcode.Error{Code: errcode.Conflict, Field: "username", Message: "this username or email is taken"}
	}
	return u, err
}

// inTx runs f in a short transaction of its own (never around hashing).
func (s *Service) inTx(ctx context.Context, f func(db *ent.Client) error) error {
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("opening a transaction: %w", err)
	}
	if err := f(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// issue creates a token for u and makes u the viewer of the rest of the
// request.
func (s *Service) issue(ctx context.Context, db *ent.Client, u *ent.User) (*Session, error) {
	token, hash := newToken()
	expires := time.Now().UTC().Add(s.tokenTTL).Truncate(time.Microsecond)
	t, err := db.AuthToken.Create().
		SetTokenHash(hash).
		SetUserID(u.ID).
		SetExpiresAt(expires).
		Save(policy.WithSystem(ctx))
	if err != nil {
		return nil, err
	}
	viewer.Replace(ctx, &viewer.Viewer{UserID: u.ID, Group: u.Group, Email: u.Email, Username: u.Username, TokenID: t.ID})
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
	// One statement, built once (authStatement): the token joined with its
	// user (with the username the audit log records as the actor), and the
	// user's memberships (organization:role pairs) aggregated into one
	// string, so that authorization needs no statement of its own. This
	// runs on every request, so it is scanned by hand rather than by ent's
	// reflection.
	rows, err := s.client.QueryContext(ctx, s.authStatement, HashToken(token), time.Now())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	var t struct {
		ID, UserID int
		Group      authz.Group
		Email      string
		Name       string
		Roles      string
	}
	if err := rows.Scan(&t.ID, &t.UserID, &t.Group, &t.Email, &t.Name, &t.Roles); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	v := &viewer.Viewer{UserID: t.UserID, Group: t.Group, Email: t.Email, Username: t.Name, TokenID: t.ID}
	if roles, ok := parseCountedRoles(t.Roles); ok {
		v.SetRoles(roles)
	}
	return v, nil
}

// authStatement is Authenticate's statement in the SQL of dialect d: its
// arguments are the token's hash and the time now.
func authStatement(d string) string {
	b := entsql.Dialect(d)
	t, u := b.Table(authtoken.Table), b.Table(user.Table).As("u")
	// "count|orgID:ROLE,orgID:ROLE" in one pass over the memberships: the
	// count guards against a truncated GROUP_CONCAT (group_concat's
	// default separator is a comma on both).
	counted := "CONCAT(COUNT(*), '|', COALESCE(GROUP_CONCAT(CONCAT(m.organization_id, ':', m.role)), ''))"
	if d == dialect.SQLite {
		counted = "COUNT(*) || '|' || COALESCE(GROUP_CONCAT(m.organization_id || ':' || m.role), '')"
	}
	sel := b.Select(t.C(authtoken.FieldID), t.C(authtoken.FieldUserID),
		u.C(user.FieldGroup), u.C(user.FieldEmail), u.C(user.FieldUsername)).
		From(t).Join(u).On(t.C(authtoken.FieldUserID), u.C(user.FieldID))
	sel.AppendSelectExprAs(entsql.Expr(membershipsOf(t, counted)), "roles")
	sel.Where(entsql.And(entsql.EQ(t.C(authtoken.FieldTokenHash), []byte(nil)), entsql.GT(t.C(authtoken.FieldExpiresAt), time.Time{}))).Limit(1)
	query, _ := sel.Query()
	return query
}

// membershipsOf is a scalar subquery aggregating the memberships of the
// token's user.
func membershipsOf(t *entsql.SelectTable, aggregate string) string {
	return "(SELECT " + aggregate + " FROM " + membership.Table + " m WHERE m." + membership.FieldUserID + " = " + t.C(authtoken.FieldUserID) + ")"
}

// parseCountedRoles reads "n|pairs" (authStatement's roles) with parseRoles.
func parseCountedRoles(s string) (map[int]authz.Role, bool) {
	count, pairs, ok := strings.Cut(s, "|")
	n, err := strconv.Atoi(count)
	if !ok || err != nil {
		return nil, false
	}
	return parseRoles(pairs, n)
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
				s.logger.ErrorContext(r.Context(), "authenticating a request", "err", err)
			}
			observe.NoteCode(r.Context(), string(errcode.Internal))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"errors":[{"message":"internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`)
			return
		}
		next.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
	})
}
