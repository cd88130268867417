// Package authz holds Orgraph's authorization vocabulary and rules: the
// system groups, the organization roles, and pure functions that say who may
// do what (SPEC sections 1, 3, 4 and 5). It imports nothing from ent, so both
// authorization layers -- the @hasRole/@hasGroup directives and the ent
// privacy policies -- can call the same functions.
package authz

import (
	"fmt"
	"io"
	"strconv"

	"orgraph/internal/errcode"
)

// Group is a user's system group: ADMIN > USER > WORKER.
type Group string

// The system groups.
const (
	GroupAdmin  Group = "ADMIN"
	GroupUser   Group = "USER"
	GroupWorker Group = "WORKER"
)

var groupRank = map[Group]int{GroupWorker: 1, GroupUser: 2, GroupAdmin: 3}

// Values lists the groups for ent's enum field.
func (Group) Values() []string {
	return []string{string(GroupAdmin), string(GroupUser), string(GroupWorker)}
}

// Valid reports whether g is one of the known groups.
func (g Group) Valid() bool { return groupRank[g] > 0 }

// AtLeast reports whether g ranks at or above min.
func (g Group) AtLeast(min Group) bool { return g.Valid() && groupRank[g] >= groupRank[min] }

// MarshalGQL implements graphql.Marshaler.
func (g Group) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(g))) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (g *Group) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !Group(s).Valid() {
		return errcode.Invalid("group", fmt.Sprintf("%v is not a valid SystemGroup", v))
	}
	*g = Group(s)
	return nil
}

// Role is a member's role inside an organization:
// OWNER > MAINTAINER > SUPERVISOR > WORKER.
type Role string

// The organization roles.
const (
	RoleWorker     Role = "WORKER"
	RoleSupervisor Role = "SUPERVISOR"
	RoleMaintainer Role = "MAINTAINER"
	RoleOwner      Role = "OWNER"
)

var roleRank = map[Role]int{RoleWorker: 1, RoleSupervisor: 2, RoleMaintainer: 3, RoleOwner: 4}

// Values lists the roles for ent's enum fields.
func (Role) Values() []string {
	return []string{string(RoleWorker), string(RoleSupervisor), string(RoleMaintainer), string(RoleOwner)}
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return roleRank[r] > 0 }

// AtLeast reports whether r ranks at or above min. The zero Role (not a
// member) ranks below every role.
func (r Role) AtLeast(min Role) bool { return roleRank[r] >= roleRank[min] && r.Valid() }

// IsStaff reports whether r is owner or maintainer.
func (r Role) IsStaff() bool { return r.AtLeast(RoleMaintainer) }

// MarshalGQL implements graphql.Marshaler.
func (r Role) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (r *Role) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !Role(s).Valid() {
		return errcode.Invalid("role", fmt.Sprintf("%v is not a valid Role", v))
	}
	*r = Role(s)
	return nil
}

// InvitationStatus is the state of an invitation. EXPIRED is stored when
// an expired invitation is replaced, and otherwise derived: a PENDING row
// whose expiresAt has passed is reported as EXPIRED.
type InvitationStatus string

// The invitation statuses.
const (
	InvitationPending  InvitationStatus = "PENDING"
	InvitationAccepted InvitationStatus = "ACCEPTED"
	InvitationDeclined InvitationStatus = "DECLINED"
	InvitationRevoked  InvitationStatus = "REVOKED"
	InvitationExpired  InvitationStatus = "EXPIRED"
)

// Values lists the statuses for ent's enum field.
func (InvitationStatus) Values() []string {
	return []string{string(InvitationPending), string(InvitationAccepted), string(InvitationDeclined), string(InvitationRevoked), string(InvitationExpired)}
}

// MarshalGQL implements graphql.Marshaler.
func (s InvitationStatus) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *InvitationStatus) UnmarshalGQL(v any) error {
	str, _ := v.(string)
	for _, known := range s.Values() {
		if str == known {
			*s = InvitationStatus(str)
			return nil
		}
	}
	return errcode.Invalid("status", fmt.Sprintf("%v is not a valid InvitationStatus", v))
}
