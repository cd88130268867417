package policy

import (
	"context"

	"entgo.io/ent"

	gen "orgraph/ent"
	"orgraph/ent/invitation"
	"orgraph/ent/membership"
	"orgraph/ent/predicate"
	"orgraph/ent/privacy"
	"orgraph/ent/user"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
)

// User is the privacy policy of users: a viewer sees themself (admins see
// everyone); a viewer edits their own profile; only admins change groups.
func User() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			denyAnonymous(),
			allowAdmin(),
			privacy.UserQueryRuleFunc(func(ctx context.Context, q *gen.UserQuery) error {
				q.Where(visibleUsers(viewer.FromContext(ctx)))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			denyAnonymous(),
			privacy.UserMutationRuleFunc(func(ctx context.Context, m *gen.UserMutation) error {
				v := viewer.FromContext(ctx)
				id, _ := m.ID()
				if _, changesGroup := m.Group(); changesGroup {
					switch {
					case !v.IsAdmin():
						return errcode.New(errcode.Forbidden, "only an admin changes system groups")
					case m.Op().Is(ent.OpUpdateOne) && id == v.UserID:
						return errcode.New(errcode.Forbidden, "you cannot change your own system group")
					}
				}
				return privacy.Skip
			}),
			allowAdmin(),
			privacy.UserMutationRuleFunc(func(ctx context.Context, m *gen.UserMutation) error {
				if id, ok := m.ID(); ok && m.Op().Is(ent.OpUpdateOne) && id == viewer.FromContext(ctx).UserID {
					return privacy.Allow
				}
				return privacy.Skip
			}),
			denyMutation(),
		},
	}
}

// visibleUsers is the set of users v may see: themself, the members of
// their organizations, and whoever sent them a pending invitation.
func visibleUsers(v *viewer.Viewer) predicate.User {
	return user.Or(
		user.ID(v.UserID),
		user.HasMembershipsWith(inViewerOrgs(v, false, membership.FieldOrganizationID)),
		user.HasSentInvitationsWith(invitation.PendingEmail(v.Email), invitation.ExpiresAtGT(now())),
	)
}
