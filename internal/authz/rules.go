package authz

import (
	"time"

	"orgraph/internal/errcode"
)

// Actor is who acts inside one organization: their system group and their
// role there ("" when they are not a member).
type Actor struct {
	Group Group
	Role  Role
	// personal marks the actor of a personal workspace (PersonalOwner).
	personal bool
}

// PersonalOwner is the actor in their own personal workspace: they see and
// do everything with their own work (creating still needs group USER).
func PersonalOwner(group Group) Actor { return Actor{Group: group, Role: RoleOwner, personal: true} }

// IsAdmin reports an actor of the ADMIN system group.
func (a Actor) IsAdmin() bool { return a.Group == GroupAdmin }

// IsMember reports an active member.
func (a Actor) IsMember() bool { return a.Role.Valid() }

// Acts is the role the actor acts with, the column of the tables below:
// admins act as owners (RULES.md §1: an admin may do everything, except break
// an invariant); the owner of a personal workspace as its owner; a member
// of the WORKER system group as a worker, whatever role is recorded (RULES.md
// §1); anyone else with their role ("" for a non-member).
func (a Actor) Acts() Role {
	switch {
	case a.IsAdmin() || a.personal:
		return RoleOwner
	case a.Group == GroupWorker && a.IsMember():
		return RoleWorker
	}
	return a.Role
}

// Sees reports whether the actor sees the organization at all. For anyone
// else it does not exist: NOT_FOUND (a pending invitation included: RULES.md §2).
func (a Actor) Sees() bool { return a.IsAdmin() || a.IsMember() || a.personal }

// HasRole reports whether the actor acts with at least min.
func (a Actor) HasRole(min Role) bool { return a.Acts().AtLeast(min) }

// orgRule is one row: the lowest role that may, and whether the system
// group USER is needed too (RULES.md §3: inviting, changing roles and removing
// members).
type orgRule struct {
	min       Role
	userGroup bool
}

// orgTable is RULES.md §3's table, read column by column: an action is allowed
// from its role upwards. Seeing the organization and its active members,
// and leaving it, are every member's (Sees, CanLeave).
var orgTable = map[Action]orgRule{
	SeeInvitations:     {min: RoleMaintainer},
	SeeMemberEmails:    {min: RoleMaintainer},
	EditOrganization:   {min: RoleMaintainer},
	RemoveOrganization: {min: RoleOwner},
	InviteMember:       {min: RoleMaintainer, userGroup: true},
	InviteMaintainer:   {min: RoleOwner, userGroup: true},
	ManageInvitations:  {min: RoleMaintainer, userGroup: true},
	ChangeRoles:        {min: RoleMaintainer, userGroup: true},
	ChangeMaintainers:  {min: RoleOwner, userGroup: true},
	RemoveMember:       {min: RoleMaintainer, userGroup: true},
	RemoveMaintainer:   {min: RoleOwner, userGroup: true},
	TransferOwnership:  {min: RoleOwner},
	SeeAuditLog:        {min: RoleMaintainer},
	MoveWork:           {min: RoleMaintainer, userGroup: true},
}

// May reports whether the actor may do act (no error), or why not:
// NOT_FOUND when they do not see the organization, FORBIDDEN otherwise.
func (a Actor) May(act Action) error {
	rule := orgTable[act]
	switch {
	case !a.Sees():
		return errNotFound
	case !a.HasRole(rule.min):
		return forbidden("this needs the role " + string(rule.min) + " or higher: " + string(act))
	case rule.userGroup && !a.Group.AtLeast(GroupUser):
		return forbidden("members of the WORKER system group cannot " + string(act))
	}
	return nil
}

// Can is May as a yes or no.
func (a Actor) Can(act Action) bool { return a.May(act) == nil }

var errNotFound = errcode.NotFoundf("organization")

// forbidden is the FORBIDDEN error of an actor who sees the thing but may
// not do this to it.
func forbidden(msg string) error { return errcode.New(errcode.Forbidden, "%s", msg) }

