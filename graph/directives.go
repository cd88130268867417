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

// hasRole implements @hasRole(role:): the viewer must act with at least
// role in the organization the field acts in. It is the early, declarative
// check, asking the same table as the privacy policies that apply the full
// rules where the data is written. It reads the object the field names
// through privacy, so an object the viewer may not see is NOT_FOUND with
// the same message as one that never existed, and the field's workflow and
// policy find that row again without reading it (policy.WithRowCache).
// Work in the viewer's personal workspace passes.
func (r *Resolver) hasRole(ctx context.Context, _ any, next graphql.Resolver, role authz.Role) (any, error) {
	// Anonymous first: whether the named object exists is no answer for
	// someone who has not signed in.
	if viewer.FromContext(ctx) == nil {
		return nil, errcode.ErrUnauthenticated
	}
	ctx = policy.WithRowCache(ctx)
	orgID, err := organizationOfArgs(ctx)
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
		return nil, errcode.NotFoundf("organization")
	}
	if !a.HasRole(role) {
		return nil, errcode.New(errcode.Forbidden, "this needs the role %s or higher in the organization", role)
	}
	return next(ctx)
}

// orgLookup reads, through privacy, the organization (nil: a personal
// workspace) of the row with an ID.
type orgLookup func(ctx context.Context, id int) (*int, error)

func orgOf[T any](visible func(context.Context, int) (T, error), org func(T) *int) orgLookup {
	return func(ctx context.Context, id int) (*int, error) {
		row, err := visible(ctx, id)
		if err != nil {
			return nil, err
		}
		return org(row), nil
	}
}

var (
	orgOfMembership   = orgOf(policy.VisibleMembership, func(m *ent.Membership) *int { return &m.OrganizationID })
	orgOfInvitation   = orgOf(policy.VisibleInvitation, func(i *ent.Invitation) *int { return &i.OrganizationID })
	orgOfProject      = orgOf(policy.VisibleProject, func(p *ent.Project) *int { return p.OrganizationID })
	orgOfTask         = orgOf(policy.VisibleTask, func(t *ent.Task) *int { return t.OrganizationID })
	orgOfJob          = orgOf(policy.VisibleJob, func(j *ent.Job) *int { return j.OrganizationID })
	orgOfCloudStorage = orgOf(policy.VisibleCloudStorage, func(s *ent.CloudStorage) *int { return s.OrganizationID })
)

// byIDArgument: for fields whose `id` argument names the object acted on,
// how to find its organization.
var byIDArgument = map[string]orgLookup{
	"resendInvitation":   orgOfInvitation,
	"revokeInvitation":   orgOfInvitation,
	"updateProject":      orgOfProject,
	"deleteProject":      orgOfProject,
	"updateTask":         orgOfTask,
	"deleteTask":         orgOfTask,
	"updateJob":          orgOfJob,
	"deleteJob":          orgOfJob,
	"updateCloudStorage": orgOfCloudStorage,
	"deleteCloudStorage": orgOfCloudStorage,
}

// organizationOfArgs finds the organization a @hasRole field acts in from
// the argument that names it (the organization itself, or an object in
// it); a nil organization is the viewer's personal workspace.
func organizationOfArgs(ctx context.Context) (orgID *int, err error) {
	fc := graphql.GetFieldContext(ctx)
	args := fc.Args
	switch in := args["input"].(type) {
	case model.InviteMemberInput:
		return &in.OrganizationID, nil
	case ent.CreateProjectInput:
		return in.OrganizationID, nil
	case ent.CreateCloudStorageInput:
		return in.OrganizationID, nil
	case ent.CreateTaskInput:
		if in.ProjectID == nil {
			return in.OrganizationID, nil
		}
		return orgOfProject(ctx, *in.ProjectID)
	case ent.CreateJobInput:
		return orgOfTask(ctx, in.TaskID)
	}
	if id, ok := args["organizationID"].(int); ok {
		return &id, nil
	}
	if id, ok := args["membershipID"].(int); ok {
		return orgOfMembership(ctx, id)
	}
	if id, ok := args["jobID"].(int); ok {
		return orgOfJob(ctx, id)
	}
	id, _ := args["id"].(int)
	switch fc.Field.Name {
	case "updateOrganization", "deleteOrganization":
		return &id, nil
	}
	if lookup, ok := byIDArgument[fc.Field.Name]; ok {
		return lookup(ctx, id)
	}
	return nil, fmt.Errorf("@hasRole on %s: no argument names an organization", fc.Field.Name)
}
