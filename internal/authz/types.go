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

// The enums of the rule table. Each is a string type whose values are
// listed in an enum (lowest rank first, for the ranked ones); the methods
// below give ent its values and gqlgen its marshaling, all through enum.
type (
	// Group is a user's system group: ADMIN > USER > WORKER.
	Group string
	// Role is a member's role inside an organization:
	// OWNER > MAINTAINER > SUPERVISOR > WORKER.
	Role string
	// InvitationStatus is the state of an invitation. EXPIRED is stored
	// when an expired invitation is replaced, and otherwise derived: a
	// PENDING row whose expiresAt has passed is reported as EXPIRED
	// (ShownStatus).
	InvitationStatus string
)

// The system groups, lowest first.
const (
	GroupWorker Group = "WORKER"
	GroupUser   Group = "USER"
	GroupAdmin  Group = "ADMIN"
)

// The organization roles, lowest first.
const (
	RoleWorker     Role = "WORKER"
	RoleSupervisor Role = "SUPERVISOR"
	RoleMaintainer Role = "MAINTAINER"
	RoleOwner      Role = "OWNER"
)

// The invitation statuses.
const (
	InvitationPending  InvitationStatus = "PENDING"
	InvitationAccepted InvitationStatus = "ACCEPTED"
	InvitationDeclined InvitationStatus = "DECLINED"
	InvitationRevoked  InvitationStatus = "REVOKED"
	InvitationExpired  InvitationStatus = "EXPIRED"
)

var (
	groups   = enum[Group]{"group", "SystemGroup", []Group{GroupWorker, GroupUser, GroupAdmin}}
	roles    = enum[Role]{"role", "Role", []Role{RoleWorker, RoleSupervisor, RoleMaintainer, RoleOwner}}
	statuses = enum[InvitationStatus]{"status", "InvitationStatus", []InvitationStatus{
		InvitationPending, InvitationAccepted, InvitationDeclined, InvitationRevoked, InvitationExpired}}
)

// RoleRanks lists the roles, lowest first.
func RoleRanks() []Role { return slices.Clone(roles.all) }

// IsStaff reports whether r is owner or maintainer.
func (r Role) IsStaff() bool { return r.AtLeast(RoleMaintainer) }

// Valid reports whether g is one of the known groups; for a role, whether
// it is one (the zero Role is no member).
func (g Group) Valid() bool { return slices.Contains(groups.all, g) }
func (r Role) Valid() bool  { return slices.Contains(roles.all, r) }

// AtLeast reports whether g (r) ranks at or above min. Unknown values, the
// zero Role (not a member) among them, rank below everything.
func (g Group) AtLeast(min Group) bool { return groups.atLeast(g, min) }
func (r Role) AtLeast(min Role) bool   { return roles.atLeast(r, min) }

// Values lists the values for ent's enum fields; the groups highest first,
// the order their column has always had.
func (Group) Values() []string            { return highestFirst(groups.values()) }
func (Role) Values() []string             { return roles.values() }
func (InvitationStatus) Values() []string { return statuses.values() }

// MarshalGQL implements graphql.Marshaler.
func (g Group) MarshalGQL(w io.Writer)            { quote(w, g) }
func (r Role) MarshalGQL(w io.Writer)             { quote(w, r) }
func (s InvitationStatus) MarshalGQL(w io.Writer) { quote(w, s) }

// UnmarshalGQL implements graphql.Unmarshaler: BAD_USER_INPUT for a value
// not in the enum.
func (g *Group) UnmarshalGQL(v any) error            { return groups.unmarshal(g, v) }
func (r *Role) UnmarshalGQL(v any) error             { return roles.unmarshal(r, v) }
func (s *InvitationStatus) UnmarshalGQL(v any) error { return statuses.unmarshal(s, v) }

// enum is the values of a string type, lowest rank first, with the input
// field and GraphQL type named when a value is refused.
type enum[T ~string] struct {
	field, typeName string
	all             []T
}

// atLeast ranks v against min; unknown values rank below everything.
func (e enum[T]) atLeast(v, min T) bool {
	i := slices.Index(e.all, v)
	return i >= 0 && i >= slices.Index(e.all, min)
}

func (e enum[T]) values() []string {
	out := make([]string, len(e.all))
	for i, v := range e.all {
		out[i] = string(v)
	}
	return out
}

// unmarshal reads a GraphQL enum value into dst, BAD_USER_INPUT when it is
// not one of e's.
func (e enum[T]) unmarshal(dst *T, v any) error {
	s, _ := v.(string)
	if !slices.Contains(e.all, T(s)) {
		return errcode.Invalid(e.field, fmt.Sprintf("%v is not a valid %s", v, e.typeName))
	}
	*dst = T(s)
	return nil
}

func highestFirst(values []string) []string {
	slices.Reverse(values)
	return values
}

func quote[T ~string](w io.Writer, v T) { _, _ = io.WriteString(w, strconv.Quote(string(v))) }
