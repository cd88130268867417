package orgs

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	stdsql "database/sql"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"orgraph/ent"
	"orgraph/ent/invitation"
	"orgraph/ent/membership"
	"orgraph/ent/schema"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/mail"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// newInvitationKey returns a key (32 random bytes) and its stored hash.
func newInvitationKey() (key string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	key = base64.RawURLEncoding.EncodeToString(b)
	return key, hashKey(key)
}

func hashKey(key string) []byte {
	h := sha256.Sum256([]byte(key))
	return h[:]
}

// Invite invites an email address with a role. Under the organization's
// shared lock: invitations into one organization run side by side, and
// the unique index on (organization, pending_email) admits one pending
// invitation per address (RULES.md §6.2; a concurrent one is CONFLICT).
func (s *Service) Invite(ctx context.Context, orgID int, email string, role authz.Role) (*ent.Invitation, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return nil, err
	}
	// Asked here, before the CONFLICT checks below, so that someone who
	// may not invite learns nothing about who is a member or invited.
	a, err := policy.ActorIn(ctx, orgID)
	if err == nil && !a.Sees() {
		err = errcode.NotFoundf("organization")
	}
	if err != nil {
		return nil, err
	}
	if err := a.CanInvite(role); err != nil {
		return nil, err
	}
	email = schema.NormalizeEmail(email) // compared with users' emails, stored the same way
	if err := schema.ValidateEmail(email); err != nil {
		return nil, errcode.Invalid("email", err.Error())
	}
	db := s.db(ctx)
	org, err := s.shareLock(ctx, orgID)
	if err != nil {
		return nil, err
	}
	slot, err := s.inviteSlot(ctx, orgID, email)
	if err != nil {
		return nil, err
	}
	if slot.live {
		return nil, errPendingExists
	}
	if slot.isMember {
		return nil, &errcode.Error{Code: errcode.Conflict, Field: "email", Message: "this person is already a member"}
	}
	if slot.holderID != 0 {
		if err := s.expireSlot(ctx, slot.holderID); err != nil {
			return nil, err
		}
	}
	sender, err := s.checkEmailLimits(ctx, orgID, email, v.UserID, false)
	if err != nil {
		return nil, err
	}
	key, hash := newInvitationKey()
	t := now()
	inv, err := db.Invitation.Create().
		SetEmail(email).SetRole(role).SetOrganizationID(orgID).SetInvitedByID(v.UserID).
		SetKeyHash(hash).SetPendingEmail(email).
		SetSentAt(t).SetExpiresAt(t.Add(s.invitationTTL)).
		Save(ctx) // the policy checks CanInvite again
	if ent.IsConstraintError(err) {
		return nil, errPendingExists // a concurrent invitation took the slot
	}
	if err != nil {
		return nil, err
	}
	if err := s.sendInvitation(ctx, org, inv, key, sender, v.UserID, false); err != nil {
		return nil, err
	}
	return inv, s.record(ctx, invitationEntry(authz.AuditInvitationSent, nil, inv))
}

var errPendingExists = &errcode.Error{Code: errcode.Conflict, Field: "email", Message: "a pending invitation to this email exists: resend it instead"}

