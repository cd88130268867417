package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/internal/policy"
)

// SignInFailure is one failed (or still running) sign-in attempt, kept for
// the sign-in throttle of internal/auth: the throttle counts these rows, so
// every server replica on the database shares the same counts. Rows older
// than the throttle's window are deleted as new ones are written.
type SignInFailure struct{ ent.Schema }

// Fields of the SignInFailure.
func (SignInFailure) Fields() []ent.Field {
	return []ent.Field{
		// account is "user:<id>" for a login that names a user, otherwise
		// "login:<normalized login>", so that a username and an email of one
		// user count together.
		field.String("account").MaxLen(300).Immutable(),
		// address is the client's IP address (an IPv6 client's /64 network),
		// or "unknown".
		field.String("address").MaxLen(64).Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

// Indexes of the SignInFailure: one per count the throttle takes, and one
// for the deletion of expired rows.
func (SignInFailure) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account", "created_at"),
		index.Fields("address", "created_at"),
		index.Fields("created_at"),
	}
}

// Annotations of the SignInFailure: never part of the GraphQL API.
func (SignInFailure) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Policy of the SignInFailure: only the auth package, under WithSystem.
func (SignInFailure) Policy() ent.Policy { return policy.SystemOnly() }
