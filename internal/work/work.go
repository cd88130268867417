// Package work runs the mutations on projects, tasks, jobs, annotations
// and cloud storages (RULES.md §5). Who may do what is decided by the privacy
// policies (internal/policy, applying internal/authz) on each write and
// assignees are checked by a hook (internal/hooks); this package places new
// work in the right organization and turns inputs into ent calls.
package work

import (
	"context"

	"orgraph/ent"
	"orgraph/ent/annotation"
	"orgraph/ent/cloudstorage"
	"orgraph/ent/job"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// MaxAnnotationsPerCall bounds createAnnotations and deleteAnnotations.
const MaxAnnotationsPerCall = 1000

// MaxAnnotationPoints bounds the coordinates of one annotation (2,048
// vertices of a polygon): it keeps an annotation row under 32 KiB in memory,
// the weight the query cost gives it (docs/SECURITY.md).
const MaxAnnotationPoints = 4096

// Service runs work mutations.
type Service struct{ client *ent.Client }

// NewService returns the work service.
func NewService(client *ent.Client) *Service { return &Service{client: client} }

func (s *Service) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}

func viewerID(ctx context.Context) (int, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return 0, errcode.ErrUnauthenticated
	}
	return v.UserID, nil
}

// Assignee is an optional change of assignee: Set with ID, or Clear.
type Assignee struct {
	ID    *int
	Clear bool
}

// CreateProject creates a project in an organization (orgID) or the
// personal workspace (nil).
func (s *Service) CreateProject(ctx context.Context, orgID *int, name string, assigneeID *int) (*ent.Project, error) {
	uid, err := viewerID(ctx)
	if err != nil {
		return nil, err
	}
	return s.db(ctx).Project.Create().
		SetNillableOrganizationID(orgID).SetOwnerID(uid).SetName(name).SetNillableAssigneeID(assigneeID).
		Save(ctx)
}

// UpdateProject renames or (re)assigns a project.
func (s *Service) UpdateProject(ctx context.Context, id int, name *string, a Assignee) (*ent.Project, error) {
	u := s.db(ctx).Project.UpdateOneID(id).SetNillableName(name).SetNillableAssigneeID(a.ID)
	if a.Clear {
		u.ClearAssigneeID()
	}
	return u.Save(ctx)
}

// DeleteProject removes a project with its tasks, jobs and annotations.
func (s *Service) DeleteProject(ctx context.Context, id int) (int, error) {
	return id, s.db(ctx).Project.DeleteOneID(id).Exec(ctx)
}

// CreateTask creates a task; in a project it lives in the project's
// organization.
func (s *Service) CreateTask(ctx context.Context, orgID, projectID *int, name string, assigneeID *int) (*ent.Task, error) {
	uid, err := viewerID(ctx)
	if err != nil {
		return nil, err
	}
	if projectID != nil {
		p, err := policy.VisibleProject(ctx, *projectID)
		if err != nil {
			return nil, err
		}
		if orgID != nil && (p.OrganizationID == nil || *p.OrganizationID != *orgID) {
			return nil, errcode.Invalid("organizationID", "a task lives in its project's organization: leave organizationID out or make it match")
		}
		orgID = p.OrganizationID
	}
	return s.db(ctx).Task.Create().
		SetNillableOrganizationID(orgID).SetNillableProjectID(projectID).SetOwnerID(uid).
		SetName(name).SetNillableAssigneeID(assigneeID).
		Save(ctx)
}

// UpdateTask renames or (re)assigns a task.
func (s *Service) UpdateTask(ctx context.Context, id int, name *string, a Assignee) (*ent.Task, error) {
	u := s.db(ctx).Task.UpdateOneID(id).SetNillableName(name).SetNillableAssigneeID(a.ID)
	if a.Clear {
		u.ClearAssigneeID()
	}
	return u.Save(ctx)
}

// DeleteTask removes a task with its jobs and annotations.
func (s *Service) DeleteTask(ctx context.Context, id int) (int, error) {
	return id, s.db(ctx).Task.DeleteOneID(id).Exec(ctx)
}

// CreateJob creates a job in a task (and the task's organization).
func (s *Service) CreateJob(ctx context.Context, taskID int, assigneeID *int) (*ent.Job, error) {
	uid, err := viewerID(ctx)
	if err != nil {
		return nil, err
	}
	t, err := policy.VisibleTask(ctx, taskID)
	if err != nil {
		return nil, err
	}
	return s.db(ctx).Job.Create().
		SetTaskID(taskID).SetNillableOrganizationID(t.OrganizationID).SetOwnerID(uid).SetNillableAssigneeID(assigneeID).
		Save(ctx)
}

