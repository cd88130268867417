package orgs

import (
	"context"
	"strings"

	"orgraph/ent"
	"orgraph/ent/organization"
	"orgraph/ent/schema"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/events"
	"orgraph/internal/policy"
)

// Contact is an organization's contact; nil fields are left unchanged.
type Contact struct{ Email, Phone, Location *string }

// Fields are the editable fields of an organization; nil means unchanged
// (or default, on creation).
type Fields struct {
	Slug, Name, Description *string
	Contact                 *Contact
}

// Create creates an organization with the viewer as its owner.
func (s *Service) Create(ctx context.Context, f Fields) (*ent.Organization, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if f.Slug == nil {
		return nil, errcode.Invalid("slug", "slug is required")
	}
	if err := s.checkSlugFree(ctx, *f.Slug, 0); err != nil {
		return nil, err
	}
	c := s.db(ctx).Organization.Create().SetSlug(*f.Slug).SetName(*f.Slug).SetOwnerID(v.UserID)
	f.set(c.Mutation())
	org, err := c.Save(ctx) // the policy checks ORG_CREATOR_GROUP
	if err != nil {
		return nil, err
	}
	// The owner's membership is part of creating the organization, which
	// the policy just allowed.
	err = s.db(ctx).Membership.Create().
		SetUserID(v.UserID).SetOrganizationID(org.ID).SetRole(authz.RoleOwner).
		Exec(policy.WithSystem(ctx))
	if err != nil {
		return nil, err
	}
	return org, s.record(ctx, organizationEntry(authz.AuditOrganizationCreated, nil, org))
}

func lower(s *string) *string {
	if s == nil {
		return nil
	}
	l := strings.ToLower(strings.TrimSpace(*s))
	return &l
}

// set writes the name, description and contact of f onto a create or an
// update of an organization; a nil field is left as it is.
func (f Fields) set(m *ent.OrganizationMutation) {
	if f.Name != nil {
		m.SetName(*f.Name)
	}
	if f.Description != nil {
		m.SetDescription(*f.Description)
	}
	if ct := f.Contact; ct != nil {
		if email := lower(ct.Email); email != nil {
			m.SetContactEmail(*email)
		}
		if ct.Phone != nil {
			m.SetContactPhone(*ct.Phone)
		}
		if ct.Location != nil {
			m.SetContactLocation(*ct.Location)
		}
	}
}

// checkSlugFree answers CONFLICT when another organization has the slug
// (ignoring case). Organizations the viewer cannot see count too: slugs are
// one namespace.
func (s *Service) checkSlugFree(ctx context.Context, slug string, exceptID int) error {
	if err := schema.ValidateSlug(slug); err != nil {
		return errcode.Invalid("slug", err.Error())
	}
	taken, err := s.db(ctx).Organization.Query().
		Where(organization.SlugKey(strings.ToLower(slug)), organization.IDNEQ(exceptID)).
		Exist(policy.WithSystem(ctx))
	if err != nil {
		return err
	}
	if taken {
		return &errcode.Error{Code: errcode.Conflict, Field: "slug", Message: "this slug is taken"}
	}
	return nil
}

// Update edits an organization.
func (s *Service) Update(ctx context.Context, id int, f Fields) (*ent.Organization, error) {
	before, err := s.lock(ctx, id)
	if err != nil {
		return nil, err
	}
	u := s.db(ctx).Organization.UpdateOneID(id)
	if f.Slug != nil {
		if err := s.checkSlugFree(ctx, *f.Slug, id); err != nil {
			return nil, err
		}
		u.SetSlug(*f.Slug)
	}
	f.set(u.Mutation())
	after, err := u.Save(ctx) // the policy checks authz.EditOrganization
	if err != nil {
		return nil, err
	}
	return after, s.record(ctx, organizationEntry(authz.AuditOrganizationUpdated, before, after))
}

// Delete removes an organization and everything in it (the cascade is the
// Organization delete hook, in the same transaction).
func (s *Service) Delete(ctx context.Context, id int, confirmSlug string) (int, error) {
	org, err := s.lock(ctx, id)
	if err != nil {
		return 0, err
	}
	if confirmSlug != org.Slug {
		return 0, errcode.Invalid("confirmSlug", "confirmSlug must equal the organization's slug exactly")
	}
	if err := s.db(ctx).Organization.DeleteOneID(id).Exec(ctx); err != nil { // the policy checks authz.RemoveOrganization
		return 0, err
	}
	// The cascade removed the organization's audit entries; this one goes
	// to the system log (docs/EVENTS.md).
	removed := organizationFields(org)
	removed["ownerID"] = events.ID(org.OwnerID)
	return id, s.record(ctx, events.Entry{Action: authz.AuditOrganizationRemoved, TargetType: "organization", TargetID: id, Before: removed})
}
