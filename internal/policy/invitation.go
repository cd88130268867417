package policy

import (
	"context"

	"entgo.io/ent"

	gen "orgraph/ent"
	"orgraph/ent/invitation"
	"orgraph/ent/privacy"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
)

// Invitation is the privacy policy of invitations (SPEC 3, 4). Staff see
// their organization's invitations; a person sees the invitations sent to
// their email. Staff invite (within their role); staff and the inviter
// resend and revoke. Accepting and declining happen under WithSystem after
// the invitee check.
func Invitation() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			denyAnonymous(),
			allowAdmin(),
			privacy.InvitationQueryRuleFunc(func(ctx context.Context, q *gen.InvitationQuery) error {
				v := viewer.FromContext(ctx)
				q.Where(invitation.Or(invitation.Email(v.Email), inViewerOrgs(v, true, invitation.FieldOrganizationID)))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			denyAnonymous(),
			privacy.InvitationMutationRuleFunc(func(ctx context.Context, m *gen.InvitationMutation) error {
				switch op := m.Op(); {
				case op.Is(ent.OpCreate):
					orgID, _ := m.OrganizationID()
					role, _ := m.Role()
					a, err := ActorIn(ctx, orgID)
					if err != nil {
						return err
					}
					if err := a.CanInvite(role); err != nil {
						return err
					}
					return privacy.Allow
				case op.Is(ent.OpUpdateOne):
					if status, ok := m.Status(); ok && status != authz.InvitationPending && status != authz.InvitationRevoked {
						// ACCEPTED and DECLINED are the invitee's, through
						// acceptInvitation and declineInvitation.
						return errcode.New(errcode.Forbidden, "only the invitee accepts or declines an invitation")
					}
					id, _ := m.ID()
					target, err := client(ctx).Invitation.Get(WithSystem(ctx), id)
					if err != nil {
						return err
					}
					a, err := ActorIn(ctx, target.OrganizationID)
					if err != nil {
						return err
					}
					if err := a.CanManageInvitation(target.InvitedByID == viewer.FromContext(ctx).UserID); err != nil {
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
