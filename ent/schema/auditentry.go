package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/ent/schema/gqldoc"
	"orgraph/internal/authz"
	"orgraph/internal/policy"
)

// AuditEntry is one change to an organization (internal/events,
// docs/EVENTS.md): who did what to which row, the row's fields before and
// after (never keys, tokens or password hashes), when, and in which
// request. Written in the transaction of the change.
//
// organization_id is null for the entries of the system log: the one
// ORGANIZATION_REMOVED entry of each removed organization, whose other
// entries went with it. No foreign keys: that entry outlives its
// organization, and the organization cascade (internal/hooks) deletes the
// others.
type AuditEntry struct{ ent.Schema }

// Fields of the AuditEntry.
func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Int("organization_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.Enum("action").GoType(authz.AuditAction("")).Immutable().Comment("What changed (docs/EVENTS.md).").
			Annotations(entgql.Type("AuditAction"), gqldoc.Enum{
				Type: "What an audit entry records, and the type of a live event: a change to an organization's membership, invitations, roles, ownership, settings, or its removal.",
				Values: map[string]string{
					"ORGANIZATION_CREATED":  "The organization was created (the actor is its first owner).",
					"ORGANIZATION_UPDATED":  "Its settings changed; before and after hold the changed fields only.",
					"ORGANIZATION_REMOVED":  "It was removed with everything in it; kept in the system log only.",
					"OWNERSHIP_TRANSFERRED": "Another member became the owner; the former owner became a maintainer.",
					"MEMBER_JOINED":         "Someone became a member by accepting an invitation.",
					"MEMBER_LEFT":           "A member left.",
					"MEMBER_REMOVED":        "Staff removed a member.",
					"ROLE_CHANGED":          "A member's role changed.",
					"INVITATION_SENT":       "Staff invited an email address with a role.",
					"INVITATION_RESENT":     "Staff sent an invitation's email again, with a new key and expiry.",
					"INVITATION_ACCEPTED":   "The invitee accepted (MEMBER_JOINED follows).",
					"INVITATION_DECLINED":   "The invitee declined.",
					"INVITATION_REVOKED":    "Staff revoked a pending invitation.",
				},
			}),
		// The user who acted, and their username at the time.
		field.Int("actor_id").Optional().Nillable().Immutable().Comment("The user who made the change.").Annotations(entgql.Type("ID")),
		field.String("actor_name").MaxLen(150).Default("").Immutable().Comment("The actor's username at the time."),
		// What the change was made to: "organization", "membership" or
		// "invitation", and its ID.
		field.String("target_type").MaxLen(32).Immutable().Comment("organization, membership or invitation."),
		field.Int("target_id").Immutable().Comment("The ID of the organization, membership or invitation changed.").Annotations(entgql.Type("ID")),
		field.JSON("before", map[string]any{}).Optional().Immutable().Comment("The target's audited fields before the change; null when it did not exist."),
		field.JSON("after", map[string]any{}).Optional().Immutable().Comment("The target's audited fields after the change; null when it is gone."),
		field.String("request_id").MaxLen(128).Default("").Immutable().Comment("The X-Request-Id of the request that made the change."),
		field.Time("created_at").Default(now).Immutable().Comment("When the change was committed."),
	}
}

// Indexes of the AuditEntry: an organization's log, newest first, and the
// system log.
func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "created_at"),
		index.Fields("created_at"),
	}
}

// Annotations of the AuditEntry: the table is audit_log; read through
// Organization.auditLog and Query.systemLog only.
func (AuditEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("audit_log"),
		schema.Comment("One change to an organization: who did what to which row, its audited fields before and after (never keys, tokens or password hashes), when, and in which request (docs/EVENTS.md). Staff of the organization and admins read it."),
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput, entgql.SkipOrderField),
	}
}

// Policy of the AuditEntry: written by internal/events and read by the
// resolvers after their own check (authz.SeeAuditLog), under WithSystem.
func (AuditEntry) Policy() ent.Policy { return policy.SystemOnly() }
