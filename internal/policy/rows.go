package policy

import (
	"context"
	"sync"

	gen "orgraph/ent"
	"orgraph/ent/organization"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
)

// A root mutation reads the row it acts on once: @hasRole reads it (through
// privacy: NOT_FOUND when the viewer may not see it), and the workflow and
// the privacy decision of the write find it here. The cache lives in the
// context of one root field, so it holds the state before that field's own
// writes, which is what the decisions are about; taking an organization's
// lock drops it (Forget), so that checks after the lock read again.
type rowCache struct {
	mu   sync.Mutex
	rows map[rowKey]any
}

type rowKey struct {
	kind string
	id   int
}

type rowCacheKey struct{}

// WithRowCache returns ctx with an empty row cache.
func WithRowCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, rowCacheKey{}, &rowCache{rows: map[rowKey]any{}})
}

// Forget drops what the request remembers about the viewer's memberships
// and the rows read so far (after a lock, say).
func Forget(ctx context.Context) {
	viewer.FromContext(ctx).Forget()
	if c, ok := ctx.Value(rowCacheKey{}).(*rowCache); ok {
		c.mu.Lock()
		clear(c.rows)
		c.mu.Unlock()
	}
}

// visibleRow reads the row of a kind through privacy, once per cache:
// NOT_FOUND when it does not exist or the viewer may not see it.
func visibleRow[T any](ctx context.Context, kind string, id int, get func(context.Context, int) (T, error)) (T, error) {
	c, cached := ctx.Value(rowCacheKey{}).(*rowCache)
	key := rowKey{kind, id}
	if cached {
		c.mu.Lock()
		row, ok := c.rows[key]
		c.mu.Unlock()
		if ok {
			return row.(T), nil
		}
	}
	row, err := get(ctx, id)
	if gen.IsNotFound(err) {
		err = errNotFound(kind)
	}
	if err == nil && cached {
		c.mu.Lock()
		c.rows[key] = row
		c.mu.Unlock()
	}
	return row, err
}

// The rows a write acts on, each read through privacy: the row if the
// viewer sees it, NOT_FOUND (as for an ID that never existed) otherwise.
var (
	VisibleOrganization = visibleOf("organization", func(c *gen.Client) getter[*gen.Organization] { return c.Organization.Get })
	VisibleMembership   = visibleOf("membership", func(c *gen.Client) getter[*gen.Membership] { return c.Membership.Get })
	VisibleInvitation   = visibleOf("invitation", func(c *gen.Client) getter[*gen.Invitation] { return c.Invitation.Get })
	VisibleProject      = visibleOf("project", func(c *gen.Client) getter[*gen.Project] { return c.Project.Get })
	VisibleTask         = visibleOf("task", func(c *gen.Client) getter[*gen.Task] { return c.Task.Get })
	VisibleJob          = visibleOf("job", func(c *gen.Client) getter[*gen.Job] { return c.Job.Get })
	VisibleCloudStorage = visibleOf("cloud storage", func(c *gen.Client) getter[*gen.CloudStorage] { return c.CloudStorage.Get })
)

type getter[T any] func(context.Context, int) (T, error)

func visibleOf[T any](kind string, get func(*gen.Client) getter[T]) func(context.Context, int) (T, error) {
	return func(ctx context.Context, id int) (T, error) { return visibleRow(ctx, kind, id, get(client(ctx))) }
}

// OrganizationOfInvitation is an invitation's organization, or nil when
// the viewer may not see it. The viewer sees the invitation (it was read
// through privacy). If they do not see the organization otherwise, they
// see it only while they hold a pending invitation to it, and then only
// its slug and name (RULES.md §2, 6.4; the resolvers of the other fields ask
// authz). Those organizations are read at once, so a page of invitations
// costs one statement.
func OrganizationOfInvitation(ctx context.Context, inv *gen.Invitation) (*gen.Organization, error) {
	if org := inv.Edges.Organization; org != nil {
		return org, nil
	}
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	type invitedToKey struct{}
	byID, err := v.Remember(invitedToKey{}, func() (any, error) {
		orgs, err := client(ctx).Organization.Query().
			Where(organization.HasInvitationsWith(pendingTo(v.Email))).
			All(WithSystem(ctx))
		byID := make(map[int]*gen.Organization, len(orgs))
		for _, o := range orgs {
			byID[o.ID] = o
		}
		return byID, err
	})
	if err != nil {
		return nil, err
	}
	if org, ok := byID.(map[int]*gen.Organization)[inv.OrganizationID]; ok {
		return org, nil
	}
	org, err := VisibleOrganization(ctx, inv.OrganizationID) // the edge was not loaded
	if errcode.Is(err, errcode.NotFound) {
		return nil, nil
	}
	return org, err
}
