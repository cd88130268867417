// Package orgs runs the organization workflows of RULES.md §§2-4 that
// take more than one write: creating an organization with its owner,
// inviting, resending, accepting and declining invitations, changing roles,
// removing and leaving, transferring ownership, removing an organization.
//
// Every workflow locks the organization row first (SELECT ... FOR UPDATE on
// MariaDB; SQLite transactions are already exclusive), so concurrent
// requests on one organization run one after the other and the invariants
// of RULES.md §6 hold. Who may do what is decided by internal/authz, applied by
// the ent privacy policies on each write; a workflow only calls an authz
// rule itself where its answer must come before another check (FORBIDDEN
// before CONFLICT, say).
package orgs

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"orgraph/ent"
	"orgraph/ent/invitation"
	"orgraph/ent/membership"
	"orgraph/ent/organization"
	"orgraph/ent/schema"
	"orgraph/ent/user"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/mail"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// Service runs the workflows.
type Service struct {
	client        *ent.Client
	dialect       string
	mailer        *mail.Mailer
	publicURL     string
	invitationTTL time.Duration
	// inviterEmailsPerDay: see WithInviterEmailsPerDay.
	inviterEmailsPerDay int
}

// NewService returns the organization service.
func NewService(client *ent.Client, dialect string, mailer *mail.Mailer, publicURL string, invitationTTL time.Duration) *Service {
	return &Service{client: client, dialect: dialect, mailer: mailer, publicURL: publicURL, invitationTTL: invitationTTL}
}

func (s *Service) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func requireViewer(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	return v, nil
}

// lock takes the organization's row lock for the rest of the transaction
// and forgets the viewer's cached roles, so that every check after it reads
// the state as of the lock.
func (s *Service) lock(ctx context.Context, orgID int) (*ent.Organization, error) {
	if ent.TxFromContext(ctx) == nil {
		return nil, fmt.Errorf("orgs: workflow outside a transaction")
	}
	q := s.db(ctx).Organization.Query().Where(organization.ID(orgID))
	if s.dialect != dialect.SQLite {
		q = q.ForUpdate()
	}
	org, err := q.Only(policy.WithSystem(ctx))
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("organization")
	}
	policy.Forget(ctx)
	return org, err
}

// actor is who the viewer is in the organization; a non-member (not admin)
// gets NOT_FOUND, as if the organization did not exist.
func actor(ctx context.Context, orgID int) (authz.Actor, error) {
	a, err := policy.ActorIn(ctx, orgID)
	if err == nil && !a.Sees() {
		err = errcode.NotFoundf("organization")
	}
	return a, err
}

// Contact is an organization's contact; nil fields are left unchanged.
type Contact struct{ Email, Phone, Location *string }

// Fields are the editable fields of an organization; nil means unchanged
// (or default, on creation).
type Fields struct {
	Slug, Name, Description *string
	Contact                 *Contact
}

// Create creates an organization with the viewer as its owner.
func (s *Service) Create(ctx context.Context, f Fields) (*ent.Organization, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if f.Slug == nil {
		return nil, errcode.Invalid("slug", "slug is required")
	}
	if err := s.checkSlugFree(ctx, *f.Slug, 0); err != nil {
		return nil, err
	}
	c := s.db(ctx).Organization.Create().SetSlug(*f.Slug).SetName(*f.Slug).SetOwnerID(v.UserID)
	if f.Name != nil {
		c.SetName(*f.Name)
	}
	if f.Description != nil {
		c.SetDescription(*f.Description)
	}
	if ct := f.Contact; ct != nil {
		c.SetNillableContactEmail(lower(ct.Email)).SetNillableContactPhone(ct.Phone).SetNillableContactLocation(ct.Location)
	}
	org, err := c.Save(ctx) // the policy checks ORG_CREATOR_GROUP
	if err != nil {
		return nil, err
	}
	// The owner's membership is part of creating the organization, which
	// the policy just allowed.
	err = s.db(ctx).Membership.Create().
		SetUserID(v.UserID).SetOrganizationID(org.ID).SetRole(authz.RoleOwner).
		Exec(policy.WithSystem(ctx))
	return org, err
}

