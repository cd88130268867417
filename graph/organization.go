package graph

import (
	"context"

	"entgo.io/contrib/entgql"

	"orgraph/ent"
	"orgraph/graph/model"
	"orgraph/internal/orgs"
	"orgraph/internal/policy"
)

// seesOrganizationDetails: members and admins see an organization's
// description, contact and owner; someone who only holds an invitation sees
// its slug and name (RULES.md §6.4).
func seesOrganizationDetails(ctx context.Context, orgID int) bool {
	a, err := policy.ActorIn(ctx, orgID)
	return err == nil && a.Sees()
}

func contactFields(c *model.OrganizationContactInput) *orgs.Contact {
	if c == nil {
		return nil
	}
	return &orgs.Contact{Email: c.Email, Phone: c.Phone, Location: c.Location}
}

// unsetIfEmpty treats an empty optional string as left out, for fields
// whose default is not empty (createOrganization's name: the slug), since
// some clients (genqlient) send unset optional strings as "".
func unsetIfEmpty(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// newestInvitationsFirst orders invitation lists.
var newestInvitationsFirst = ent.WithInvitationOrder(&ent.InvitationOrder{
	Direction: entgql.OrderDirectionDesc,
	Field:     ent.InvitationOrderFieldCreatedAt,
})
