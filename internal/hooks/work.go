package hooks

import (
	"context"
	"errors"

	"entgo.io/ent"

	gen "orgraph/ent"
	"orgraph/ent/hook"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// The hooks that complete the generated create inputs of work
// (CreateProjectInput and the others, applied with SetInput): the inputs
// carry what the client chooses, these set what follows from who asks and
// where. They run after the privacy policy, which decides on the same
// parent rows (read once: policy.WithRowCache). Trusted code under
// policy.WithSystem (seeders, fixtures: thousands of rows) places its rows
// itself, with no read per row.

// ownedMutation is a create of a row with an owner.
type ownedMutation interface {
	ent.Mutation
	OwnerID() (int, bool)
	SetOwnerID(int)
}

// errNoOwner: work created outside a request must name its owner.
var errNoOwner = errors.New("hooks: work created without a viewer must set its owner")

// SetOwner makes the viewer the owner of the work they create (an owner set
// by trusted code, such as a fixture under policy.WithSystem, is kept).
func SetOwner(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		om, ok := m.(ownedMutation)
		if !ok || !m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		if _, set := om.OwnerID(); !set {
			v := viewer.FromContext(ctx)
			if v == nil {
				return nil, errNoOwner
			}
			om.SetOwnerID(v.UserID)
		}
		return next.Mutate(ctx, m)
	})
}

// PlaceTask puts a task of a project in the project's organization; an
// organizationID that names another one is refused. Without a project the
// task lives where organizationID says (null: the personal workspace).
func PlaceTask(next ent.Mutator) ent.Mutator {
	return hook.TaskFunc(func(ctx context.Context, m *gen.TaskMutation) (ent.Value, error) {
		projectID, inProject := m.ProjectID()
		if !inProject || policy.IsSystem(ctx) {
			return next.Mutate(ctx, m)
		}
		p, err := policy.VisibleProject(ctx, projectID)
		if err != nil {
			return nil, err
		}
		if org, set := m.OrganizationID(); set && (p.OrganizationID == nil || *p.OrganizationID != org) {
			return nil, errcode.Invalid("organizationID", "a task lives in its project's organization: leave organizationID out or make it match")
		}
		if p.OrganizationID != nil {
			m.SetOrganizationID(*p.OrganizationID)
		}
		return next.Mutate(ctx, m)
	})
}

// PlaceJob puts a job in its task's organization.
func PlaceJob(next ent.Mutator) ent.Mutator {
	return hook.JobFunc(func(ctx context.Context, m *gen.JobMutation) (ent.Value, error) {
		if policy.IsSystem(ctx) {
			return next.Mutate(ctx, m)
		}
		taskID, _ := m.TaskID()
		t, err := policy.VisibleTask(ctx, taskID)
		if err != nil {
			return nil, err
		}
		if t.OrganizationID != nil {
			m.SetOrganizationID(*t.OrganizationID)
		}
		return next.Mutate(ctx, m)
	})
}
