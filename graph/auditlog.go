package graph

import (
	"context"

	"entgo.io/contrib/entgql"

	"orgraph/ent"
	"orgraph/ent/auditentry"
	"orgraph/ent/predicate"
	"orgraph/graph/model"
	"orgraph/internal/authz"
	"orgraph/internal/policy"
)

// newestEntriesFirst orders audit logs: by ID, newest first (IDs grow
// with time within the table).
var newestEntriesFirst = ent.WithAuditEntryOrder(&ent.AuditEntryOrder{
	Direction: entgql.OrderDirectionDesc,
	Field:     ent.DefaultAuditEntryOrder.Field,
})

// auditLog is a page of an organization's audit log (orgID) or of the
// system log (orgID 0, the caller checked @hasGroup(ADMIN)). Reading an
// organization's needs authz.SeeAuditLog: staff and admins (RULES.md §3).
// The rows are SystemOnly to ent's privacy: read under WithSystem once the
// rule said yes.
func (r *Resolver) auditLog(ctx context.Context, orgID int, first *int, after *entgql.Cursor[int], where *model.AuditLogWhere) (*ent.AuditEntryConnection, error) {
	in := auditentry.OrganizationIDIsNil()
	if orgID != 0 {
		a, err := policy.ActorIn(ctx, orgID)
		if err != nil {
			return nil, err
		}
		if err := a.May(authz.SeeAuditLog); err != nil {
			return nil, err
		}
		in = auditentry.OrganizationID(orgID)
	}
	q := r.db(ctx).AuditEntry.Query().Where(in).Where(auditWhere(where)...)
	return q.Paginate(policy.WithSystem(ctx), after, first, nil, nil, newestEntriesFirst)
}

func auditWhere(w *model.AuditLogWhere) []predicate.AuditEntry {
	if w == nil {
		return nil
	}
	var ps []predicate.AuditEntry
	if w.Action != nil {
		ps = append(ps, auditentry.ActionEQ(*w.Action))
	}
	if w.Actor != nil {
		ps = append(ps, auditentry.ActorID(*w.Actor))
	}
	if w.Since != nil {
		ps = append(ps, auditentry.CreatedAtGTE(*w.Since))
	}
	if w.Until != nil {
		ps = append(ps, auditentry.CreatedAtLT(*w.Until))
	}
	return ps
}