// JobChanges are the editable fields of a job.
type JobChanges struct {
	Assignee Assignee
	Stage    *job.Stage
	State    *job.State
}

// UpdateJob changes a job's stage, state or assignee.
func (s *Service) UpdateJob(ctx context.Context, id int, c JobChanges) (*ent.Job, error) {
	u := s.db(ctx).Job.UpdateOneID(id).SetNillableAssigneeID(c.Assignee.ID)
	if c.Assignee.Clear {
		u.ClearAssigneeID()
	}
	u.SetNillableStage(c.Stage).SetNillableState(c.State)
	return u.Save(ctx)
}

// DeleteJob removes a job with its annotations.
func (s *Service) DeleteJob(ctx context.Context, id int) (int, error) {
	return id, s.db(ctx).Job.DeleteOneID(id).Exec(ctx)
}

// AnnotationInput is one shape to create.
type AnnotationInput struct {
	Label  string
	Type   annotation.Type
	Frame  int
	Points []float64
}

// CreateAnnotations adds shapes to a job the viewer sees, in one INSERT.
func (s *Service) CreateAnnotations(ctx context.Context, jobID int, in []AnnotationInput) ([]*ent.Annotation, error) {
	if len(in) > MaxAnnotationsPerCall {
		return nil, errcode.Invalid("input", "at most 1000 annotations per call")
	}
	for _, a := range in {
		if len(a.Points) > MaxAnnotationPoints {
			return nil, errcode.Invalid("points", "at most 4096 points per annotation")
		}
	}
	j, err := policy.VisibleJob(ctx, jobID)
	if err != nil {
		return nil, err
	}
	builders := make([]*ent.AnnotationCreate, len(in))
	for i, a := range in {
		if a.Points == nil {
			a.Points = []float64{}
		}
		builders[i] = s.db(ctx).Annotation.Create().
			SetJobID(jobID).SetNillableOrganizationID(j.OrganizationID).SetLabel(a.Label).SetType(a.Type).SetFrame(a.Frame).SetPoints(a.Points)
	}
	return s.db(ctx).Annotation.CreateBulk(builders...).Save(ctx)
}

// DeleteAnnotations deletes shapes of a job the viewer sees and returns
// the IDs that were deleted (IDs of other jobs are ignored).
func (s *Service) DeleteAnnotations(ctx context.Context, jobID int, ids []int) ([]int, error) {
	if len(ids) > MaxAnnotationsPerCall {
		return nil, errcode.Invalid("ids", "at most 1000 annotations per call")
	}
	if _, err := policy.VisibleJob(ctx, jobID); err != nil {
		return nil, err
	}
	sys := policy.WithSystem(ctx) // the job check above is the permission
	found, err := s.db(ctx).Annotation.Query().
		Where(annotation.JobID(jobID), annotation.IDIn(ids...)).
		IDs(sys)
	if err != nil || len(found) == 0 {
		return []int{}, err
	}
	_, err = s.db(ctx).Annotation.Delete().Where(annotation.IDIn(found...)).Exec(sys)
	return found, err
}

// CreateCloudStorage creates a cloud storage.
func (s *Service) CreateCloudStorage(ctx context.Context, orgID *int, displayName string, provider cloudstorage.Provider, resource string) (*ent.CloudStorage, error) {
	uid, err := viewerID(ctx)
	if err != nil {
		return nil, err
	}
	return s.db(ctx).CloudStorage.Create().
		SetNillableOrganizationID(orgID).SetOwnerID(uid).
		SetDisplayName(displayName).SetProvider(provider).SetResource(resource).
		Save(ctx)
}

// UpdateCloudStorage edits a cloud storage.
func (s *Service) UpdateCloudStorage(ctx context.Context, id int, displayName, resource *string) (*ent.CloudStorage, error) {
	return s.db(ctx).CloudStorage.UpdateOneID(id).SetNillableDisplayName(displayName).SetNillableResource(resource).Save(ctx)
}

// DeleteCloudStorage removes a cloud storage.
func (s *Service) DeleteCloudStorage(ctx context.Context, id int) (int, error) {
	return id, s.db(ctx).CloudStorage.DeleteOneID(id).Exec(ctx)
}
