// Package work runs the work mutations that are more than one ent call
// (RULES.md §5): the bulk workflows on annotations. Creating, updating and
// removing projects, tasks, jobs and cloud storages needs no service: the
// resolvers apply entgql's generated inputs (SetInput) or delete by ID, and
// hooks set the owner and the organization and run the removal cascades
// (internal/hooks). Who may do what is decided by the privacy policies
// (internal/policy, applying internal/authz) on each write.
package work

import (
	"context"

	"orgraph/ent"
	"orgraph/ent/annotation"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
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
