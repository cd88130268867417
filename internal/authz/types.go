// Package authz holds Orgraph's rule table: the system groups, the
// organization roles, and who may do what (RULES.md §§1-5), as data
// (orgTable, workTable) and small pure functions next to them. It imports
// nothing from ent: the @hasRole directive and the ent privacy policies
// (internal/policy, which also holds the "who sees what" predicates) both
// ask it.
package authz

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"orgraph/internal/errcode"
)

// Group is a user's system group: ADMIN > USER > WORKER.
type Group string

// The system groups, lowest first.
const (
	GroupWorker Group = "WORKER"
	GroupUser   Group = "USER"
	GroupAdmin  Group = "ADMIN"
)

var groups = []Group{GroupWorker, GroupUser, GroupAdmin}

// Values lists the groups for ent's enum field.
func (Group) Values() []string {
	return []string{string(GroupAdmin), string(GroupUser), string(GroupWorker)}
}

// Valid reports whether g is one of the known groups.
func (g Group) Valid() bool { return slices.Contains(groups, g) }

// AtLeast reports whether g ranks at or above min.
func (g Group) AtLeast(min Group) bool { return atLeast(groups, g, min) }

// MarshalGQL implements graphql.Marshaler.
func (g Group) MarshalGQL(w io.Writer) { quote(w, g) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (g *Group) UnmarshalGQL(v any) error { return unmarshalEnum(g, v, groups, "group", "SystemGroup") }

// Role is a member's role inside an organization:
// OWNER > MAINTAINER > SUPERVISOR > WORKER.
type Role string

// The organization roles, lowest first.
const (
	RoleWorker     Role = "WORKER"
	RoleSupervisor Role = "SUPERVISOR"
	RoleMaintainer Role = "MAINTAINER"
	RoleOwner      Role = "OWNER"
)

var roles = []Role{RoleWorker, RoleSupervisor, RoleMaintainer, RoleOwner}

// RoleRanks lists the roles, lowest first.
func RoleRanks() []Role { return slices.Clone(roles) }

// Values lists the roles for ent's enum fields.
func (Role) Values() []string { return enumValues(roles) }

// IsStaff reports whether r is owner or maintainer.
func (r Role) IsStaff() bool { return r.AtLeast(RoleMaintainer) }

// AtLeast reports whether r ranks at or above min. The zero Role (not a
// member) ranks below every role.
func (r Role) AtLeast(min Role) bool { return atLeast(roles, r, min) }

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return slices.Contains(roles, r) }

// MarshalGQL implements graphql.Marshaler.
func (r Role) MarshalGQL(w io.Writer) { quote(w, r) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (r *Role) UnmarshalGQL(v any) error { return unmarshalEnum(r, v, roles, "role", "Role") }

// InvitationStatus is the state of an invitation. EXPIRED is stored when
// an expired invitation is replaced, and otherwise derived: a PENDING row
// whose expiresAt has passed is reported as EXPIRED (ShownStatus).
type InvitationStatus string

// The invitation statuses.
const (
	InvitationPending  InvitationStatus = "PENDING"
	InvitationAccepted InvitationStatus = "ACCEPTED"
	InvitationDeclined InvitationStatus = "DECLINED"
	InvitationRevoked  InvitationStatus = "REVOKED"
	InvitationExpired  InvitationStatus = "EXPIRED"
)

var statuses = []InvitationStatus{InvitationPending, InvitationAccepted, InvitationDeclined, InvitationRevoked, InvitationExpired}

// Values lists the statuses for ent's enum field.
func (InvitationStatus) Values() []string { return enumValues(statuses) }

// MarshalGQL implements graphql.Marshaler.
func (s InvitationStatus) MarshalGQL(w io.Writer) { quote(w, s) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *InvitationStatus) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, statuses, "status", "InvitationStatus")
}

// atLeast ranks v against min in ranks (lowest first); unknown values rank
// below everything.
func atLeast[T comparable](ranks []T, v, min T) bool {
	i := slices.Index(ranks, v)
	return i >= 0 && i >= slices.Index(ranks, min)
}

func enumValues[T ~string](all []T) []string {
	out := make([]string, len(all))
	for i, v := range all {
		out[i] = string(v)
	}
	return out
}

func quote[T ~string](w io.Writer, v T) { _, _ = io.WriteString(w, strconv.Quote(string(v))) }

// unmarshalEnum reads a GraphQL enum value into dst, BAD_USER_INPUT when
// it is not one of all.
func unmarshalEnum[T ~string](dst *T, v any, all []T, field, typeName string) error {
	s, _ := v.(string)
	if !slices.Contains(all, T(s)) {
		return errcode.Invalid(field, fmt.Sprintf("%v is not a valid %s", v, typeName))
	}
	*dst = T(s)
	return nil
}