// CanInvite: staff invite workers and supervisors; only the owner invites
// maintainers; nobody invites an owner.
func (a Actor) CanInvite(role Role) error {
	switch role {
	case RoleOwner:
		if err := a.May(InviteMember); err != nil {
			return err
		}
		return errcode.Invalid("role", "nobody is invited as owner: invite, then transfer ownership")
	case RoleMaintainer:
		return a.May(InviteMaintainer)
	}
	return a.May(InviteMember)
}

// CanManageInvitation: resend or revoke. The inviter manages their own
// invitations; staff manage all.
func (a Actor) CanManageInvitation(isInviter bool) error {
	if isInviter && a.Sees() {
		return nil
	}
	return a.May(ManageInvitations)
}

// CanChangeRole: staff change workers and supervisors between worker and
// supervisor; only the owner touches maintainers or makes one. Nobody
// changes their own role, and nobody becomes or stops being owner this way.
func (a Actor) CanChangeRole(target, newRole Role, self bool) error {
	return a.changeMember(ChangeRoles, pick(target == RoleMaintainer || newRole == RoleMaintainer, ChangeMaintainers, ChangeRoles),
		refusal{self, forbidden("nobody changes their own role")},
		refusal{newRole == RoleOwner, errcode.Invalid("role", "nobody is made owner by a role change: use transferOwnership")},
		refusal{target == RoleOwner, forbidden("the owner's role changes only through transferOwnership")})
}

// CanRemove: staff remove workers and supervisors; only the owner removes
// maintainers; the owner is never removed, and members leave (CanLeave)
// rather than remove themselves.
func (a Actor) CanRemove(target Role, self bool) error {
	return a.changeMember(RemoveMember, pick(target == RoleMaintainer, RemoveMaintainer, RemoveMember),
		refusal{self, forbidden("use leaveOrganization to leave")},
		refusal{target == RoleOwner, forbidden("the owner cannot be removed: transfer ownership first")})
}

// refusal is a case in which a change to a membership is refused whatever
// the actor's role.
type refusal struct {
	applies bool
	err     error
}

// changeMember: the actor must be allowed base (touching members at all),
// then no refusal may apply, then they must be allowed act (the row for
// this target and new role).
func (a Actor) changeMember(base, act Action, refusals ...refusal) error {
	if err := a.May(base); err != nil {
		return err
	}
	for _, r := range refusals {
		if r.applies {
			return r.err
		}
	}
	return a.May(act)
}

func pick(cond bool, yes, no Action) Action {
	if cond {
		return yes
	}
	return no
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
	if err := a.May(TransferOwnership); err != nil {
		return err
	}
	if targetIsOwner {
		return errcode.Invalid("membershipID", "this member is already the owner")
	}
	return nil
}

// CanRespond: only the person an invitation was sent to accepts or
// declines it (RULES.md §4).
func CanRespond(isInvitee bool) error {
	if !isInvitee {
		return forbidden("this invitation is for another email address")
	}
	return nil
}

// ShownStatus is the one rule of expiry (RULES.md §4): a PENDING invitation
// past its expiresAt is EXPIRED. Its SQL twin is policy.InvitationStatusIs.
func ShownStatus(stored InvitationStatus, expiresAt, now time.Time) InvitationStatus {
	if stored == InvitationPending && !expiresAt.After(now) {
		return InvitationExpired
	}
	return stored
}

// CanCreateOrganization: system group min or higher (RULES.md §2; min is
// configurable, USER by default).
func CanCreateOrganization(g, min Group) error {
	if !g.AtLeast(min) {
		return forbidden("creating organizations needs system group " + string(min) + " or higher")
	}
	return nil
}

// CanSetGroup: only an admin changes system groups, and not their own.
func CanSetGroup(actor Group, self bool) error {
	switch {
	case actor != GroupAdmin:
		return forbidden("only an admin changes system groups")
	case self:
		return forbidden("you cannot change your own system group")
	}
	return nil
}
