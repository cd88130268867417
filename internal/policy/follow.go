package policy

import (
	"context"
	"slices"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	gen "orgraph/ent"
	"orgraph/ent/invitation"
	"orgraph/ent/user"
	"orgraph/internal/authz"
	"orgraph/internal/viewer"
)

// Rows that follow from a row the viewer already sees are not filtered
// again, one row at a time: a visible membership is in one of the viewer's
// organizations, so its user is a member of one of them, which is exactly
// what makes a user visible (visibleUsers, RULES.md §2). A page of 50
// members used to load its users with a correlated EXISTS per user on the
// viewer's memberships; now they are read by ID alone.
//
// The shortcut is scoped to one query object: shownWith marks the query
// that policy code itself built for such rows, and the policy adapter
// (entity, adapter.go) lets that query -- and only it: not its eager loads,
// not any other query of the request -- through with the rows the mark
// names, filtering any other row as usual.

type shownKey struct{}

// shown is the mark of one query: rows matching rows need no filter; all:
// the query reads only such rows.
type shown struct {
	q    ent.Query
	rows func(*sql.Selector)
	all  bool
}

// shownWith returns ctx in which q's rows matching rows are known to be
// visible (all: q reads no other row).
func shownWith(ctx context.Context, q ent.Query, rows func(*sql.Selector), all bool) context.Context {
	return context.WithValue(ctx, shownKey{}, &shown{q: q, rows: rows, all: all})
}

// shownFor returns the mark of q, if ctx carries one for it.
func shownFor(ctx context.Context, q ent.Query) (*shown, bool) {
	s, ok := ctx.Value(shownKey{}).(*shown)
	return s, ok && s.q == q
}

// MemberUsers is the interceptor of membership queries (ent/schema): the
// users and the inviters of the memberships a query returns are loaded by
// policy code, in one statement; the users unfiltered for the reason
// above, the inviters through visibleUsers (one who has left every
// organization of the viewer is hidden). The memberships themselves went
// through their own filter (privacy runs before interceptors); a query that
// bypasses privacy (WithSystem) is left to ent.
func MemberUsers() ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			mq, ok := q.(*gen.MembershipQuery)
			if !ok || IsSystem(ctx) || viewer.FromContext(ctx) == nil {
				return next.Query(ctx, q)
			}
			users, inviters := mq.TakeUserLoad(), mq.TakeInvitedByLoad()
			v, err := next.Query(ctx, q)
			if ms, isPage := v.([]*gen.Membership); err == nil && isPage && (users != nil || inviters != nil) {
				err = loadMemberUsers(ctx, ms, users, inviters)
			}
			return v, err
		})
	})
}

// loadMemberUsers reads the users and inviters of ms with the columns the
// eager-loading queries of field collection would have read (users or
// inviters nil: that edge is not asked for) and records them as the loaded
// edges.
func loadMemberUsers(ctx context.Context, ms []*gen.Membership, users, inviters *gen.UserQuery) error {
	if len(ms) == 0 {
		return nil
	}
	var members, others []int
	for _, m := range ms {
		if users != nil && !slices.Contains(members, m.UserID) {
			members = append(members, m.UserID)
		}
	}
	for _, m := range ms {
		if inviters != nil && m.InvitedByID != nil && !slices.Contains(members, *m.InvitedByID) && !slices.Contains(others, *m.InvitedByID) {
			others = append(others, *m.InvitedByID)
		}
	}
	q := mergedUserQuery(users, inviters)
	byID := map[int]*gen.User{}
	if ids := append(slices.Clone(members), others...); len(ids) > 0 {
		q.Where(user.IDIn(ids...))
		if len(members) > 0 {
			ctx = shownWith(ctx, q, user.IDIn(members...), len(others) == 0)
		}
		us, err := q.All(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			byID[u.ID] = u
		}
	}
	for _, m := range ms {
		if users != nil {
			m.SetUserLoaded(byID[m.UserID])
		}
		if inviters != nil {
			var by *gen.User
			if m.InvitedByID != nil {
				by = byID[*m.InvitedByID]
			}
			m.SetInvitedByLoaded(by)
		}
	}
	return nil
}

// mergedUserQuery is one query reading the columns of both (either may be
// nil; no selected column means all of them). Users expose no edges in
// GraphQL, so field collection gives these queries columns only.
func mergedUserQuery(a, b *gen.UserQuery) *gen.UserQuery {
	switch {
	case a == nil:
		return b
	case b == nil || len(a.SelectedFields()) == 0:
		return a
	case len(b.SelectedFields()) == 0:
		return b
	}
	for _, f := range b.SelectedFields() {
		if !slices.Contains(a.SelectedFields(), f) {
			a.Select(f)
		}
	}
	return a
}

// InvitationsOf is the query of an organization's invitations for a viewer
// who sees all of them there (staff, admins: RULES.md §3), and the context
// to run it in. Each row is visible by that rule, so the query is not
// filtered again (the per-row filter spelled out the viewer's organizations
// twice); ok is false, and the query nil, for any other viewer.
func InvitationsOf(ctx context.Context, orgID int) (_ context.Context, _ *gen.InvitationQuery, ok bool) {
	a, err := ActorIn(ctx, orgID)
	if err != nil || !a.Can(authz.SeeInvitations) {
		return ctx, nil, false
	}
	q := client(ctx).Invitation.Query().Where(invitation.OrganizationID(orgID))
	return shownWith(ctx, q, nil, true), q, true
}
