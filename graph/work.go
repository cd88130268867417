package graph

import (
	"context"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"

	"orgraph/ent/organization"
	"orgraph/ent/project"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
)

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

// page holds the Relay arguments of a connection field.
type page struct {
	after  *entgql.Cursor[int]
	first  *int
	before *entgql.Cursor[int]
	last   *int
}

// workQuery is what the ent queries of projects, tasks, jobs and cloud
// storages share: P is the entity's predicate, O its paginate option, C
// its connection.
type workQuery[Q any, P ~func(*sql.Selector), O any, C any] interface {
	Where(...P) Q
	Paginate(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, opts ...O) (C, error)
}

// The columns of ent/schema's WorkMixin, the same in every work table.
const (
	workOrganizationColumn = project.FieldOrganizationID
	workOwnerColumn        = project.FieldOwnerID
)

// listWork is the one resolver of the work lists (projects, tasks, jobs,
// cloudStorages): a page of q in the workspace the organization argument
// names. Privacy filters it to what the viewer may see there.
func listWork[Q workQuery[Q, P, O, C], P ~func(*sql.Selector), O any, C any](ctx context.Context, r *Resolver, q Q, slug *string, pg page, opts ...O) (C, error) {
	orgID, uid, err := r.workspace(ctx, slug)
	if err != nil {
		var none C
		return none, err
	}
	in := sql.AndPredicates(sql.FieldIsNull(workOrganizationColumn), sql.FieldEQ(workOwnerColumn, uid))
	if orgID != nil {
		in = sql.FieldEQ(workOrganizationColumn, *orgID)
	}
	return q.Where(P(in)).Paginate(ctx, pg.after, pg.first, pg.before, pg.last, opts...)
}
