package schema

import (
	"context"
	"errors"
	"net/mail"
	"regexp"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"golang.org/x/text/unicode/norm"

	"orgraph/ent/schema/gqldoc"
	"orgraph/internal/authz"
	"orgraph/internal/policy"
)

// User is a person who signs in to Orgraph.
type User struct{ ent.Schema }

// Mixin of the User.
func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// usernamePattern is ASCII only: Unicode letters would let `ſam` (long s)
// or `аdmin` (Cyrillic а) sign up next to `sam` and `admin`, names that look
// the same to the people who read them.
var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9.@+\-_]{1,150}$`)

// ValidateUsername enforces RULES.md §1 (issue 8): 1-150 ASCII letters, digits
// and . @ + - _.
func ValidateUsername(s string) error {
	if !usernamePattern.MatchString(s) {
		return errors.New("username must be 1 to 150 ASCII letters, digits and . @ + - _")
	}
	return nil
}

// NormalizeEmail is the one form in which emails are stored and compared
// (sign-up, sign-in, invitations): trimmed, Unicode NFKC (so fullwidth
// `ｂｏｂ` and `bob`, long s `ſ` and `s` are one address), then lower case.
// Letters of other scripts that merely look alike (Cyrillic а) stay
// distinct: they are different mailboxes.
//
// One pass is not always final (NFKC turns U+00B8 into a space and a
// combining cedilla, exposing a space to trim; FuzzNormalizeEmail found it),
// so the steps repeat until nothing changes: a stored address normalizes
// to itself.
func NormalizeEmail(s string) string {
	for range 8 {
		n := strings.ToLower(norm.NFKC.String(strings.TrimSpace(s)))
		if n == s {
			break
		}
		s = n
	}
	return s
}

// ValidateEmail enforces RULES.md §1: a plain address of at most 254 characters.
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
			Comment("The username: 1 to 150 ASCII letters, digits and `. @ + - _`, unique ignoring letter case.").
			MaxLen(600). // bytes; ValidateUsername allows 150 ASCII characters (older rows may hold more bytes)
			Validate(ValidateUsername).
			Annotations(entgql.OrderField("USERNAME")),
		// username_key is the lower-cased username: uniqueness ignoring case
		// that behaves the same on SQLite and MariaDB, whatever the collation.
		field.String("username_key").
			MaxLen(600).
			Unique().
			Annotations(entgql.Skip()),
		// email is stored normalized (NormalizeEmail, by the hook below) and
		// unique. Its GraphQL field is hand-written (schema.graphqls): it is
		// visible to some viewers only. It stays in entgql's type so that
		// field collection loads the column (and only the columns a
		// document asks for); ent/entc.go takes it out of the generated SDL.
		field.String("email").
			MaxLen(254).
			Validate(ValidateEmail).
			Unique().
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.String("password_hash").
			Sensitive().
			Annotations(entgql.Skip()),
		// Names: 150 characters on one line; the column takes 4 bytes each.
		field.String("first_name").
			Comment("The first name, at most 150 characters; empty when not given.").
			Validate(textRule{field: "firstName", max: 150}.validate).
			MaxLen(600).
			Default(""),
		field.String("last_name").
			Comment("The last name, at most 150 characters; empty when not given.").
			Validate(textRule{field: "lastName", max: 150}.validate).
			MaxLen(600).
			Default(""),
		field.Enum("group").
			Comment("The system group (RULES.md §1); sign-up puts a user in USER.").
			GoType(authz.Group("")).
			Default(string(authz.GroupUser)).
			Annotations(entgql.Type("SystemGroup"), gqldoc.Enum{
				Type: "A user's system group, highest first: ADMIN, USER, WORKER (RULES.md §1). Only an admin changes it (`setUserGroup`).",
				Values: map[string]string{
					"ADMIN":  "May do whatever any role may do, in every organization (as an owner); moves users between groups. Does not see other users' personal workspaces.",
					"USER":   "The group of sign-up: creates organizations and work, invites, changes roles.",
					"WORKER": "Creates nothing and never invites, changes a role or removes a member; has a worker's rights in every organization, whatever role its membership records.",
				},
			}),
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
		schema.Comment("An account (RULES.md §1): a username, optional names and a system group. The email is shown only to the user, to admins and to staff of an organization the user belongs to."),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// Hooks of the User.
func (User) Hooks() []ent.Hook {
	return []ent.Hook{
		lowerCaseKey("username", "username_key"),
		derivedKey("email", "email", NormalizeEmail),
	}
}

// lowerCaseKey keeps field key the lower-cased value of field src.
func lowerCaseKey(src, key string) ent.Hook { return derivedKey(src, key, strings.ToLower) }

// derivedKey keeps field key equal to fold(value of field src) on every
// write (key may be src itself). It uses the generic mutation API, so it
// needs no generated code.
func derivedKey(src, key string, fold func(string) string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, ok := m.Field(src); ok {
				if err := m.SetField(key, fold(v.(string))); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// Policy of the User.
func (User) Policy() ent.Policy { return policy.User() }
