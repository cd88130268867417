package orgs

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"orgraph/ent"
	"orgraph/ent/invitation"
	"orgraph/ent/membership"
	"orgraph/ent/schema"
	"orgraph/ent/user"
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

// Invite invites an email address with a role.
func (s *Service) Invite(ctx context.Context, orgID int, email string, role authz.Role) (*ent.Invitation, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return nil, err
	}
	// Asked here, before the CONFLICT checks below, so that someone who
	// may not invite learns nothing about who is a member or invited.
	org, a, err := s.lockAsActor(ctx, orgID)
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
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	isMember, err := db.Membership.Query().
		Where(membership.OrganizationID(orgID), membership.HasUserWith(user.Email(email))).
		Exist(sys)
	if err != nil {
		return nil, err
	}
	if isMember {
		return nil, &errcode.Error{Code: errcode.Conflict, Field: "email", Message: "this person is already a member"}
	}
	if err := s.releasePendingSlot(ctx, orgID, email); err != nil {
		return nil, err
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
	if err != nil {
		return nil, err
	}
	return inv, s.sendInvitation(ctx, org, inv, key, sender, v.UserID, false)
}

// releasePendingSlot answers CONFLICT when a pending invitation to email
// exists; an expired one is marked EXPIRED so a new one can take its place.
func (s *Service) releasePendingSlot(ctx context.Context, orgID int, email string) error {
	sys := policy.WithSystem(ctx)
	old, err := s.db(ctx).Invitation.Query().
		Where(invitation.OrganizationID(orgID), invitation.PendingEmail(email)).
		Only(sys)
	switch {
	case ent.IsNotFound(err):
		return nil
	case err != nil:
		return err
	case authz.ShownStatus(old.Status, old.ExpiresAt, time.Now()) == authz.InvitationPending:
		return &errcode.Error{Code: errcode.Conflict, Field: "email", Message: "a pending invitation to this email exists: resend it instead"}
	}
	return s.db(ctx).Invitation.UpdateOne(old).
		SetStatus(authz.InvitationExpired).ClearPendingEmail().
		Exec(sys)
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

// invitationInOrg loads an invitation the viewer sees (NOT_FOUND
// otherwise) and locks its organization.
func (s *Service) invitationInOrg(ctx context.Context, id int) (*ent.Invitation, *ent.Organization, error) {
	inv, err := policy.VisibleInvitation(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	org, err := s.lock(ctx, inv.OrganizationID)
	if err != nil {
		return nil, nil, err
	}
	// Read again under the lock; the policy applies
	// authz.CanManageInvitation on the write.
	inv, err = policy.VisibleInvitation(ctx, id)
	return inv, org, err
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
	inv, org, err := s.invitationInOrg(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := requireOpen(inv, "resent"); err != nil {
		return nil, err
	}
	if inv.Status == authz.InvitationExpired {
		// Stored EXPIRED: it gave up its pending slot; take it back.
		if err := s.releasePendingSlot(ctx, inv.OrganizationID, inv.Email); err != nil {
			return nil, err
		}
	}
	sender, err := s.checkEmailLimits(ctx, inv.OrganizationID, inv.Email, v.UserID, true)
	if err != nil {
		return nil, err
	}
	key, hash := newInvitationKey()
	t := now()
	inv, err = s.db(ctx).Invitation.UpdateOne(inv).
		SetKeyHash(hash).SetStatus(authz.InvitationPending).SetPendingEmail(inv.Email).
		SetSentAt(t).SetExpiresAt(t.Add(s.invitationTTL)).AddSendCount(1).
		Save(ctx) // the policy checks CanManageInvitation again
	if err != nil {
		return nil, err
	}
	return inv, s.sendInvitation(ctx, org, inv, key, sender, v.UserID, true)
}

// Revoke revokes a pending invitation.
func (s *Service) Revoke(ctx context.Context, id int) (*ent.Invitation, error) {
	inv, _, err := s.invitationInOrg(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := requireOpen(inv, "revoked"); err != nil {
		return nil, err
	}
	return s.db(ctx).Invitation.UpdateOne(inv).
		SetStatus(authz.InvitationRevoked).ClearPendingEmail().SetRespondedAt(now()).
		Save(ctx)
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
		return nil, nil, errcode.NotFoundf("invitation")
	}
	if inv, err = s.db(ctx).Invitation.Query().Where(byKey).Only(sys); err != nil {
		return nil, nil, errcode.NotFoundf("invitation") // resent meanwhile: the key changed
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
	if err := db.Invitation.UpdateOne(inv).
		SetStatus(authz.InvitationAccepted).ClearPendingEmail().SetRespondedAt(t).
		Exec(sys); err != nil {
		return nil, err
	}
	return db.Membership.Create().
		SetUserID(v.UserID).SetOrganizationID(inv.OrganizationID).SetRole(inv.Role).
		SetInvitedByID(inv.InvitedByID).SetInvitationID(inv.ID).SetJoinedAt(t).
		Save(sys)
}

// Decline declines the viewer's invitation.
func (s *Service) Decline(ctx context.Context, key string) (*ent.Invitation, error) {
	inv, _, err := s.inviteeInvitation(ctx, key)
	if err != nil {
		return nil, err
	}
	return s.db(ctx).Invitation.UpdateOne(inv).
		SetStatus(authz.InvitationDeclined).ClearPendingEmail().SetRespondedAt(now()).
		Save(policy.WithSystem(ctx))
}
