package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/internal/policy"
)

// InvitationEmail records one invitation email sent (an invitation or a
// resend), for the email limits of RULES.md §4 (internal/orgs/emaillimits.go):
// per address and organization per day, per inviter per day, resends per
// inviter per hour. Rows are pruned once older than the longest window.
//
// It has no foreign keys on purpose: a row must outlive its invitation and
// its organization, or removing an organization would give its inviters
// their daily allowance back. Removing an organization detaches its rows
// instead (organization_id 0, email empty: the cascade of internal/hooks),
// which keeps the inviter's count and forgets the address.
type InvitationEmail struct{ ent.Schema }

// Fields of the InvitationEmail.
func (InvitationEmail) Fields() []ent.Field {
	return []ent.Field{
		// organization_id and email are cleared (0, "") when the
		// organization is removed.
		field.Int("organization_id"),
		// email is the normalized recipient (as stored on the invitation).
		field.String("email").MaxLen(254),
		field.Int("sender_id").Immutable(),
		field.Int("invitation_id").Immutable(),
		// resend is true for resendInvitation, false for inviteMember.
		field.Bool("resend").Immutable(),
		field.Time("sent_at").Default(now).Immutable(),
	}
}

// Indexes of the InvitationEmail: one per count, and sent_at for pruning.
func (InvitationEmail) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "email", "sent_at"),
		index.Fields("sender_id", "sent_at"),
		index.Fields("sent_at"),
	}
}

// Annotations of the InvitationEmail: internal bookkeeping only.
func (InvitationEmail) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Policy of the InvitationEmail.
func (InvitationEmail) Policy() ent.Policy { return policy.SystemOnly() }
