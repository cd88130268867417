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

// OutboxMessage is one email to send (internal/outbox, docs/MAIL.md): written
// in the transaction of the change that causes it, delivered after the
// commit by the worker of any server process, retried with backoff.
//
// body holds the rendered message (with an invitation's key) only until the
// row is sent or has failed for good; then it is blanked.
//
// No foreign keys: an email that was committed goes out whatever becomes of
// the rows it was about.
type OutboxMessage struct{ ent.Schema }

// Fields of the OutboxMessage.
func (OutboxMessage) Fields() []ent.Field {
	return []ent.Field{
		field.String("recipient").MaxLen(254).Immutable(),
		field.String("subject").MaxLen(998).Immutable(),
		field.Text("body").Sensitive(),
		// pending: waiting for next_attempt_at; sending: claimed by a worker
		// until lease_until (then due again); sent; failed: gave up after
		// MAIL_MAX_ATTEMPTS, kept for operators.
		field.Enum("status").Values("pending", "sending", "sent", "failed").Default("pending"),
		// attempts counts the claims: a worker that dies while sending
		// still used one.
		field.Int("attempts").Default(0).NonNegative(),
		// next_attempt_at is when the row is next due: for a pending row the
		// retry time, for a sending one the end of its lease.
		field.Time("next_attempt_at").Default(now),
		field.Time("lease_until").Optional().Nillable(),
		// last_error is the delivery error of the latest attempt (the SMTP
		// server's answer; never credentials or the body).
		field.String("last_error").MaxLen(1000).Default(""),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("sent_at").Optional().Nillable(),
	}
}

// Indexes of the OutboxMessage: the worker's claim (due rows of a status)
// and the pruning of sent rows.
func (OutboxMessage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "next_attempt_at"),
	}
}

// Annotations of the OutboxMessage: the table is mail_outbox; never part of
// the GraphQL API.
func (OutboxMessage) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("mail_outbox"), entgql.Skip(entgql.SkipAll)}
}

// Policy of the OutboxMessage: only internal/outbox, under WithSystem.
func (OutboxMessage) Policy() ent.Policy { return policy.SystemOnly() }
