package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/internal/authz"
	"orgraph/internal/policy"
)

// Invitation invites an email address into an organization with a role.
// The key that accepts it is sent by email only; the row keeps its hash.
type Invitation struct{ ent.Schema }

// Fields of the Invitation.
func (Invitation) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").
			MaxLen(254).
			Validate(ValidateEmail).
			Immutable(),
		field.Enum("role").
			GoType(authz.Role("")).
			Immutable().
			Annotations(entgql.Type("Role")),
		// status is exposed through a hand-written field that reports a
		// PENDING invitation past its expiry as EXPIRED.
		field.Enum("status").
			GoType(authz.InvitationStatus("")).
			Default(string(authz.InvitationPending)).
			Annotations(entgql.Skip()),
		// pending_email is the email while the invitation is PENDING, NULL
		// otherwise: its unique index with the organization enforces RULES.md
		// §6.2 (one pending invitation per email and organization) on both
		// databases.
		field.String("pending_email").
			MaxLen(254).
			Optional().Nillable().
			Annotations(entgql.Skip()),
		field.Bytes("key_hash").
			Sensitive().
			Unique().
			MaxLen(32).
			SchemaType(sha256Column).
			Annotations(entgql.Skip()),
		// Always set; Optional only so that GraphQL types organization and
		// invitedBy as nullable: after declining, the invitee no longer sees
		// the organization, and a list of invitations must still resolve.
		field.Int("organization_id").Optional().Immutable().Annotations(entgql.Skip()),
		field.Int("invited_by_id").Optional().Immutable().Annotations(entgql.Skip()),
		field.Time("created_at").
			Default(now).
			Immutable().
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("sent_at").Default(now),
		field.Time("expires_at").Annotations(entgql.OrderField("EXPIRES_AT")),
		field.Int("send_count").Default(1).NonNegative(),
		field.Time("responded_at").Optional().Nillable(),
	}
}

// Edges of the Invitation.
func (Invitation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).
			Ref("invitations").
			Field("organization_id").
			Unique().Immutable(),
		edge.From("invited_by", User.Type).
			Ref("sent_invitations").
			Field("invited_by_id").
			Unique().Immutable(),
		edge.To("membership", Membership.Type).
			Unique().
			Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
	}
}

// Indexes of the Invitation.
func (Invitation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "pending_email").Unique(),
		index.Fields("email"),
	}
}

// Annotations of the Invitation.
func (Invitation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}

// Policy of the Invitation.
func (Invitation) Policy() ent.Policy { return policy.Invitation() }
