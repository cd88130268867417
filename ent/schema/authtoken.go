package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/internal/policy"
)

// AuthToken is a bearer token issued by signIn or signUp. Only the SHA-256 of
// the token is stored; the token itself is shown once, to its owner.
type AuthToken struct{ ent.Schema }

// Fields of the AuthToken.
func (AuthToken) Fields() []ent.Field {
	return []ent.Field{
		// binary(32) on MySQL: a TINYBLOB (ent's default for short bytes)
		// gets a hash-based unique constraint that MariaDB cannot use for
		// lookups, so every request scanned the whole table.
		field.Bytes("token_hash").
			Sensitive().
			Unique().
			Immutable().
			MaxLen(32).
			SchemaType(sha256Column),
		field.Int("user_id").Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("expires_at").Immutable(),
	}
}

// sha256Column stores a SHA-256 digest as a fixed-size, indexable column on
// MySQL/MariaDB.
var sha256Column = map[string]string{dialect.MySQL: "binary(32)"}

// Edges of the AuthToken.
func (AuthToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("tokens").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AuthToken.
func (AuthToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}

// Annotations of the AuthToken: never part of the GraphQL API.
func (AuthToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Policy of the AuthToken.
func (AuthToken) Policy() ent.Policy { return policy.AuthToken() }
