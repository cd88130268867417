package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"orgraph/ent"
	"orgraph/graph/model"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// hasRole implements @hasRole(role:): the viewer must hold at least role in
// the organization the field's arguments name. It is the early check; the
// privacy policies apply the full rules where the data is written.
func (r *Resolver) hasRole(ctx context.Context, _ any, next graphql.Resolver, role authz.Role) (any, error) {
	// Anonymous first: whether the named object exists is no answer for
	// someone who has not signed in.
	if viewer.FromContext(ctx) == nil {
		return nil, errcode.ErrUnauthenticated
	}
	orgID, kind, err := r.organizationOfArgs(ctx)
	if err != nil {
		return nil, err
	}
	a, err := policy.ActorIn(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if !a.Sees() {
		// The same answer as for a made-up ID of the argument's kind.
		return nil, errcode.NotFoundf(kind)
	}
	if !a.HasRole(role) {
		return nil, errcode.New(errcode.Forbidden, "this needs the role %s or higher in the organization", role)
	}
	return next(ctx)
}

// organizationOfArgs finds the organization a @hasRole field acts in, from
// the argument that names it: the organization itself, or a membership or
// an invitation in it. kind is what that argument names.
func (r *Resolver) organizationOfArgs(ctx context.Context) (orgID int, kind string, err error) {
	fc := graphql.GetFieldContext(ctx)
	args := fc.Args
	sys := policy.WithSystem(ctx)
	switch {
	case args["organizationID"] != nil:
		return args["organizationID"].(int), "organization", nil
	case args["membershipID"] != nil:
		m, err := r.db(ctx).Membership.Get(sys, args["membershipID"].(int))
		if ent.IsNotFound(err) {
			return 0, "", errcode.NotFoundf("membership")
		}
		if err != nil {
			return 0, "", err
		}
		return m.OrganizationID, "membership", nil
	}
	if in, ok := args["input"].(model.InviteMemberInput); ok {
		return in.OrganizationID, "organization", nil
	}
	id, _ := args["id"].(int)
	switch fc.Field.Name {
	case "updateOrganization", "deleteOrganization":
		return id, "organization", nil
	case "resendInvitation", "revokeInvitation":
		inv, err := r.db(ctx).Invitation.Get(sys, id)
		if ent.IsNotFound(err) {
			return 0, "", errcode.NotFoundf("invitation")
		}
		if err != nil {
			return 0, "", err
		}
		return inv.OrganizationID, "invitation", nil
	}
	return 0, "", fmt.Errorf("@hasRole on %s: no argument names an organization", fc.Field.Name)
}
