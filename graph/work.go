package graph

import (
	"context"
	"strings"

	"orgraph/ent/organization"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
	"orgraph/internal/work"
)

func assignee(id *int, clear *bool) work.Assignee {
	return work.Assignee{ID: id, Clear: clear != nil && *clear}
}

// workspace resolves the organization argument of the work queries: the
// organization with the slug (NOT_FOUND unless the viewer sees it), or the viewer's personal workspace (orgID nil) when slug is nil.
// Privacy then filters the query to what the viewer may see there.
func (r *Resolver) workspace(ctx context.Context, slug *string) (orgID *int, userID int, err error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, 0, errcode.ErrUnauthenticated
	}
	if slug == nil {
		return nil, v.UserID, nil
	}
	// Privacy hides the organizations the viewer is not a member of.
	id, err := r.db(ctx).Organization.Query().Where(organization.SlugKey(strings.ToLower(*slug))).OnlyID(ctx)
	if err != nil {
		return nil, 0, err
	}
	return &id, v.UserID, nil
}
