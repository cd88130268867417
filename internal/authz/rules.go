package authz

import "orgraph/internal/errcode"

// Actor is who acts inside one organization: their system group and their
// role there ("" when they are not a member).
type Actor struct {
	Group Group
	Role  Role
	// personal marks the actor of a personal workspace (PersonalOwner).
	personal bool
}

// IsAdmin reports an actor of the ADMIN system group.
func (a Actor) IsAdmin() bool { return a.Group == GroupAdmin }

// IsMember reports an active member.
func (a Actor) IsMember() bool { return a.Role.Valid() }

// effective is the role an actor acts with: admins act as owners (SPEC 1:
// an admin may do everything, except break an invariant).
func (a Actor) effective() Role {
	if a.IsAdmin() || a.personal {
		return RoleOwner
	}
	return a.Role
}

// Sees reports whether the actor sees the organization at all. For anyone
// else it does not exist: NOT_FOUND.
func (a Actor) Sees() bool { return a.IsAdmin() || a.IsMember() }

// HasRole reports whether the actor acts with at least min (admins always).
func (a Actor) HasRole(min Role) bool { return a.effective().AtLeast(min) }

var errNotFound = errcode.NotFoundf("organization")

// forbidden is the FORBIDDEN error of a member whose role is too low.
func forbidden(msg string) error { return errcode.New(errcode.Forbidden, "%s", msg) }

// require checks visibility first (NOT_FOUND), then min role (FORBIDDEN).
func (a Actor) require(min Role, msg string) error {
	if !a.Sees() {
		return errNotFound
	}
	if !a.HasRole(min) {
		return forbidden(msg)
	}
	return nil
}

// needsUserGroup: inviting, changing roles and removing members also need
// system group USER or higher (SPEC 3).
func (a Actor) needsUserGroup() error {
	if !a.Group.AtLeast(GroupUser) {
		return forbidden("members of the WORKER system group cannot manage members")
	}
	return nil
}

// CanSeeInvitations: staff see the organization's pending invitations.
func (a Actor) CanSeeInvitations() bool { return a.HasRole(RoleMaintainer) }

// CanEditOrganization: owner and maintainers edit slug, name, description
// and contact.
func (a Actor) CanEditOrganization() error {
	return a.require(RoleMaintainer, "only the owner and maintainers edit the organization")
}

// CanDeleteOrganization: only the owner (or an admin).
func (a Actor) CanDeleteOrganization() error {
	return a.require(RoleOwner, "only the owner removes the organization")
}

// CanInvite: staff invite workers and supervisors; only the owner invites
// maintainers; nobody invites an owner.
func (a Actor) CanInvite(role Role) error {
	if err := a.require(RoleMaintainer, "only the owner and maintainers invite members"); err != nil {
		return err
	}
	if err := a.needsUserGroup(); err != nil {
		return err
	}
	switch {
	case role == RoleOwner:
		return errcode.Invalid("role", "nobody is invited as owner: invite, then transfer ownership")
	case role == RoleMaintainer && !a.HasRole(RoleOwner):
		return forbidden("only the owner invites maintainers")
	}
	return nil
}

// CanManageInvitation: resend or revoke. Staff manage all invitations;
// other members only those they sent. Managing someone else's invitation
// is inviting (a resend issues a new key) or removing a would-be member, so
// it also needs system group USER (SPEC 1, 3); one's own stays allowed, as
// for a worker.
func (a Actor) CanManageInvitation(isInviter bool) error {
	switch {
	case !a.Sees():
		return errNotFound
	case isInviter:
		return nil
	case !a.HasRole(RoleMaintainer):
		return forbidden("only staff and the inviter resend or revoke an invitation")
	}
	return a.needsUserGroup()
}

// CanChangeRole: staff change workers and supervisors between worker and
// supervisor; only the owner touches maintainers or makes one. Nobody
// changes their own role, and nobody becomes or stops being owner this way.
func (a Actor) CanChangeRole(target, newRole Role, self bool) error {
	if err := a.require(RoleMaintainer, "only the owner and maintainers change roles"); err != nil {
		return err
	}
	if err := a.needsUserGroup(); err != nil {
		return err
	}
	switch {
	case self:
		return forbidden("nobody changes their own role")
	case newRole == RoleOwner:
		return errcode.Invalid("role", "nobody is made owner by a role change: use transferOwnership")
	case target == RoleOwner:
		return forbidden("the owner's role changes only through transferOwnership")
	case (target == RoleMaintainer || newRole == RoleMaintainer) && !a.HasRole(RoleOwner):
		return forbidden("only the owner changes a maintainer's role or makes someone maintainer")
	}
	return nil
}

// CanRemove: staff remove workers and supervisors; only the owner removes
// maintainers; the owner is never removed, and members leave rather than
// remove themselves.
func (a Actor) CanRemove(target Role, self bool) error {
	if err := a.require(RoleMaintainer, "only the owner and maintainers remove members"); err != nil {
		return err
	}
	if err := a.needsUserGroup(); err != nil {
		return err
	}
	switch {
	case self:
		return forbidden("use leaveOrganization to leave")
	case target == RoleOwner:
		return forbidden("the owner cannot be removed: transfer ownership first")
	case target == RoleMaintainer && !a.HasRole(RoleOwner):
		return forbidden("only the owner removes maintainers")
	}
	return nil
}

// CanLeave: any member but the owner, who must transfer ownership first.
func (a Actor) CanLeave() error {
	switch {
	case !a.IsMember():
		return errNotFound
	case a.Role == RoleOwner:
		return forbidden("the owner cannot leave: transfer ownership first")
	}
	return nil
}

// CanTransferOwnership: the owner (or an admin) to another active member.
func (a Actor) CanTransferOwnership(targetIsOwner bool) error {
	if err := a.require(RoleOwner, "only the owner transfers ownership"); err != nil {
		return err
	}
	if targetIsOwner {
		return errcode.Invalid("membershipID", "this member is already the owner")
	}
	return nil
}