// slotHolder is the invitation holding the pending slot of email in orgID
// (pending_email set: stored PENDING, maybe past its expiry), nil if none.
func (s *Service) slotHolder(ctx context.Context, orgID int, email string) (*ent.Invitation, error) {
	inv, err := s.db(ctx).Invitation.Query().
		Where(invitation.OrganizationID(orgID), invitation.PendingEmail(email)).
		Only(policy.WithSystem(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return inv, err
}

// invitationSlot is what Invite must know before it writes: the
// invitation holding the pending slot of the address, if any (holderID 0:
// none), whether it is still live (pending, not past its expiry), and
// whether the address is a member's.
type invitationSlot struct {
	holderID       int
	live, isMember bool
}

// inviteSlotStatement reads an invitationSlot in one statement (the slot
// holder by the unique index on organization and pending email, the
// membership by the users' unique email), where ent would need two: the
// one-row anchor keeps the membership answer when no invitation holds the
// slot. The same SQL serves MariaDB and SQLite.
const inviteSlotStatement = `SELECT i.id, (i.status = 'PENDING' AND i.expires_at > ?),
	EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? AND u.email = ?)
	FROM (SELECT 1 AS one) AS anchor LEFT JOIN invitations i ON i.organization_id = ? AND i.pending_email = ?`

func (s *Service) inviteSlot(ctx context.Context, orgID int, email string) (invitationSlot, error) {
	var (
		slot   invitationSlot
		holder stdsql.NullInt64
		live   stdsql.NullBool
	)
	rows, err := s.db(ctx).QueryContext(ctx, inviteSlotStatement, now(), orgID, email, orgID, email)
	if err != nil {
		return slot, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return slot, err
		}
		return slot, fmt.Errorf("invitation slot: no row")
	}
	if err := rows.Scan(&holder, &live, &slot.isMember); err != nil {
		return slot, err
	}
	slot.holderID, slot.live = int(holder.Int64), live.Valid && live.Bool
	return slot, rows.Close()
}

// expireSlot marks the slot holder id EXPIRED (it is past its expiry) so
// that a new invitation can take its place, if it still is: the update
// re-checks under the row's lock, so a resend that committed meanwhile
// keeps it (CONFLICT).
func (s *Service) expireSlot(ctx context.Context, id int) error {
	n, err := s.db(ctx).Invitation.Update().
		Where(invitation.ID(id), invitation.StatusEQ(authz.InvitationPending), invitation.ExpiresAtLTE(time.Now())).
		SetStatus(authz.InvitationExpired).ClearPendingEmail().
		Save(policy.WithSystem(ctx))
	if err == nil && n == 0 {
		return errPendingExists
	}
	return err
}

// freeSlot answers CONFLICT when holder (nil: the slot is free) is
// pending; one past its expiry is marked EXPIRED so that a new one can
// take its place, if it still is: the update re-checks under the row's
// lock, so a resend that committed meanwhile keeps it (CONFLICT).
func (s *Service) freeSlot(ctx context.Context, holder *ent.Invitation) error {
	if holder == nil {
		return nil
	}
	if Status(holder) == authz.InvitationPending {
		return errPendingExists
	}
	return s.expireSlot(ctx, holder.ID)
}

// sendInvitation records the email of inv that senderID sends (first
// sending or resend, for the email limits) and sends it once the
// transaction commits.
//
// sender is the sender's user row if the workflow already read it (nil
// otherwise): the email names the inviter, read again only when that is
// someone else or nothing was read.
func (s *Service) sendInvitation(ctx context.Context, org *ent.Organization, inv *ent.Invitation, key string, sender *ent.User, senderID int, resend bool) error {
	if err := s.recordEmail(ctx, inv, senderID, resend); err != nil {
		return err
	}
	inviter := sender
	if inviter == nil || inviter.ID != inv.InvitedByID {
		var err error
		if inviter, err = s.db(ctx).User.Get(policy.WithSystem(ctx), inv.InvitedByID); err != nil {
			return err
		}
	}
	link := s.publicURL + "/invitations/accept?key=" + key
	// The email is a row of the outbox, written in this transaction.
	return s.outbox.Enqueue(ctx, mail.Message{
		To:      inv.Email,
		Subject: fmt.Sprintf("%s invites you to %s on Orgraph", inviter.Username, org.Name),
		Body: fmt.Sprintf("%s invites you to join the organization %s (%s) as %s.\n\n"+
			"Accept the invitation:\n%s\n\n"+
			"If you have no Orgraph account yet, sign up with this email address (%s) first.\n"+
			"The invitation expires on %s.\n",
			inviter.Username, org.Name, org.Slug, strings.ToLower(string(inv.Role)),
			link, inv.Email, inv.ExpiresAt.Format(time.RFC1123)),
	})
}

// lockedInvitation loads an invitation the viewer sees (NOT_FOUND
// otherwise) with its organization, under the organization's shared lock
// and the invitation's row lock (SELECT ... FOR UPDATE on MariaDB; SQLite
// transactions are exclusive, and the row read through privacy is already
// of this transaction). The policy applies authz.CanManageInvitation on
// the write.
func (s *Service) lockedInvitation(ctx context.Context, id int) (*ent.Invitation, *ent.Organization, error) {
	inv, err := policy.VisibleInvitation(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	org, err := s.shareLock(ctx, inv.OrganizationID)
	if err != nil || s.dialect == dialect.SQLite {
		return inv, org, invitationGone(err)
	}
	inv, err = s.db(ctx).Invitation.Query().Where(invitation.ID(id)).ForUpdate().Only(policy.WithSystem(ctx))
	if ent.IsNotFound(err) {
		return nil, nil, errcode.NotFoundf("invitation")
	}
	return inv, org, err
}

// invitationGone: an invitation whose organization was removed meanwhile
// is NOT_FOUND like any other that no longer exists.
func invitationGone(err error) error {
	if errcode.Is(err, errcode.NotFound) {
		return errcode.NotFoundf("invitation")
	}
	return err
}

// Status is the status an invitation shows: a PENDING one past its expiry
// is EXPIRED.
func Status(inv *ent.Invitation) authz.InvitationStatus {
	return authz.ShownStatus(inv.Status, inv.ExpiresAt, time.Now())
}

// requireOpen refuses (BAD_USER_INPUT) to act on an invitation that is
// neither pending nor expired: done is what cannot be done to it.
func requireOpen(inv *ent.Invitation, done string) error {
	if st := Status(inv); st != authz.InvitationPending && st != authz.InvitationExpired {
		return errcode.Invalid("id", fmt.Sprintf("a %s invitation cannot be %s", st, done))
	}
	return nil
}

// Resend sends an invitation again with a new key and expiry.
func (s *Service) Resend(ctx context.Context, id int) (*ent.Invitation, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return nil, err
	}
	inv, org, err := s.lockedInvitation(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := requireOpen(inv, "resent"); err != nil {
		return nil, err
	}
	if inv.Status == authz.InvitationExpired {
		// Stored EXPIRED: it gave up its pending slot; take it back.
		holder, err := s.slotHolder(ctx, inv.OrganizationID, inv.Email)
		if err == nil {
			err = s.freeSlot(ctx, holder)
		}
		if err != nil {
			return nil, err
		}
	}
	sender, err := s.checkEmailLimits(ctx, inv.OrganizationID, inv.Email, v.UserID, true)
	if err != nil {
		return nil, err
	}
	key, hash := newInvitationKey()
	t := now()
	before := inv
	inv, err = s.db(ctx).Invitation.UpdateOne(inv).
		SetKeyHash(hash).SetStatus(authz.InvitationPending).SetPendingEmail(inv.Email).
		SetSentAt(t).SetExpiresAt(t.Add(s.invitationTTL)).AddSendCount(1).
		Save(ctx) // the policy checks CanManageInvitation again
	if ent.IsConstraintError(err) {
		return nil, errPendingExists // a concurrent invitation took the slot
	}
	if err != nil {
		return nil, err
	}
	if err := s.sendInvitation(ctx, org, inv, key, sender, v.UserID, true); err != nil {
		return nil, err
	}
	return inv, s.record(ctx, invitationEntry(authz.AuditInvitationResent, before, inv))
}

// Revoke revokes an open invitation. Under the organization's shared lock
// (clearing pending_email also checks the foreign key to the organization,
// which takes that lock anyway: taking it first keeps the order of locks);
// the update applies only while the invitation is still open (stored
// PENDING or EXPIRED), so a revoke that committed first wins.
//
// The write is a conditional UPDATE under WithSystem after the policy's
// own check (authz.CanManageInvitation on the row read through privacy),
// and the answer is that row with the three columns it set: an UpdateOne
// would read the row back in one more statement.
func (s *Service) Revoke(ctx context.Context, id int) (*ent.Invitation, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := policy.VisibleInvitation(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := requireOpen(inv, "revoked"); err != nil {
		return nil, err
	}
	if s.dialect != dialect.SQLite {
		if _, err := s.shareLock(ctx, inv.OrganizationID); err != nil {
			return nil, invitationGone(err)
		}
	}
	a, err := policy.ActorIn(ctx, inv.OrganizationID)
	if err == nil {
		err = a.CanManageInvitation(inv.InvitedByID == v.UserID)
	}
	if err != nil {
		return nil, err
	}
	t := s.stored(now())
	n, err := s.db(ctx).Invitation.Update().
		Where(invitation.ID(id), invitation.StatusIn(authz.InvitationPending, authz.InvitationExpired)).
		SetStatus(authz.InvitationRevoked).ClearPendingEmail().SetRespondedAt(t).
		Save(policy.WithSystem(ctx))
	if err != nil {
		return nil, err
	}
	if n == 1 {
		revoked := *inv
		revoked.Status, revoked.PendingEmail, revoked.RespondedAt = authz.InvitationRevoked, nil, &t
		return &revoked, s.record(ctx, invitationEntry(authz.AuditInvitationRevoked, inv, &revoked))
	}
	// Closed or removed meanwhile: say which, as if we had waited.
	inv, err = s.db(ctx).Invitation.Get(policy.WithSystem(ctx), id)
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("invitation")
	}
	if err == nil {
		err = requireOpen(inv, "revoked")
	}
	return nil, err
}

// inviteeInvitation finds the invitation of a key for the viewer, locked
// and checked: unknown key NOT_FOUND, another user's FORBIDDEN, no longer
// pending BAD_USER_INPUT.
func (s *Service) inviteeInvitation(ctx context.Context, key string) (*ent.Invitation, *viewer.Viewer, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return nil, nil, err
	}
	sys := policy.WithSystem(ctx)
	byKey := invitation.KeyHash(hashKey(strings.TrimSpace(key)))
	inv, err := s.db(ctx).Invitation.Query().Where(byKey).Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil, errcode.NotFoundf("invitation")
	}
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.lock(ctx, inv.OrganizationID); err != nil {
		return nil, nil, invitationGone(err)
	}
	if inv, err = s.db(ctx).Invitation.Query().Where(byKey).Only(sys); ent.IsNotFound(err) {
		return nil, nil, errcode.NotFoundf("invitation") // resent meanwhile: the key changed
	}
	if err != nil {
		return nil, nil, err
	}
	if err := authz.CanRespond(inv.Email == v.Email); err != nil {
		return nil, nil, err
	}
	if st := Status(inv); st != authz.InvitationPending {
		return nil, nil, errcode.Invalid("key", fmt.Sprintf("this invitation is %s", st))
	}
	return inv, v, nil
}

