// Package orgs runs the organization workflows of RULES.md §§2-4 that
// take more than one write: creating an organization with its owner,
// inviting, resending, accepting and declining invitations, changing roles,
// removing and leaving, transferring ownership, removing an organization.
//
// Every workflow locks the organization row first (SELECT ... FOR UPDATE
// on MariaDB; SQLite transactions are already exclusive), so concurrent
// requests on one organization run one after the other and the invariants
// of RULES.md §6 hold. Inviting, resending and revoking take the row's
// shared lock instead (LOCK IN SHARE MODE): they run side by side, and
// each waits for (or holds off) the workflows that lock it exclusively;
// among themselves the unique index of one pending invitation per address
// and the invitation's row lock keep the invariants (invitations.go).
// Locks are always taken in one order: organization, invitation, user. Who may do what is decided by internal/authz, applied by
// the ent privacy policies on each write; a workflow only calls an authz
// rule itself where its answer must come before another check (FORBIDDEN
// before CONFLICT, say).
package orgs

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"orgraph/ent"
	"orgraph/ent/organization"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/events"
	"orgraph/internal/outbox"
	"orgraph/internal/policy"
	"orgraph/internal/viewer"
)

// Service runs the workflows.
type Service struct {
	client        *ent.Client
	dialect       string
	outbox        *outbox.Outbox
	publicURL     string
	invitationTTL time.Duration
	// inviterEmailsPerDay: see WithInviterEmailsPerDay.
	inviterEmailsPerDay int
	// events carries the live events (WithEvents); nil: none.
	events *events.Bus
}

// NewService returns the organization service.
func NewService(client *ent.Client, dialect string, mails *outbox.Outbox, publicURL string, invitationTTL time.Duration) *Service {
	return &Service{client: client, dialect: dialect, outbox: mails, publicURL: publicURL, invitationTTL: invitationTTL}
}

func (s *Service) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// stored is t as the database keeps it: MariaDB's timestamp columns hold
// whole seconds, so a value answered without reading the row back (Revoke)
// matches every later read.
func (s *Service) stored(t time.Time) time.Time {
	if s.dialect == dialect.SQLite {
		return t
	}
	return t.Truncate(time.Second)
}

func requireViewer(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	return v, nil
}

// lock takes the organization's row lock for the rest of the transaction
// and forgets the viewer's cached roles, so that every check after it reads
// the state as of the lock.
func (s *Service) lock(ctx context.Context, orgID int) (*ent.Organization, error) {
	if ent.TxFromContext(ctx) == nil {
		return nil, fmt.Errorf("orgs: workflow outside a transaction")
	}
	q := s.db(ctx).Organization.Query().Where(organization.ID(orgID))
	if s.dialect != dialect.SQLite {
		q = q.ForUpdate()
	}
	org, err := q.Only(policy.WithSystem(ctx))
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("organization")
	}
	policy.Forget(ctx)
	return org, err
}

// shareLock takes the organization's shared lock for the rest of the
// transaction and returns the row (NOT_FOUND when it is gone). It keeps the
// viewer's roles: they are those of the request's start, and the
// workflows that change them take the exclusive lock.
func (s *Service) shareLock(ctx context.Context, orgID int) (*ent.Organization, error) {
	if ent.TxFromContext(ctx) == nil {
		return nil, fmt.Errorf("orgs: workflow outside a transaction")
	}
	q := s.db(ctx).Organization.Query().Where(organization.ID(orgID))
	if s.dialect != dialect.SQLite {
		q = q.ForShare(sql.WithLockClause("LOCK IN SHARE MODE")) // MariaDB has no FOR SHARE
	}
	org, err := q.Only(policy.WithSystem(ctx))
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("organization")
	}
	return org, err
}

// lockAsActor locks the organization (see lock) and says who the viewer is
// in it; a non-member (not admin) gets NOT_FOUND, as if the organization
// did not exist.
func (s *Service) lockAsActor(ctx context.Context, orgID int) (*ent.Organization, authz.Actor, error) {
	org, err := s.lock(ctx, orgID)
	if err != nil {
		return nil, authz.Actor{}, err
	}
	a, err := policy.ActorIn(ctx, orgID)
	if err == nil && !a.Sees() {
		err = errcode.NotFoundf("organization")
	}
	return org, a, err
}
