package schema

import (
	"errors"
	"regexp"
	"unicode/utf8"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/ent/hook"
	"orgraph/internal/hooks"
	"orgraph/internal/policy"
)

// Organization is a CVAT-style organization: members with roles, and the
// work they share.
type Organization struct{ ent.Schema }

// Mixin of the Organization.
func (Organization) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

var slugPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,16}$`)

// ValidateSlug enforces SPEC 2: 1-16 ASCII letters, digits, - or _.
func ValidateSlug(s string) error {
	if !slugPattern.MatchString(s) {
		return errors.New("slug must be 1 to 16 ASCII letters, digits, - or _")
	}
	return nil
}

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]{0,30}$`)

// ValidatePhone enforces SPEC 2: + and digits, spaces and dashes.
func ValidatePhone(s string) error {
	if s != "" && !phonePattern.MatchString(s) {
		return errors.New("phone must be digits, spaces and dashes, optionally after a +")
	}
	return nil
}

// ValidateContactEmail is ValidateEmail for an optional field.
func ValidateContactEmail(s string) error {
	if s == "" {
		return nil
	}
	return ValidateEmail(s)
}

// ValidateName enforces SPEC 2: a full name of up to 64 characters.
func ValidateName(s string) error {
	if n := utf8.RuneCountInString(s); n < 1 || n > 64 {
		return errors.New("name must be 1 to 64 characters")
	}
	return nil
}

// ValidateDescription enforces SPEC 2: up to 10,000 characters.
func ValidateDescription(s string) error {
	if utf8.RuneCountInString(s) > 10000 {
		return errors.New("description must be at most 10000 characters")
	}
	return nil
}

// Fields of the Organization.
func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").
			MaxLen(16).
			Validate(ValidateSlug).
			Annotations(entgql.OrderField("SLUG")),
		// slug_key is the lower-cased slug: unique ignoring case everywhere.
		field.String("slug_key").
			MaxLen(16).
			Unique().
			Annotations(entgql.Skip()),
		field.String("name").
			MaxLen(256). // bytes; ValidateName counts characters
			Validate(ValidateName).
			Annotations(entgql.OrderField("NAME")),
		// The fields below are shown to members only (hand-written
		// resolvers in schema.graphqls): a person with a pending invitation
		// sees the slug and the name, nothing more (SPEC 6.4).
		field.Text("description").
			Validate(ValidateDescription).
			Default("").
			Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput)),
		field.String("contact_email").
			MaxLen(254).
			Validate(ValidateContactEmail).
			Default("").
			Annotations(entgql.Skip()),
		field.String("contact_phone").
			MaxLen(32).
			Validate(ValidatePhone).
			Default("").
			Annotations(entgql.Skip()),
		field.String("contact_location").
			MaxLen(1024).
			Default("").
			Annotations(entgql.Skip()),
		field.Int("owner_id").
			Annotations(entgql.Skip()),
	}
}

// Edges of the Organization.
func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", User.Type).
			Ref("owned_organizations").
			Field("owner_id").
			Unique().
			Required().
			Annotations(entgql.Skip()),
		edge.To("members", Membership.Type).
			Annotations(entgql.RelayConnection(), entgql.OrderField("MEMBERS_COUNT")),
		edge.To("invitations", Invitation.Type).
			Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("projects", Project.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("tasks", Task.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("jobs", Job.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("cloud_storages", CloudStorage.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
		edge.To("annotations", Annotation.Type).Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
	}
}

// Annotations of the Organization.
func (Organization) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// Hooks of the Organization.
func (Organization) Hooks() []ent.Hook {
	return []ent.Hook{
		lowerCaseKey("slug", "slug_key"),
		hook.On(hooks.CascadeOrganizationDelete, ent.OpDelete|ent.OpDeleteOne),
	}
}

// Policy of the Organization.
func (Organization) Policy() ent.Policy { return policy.Organization() }

// Indexes of the Organization.
func (Organization) Indexes() []ent.Index {
	return []ent.Index{index.Fields("owner_id")}
}