// Accept makes the viewer a member with the invited role.
func (s *Service) Accept(ctx context.Context, key string) (*ent.Membership, error) {
	inv, v, err := s.inviteeInvitation(ctx, key)
	if err != nil {
		return nil, err
	}
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	member, err := db.Membership.Query().
		Where(membership.OrganizationID(inv.OrganizationID), membership.UserID(v.UserID)).
		Exist(sys)
	if err != nil {
		return nil, err
	}
	if member {
		return nil, errcode.New(errcode.Conflict, "you are already a member of this organization")
	}
	t := now()
	accepted, err := db.Invitation.UpdateOne(inv).
		SetStatus(authz.InvitationAccepted).ClearPendingEmail().SetRespondedAt(t).
		Save(sys)
	if err != nil {
		return nil, err
	}
	m, err := db.Membership.Create().
		SetUserID(v.UserID).SetOrganizationID(inv.OrganizationID).SetRole(inv.Role).
		SetInvitedByID(inv.InvitedByID).SetInvitationID(inv.ID).SetJoinedAt(t).
		Save(sys)
	if err != nil {
		return nil, err
	}
	return m, s.record(ctx, invitationEntry(authz.AuditInvitationAccepted, inv, accepted), memberEntry(authz.AuditMemberJoined, nil, m))
}

// Decline declines the viewer's invitation.
func (s *Service) Decline(ctx context.Context, key string) (*ent.Invitation, error) {
	inv, _, err := s.inviteeInvitation(ctx, key)
	if err != nil {
		return nil, err
	}
	declined, err := s.db(ctx).Invitation.UpdateOne(inv).
		SetStatus(authz.InvitationDeclined).ClearPendingEmail().SetRespondedAt(now()).
		Save(policy.WithSystem(ctx))
	if err != nil {
		return nil, err
	}
	return declined, s.record(ctx, invitationEntry(authz.AuditInvitationDeclined, inv, declined))
}
