package orgs

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"orgraph/ent"
	"orgraph/ent/invitationemail"
	"orgraph/ent/user"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
)

// Email limits (RULES.md §4; docs/SECURITY.md, "Email abuse"). Every invitation
// email (inviteMember or resendInvitation) is one row of invitation_emails;
// each limit is one indexed COUNT over the rows of its window.
const (
	// MaxEmailsPerAddressPerDay bounds the emails one organization sends to
	// one address in a rolling day, invitations and resends together,
	// whatever became of the invitations (revoked, expired, declined).
	MaxEmailsPerAddressPerDay = 5
	// DefaultInviterEmailsPerDay is the default of INVITER_EMAILS_PER_DAY:
	// the emails one user sends in a rolling day across all organizations.
	DefaultInviterEmailsPerDay = 100
	// MaxResendsPerHour bounds one user's resends in a rolling hour (RULES.md §4).
	MaxResendsPerHour = 5

	emailDay     = 24 * time.Hour
	resendWindow = time.Hour
)

// WithInviterEmailsPerDay sets the daily cap of invitation emails per
// inviter (INVITER_EMAILS_PER_DAY); n < 1 keeps the default.
func (s *Service) WithInviterEmailsPerDay(n int) *Service {
	if n > 0 {
		s.inviterEmailsPerDay = n
	}
	return s
}

func (s *Service) inviterCap() int {
	if s.inviterEmailsPerDay > 0 {
		return s.inviterEmailsPerDay
	}
	return DefaultInviterEmailsPerDay
}

// checkEmailLimits answers RATE_LIMITED when one more invitation email from
// senderID to email in orgID would pass a limit. It runs inside the
// workflow's transaction, after the organization's lock (which serializes
// the per-address count) and before anything is written; it locks the
// sender's user row so that the sender's own counts stay exact when they
// send from several organizations at once. sendInvitation (which calls
// recordEmail) must follow in the same transaction.
//
// It returns the sender's user row when it read one (the lock reads the
// whole row, which the email then names as the inviter), nil otherwise.
func (s *Service) checkEmailLimits(ctx context.Context, orgID int, email string, senderID int, resend bool) (sender *ent.User, err error) {
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	if s.dialect != dialect.SQLite { // SQLite transactions are already exclusive
		if sender, err = db.User.Query().Where(user.ID(senderID)).ForUpdate().Only(sys); err != nil {
			return nil, err
		}
	}
	t := now()
	dayAgo := t.Add(-emailDay)
	if resend {
		n, err := db.InvitationEmail.Query().
			Where(invitationemail.SenderID(senderID), invitationemail.SentAtGT(t.Add(-resendWindow)), invitationemail.Resend(true)).
			Count(sys)
		if err != nil {
			return nil, err
		}
		if n >= MaxResendsPerHour {
			return nil, errcode.New(errcode.RateLimited, "at most %d resends per hour: try again later", MaxResendsPerHour)
		}
	}
	toAddress, bySender, err := s.countEmailsOfDay(sys, db, orgID, email, senderID, dayAgo)
	if err != nil {
		return nil, err
	}
	if toAddress >= MaxEmailsPerAddressPerDay {
		field := "email" // inviteMember's input; a resend names no address
		if resend {
			field = ""
		}
		return nil, &errcode.Error{Code: errcode.RateLimited, Field: field, Message: fmt.Sprintf(
			"this organization has sent %d invitation emails to this address in the last 24 hours, the most allowed: try again later",
			MaxEmailsPerAddressPerDay)}
	}
	if limit := s.inviterCap(); bySender >= limit {
		return nil, errcode.New(errcode.RateLimited,
			"you have sent %d invitation emails in the last 24 hours, the most one person may send: try again later", limit)
	}
	return sender, nil
}

// countEmailsOfDay counts, in one statement, the emails of the last day
// from orgID to email and those sent by senderID (the rows of both sets, one
// indexed scan each, summed by which set they are in).
func (s *Service) countEmailsOfDay(ctx context.Context, db *ent.Client, orgID int, email string, senderID int, since time.Time) (toAddress, bySender int, err error) {
	var counts []struct {
		ToAddress sql.NullInt64 `json:"to_address"`
		BySender  sql.NullInt64 `json:"by_sender"`
	}
	err = db.InvitationEmail.Query().
		Where(invitationemail.SentAtGT(since), invitationemail.Or(
			invitationemail.And(invitationemail.OrganizationID(orgID), invitationemail.Email(email)),
			invitationemail.SenderID(senderID),
		)).
		Modify(func(sel *entsql.Selector) {
			sel.Select().
				AppendSelectExprAs(entsql.ExprP("SUM(CASE WHEN "+sel.C(invitationemail.FieldOrganizationID)+" = ? AND "+sel.C(invitationemail.FieldEmail)+" = ? THEN 1 ELSE 0 END)", orgID, email), "to_address").
				AppendSelectExprAs(entsql.ExprP("SUM(CASE WHEN "+sel.C(invitationemail.FieldSenderID)+" = ? THEN 1 ELSE 0 END)", senderID), "by_sender")
		}).
		Scan(ctx, &counts)
	if err != nil || len(counts) == 0 {
		return 0, 0, err
	}
	return int(counts[0].ToAddress.Int64), int(counts[0].BySender.Int64), nil
}

// pruneEvery: one recorded email in pruneEvery also deletes the rows that
// aged out of every window, so that the table stays small without a
// statement on every send (the counts filter by time, so rows kept a little
// longer change nothing).
const pruneEvery = 16

// recordEmail counts the email of inv that the workflow is sending, and
// (one in pruneEvery) prunes the rows that no window looks at any more:
// an index range on sent_at.
func (s *Service) recordEmail(ctx context.Context, inv *ent.Invitation, senderID int, resend bool) error {
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	t := now()
	row, err := db.InvitationEmail.Create().
		SetOrganizationID(inv.OrganizationID).SetEmail(inv.Email).SetSenderID(senderID).
		SetInvitationID(inv.ID).SetResend(resend).SetSentAt(t).
		Save(sys)
	if err != nil || row.ID%pruneEvery != 0 {
		return err
	}
	_, err = db.InvitationEmail.Delete().Where(invitationemail.SentAtLT(t.Add(-emailDay))).Exec(sys)
	return err
}
