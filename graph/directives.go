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
// the organization the field acts in. It is the early check; the privacy
// policies apply the full rules where the data is written. Work in the
// viewer's personal workspace passes.
func (r *Resolver) hasRole(ctx context.Context, _ any, next graphql.Resolver, role authz.Role) (any, error) {
	// Anonymous first: whether the named object exists is no answer for
	// someone who has not signed in.
	if viewer.FromContext(ctx) == nil {
		return nil, errcode.ErrUnauthenticated
	}
	orgID, kind, err := r.organizationOfArgs(ctx)
	if err != nil || orgID == nil {
		if err != nil {
			return nil, err
		}
		return next(ctx)
	}
	a, err := policy.ActorIn(ctx, *orgID)
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

// orgLookup reads the organization (nil: a personal workspace) of the row
// with an ID.
type orgLookup func(ctx context.Context, c *ent.Client, id int) (*int, error)

var (
	orgOfMembership = func(ctx context.Context, c *ent.Client, id int) (*int, error) {
		m, err := c.Membership.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		return &m.OrganizationID, nil
	}
	orgOfInvitation = func(ctx context.Context, c *ent.Client, id int) (*int, error) {
		inv, err := c.Invitation.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		return &inv.OrganizationID, nil
	}
	orgOfProject = func(ctx context.Context, c *ent.Client, id int) (*int, error) {
		p, err := c.Project.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		return p.OrganizationID, nil
	}
	orgOfTask = func(ctx context.Context, c *ent.Client, id int) (*int, error) {
		t, err := c.Task.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		return t.OrganizationID, nil
	}
	orgOfJob = func(ctx context.Context, c *ent.Client, id int) (*int, error) {
		j, err := c.Job.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		return j.OrganizationID, nil
	}
	orgOfCloudStorage = func(ctx context.Context, c *ent.Client, id int) (*int, error) {
		s, err := c.CloudStorage.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		return s.OrganizationID, nil
	}
)

// byIDArgument: for fields whose `id` argument names the object acted on,
// its kind and how to find its organization.
var byIDArgument = map[string]struct {
	kind   string
	lookup orgLookup
}{
	"resendInvitation":   {"invitation", orgOfInvitation},
	"revokeInvitation":   {"invitation", orgOfInvitation},
	"updateProject":      {"project", orgOfProject},
	"deleteProject":      {"project", orgOfProject},
	"updateTask":         {"task", orgOfTask},
	"deleteTask":         {"task", orgOfTask},
	"updateJob":          {"job", orgOfJob},
	"deleteJob":          {"job", orgOfJob},
	"updateCloudStorage": {"cloud storage", orgOfCloudStorage},
	"deleteCloudStorage": {"cloud storage", orgOfCloudStorage},
}

// organizationOfArgs finds the organization a @hasRole field acts in from
// the argument that names it (the organization itself, or an object in it)
// and the kind of that argument; a nil organization is the viewer's
// personal workspace. A missing object is NOT_FOUND.
func (r *Resolver) organizationOfArgs(ctx context.Context) (orgID *int, kind string, err error) {
	fc := graphql.GetFieldContext(ctx)
	args := fc.Args
	find := func(kind string, lookup orgLookup, id int) (*int, string, error) {
		org, err := lookup(policy.WithSystem(ctx), r.db(ctx), id)
		if ent.IsNotFound(err) {
			return nil, kind, errcode.NotFoundf(kind)
		}
		return org, kind, err
	}
	switch in := args["input"].(type) {
	case model.InviteMemberInput:
		return &in.OrganizationID, "organization", nil
	case model.CreateProjectInput:
		return in.OrganizationID, "organization", nil
	case model.CreateCloudStorageInput:
		return in.OrganizationID, "organization", nil
	case model.CreateTaskInput:
		if in.ProjectID == nil {
			return in.OrganizationID, "organization", nil
		}
		return find("project", orgOfProject, *in.ProjectID)
	case model.CreateJobInput:
		return find("task", orgOfTask, in.TaskID)
	}
	if id, ok := args["organizationID"].(int); ok {
		return &id, "organization", nil
	}
	if id, ok := args["membershipID"].(int); ok {
		return find("membership", orgOfMembership, id)
	}
	if id, ok := args["jobID"].(int); ok {
		return find("job", orgOfJob, id)
	}
	id, _ := args["id"].(int)
	switch fc.Field.Name {
	case "updateOrganization", "deleteOrganization":
		return &id, "organization", nil
	}
	if by, ok := byIDArgument[fc.Field.Name]; ok {
		return find(by.kind, by.lookup, id)
	}
	return nil, "", fmt.Errorf("@hasRole on %s: no argument names an organization", fc.Field.Name)
}
