package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/ent/schema/gqldoc"
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
			Comment("The member's role. A user of the system group WORKER keeps it for display and acts with a worker's rights.").
			Annotations(entgql.Type("Role"), entgql.OrderField("ROLE"), gqldoc.Enum{
				Type: "A role in an organization, highest first: OWNER, MAINTAINER, SUPERVISOR, WORKER (RULES.md §3). Owner and maintainers are the staff.",
				Values: map[string]string{
					"OWNER":      "The one owner: all a maintainer may, and invites maintainers, changes or removes them, transfers ownership and removes the organization.",
					"MAINTAINER": "Staff: edits the organization, sees pending invitations, invites workers and supervisors, changes their roles and removes them; sees and manages all the organization's work.",
					"SUPERVISOR": "Creates projects and tasks, creates jobs in tasks they own or are assigned to, and sees every cloud storage; sees the work they own or are assigned to.",
					"WORKER":     "Sees the work they own or are assigned to, annotates the jobs they see, and creates tasks in projects they own or are assigned to.",
				},
			}),
		field.Time("joined_at").
			Comment("When the user joined: accepted the invitation, or created the organization.").
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
			Comment("The member.").
			Ref("memberships").
			Field("user_id").
			Unique().Required().Immutable(),
		edge.From("organization", Organization.Type).
			Comment("The organization.").
			Ref("members").
			Field("organization_id").
			Unique().Required().Immutable(),
		// Not filterable: a where-filter on the inviter would reveal users
		// the viewer cannot see (an inviter who has left).
		edge.From("invited_by", User.Type).
			Comment("Who sent the invitation the member accepted; null for the creator of the organization, or when the viewer may no longer see the inviter.").
			Ref("invited_memberships").
			Field("invited_by_id").
			Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.From("invitation", Invitation.Type).
			Comment("The invitation the member accepted; null for the creator of the organization, or when the viewer may not see it.").
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
		schema.Comment("A user's active membership of an organization, with a role (RULES.md §3). Members of the organization see it."),
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
