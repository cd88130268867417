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
)

// hasRole implements @hasRole(role:): the viewer must hold at least role in
// the organization the field acts in. It is the early check; the privacy
// policies apply the full rules where the data is written. Work in the
// viewer's personal workspace passes.
func (r *Resolver) hasRole(ctx context.Context, _ any, next graphql.Resolver, role authz.Role) (any, error) {
	orgID, err := r.organizationOfArgs(ctx)
	if err != nil {
		return nil, err
	}
	if orgID == nil {
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

// organizationOfArgs finds the organization a @hasRole field acts in from
// the argument that names it (the organization itself, or an object in
// it); nil means the viewer's personal workspace.
func (r *Resolver) organizationOfArgs(ctx context.Context) (*int, error) {
	fc := graphql.GetFieldContext(ctx)
	args := fc.Args
	db, sys := r.db(ctx), policy.WithSystem(ctx)
	// orgOf reads the organization of the row id of a kind; a missing row
	// is NOT_FOUND.
	orgOf := func(kind string, get func() (*int, error)) (*int, error) {
		org, err := get()
		if ent.IsNotFound(err) {
			return nil, errcode.NotFoundf(kind)
		}
		return org, err
	}
	intArg := func(name string) int { id, _ := args[name].(int); return id }
	ptr := func(i int) *int { return &i }

	switch in := args["input"].(type) {
	case model.InviteMemberInput:
		return &in.OrganizationID, nil
	case model.CreateProjectInput:
		return in.OrganizationID, nil
	case model.CreateCloudStorageInput:
		return in.OrganizationID, nil
	case model.CreateTaskInput:
		if in.ProjectID == nil {
			return in.OrganizationID, nil
		}
		return orgOf("project", func() (*int, error) {
			p, err := db.Project.Get(sys, *in.ProjectID)
			if err != nil {
				return nil, err
			}
			return p.OrganizationID, nil
		})
	case model.CreateJobInput:
		return orgOf("task", func() (*int, error) {
			t, err := db.Task.Get(sys, in.TaskID)
			if err != nil {
				return nil, err
			}
			return t.OrganizationID, nil
		})
	}
	if _, ok := args["organizationID"]; ok {
		return ptr(intArg("organizationID")), nil
	}
	if _, ok := args["membershipID"]; ok {
		return orgOf("membership", func() (*int, error) {
			m, err := db.Membership.Get(sys, intArg("membershipID"))
			if err != nil {
				return nil, err
			}
			return &m.OrganizationID, nil
		})
	}
	if _, ok := args["jobID"]; ok {
		return orgOf("job", func() (*int, error) {
			j, err := db.Job.Get(sys, intArg("jobID"))
			if err != nil {
				return nil, err
			}
			return j.OrganizationID, nil
		})
	}
	id := intArg("id")
	switch fc.Field.Name {
	case "updateOrganization", "deleteOrganization":
		return &id, nil
	case "resendInvitation", "revokeInvitation":
		return orgOf("invitation", func() (*int, error) {
			inv, err := db.Invitation.Get(sys, id)
			if err != nil {
				return nil, err
			}
			return &inv.OrganizationID, nil
		})
	case "updateProject", "deleteProject":
		return orgOf("project", func() (*int, error) {
			p, err := db.Project.Get(sys, id)
			if err != nil {
				return nil, err
			}
			return p.OrganizationID, nil
		})
	case "updateTask", "deleteTask":
		return orgOf("task", func() (*int, error) {
			t, err := db.Task.Get(sys, id)
			if err != nil {
				return nil, err
			}
			return t.OrganizationID, nil
		})
	case "updateJob", "deleteJob":
		return orgOf("job", func() (*int, error) {
			j, err := db.Job.Get(sys, id)
			if err != nil {
				return nil, err
			}
			return j.OrganizationID, nil
		})
	case "updateCloudStorage", "deleteCloudStorage":
		return orgOf("cloud storage", func() (*int, error) {
			c, err := db.CloudStorage.Get(sys, id)
			if err != nil {
				return nil, err
			}
			return c.OrganizationID, nil
		})
	}
	return nil, fmt.Errorf("@hasRole on %s: no argument names an organization", fc.Field.Name)
}
