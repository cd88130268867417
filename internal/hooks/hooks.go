// Package hooks holds the ent hooks that carry business rules: the cascade
// of an organization's removal.
package hooks

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "orgraph/ent"
	"orgraph/ent/hook"
	"orgraph/ent/invitation"
	"orgraph/ent/invitationresend"
	"orgraph/ent/membership"
	"orgraph/internal/policy"
)

// CascadeOrganizationDelete removes everything an organization holds, in
// the transaction of its removal, with one set-based DELETE per table (no
// rows are loaded). It runs after the privacy policy allowed the removal,
// so it bypasses privacy for exactly these deletes. Foreign keys stay
// strict: a child table this hook forgets makes the removal fail instead of
// leaving orphans.
func CascadeOrganizationDelete(next ent.Mutator) ent.Mutator {
	return hook.OrganizationFunc(func(ctx context.Context, m *gen.OrganizationMutation) (ent.Value, error) {
		if _, err := m.Tx(); err != nil {
			return nil, fmt.Errorf("removing an organization needs a transaction: %w", err)
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			if err := deleteChildren(policy.WithSystem(ctx), m.Client(), ids); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}

// deleteChildren deletes, children first, every row that belongs to the
// organizations.
func deleteChildren(ctx context.Context, c *gen.Client, orgIDs []int) error {
	steps := []struct {
		table string
		run   func(context.Context) (int, error)
	}{
		{"memberships", c.Membership.Delete().Where(membership.OrganizationIDIn(orgIDs...)).Exec},
		{"invitation_resends", c.InvitationResend.Delete().Where(invitationresend.HasInvitationWith(invitation.OrganizationIDIn(orgIDs...))).Exec},
		{"invitations", c.Invitation.Delete().Where(invitation.OrganizationIDIn(orgIDs...)).Exec},
	}
	for _, s := range steps {
		if _, err := s.run(ctx); err != nil {
			return fmt.Errorf("removing the organization's %s: %w", s.table, err)
		}
	}
	return nil
}
