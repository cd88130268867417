package policy

import (
	"context"
	"slices"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	gen "orgraph/ent"
	"orgraph/ent/membership"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
)

// Settings are the configurable parts of the rules.
type Settings struct {
	// OrgCreatorGroup is the minimum system group that creates
	// organizations (RULES.md §2).
	OrgCreatorGroup authz.Group
}

type settingsKey struct{}

// WithSettings returns ctx carrying the rule settings.
func WithSettings(ctx context.Context, s Settings) context.Context {
	return context.WithValue(ctx, settingsKey{}, s)
}

func settingsFrom(ctx context.Context) Settings {
	if s, ok := ctx.Value(settingsKey{}).(Settings); ok {
		return s
	}
	return Settings{OrgCreatorGroup: authz.GroupUser}
}

// client is the ent client of the request (the transaction's in a
// mutation). The GraphQL handler always puts one in the context.
func client(ctx context.Context) *gen.Client {
	if c := gen.FromContext(ctx); c != nil {
		return c
	}
	panic("policy: no ent client in the context")
}

// ActorIn returns who the viewer is inside an organization. The viewer's
// memberships are loaded once per request (one statement) and reloaded
// after any membership write or organization lock.
func ActorIn(ctx context.Context, orgID int) (authz.Actor, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return authz.Actor{}, errcode.ErrUnauthenticated
	}
	roles, err := v.Roles(ctx, loadRoles)
	if err != nil {
		return authz.Actor{}, err
	}
	return authz.Actor{Group: v.Group, Role: roles[orgID]}, nil
}

func loadRoles(ctx context.Context) (map[int]authz.Role, error) {
	v := viewer.FromContext(ctx)
	ms, err := client(ctx).Membership.Query().
		Where(membership.UserID(v.UserID)).
		Select(membership.FieldOrganizationID, membership.FieldRole).
		All(WithSystem(ctx))
	if err != nil {
		return nil, err
	}
	roles := make(map[int]authz.Role, len(ms))
	for _, m := range ms {
		roles[m.OrganizationID] = m.Role
	}
	return roles, nil
}

// inViewerOrgs is a condition on an organization ID column: the
// organizations the viewer belongs to (with act: those where the rule
// table lets them do act). When the request has already loaded the
// viewer's memberships (the snapshot ActorIn decides with), it is an ID
// list; otherwise an uncorrelated subquery on the viewer's memberships.
// Either is much cheaper for the database than the nested correlated
// EXISTS of organization.HasMembersWith, and neither costs a statement of
// its own.
func inViewerOrgs(v *viewer.Viewer, act authz.Action, column string) func(*sql.Selector) {
	may := func(role authz.Role) bool { return act == "" || (authz.Actor{Group: v.Group, Role: role}).Can(act) }
	return func(s *sql.Selector) {
		if roles, ok := v.LoadedRoles(); ok {
			ids := make([]int, 0, len(roles))
			for org, role := range roles {
				if may(role) {
					ids = append(ids, org)
				}
			}
			slices.Sort(ids) // the same SQL text for the same memberships
			s.Where(sql.InInts(s.C(column), ids...))
			return
		}
		m := sql.Table(membership.Table).As("viewer_memberships")
		sub := sql.Select(m.C(membership.FieldOrganizationID)).From(m).Where(sql.EQ(m.C(membership.FieldUserID), v.UserID))
		if act != "" {
			var allowed []any
			for _, r := range authz.RoleRanks() {
				if may(r) {
					allowed = append(allowed, string(r))
				}
			}
			if len(allowed) == 0 {
				s.Where(sql.False())
				return
			}
			sub.Where(sql.In(m.C(membership.FieldRole), allowed...))
		}
		s.Where(sql.In(s.C(column), sub))
	}
}

// CanSeeEmail says whether the viewer may read a user's email (RULES.md §7): the
// user themself, admins, and staff of an organization the user belongs to.
func CanSeeEmail(ctx context.Context, userID int) (bool, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return false, nil
	case v.UserID == userID || v.IsAdmin():
		return true, nil
	}
	roles, err := v.Roles(ctx, loadRoles)
	if err != nil {
		return false, err
	}
	visible, err := v.EmailVisible(ctx, func(ctx context.Context) (map[int]bool, error) {
		var staffOf []int
		for org, role := range roles {
			if (authz.Actor{Group: v.Group, Role: role}).Can(authz.SeeMemberEmails) {
				staffOf = append(staffOf, org)
			}
		}
		set := map[int]bool{}
		if len(staffOf) == 0 {
			return set, nil
		}
		ids, err := client(ctx).Membership.Query().
			Where(membership.OrganizationIDIn(staffOf...)).
			Select(membership.FieldUserID).
			Ints(WithSystem(ctx))
		for _, id := range ids {
			set[id] = true
		}
		return set, err
	})
	return visible[userID], err
}

// ForgetRolesOnWrite is a Membership hook: after any write to memberships
// the viewer's roles are read again, so a request that accepts an
// invitation, leaves or changes a role sees the result in the same request.
func ForgetRolesOnWrite(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		defer viewer.FromContext(ctx).Forget()
		return next.Mutate(ctx, m)
	})
}

// now is the clock of the rules (expiry of invitations).
func now() time.Time { return time.Now().UTC() }

// workActor is who the viewer is where a piece of work lives: in their
// personal workspace (orgID nil) the owner of everything; in an
// organization, their role there (NOT_FOUND when they are not a member).
func workActor(ctx context.Context, orgID *int) (authz.Actor, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return authz.Actor{}, errcode.ErrUnauthenticated
	}
	if orgID == nil {
		return authz.PersonalOwner(v.Group), nil
	}
	a, err := ActorIn(ctx, *orgID)
	if err == nil && !a.Sees() {
		err = errNotFound("organization")
	}
	return a, err
}