func lower(s *string) *string {
	if s == nil {
		return nil
	}
	l := strings.ToLower(strings.TrimSpace(*s))
	return &l
}

// checkSlugFree answers CONFLICT when another organization has the slug
// (ignoring case). Organizations the viewer cannot see count too: slugs are
// one namespace.
func (s *Service) checkSlugFree(ctx context.Context, slug string, exceptID int) error {
	if err := schema.ValidateSlug(slug); err != nil {
		return errcode.Invalid("slug", err.Error())
	}
	taken, err := s.db(ctx).Organization.Query().
		Where(organization.SlugKey(strings.ToLower(slug)), organization.IDNEQ(exceptID)).
		Exist(policy.WithSystem(ctx))
	if err != nil {
		return err
	}
	if taken {
		return &errcode.Error{Code: errcode.Conflict, Field: "slug", Message: "this slug is taken"}
	}
	return nil
}

// Update edits an organization.
func (s *Service) Update(ctx context.Context, id int, f Fields) (*ent.Organization, error) {
	if _, err := s.lock(ctx, id); err != nil {
		return nil, err
	}
	u := s.db(ctx).Organization.UpdateOneID(id)
	if f.Slug != nil {
		if err := s.checkSlugFree(ctx, *f.Slug, id); err != nil {
			return nil, err
		}
		u.SetSlug(*f.Slug)
	}
	if f.Name != nil {
		u.SetName(*f.Name)
	}
	if f.Description != nil {
		u.SetDescription(*f.Description)
	}
	if ct := f.Contact; ct != nil {
		u.SetNillableContactEmail(lower(ct.Email)).SetNillableContactPhone(ct.Phone).SetNillableContactLocation(ct.Location)
	}
	return u.Save(ctx) // the policy checks authz.EditOrganization
}

// Delete removes an organization and everything in it (the cascade is the
// Organization delete hook, in the same transaction).
func (s *Service) Delete(ctx context.Context, id int, confirmSlug string) (int, error) {
	org, err := s.lock(ctx, id)
	if err != nil {
		return 0, err
	}
	if confirmSlug != org.Slug {
		return 0, errcode.Invalid("confirmSlug", "confirmSlug must equal the organization's slug exactly")
	}
	return id, s.db(ctx).Organization.DeleteOneID(id).Exec(ctx) // the policy checks authz.RemoveOrganization
}

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
	org, err := s.lock(ctx, orgID)
	if err != nil {
		return nil, err
	}
	// Asked here, before the CONFLICT checks below, so that someone who
	// may not invite learns nothing about who is a member or invited.
	a, err := actor(ctx, orgID)
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
	if err := s.recordEmail(ctx, inv, v.UserID, false); err != nil {
		return nil, err
	}
	return inv, s.sendInvitation(ctx, org, inv, key, sender)
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

