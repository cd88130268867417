package events

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"orgraph/ent"
	"orgraph/ent/user"
	"orgraph/internal/authz"
	"orgraph/internal/observe"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// Entry is one change as a workflow reports it to Record.
type Entry struct {
	Action authz.AuditAction
	// OrganizationID is the organization changed; 0 writes the entry to
	// the system log (ORGANIZATION_REMOVED).
	OrganizationID int
	TargetType     string
	TargetID       int
	// Before and After are the target's fields before and after the
	// change (nil: it did not exist). Never keys, tokens or password
	// hashes: the workflows build them from the fields listed in
	// docs/EVENTS.md only.
	Before, After map[string]any
	// The live event's extra fields: the member concerned and the roles,
	// and the invitee of an invitation.
	UserID             int
	Role, PreviousRole authz.Role
	InviteeEmail       string
}

// ID writes an ID as the GraphQL API shows it (a string), for Before and
// After.
func ID(id int) string { return strconv.Itoa(id) }

// actorNameKey memoizes the viewer's username for the rest of the request.
type actorNameKey struct{}

// Record writes e's audit row in the request's transaction and, when e is
// a membership or invitation change of an organization, queues its live
// event on bus for after the commit (bus nil: no live events).
func Record(ctx context.Context, bus *Bus, e Entry) error {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		return fmt.Errorf("events: recording %s outside a transaction", e.Action)
	}
	sys := policy.WithSystem(ctx)
	db := tx.Client()
	c := db.AuditEntry.Create().
		SetAction(e.Action).SetTargetType(e.TargetType).SetTargetID(e.TargetID).
		SetRequestID(observe.RequestID(ctx))
	if e.OrganizationID != 0 {
		c.SetOrganizationID(e.OrganizationID)
	}
	if e.Before != nil {
		c.SetBefore(e.Before)
	}
	if e.After != nil {
		c.SetAfter(e.After)
	}
	var actorID *int
	if v := viewer.FromContext(ctx); v != nil {
		name := v.Username
		if name == "" {
			// A viewer made without its username (tests that build one).
			n, err := v.Remember(actorNameKey{}, func() (any, error) {
				return db.User.Query().Where(user.ID(v.UserID)).Select(user.FieldUsername).String(sys)
			})
			if err != nil {
				return err
			}
			name = n.(string)
		}
		c.SetActorID(v.UserID).SetActorName(name)
		actorID = &v.UserID
	}
	row, err := c.Save(sys)
	orgID := e.OrganizationID
	if e.Action == authz.AuditOrganizationRemoved {
		// Published so that the organization's subscriptions check their
		// viewer again, and end: nobody is a member any more.
		orgID = e.TargetID
	} else if orgID == 0 || !(e.Action.IsMembership() || e.Action.IsInvitation()) {
		return err
	}
	if err != nil || bus == nil {
		return err
	}
	ev := Event{
		Type: e.Action, OrganizationID: orgID, ActorID: actorID, TargetID: e.TargetID,
		At: row.CreatedAt, InviteeEmail: e.InviteeEmail,
	}
	if e.UserID != 0 {
		ev.UserID = &e.UserID
	}
	if e.Role != "" {
		ev.Role = &e.Role
	}
	if e.PreviousRole != "" {
		ev.PreviousRole = &e.PreviousRole
	}
	queue(tx, bus, ev)
	return nil
}

// queued holds the events of each open transaction, in the order recorded.
var queued sync.Map // *ent.Tx -> *[]Event

// queue adds ev to tx's events; the first one registers the hooks that
// publish them all, in order, once tx commits (and drop them if it rolls
// back).
func queue(tx *ent.Tx, bus *Bus, ev Event) {
	q, loaded := queued.LoadOrStore(tx, &[]Event{})
	list := q.(*[]Event)
	*list = append(*list, ev) // a transaction runs on one goroutine at a time (graph's transactioner)
	if loaded {
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			queued.Delete(tx)
			if err == nil {
				for _, e := range *list {
					bus.Publish(e)
				}
			}
			return err
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
			queued.Delete(tx)
			return next.Rollback(ctx, tx)
		})
	})
}
