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
			Comment("The invited address, normalized (NFKC, lower case).").
			MaxLen(254).
			Validate(ValidateEmail).
			Immutable(),
		field.Enum("role").
			GoType(authz.Role("")).
			Immutable().
			Comment("The role the invitee gets on accepting: WORKER, SUPERVISOR or MAINTAINER.").
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
			Comment("When it was created.").
			Default(now).
			Immutable().
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("sent_at").Default(now).Comment("When the email was last sent: at the invitation, or at the latest resend."),
		field.Time("expires_at").Annotations(entgql.OrderField("EXPIRES_AT")).
			Comment("When the key stops working: INVITATION_TTL (7 days by default) after the email was last sent."),
		field.Int("send_count").Default(1).NonNegative().Comment("How many times the email was sent: 1, plus one per resend."),
		field.Time("responded_at").Optional().Nillable().
			Comment("When it was accepted, declined or revoked; null while it is pending or expired."),
	}
}

// Edges of the Invitation.
func (Invitation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).
			Comment("The organization it invites to. The invitee sees its slug and name through the invitation (RULES.md §6.4).").
			Ref("invitations").
			Field("organization_id").
			Unique().Immutable(),
		edge.From("invited_by", User.Type).
			Comment("Who sent it; the invitee sees their username.").
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
		schema.Comment("An invitation of an email address to an organization with a role (RULES.md §4). Staff of the organization see it; the invitee sees it through `myInvitations`. Its key is only ever in the email."),
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}

// Policy of the Invitation.
func (Invitation) Policy() ent.Policy { return policy.Invitation() }
