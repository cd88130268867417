package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/internal/policy"
)

// InviteIdempotency is the stored answer of one inviteMembers request that
// named an idempotency key: a retry by the same actor into the same
// organization with the same key and the same invitations gets these
// results again without writing; the same key with other invitations is
// CONFLICT. Rows expire 24 hours after they are written and are deleted as
// new ones are written.
type InviteIdempotency struct{ ent.Schema }

// Fields of the InviteIdempotency.
func (InviteIdempotency) Fields() []ent.Field {
	return []ent.Field{
		field.Int("actor_id").Immutable(),
		field.Int("organization_id").Immutable(),
		field.String("key").MaxLen(200).Immutable(),
		// request_hash is the SHA-256 of the request's invitations as given.
		field.Bytes("request_hash").MaxLen(32).Immutable(),
		// results is the JSON of the per-item results (invitation IDs and
		// errors).
		field.Text("results").Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("expires_at").Immutable(),
	}
}

// Indexes of the InviteIdempotency: one answer per (actor, organization,
// key); expired rows are found by expires_at.
func (InviteIdempotency) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("actor_id", "organization_id", "key").Unique(),
		index.Fields("expires_at"),
	}
}

// Annotations of the InviteIdempotency: never part of the GraphQL API.
func (InviteIdempotency) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "invite_idempotency"}, entgql.Skip(entgql.SkipAll)}
}

// Policy of the InviteIdempotency: only internal/orgs, under WithSystem.
func (InviteIdempotency) Policy() ent.Policy { return policy.SystemOnly() }
