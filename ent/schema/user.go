package schema

import (
	"context"
	"errors"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"orgraph/internal/authz"
	"orgraph/internal/policy"
)

// User is a person who signs in to Orgraph.
type User struct{ ent.Schema }

// Mixin of the User.
func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

var usernamePattern = regexp.MustCompile(`^[\p{L}\p{N}.@+\-_]+$`)

// ValidateUsername enforces SPEC 1: 1-150 letters, digits and . @ + - _.
func ValidateUsername(s string) error {
	if n := utf8.RuneCountInString(s); n < 1 || n > 150 || !usernamePattern.MatchString(s) {
		return errors.New("username must be 1 to 150 characters of letters, digits and . @ + - _")
	}
	return nil
}

// ValidateEmail enforces SPEC 1: a plain address of at most 254 characters.
func ValidateEmail(s string) error {
	if len(s) > 254 {
		return errors.New("email must be at most 254 characters")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return errors.New("email must be a valid address such as name@example.com")
	}
	return nil
}

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").
			MaxLen(600). // bytes: 150 characters of up to 4 bytes; the rune rule is in ValidateUsername
			Validate(ValidateUsername).
			Annotations(entgql.OrderField("USERNAME")),
		// username_key is the lower-cased username: uniqueness ignoring case
		// that behaves the same on SQLite and MariaDB, whatever the collation.
		field.String("username_key").
			MaxLen(600).
			Unique().
			Annotations(entgql.Skip()),
		// email is stored lower-cased (by the hook below) and unique. Its
		// GraphQL field is hand-written: it is visible to some viewers only.
		field.String("email").
			MaxLen(254).
			Validate(ValidateEmail).
			Unique().
			Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.String("password_hash").
			Sensitive().
			Annotations(entgql.Skip()),
		// Names: 150 characters on one line; the column takes 4 bytes each.
		field.String("first_name").
			Validate(textRule{field: "firstName", max: 150}.validate).
			MaxLen(600).
			Default(""),
		field.String("last_name").
			Validate(textRule{field: "lastName", max: 150}.validate).
			MaxLen(600).
			Default(""),
		field.Enum("group").
			GoType(authz.Group("")).
			Default(string(authz.GroupUser)).
			Annotations(entgql.Type("SystemGroup")),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("tokens", AuthToken.Type).Annotations(entgql.Skip()),
		edge.To("memberships", Membership.Type).Annotations(entgql.Skip()),
		edge.To("owned_organizations", Organization.Type).Annotations(entgql.Skip()),
		edge.To("sent_invitations", Invitation.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("invited_memberships", Membership.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("owned_projects", Project.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("assigned_projects", Project.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("owned_tasks", Task.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("assigned_tasks", Task.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("owned_jobs", Job.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("assigned_jobs", Job.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("cloud_storages", CloudStorage.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
	}
}

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// Hooks of the User.
func (User) Hooks() []ent.Hook {
	return []ent.Hook{
		lowerCaseKey("username", "username_key"),
		lowerCaseKey("email", "email"),
	}
}

// lowerCaseKey keeps field key the lower-cased value of field src on every
// write (key may be src itself). It uses the generic mutation API, so it
// needs no generated code.
func lowerCaseKey(src, key string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, ok := m.Field(src); ok {
				if err := m.SetField(key, strings.ToLower(v.(string))); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// Policy of the User.
func (User) Policy() ent.Policy { return policy.User() }