// sendInvitation queues the invitation email for after the commit. sender
// is the user row the workflow already read, if any: the email names the
// inviter, read again only when that is someone else (or nothing was read).
func (s *Service) sendInvitation(ctx context.Context, org *ent.Organization, inv *ent.Invitation, key string, sender *ent.User) error {
	inviter := sender
	if inviter == nil || inviter.ID != inv.InvitedByID {
		var err error
		if inviter, err = s.db(ctx).User.Get(policy.WithSystem(ctx), inv.InvitedByID); err != nil {
			return err
		}
	}
	link := s.publicURL + "/invitations/accept?key=" + key
	s.mailer.AfterCommit(ctx, mail.Message{
		To:      inv.Email,
		Subject: fmt.Sprintf("%s invites you to %s on Orgraph", inviter.Username, org.Name),
		Body: fmt.Sprintf("%s invites you to join the organization %s (%s) as %s.\n\n"+
			"Accept the invitation:\n%s\n\n"+
			"If you have no Orgraph account yet, sign up with this email address (%s) first.\n"+
			"The invitation expires on %s.\n",
			inviter.Username, org.Name, org.Slug, strings.ToLower(string(inv.Role)),
			link, inv.Email, inv.ExpiresAt.Format(time.RFC1123)),
	})
	return nil
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
	if st := Status(inv); st != authz.InvitationPending && st != authz.InvitationExpired {
		return nil, errcode.Invalid("id", fmt.Sprintf("a %s invitation cannot be resent", st))
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
	if err := s.recordEmail(ctx, inv, v.UserID, true); err != nil {
		return nil, err
	}
	return inv, s.sendInvitation(ctx, org, inv, key, sender)
}

// Revoke revokes a pending invitation.
func (s *Service) Revoke(ctx context.Context, id int) (*ent.Invitation, error) {
	inv, _, err := s.invitationInOrg(ctx, id)
	if err != nil {
		return nil, err
	}
	if st := Status(inv); st != authz.InvitationPending && st != authz.InvitationExpired {
		return nil, errcode.Invalid("id", fmt.Sprintf("a %s invitation cannot be revoked", st))
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

// membershipInOrg loads a membership and locks its organization. A
// membership of an organization the viewer does not see is NOT_FOUND.
func (s *Service) membershipInOrg(ctx context.Context, id int) (*ent.Membership, error) {
	m, err := policy.VisibleMembership(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.lock(ctx, m.OrganizationID); err != nil {
		return nil, err
	}
	return policy.VisibleMembership(ctx, id) // NOT_FOUND if removed while we waited for the lock
}

// ChangeRole changes a member's role (never to or from OWNER).
func (s *Service) ChangeRole(ctx context.Context, membershipID int, role authz.Role) (*ent.Membership, error) {
	if _, err := s.membershipInOrg(ctx, membershipID); err != nil {
		return nil, err
	}
	return s.db(ctx).Membership.UpdateOneID(membershipID).SetRole(role).Save(ctx) // the policy applies CanChangeRole
}

// Remove removes another member.
func (s *Service) Remove(ctx context.Context, membershipID int) (int, error) {
	if _, err := s.membershipInOrg(ctx, membershipID); err != nil {
		return 0, err
	}
	return membershipID, s.db(ctx).Membership.DeleteOneID(membershipID).Exec(ctx) // the policy applies CanRemove
}

// Leave removes the viewer's own membership.
func (s *Service) Leave(ctx context.Context, orgID int) (int, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return 0, err
	}
	if _, err := s.lock(ctx, orgID); err != nil {
		return 0, err
	}
	m, err := s.db(ctx).Membership.Query().
		Where(membership.OrganizationID(orgID), membership.UserID(v.UserID)).
		Only(policy.WithSystem(ctx))
	if ent.IsNotFound(err) {
		return 0, errcode.NotFoundf("organization")
	}
	if err != nil {
		return 0, err
	}
	return m.ID, s.db(ctx).Membership.DeleteOneID(m.ID).Exec(policy.Leaving(ctx)) // the policy applies CanLeave
}

// TransferOwnership makes another active member the owner and the old owner
// a maintainer, atomically.
func (s *Service) TransferOwnership(ctx context.Context, orgID, membershipID int) (*ent.Organization, error) {
	org, err := s.lock(ctx, orgID)
	if err != nil {
		return nil, err
	}
	a, err := actor(ctx, orgID)
	if err != nil {
		return nil, err
	}
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	target, err := db.Membership.Get(sys, membershipID)
	if ent.IsNotFound(err) || (err == nil && target.OrganizationID != orgID) {
		return nil, errcode.Invalid("membershipID", "not an active member of this organization")
	}
	if err != nil {
		return nil, err
	}
	if err := a.CanTransferOwnership(target.Role == authz.RoleOwner); err != nil {
		return nil, err
	}
	// Writes the membership policy refuses to anyone (owners are made only
	// here), allowed by the check above.
	if _, err := db.Membership.Update().
		Where(membership.OrganizationID(orgID), membership.RoleEQ(authz.RoleOwner)).
		SetRole(authz.RoleMaintainer).
		Save(sys); err != nil {
		return nil, err
	}
	if err := db.Membership.UpdateOneID(membershipID).SetRole(authz.RoleOwner).Exec(sys); err != nil {
		return nil, err
	}
	return db.Organization.UpdateOne(org).SetOwnerID(target.UserID).Save(sys)
}
