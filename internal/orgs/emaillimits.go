package orgs

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect"

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
func (s *Service) checkEmailLimits(ctx context.Context, orgID int, email string, senderID int, resend bool) error {
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	if s.dialect != dialect.SQLite { // SQLite transactions are already exclusive
		if _, err := db.User.Query().Where(user.ID(senderID)).ForUpdate().OnlyID(sys); err != nil {
			return err
		}
	}
	t := now()
	dayAgo := t.Add(-emailDay)
	if resend {
		n, err := db.InvitationEmail.Query().
			Where(invitationemail.SenderID(senderID), invitationemail.SentAtGT(t.Add(-resendWindow)), invitationemail.Resend(true)).
			Count(sys)
		if err != nil {
			return err
		}
		if n >= MaxResendsPerHour {
			return errcode.New(errcode.RateLimited, "at most %d resends per hour: try again later", MaxResendsPerHour)
		}
	}
	n, err := db.InvitationEmail.Query().
		Where(invitationemail.OrganizationID(orgID), invitationemail.Email(email), invitationemail.SentAtGT(dayAgo)).
		Count(sys)
	if err != nil {
		return err
	}
	if n >= MaxEmailsPerAddressPerDay {
		field := "email" // inviteMember's input; a resend names no address
		if resend {
			field = ""
		}
		return &errcode.Error{Code: errcode.RateLimited, Field: field, Message: fmt.Sprintf(
			"this organization has sent %d invitation emails to this address in the last 24 hours, the most allowed: try again later",
			MaxEmailsPerAddressPerDay)}
	}
	n, err = db.InvitationEmail.Query().
		Where(invitationemail.SenderID(senderID), invitationemail.SentAtGT(dayAgo)).
		Count(sys)
	if err != nil {
		return err
	}
	if limit := s.inviterCap(); n >= limit {
		return errcode.New(errcode.RateLimited,
			"you have sent %d invitation emails in the last 24 hours, the most one person may send: try again later", limit)
	}
	return nil
}

// recordEmail counts the email of inv that the workflow is sending, and
// prunes the rows that no window looks at any more. The prune is an index
// range on sent_at: each call removes only what aged out since the last.
func (s *Service) recordEmail(ctx context.Context, inv *ent.Invitation, senderID int, resend bool) error {
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	t := now()
	if _, err := db.InvitationEmail.Delete().Where(invitationemail.SentAtLT(t.Add(-emailDay))).Exec(sys); err != nil {
		return err
	}
	return db.InvitationEmail.Create().
		SetOrganizationID(inv.OrganizationID).SetEmail(inv.Email).SetSenderID(senderID).
		SetInvitationID(inv.ID).SetResend(resend).SetSentAt(t).
		Exec(sys)
}
