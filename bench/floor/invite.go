package floor

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"golang.org/x/text/unicode/norm"
)

// Orgraph's email limits (internal/orgs/emaillimits.go, RULES.md §4).
const (
	maxEmailsPerAddressPerDay = 5
	emailDay                  = 24 * time.Hour
	pruneEvery                = 16
)

type invitationNode struct {
	ID        string `json:"id"`
	Email     string `json:"email,omitempty"`
	Role      string `json:"role,omitempty"`
	Status    string `json:"status"`
	ExpiresAt string `json:"expiresAt,omitempty"`
}

// normalEmail is schema.NormalizeEmail and schema.ValidateEmail.
func normalEmail(s string) (string, error) {
	s = strings.ToLower(norm.NFKC.String(strings.TrimSpace(s)))
	a, err := mail.ParseAddress(s)
	if len(s) > 254 || err != nil || a.Address != s || a.Name != "" || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return s, invalid("email must be a valid address such as name@example.com")
	}
	return s, nil
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// forUpdate locks the rows read on MySQL; a SQLite transaction is
// exclusive already.
func (s *server) forUpdate() string { return map[bool]string{true: " FOR UPDATE", false: ""}[s.mysql] }

func isUniqueViolation(err error) bool {
	var me *mysql.MySQLError
	return (errors.As(err, &me) && me.Number == 1062) || (err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed"))
}

// invite answers inviteMember with Orgraph's checks, in order: the
// viewer's role (NOT_FOUND for a non-member, FORBIDDEN below maintainer or
// for the WORKER group; only the owner invites maintainers), a valid
// email, the address not a member's (CONFLICT), no pending invitation to
// it (CONFLICT: the unique index on organization and pending email), the
// email limits (RATE_LIMITED); then the invitation with a key hash, its
// row in invitation_emails (pruned one time in 16), and the email, logged
// after the commit. One transaction; the sender's user row is locked so
// that their counts stay exact, as in Orgraph. Statements: token, checks,
// invitation, email row, outbox row (plus BEGIN and COMMIT), then the
// outbox row recorded sent.
func (s *server) invite(ctx context.Context, v *viewer, raw json.RawMessage) (any, error) {
	vars := struct {
		OrganizationID string `json:"organizationID"`
		Email          string `json:"email"`
		Role           string `json:"role"`
	}{Role: "WORKER"}
	_ = json.Unmarshal(raw, &vars)
	orgID, _ := strconv.ParseInt(vars.OrganizationID, 10, 64)
	email, badEmail := normalEmail(vars.Email)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	t := now()
	var (
		username               string
		role, orgSlug, orgName sql.NullString
		isMember               bool
		toAddress, bySender    int
	)
	err = tx.QueryRowContext(ctx, `SELECT u.username, m.role,
		(SELECT o.slug FROM organizations o WHERE o.id = ?), (SELECT o.name FROM organizations o WHERE o.id = ?),
		EXISTS (SELECT 1 FROM memberships x JOIN users xu ON xu.id = x.user_id WHERE x.organization_id = ? AND xu.email = ?),
		(SELECT COUNT(*) FROM invitation_emails e WHERE e.organization_id = ? AND e.email = ? AND e.sent_at > ?),
		(SELECT COUNT(*) FROM invitation_emails e WHERE e.sender_id = u.id AND e.sent_at > ?)
		FROM users u LEFT JOIN memberships m ON m.organization_id = ? AND m.user_id = u.id WHERE u.id = ?`+s.forUpdate(),
		orgID, orgID, orgID, email, orgID, email, t.Add(-emailDay), t.Add(-emailDay), orgID, v.userID).
		Scan(&username, &role, &orgSlug, &orgName, &isMember, &toAddress, &bySender)
	if err != nil {
		return nil, err
	}
	acts := v.acts(role.String)
	switch {
	case !orgSlug.Valid || (!role.Valid && !v.admin()):
		return nil, errNotFound
	case v.group == "WORKER" || !v.staff(role.String):
		return nil, forbidden("your role does not allow this: invite with role worker or supervisor")
	case vars.Role == "OWNER":
		return nil, invalid("nobody is invited as owner: invite, then transfer ownership")
	case vars.Role == "MAINTAINER" && acts != "OWNER":
		return nil, forbidden("your role does not allow this: invite with role maintainer")
	case vars.Role != "WORKER" && vars.Role != "SUPERVISOR" && vars.Role != "MAINTAINER":
		return nil, invalid("unknown role")
	case badEmail != nil:
		return nil, badEmail
	case isMember:
		return nil, &codeError{"CONFLICT", "this person is already a member"}
	}
	if toAddress >= maxEmailsPerAddressPerDay || bySender >= s.opts.InviterEmailsPerDay {
		// A pending invitation answers CONFLICT first, as in Orgraph.
		if err := s.releasePendingSlot(ctx, tx, orgID, email); err != nil {
			return nil, err
		}
		return nil, &codeError{"RATE_LIMITED", "too many invitation emails in the last 24 hours: try again later"}
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	keyText := base64.RawURLEncoding.EncodeToString(key)
	hash := sha256.Sum256([]byte(keyText))
	expires := t.Add(s.opts.InvitationTTL)
	insert := func() (sql.Result, error) {
		return tx.ExecContext(ctx, `INSERT INTO invitations (email, role, status, pending_email, key_hash, organization_id, invited_by_id,
			created_at, sent_at, expires_at, send_count) VALUES (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, 1)`,
			email, vars.Role, email, hash[:], orgID, v.userID, t, t, expires)
	}
	res, err := insert()
	if isUniqueViolation(err) {
		if err := s.releasePendingSlot(ctx, tx, orgID, email); err != nil {
			return nil, err
		}
		res, err = insert()
	}
	if err != nil {
		return nil, err
	}
	invID, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	if res, err = tx.ExecContext(ctx, `INSERT INTO invitation_emails (organization_id, email, sender_id, invitation_id, resend, sent_at)
		VALUES (?, ?, ?, ?, ?, ?)`, orgID, email, v.userID, invID, false, t); err != nil {
		return nil, err
	}
	if rowID, err := res.LastInsertId(); err != nil {
		return nil, err
	} else if rowID%pruneEvery == 0 {
		if _, err := tx.ExecContext(ctx, "DELETE FROM invitation_emails WHERE sent_at < ?", t.Add(-emailDay)); err != nil {
			return nil, err
		}
	}
	// The email is a row of Orgraph's mail outbox, as Orgraph writes it in
	// the same transaction (internal/outbox); the log line after the commit
	// stands in for sending it, and one UPDATE records it sent (Orgraph's
	// worker claims and records: two). Left pending, the rows would be
	// Orgraph's workers' to send, on Orgraph's time.
	body := inviteEmail(username, orgName.String, orgSlug.String, vars.Role, keyText, email, expires)
	if res, err = tx.ExecContext(ctx, `INSERT INTO mail_outbox (recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at)
		VALUES (?, ?, ?, 'pending', 0, ?, '', ?)`, email, strings.SplitN(body, "\n", 2)[0], body, t, t); err != nil {
		return nil, err
	}
	mailID, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	s.opts.Mail.Printf("email to %s: %s", email, body)
	if _, err := s.db.ExecContext(ctx, `UPDATE mail_outbox SET status = 'sent', attempts = 1, sent_at = ?, body = '' WHERE id = ?`,
		time.Now().UTC(), mailID); err != nil {
		return nil, err
	}
	return invitationNode{ID: id(invID), Email: email, Role: vars.Role, Status: "PENDING", ExpiresAt: ts(expires)}, nil
}

// releasePendingSlot answers CONFLICT when a pending invitation to email
// exists; an expired one gives up its slot (marked EXPIRED).
func (s *server) releasePendingSlot(ctx context.Context, tx txConn, orgID int64, email string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE invitations SET status = 'EXPIRED', pending_email = NULL
		WHERE organization_id = ? AND pending_email = ? AND NOT (status = 'PENDING' AND expires_at > ?)`, orgID, email, now()); err != nil {
		return err
	}
	var pending int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM invitations WHERE organization_id = ? AND pending_email = ?", orgID, email).Scan(&pending); err != nil {
		return err
	}
	if pending > 0 {
		return &codeError{"CONFLICT", "a pending invitation to this email exists: resend it instead"}
	}
	return nil
}

// inviteEmail is the text of Orgraph's invitation email.
func inviteEmail(inviter, orgName, orgSlug, role, key, email string, expires time.Time) string {
	return fmt.Sprintf("%s invites you to %s on Orgraph\n%s invites you to join the organization %s (%s) as %s.\n\n"+
		"Accept the invitation:\n%s\n\n"+
		"If you have no Orgraph account yet, sign up with this email address (%s) first.\n"+
		"The invitation expires on %s.\n",
		inviter, orgName, inviter, orgName, orgSlug, strings.ToLower(role),
		"http://localhost:8080/invitations/accept?key="+key, email, expires.Format(time.RFC1123))
}

// revoke answers revokeInvitation in one statement after the token: the
// update happens only if the invitation is open (pending or expired) and
// the viewer manages it (staff of its organization, or its inviter who is
// still a member; RULES.md §3). When nothing was updated, one more
// statement finds which error Orgraph would give: NOT_FOUND (not
// visible), FORBIDDEN, or BAD_USER_INPUT (no longer open).
func (s *server) revoke(ctx context.Context, v *viewer, raw json.RawMessage) (any, error) {
	var vars struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &vars)
	invID, _ := strconv.ParseInt(vars.ID, 10, 64)
	manages, args := "1", []any{now(), invID}
	if !v.admin() {
		manages = "EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = invitations.organization_id AND m.user_id = ? AND (invitations.invited_by_id = ?"
		if v.group != "WORKER" {
			manages += " OR m.role IN ('OWNER', 'MAINTAINER')"
		}
		manages += "))"
		args = append(args, v.userID, v.userID)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE invitations SET status = 'REVOKED', pending_email = NULL, responded_at = ?
		WHERE id = ? AND status IN ('PENDING', 'EXPIRED') AND `+manages, args...)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return invitationNode{ID: id(invID), Status: "REVOKED"}, err
	}
	var (
		status, email string
		invitedBy     int64
		role          sql.NullString
	)
	err = s.db.QueryRowContext(ctx, `SELECT i.status, i.email, i.invited_by_id, m.role FROM invitations i
		LEFT JOIN memberships m ON m.organization_id = i.organization_id AND m.user_id = ? WHERE i.id = ?`, v.userID, invID).
		Scan(&status, &email, &invitedBy, &role)
	member := role.Valid || v.admin()
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, errNotFound
	case err != nil:
		return nil, err
	case !(email == v.email || (member && v.staff(role.String)) || (member && invitedBy == v.userID)):
		return nil, errNotFound
	case !member || (invitedBy != v.userID && (!v.staff(role.String) || v.group == "WORKER")):
		return nil, forbidden("your role does not allow this: resend or revoke another member's invitation")
	}
	return nil, invalid(fmt.Sprintf("a %s invitation cannot be revoked", status))
}
