package policy

import (
	"context"

	"entgo.io/ent"

	gen "orgraph/ent"
	"orgraph/ent/membership"
	"orgraph/ent/privacy"
	"orgraph/internal/viewer"
)

// Membership is the privacy policy of memberships (SPEC 3). Members see the
// active members of their organizations. Role changes and removals are
// allowed by the rules of authz; memberships are created only by
// createOrganization and acceptInvitation (under WithSystem, after their own
// checks), and owners change only through transferOwnership.
func Membership() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			denyAnonymous(),
			allowAdmin(),
			privacy.MembershipQueryRuleFunc(func(ctx context.Context, q *gen.MembershipQuery) error {
				q.Where(inViewerOrgs(viewer.FromContext(ctx), false, membership.FieldOrganizationID))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			denyAnonymous(),
			privacy.MembershipMutationRuleFunc(func(ctx context.Context, m *gen.MembershipMutation) error {
				op := m.Op()
				if !op.Is(ent.OpUpdateOne) && !op.Is(ent.OpDeleteOne) {
					return privacy.Skip
				}
				id, _ := m.ID()
				target, err := client(ctx).Membership.Get(WithSystem(ctx), id)
				if err != nil {
					return err
				}
				a, err := ActorIn(ctx, target.OrganizationID)
				if err != nil {
					return err
				}
				if !a.Sees() {
					return errNotFound("membership")
				}
				self := target.UserID == viewer.FromContext(ctx).UserID
				if op.Is(ent.OpDeleteOne) {
					if self {
						err = a.CanLeave()
					} else {
						err = a.CanRemove(target.Role, false)
					}
				} else {
					newRole, _ := m.Role()
					err = a.CanChangeRole(target.Role, newRole, self)
				}
				if err != nil {
					return err
				}
				return privacy.Allow
			}),
			denyMutation(),
		},
	}
}
