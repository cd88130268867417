package graph

import (
	"context"

	"orgraph/graph/model"
	"orgraph/internal/orgs"
)

// inviteMembers runs orgs.InviteMany and shapes its results for the API.
func (r *mutationResolver) inviteMembers(ctx context.Context, orgID int, in []*model.BulkInvitationInput, key *string) ([]*model.BulkInvitationResult, error) {
	items := make([]orgs.BulkItem, len(in))
	for i, it := range in {
		items[i] = orgs.BulkItem{Email: it.Email, Role: it.Role}
	}
	results, err := r.orgs.InviteMany(ctx, orgID, items, key)
	if err != nil {
		return nil, err
	}
	out := make([]*model.BulkInvitationResult, len(results))
	for i, res := range results {
		out[i] = &model.BulkInvitationResult{Email: res.Email, Invitation: res.Invitation}
		if e := res.Err; e != nil {
			out[i].Error = &model.BulkInvitationError{Code: string(e.Code), Message: e.Message}
			if e.Field != "" {
				out[i].Error.Field = &e.Field
			}
		}
	}
	return out, nil
}
