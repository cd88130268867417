package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/internal/authz"
	"orgraph/internal/policy"
)

// Membership makes a user an active member of an organization with a role.
// (A pending membership is an Invitation.)
type Membership struct{ ent.Schema }

// Fields of the Membership.
func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable().Annotations(entgql.Skip()),
		field.Int("organization_id").Immutable().Annotations(entgql.Skip()),
		field.Enum("role").
			GoType(authz.Role("")).
			Annotations(entgql.Type("Role"), entgql.OrderField("ROLE")),
		field.Time("joined_at").
			Default(now).
			Immutable().
			Annotations(entgql.OrderField("JOINED_AT")),
		field.Int("invited_by_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.Int("invitation_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
	}
}

// Edges of the Membership.
func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).
			Ref("memberships").
			Field("user_id").
			Unique().Required().Immutable(),
		edge.From("organization", Organization.Type).
			Ref("members").
			Field("organization_id").
			Unique().Required().Immutable(),
		// Not filterable: a where-filter on the inviter would reveal users
		// the viewer cannot see (an inviter who has left).
		edge.From("invited_by", User.Type).
			Ref("invited_memberships").
			Field("invited_by_id").
			Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.From("invitation", Invitation.Type).
			Ref("membership").
			Field("invitation_id").
			Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the Membership.
func (Membership) Indexes() []ent.Index {
	return []ent.Index{
		// RULES.md §6.2: at most one membership per (user, organization).
		index.Fields("organization_id", "user_id").Unique(),
		index.Fields("user_id"),
	}
}

// Annotations of the Membership.
func (Membership) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// Hooks of the Membership.
func (Membership) Hooks() []ent.Hook { return []ent.Hook{policy.ForgetRolesOnWrite} }

// Interceptors of the Membership: the users of a page of memberships are
// loaded by the policy, which need not filter them again.
func (Membership) Interceptors() []ent.Interceptor { return []ent.Interceptor{policy.MemberUsers()} }

// Policy of the Membership.
func (Membership) Policy() ent.Policy { return policy.Membership() }
