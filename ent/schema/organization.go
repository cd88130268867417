package schema

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgraph/ent/hook"
	"orgraph/internal/errcode"
	"orgraph/internal/hooks"
	"orgraph/internal/policy"
)

// Organization is a CVAT-style organization: members with roles, and the
// work they share.
type Organization struct{ ent.Schema }

// Mixin of the Organization.
func (Organization) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

var slugPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,16}$`)

// ValidateSlug enforces RULES.md §2: 1-16 ASCII letters, digits, - or _.
func ValidateSlug(s string) error {
	if !slugPattern.MatchString(s) {
		return errcode.Invalid("slug", "slug must be 1 to 16 ASCII letters, digits, - or _")
	}
	return nil
}

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]{0,30}$`)

// ValidatePhone enforces RULES.md §2: + and digits, spaces and dashes.
func ValidatePhone(s string) error {
	if s != "" && !phonePattern.MatchString(s) {
		return errcode.Invalid("contact.phone", "contact.phone must be digits, spaces and dashes, optionally after a +")
	}
	return nil
}

// ValidateContactEmail is ValidateEmail for an optional field.
func ValidateContactEmail(s string) error {
	if s == "" {
		return nil
	}
	if err := ValidateEmail(s); err != nil {
		return errcode.Invalid("contact.email", "contact."+err.Error())
	}
	return nil
}

// The free-text fields of an organization (RULES.md §2). The name goes into the
// subject of invitation emails: one line, no control characters.
var (
	organizationName        = textRule{field: "name", min: 1, max: 64}
	organizationDescription = textRule{field: "description", max: 10000, multiLine: true}
	// 256 characters fit the column's 1024 bytes whatever they are.
	contactLocation = textRule{field: "contact.location", max: 256}
)

// ValidateName enforces RULES.md §2: a full name of 1 to 64 characters on one
// line.
func ValidateName(s string) error { return organizationName.validate(s) }

// ValidateDescription enforces RULES.md §2: up to 10,000 characters.
func ValidateDescription(s string) error { return organizationDescription.validate(s) }

// ValidateLocation: up to 256 characters on one line.
func ValidateLocation(s string) error { return contactLocation.validate(s) }

// Fields of the Organization.
func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").
			Comment("The short name: 1 to 16 ASCII letters, digits, `-` or `_`, unique ignoring letter case.").
			MaxLen(16).
			Validate(ValidateSlug).
			Annotations(entgql.OrderField("SLUG")),
		// slug_key is the lower-cased slug: unique ignoring case everywhere.
		field.String("slug_key").
			MaxLen(16).
			Unique().
			Annotations(entgql.Skip()),
		field.String("name").
			Comment("The full name, at most 64 characters; the slug when not given.").
			Validate(ValidateName). // first: its message, not MaxLen's, is the client's
			MaxLen(256).            // bytes; ValidateName counts characters
			Annotations(entgql.OrderField("NAME")),
		// The fields below are shown to members only (hand-written
		// resolvers in schema.graphqls): a person with a pending invitation
		// sees the slug and the name, nothing more (RULES.md §6.4).
		field.Text("description").
			Validate(ValidateDescription).
			Default("").
			Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput)),
		field.String("contact_email").
			Validate(ValidateContactEmail).
			MaxLen(254).
			Default("").
			Annotations(entgql.Skip()),
		field.String("contact_phone").
			Validate(ValidatePhone).
			MaxLen(32).
			Default("").
			Annotations(entgql.Skip()),
		field.String("contact_location").
			Validate(ValidateLocation).
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
			Comment("The active members, with their roles; any member sees them (null for someone who only holds an invitation: see Invitation.organization).").
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
		schema.Comment("An organization (RULES.md §2): users who work together, with one owner. It exists only for its members and for admins; for anyone else it is NOT_FOUND, as a slug never used."),
		entgql.RelayConnection(),
		entgql.QueryField().Description("The organizations the viewer is an active member of (every one for an admin), never those they are only invited to. UNAUTHENTICATED without a signed-in user."),
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
