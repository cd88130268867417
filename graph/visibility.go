package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"orgraph/ent"
	"orgraph/internal/authz"
	"orgraph/internal/policy"
)

// whereRestriction installs restrictWhereFilters as the field middleware of
// every operation. It is the only field middleware of the handler, so it is
// set directly rather than through AroundFields, whose chain allocates two
// closures for every field of every response (~600 for an organization
// page) to reach it.
type whereRestriction struct{ noSchemaCheck }

var _ graphql.OperationContextMutator = whereRestriction{}

func (whereRestriction) ExtensionName() string { return "RestrictWhereFilters" }

func (whereRestriction) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	oc.ResolverMiddleware = restrictWhereFilters
	return nil
}

// restrictWhereFilters is a field middleware: it makes every where-filter
// argument of every field -- root lists and nested connections alike --
// exact before the resolver runs (policy.RestrictWhere).
func restrictWhereFilters(ctx context.Context, next graphql.Resolver) (any, error) {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		if where, ok := fc.Args["where"]; ok {
			if err := policy.RestrictWhere(ctx, where); err != nil {
				return nil, err
			}
		}
	}
	return next(ctx)
}

// canSeeEmail says whether the viewer may read u's email (RULES.md §7).
func canSeeEmail(ctx context.Context, u *ent.User) bool {
	// Fast path: u was reached as the user of a membership, just read
	// (through privacy) in this request. If the viewer is staff of that
	// membership's organization, u belongs to an organization where the
	// viewer is staff, which is the rule itself; no lookup is needed. This
	// keeps a members page from loading every member of every organization
	// the viewer is staff of.
	if userID, orgID, ok := membershipOfUserField(ctx); ok && userID == u.ID {
		if a, err := policy.ActorIn(ctx, orgID); err == nil && a.Can(authz.SeeMemberEmails) {
			return true
		}
	}
	ok, err := policy.CanSeeEmail(ctx, u.ID)
	return err == nil && ok
}

// membershipOfUserField finds, when the current field is a field of the
// `user` of a membership, that membership's user and organization. A
// membership loaded by a members page carries only the columns the page
// asked for, so its organization is taken from the Organization whose
// `members` connection holds it.
func membershipOfUserField(ctx context.Context) (userID, orgID int, ok bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Parent == nil || fc.Parent.Object != "Membership" || fc.Parent.Field.Field == nil || fc.Parent.Field.Name != "user" {
		return 0, 0, false
	}
	p := fc.Parent.Parent
	for p != nil && p.Result == nil {
		p = p.Parent
	}
	if p == nil {
		return 0, 0, false
	}
	m, isMembership := p.Result.(*ent.Membership)
	if !isMembership {
		return 0, 0, false
	}
	if m.OrganizationID != 0 {
		return m.UserID, m.OrganizationID, true
	}
	// Organization.members.edges[i].node.user
	for q := p.Parent; q != nil; q = q.Parent {
		switch {
		case q.Field.Field == nil: // a list element
		case q.Object == "MembershipEdge" || q.Object == "MembershipConnection":
		case q.Object == "Organization" && q.Field.Name == "members":
			for r := q.Parent; r != nil; r = r.Parent {
				if r.Result != nil {
					if org, isOrg := r.Result.(*ent.Organization); isOrg {
						return m.UserID, org.ID, true
					}
					return 0, 0, false
				}
			}
			return 0, 0, false
		default:
			return 0, 0, false
		}
	}
	return 0, 0, false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
