package graph

import (
	"context"

	"orgraph/ent"
	"orgraph/internal/policy"
)

// canSeeEmail says whether the viewer may read u's email (SPEC 7).
func canSeeEmail(ctx context.Context, u *ent.User) bool {
	ok, err := policy.CanSeeEmail(ctx, u.ID)
	return err == nil && ok
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
