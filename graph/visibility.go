package graph

import (
	"context"

	"orgraph/ent"
	"orgraph/internal/viewer"
)

// canSeeEmail says whether the viewer may read u's email (SPEC 7): the user
// themself and admins. Staff of an organization u belongs to are added with
// organizations.
func canSeeEmail(ctx context.Context, u *ent.User) bool {
	v := viewer.FromContext(ctx)
	return v != nil && (v.UserID == u.ID || v.IsAdmin())
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
