package orgs

import (
	"context"

	"orgraph/ent"
	"orgraph/ent/membership"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/events"
	"orgraph/internal/policy"
)

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
	before, err := s.membershipInOrg(ctx, membershipID)
	if err != nil {
		return nil, err
	}
	after, err := s.db(ctx).Membership.UpdateOneID(membershipID).SetRole(role).Save(ctx) // the policy applies CanChangeRole
	if err != nil {
		return nil, err
	}
	return after, s.record(ctx, memberEntry(authz.AuditRoleChanged, before, after))
}

// Remove removes another member and hands their assignments over to the
// member reassignTo (a membership ID), or clears them when it is nil.
func (s *Service) Remove(ctx context.Context, membershipID int, reassignTo *int) (*Departure, error) {
	m, err := s.membershipInOrg(ctx, membershipID)
	if err != nil {
		return nil, err
	}
	if err := s.db(ctx).Membership.DeleteOneID(membershipID).Exec(ctx); err != nil { // the policy applies CanRemove
		return nil, err
	}
	d, err := s.depart(ctx, m, reassignTo)
	if err != nil {
		return nil, err
	}
	return d, s.record(ctx, memberEntry(authz.AuditMemberRemoved, m, nil))
}

// Leave removes the viewer's own membership; their assignments go as in
// Remove, within what they may assign by hand (mayReassign).
func (s *Service) Leave(ctx context.Context, orgID int, reassignTo *int) (*Departure, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.lock(ctx, orgID); err != nil {
		return nil, err
	}
	m, err := s.db(ctx).Membership.Query().
		Where(membership.OrganizationID(orgID), membership.UserID(v.UserID)).
		Only(policy.WithSystem(ctx))
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("organization")
	}
	if err != nil {
		return nil, err
	}
	if reassignTo != nil {
		if err := s.mayReassign(ctx, orgID, v.UserID); err != nil { // asked while still a member
			return nil, err
		}
	}
	if err := s.db(ctx).Membership.DeleteOneID(m.ID).Exec(policy.Leaving(ctx)); err != nil { // the policy applies CanLeave
		return nil, err
	}
	d, err := s.depart(ctx, m, reassignTo)
	if err != nil {
		return nil, err
	}
	return d, s.record(ctx, memberEntry(authz.AuditMemberLeft, m, nil))
}

// depart hands the assignments of the removed membership m over.
func (s *Service) depart(ctx context.Context, m *ent.Membership, reassignTo *int) (*Departure, error) {
	to, err := s.receiver(ctx, m.OrganizationID, m.UserID, reassignTo)
	if err != nil {
		return nil, err
	}
	d := &Departure{MembershipID: m.ID, ReassignedTo: reassignTo}
	return d, s.handOver(ctx, m.OrganizationID, m.UserID, to, d)
}

// TransferOwnership makes another active member the owner and the old owner
// a maintainer, atomically.
func (s *Service) TransferOwnership(ctx context.Context, orgID, membershipID int) (*ent.Organization, error) {
	org, a, err := s.lockAsActor(ctx, orgID)
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
	after, err := db.Organization.UpdateOne(org).SetOwnerID(target.UserID).Save(sys)
	if err != nil {
		return nil, err
	}
	return after, s.record(ctx, events.Entry{
		Action: authz.AuditOwnershipTransfer, OrganizationID: orgID, TargetType: "organization", TargetID: orgID,
		Before: map[string]any{"ownerID": events.ID(org.OwnerID)}, After: map[string]any{"ownerID": events.ID(target.UserID)},
		UserID: target.UserID, Role: authz.RoleOwner, PreviousRole: target.Role,
	})
}
