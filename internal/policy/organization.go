package policy

import (
	"context"

	"entgo.io/ent"

	gen "orgraph/ent"
	"orgraph/ent/invitation"
	"orgraph/ent/organization"
	"orgraph/ent/predicate"
	"orgraph/ent/privacy"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
)

// Organization is the privacy policy of organizations (SPEC 2, 3, 6.4).
// Members see their organizations; a person with a pending invitation sees
// the organization too, but its resolvers show them only slug and name.
// Everyone else: it does not exist.
func Organization() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			denyAnonymous(),
			allowAdmin(),
			privacy.OrganizationQueryRuleFunc(func(ctx context.Context, q *gen.OrganizationQuery) error {
				q.Where(visibleOrganizations(viewer.FromContext(ctx)))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			denyAnonymous(),
			privacy.OrganizationMutationRuleFunc(func(ctx context.Context, m *gen.OrganizationMutation) error {
				v := viewer.FromContext(ctx)
				switch op := m.Op(); {
				case op.Is(ent.OpCreate):
					if min := settingsFrom(ctx).OrgCreatorGroup; !v.Group.AtLeast(min) {
						return errcode.New(errcode.Forbidden, "creating organizations needs system group %s or higher", min)
					}
					return privacy.Allow
				case op.Is(ent.OpUpdateOne):
					if _, ok := m.OwnerID(); ok {
						return errcode.New(errcode.Forbidden, "the owner changes only through transferOwnership")
					}
					id, _ := m.ID()
					a, err := ActorIn(ctx, id)
					if err != nil {
						return err
					}
					if err := a.CanEditOrganization(); err != nil {
						return err
					}
					return privacy.Allow
				case op.Is(ent.OpDeleteOne):
					id, _ := m.ID()
					a, err := ActorIn(ctx, id)
					if err != nil {
						return err
					}
					if err := a.CanDeleteOrganization(); err != nil {
						return err
					}
					return privacy.Allow
				}
				return privacy.Skip
			}),
			denyMutation(),
		},
	}
}

// visibleOrganizations: those v is a member of, or holds a pending,
// unexpired invitation to.
func visibleOrganizations(v *viewer.Viewer) predicate.Organization {
	return organization.Or(
		inViewerOrgs(v, false, organization.FieldID),
		organization.HasInvitationsWith(
			invitation.PendingEmail(v.Email),
			invitation.ExpiresAtGT(now()),
		),
	)
}

// SystemOnly is the policy of internal bookkeeping entities: only code
// running WithSystem reads or writes them.
func SystemOnly() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}
