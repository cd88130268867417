package orgs

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"time"

	"orgraph/ent"
	"orgraph/ent/invitation"
	"orgraph/ent/inviteidempotency"
	"orgraph/ent/schema"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
	"orgraph/internal/policy"
)

// MaxBulkInvitations is the most invitations one inviteMembers request
// names; more is BAD_USER_INPUT.
const MaxBulkInvitations = 100

// idempotencyTTL is how long an inviteMembers answer is kept for retries.
const idempotencyTTL = 24 * time.Hour

// BulkItem is one invitation asked of InviteMany.
type BulkItem struct {
	Email string     `json:"email"`
	Role  authz.Role `json:"role"`
}

// BulkResult is the outcome of one item: the invitation written, or the
// error that stopped it (an *errcode.Error).
type BulkResult struct {
	Email      string
	Invitation *ent.Invitation
	Err        *errcode.Error
}

// storedResult is a BulkResult as the idempotency row keeps it.
type storedResult struct {
	Email        string         `json:"email"`
	InvitationID int            `json:"invitation,omitempty"`
	Err          *errcode.Error `json:"error,omitempty"`
}

// InviteMany invites each item as Invite does, in the request's one
// transaction: an item that fails (CONFLICT, BAD_USER_INPUT, FORBIDDEN,
// RATE_LIMITED) is reported in its result and the others are still
// written. Invite writes nothing for an item before its last check passes
// (only an already expired invitation holding the slot may be marked
// EXPIRED, which it already shows), so a failed item leaves nothing behind.
// Any other error fails the whole request. With a key, the answer is stored
// for 24 hours: the same key and items again return it without writing;
// the same key with other items is CONFLICT.
func (s *Service) InviteMany(ctx context.Context, orgID int, items []BulkItem, key *string) ([]BulkResult, error) {
	v, err := requireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if len(items) > MaxBulkInvitations {
		return nil, errcode.Invalid("invitations", "at most 100 invitations at once")
	}
	if key != nil && (len(*key) == 0 || len(*key) > 200) {
		return nil, errcode.Invalid("idempotencyKey", "1-200 characters")
	}
	a, err := policy.ActorIn(ctx, orgID)
	if err == nil && !a.Sees() {
		err = errcode.NotFoundf("organization")
	}
	if err != nil {
		return nil, err
	}
	if err := a.CanInvite(authz.RoleWorker); err != nil {
		return nil, err // may invite nobody: the whole request is refused
	}
	body, _ := json.Marshal(items)
	hash := sha256.Sum256(body)
	if key != nil {
		if res, err := s.storedResults(ctx, v.UserID, orgID, *key, hash[:]); res != nil || err != nil {
			return res, err
		}
	}
	results := make([]BulkResult, len(items))
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		results[i].Email = it.Email
		norm := schema.NormalizeEmail(it.Email)
		if seen[norm] {
			results[i].Err = errcode.Invalid("email", "this email appears earlier in the request")
			continue
		}
		seen[norm] = true
		inv, err := s.Invite(ctx, orgID, it.Email, it.Role)
		var ce *errcode.Error
		switch {
		case err == nil:
			results[i].Invitation = inv
		case errors.As(err, &ce) && ce.Code != errcode.Internal:
			results[i].Err = ce
		default:
			return nil, err
		}
	}
	if key != nil {
		if err := s.storeResults(ctx, v.UserID, orgID, *key, hash[:], results); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// storedResults is the stored answer for the key (nil if none or expired),
// with its invitations read again; CONFLICT if it answered other items.
func (s *Service) storedResults(ctx context.Context, actorID, orgID int, key string, hash []byte) ([]BulkResult, error) {
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	row, err := db.InviteIdempotency.Query().
		Where(inviteidempotency.ActorID(actorID), inviteidempotency.OrganizationID(orgID),
			inviteidempotency.Key(key), inviteidempotency.ExpiresAtGT(time.Now())).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if string(row.RequestHash) != string(hash) {
		return nil, &errcode.Error{Code: errcode.Conflict, Field: "idempotencyKey", Message: "this idempotency key was used for other invitations"}
	}
	var stored []storedResult
	if err := json.Unmarshal([]byte(row.Results), &stored); err != nil {
		return nil, err
	}
	var ids []int
	for _, r := range stored {
		if r.InvitationID != 0 {
			ids = append(ids, r.InvitationID)
		}
	}
	invs, err := db.Invitation.Query().Where(invitation.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.Invitation, len(invs))
	for _, inv := range invs {
		byID[inv.ID] = inv
	}
	res := make([]BulkResult, len(stored))
	for i, r := range stored {
		res[i] = BulkResult{Email: r.Email, Invitation: byID[r.InvitationID], Err: r.Err}
	}
	return res, nil
}

// storeResults keeps the answer for the key, and deletes expired answers.
func (s *Service) storeResults(ctx context.Context, actorID, orgID int, key string, hash []byte, results []BulkResult) error {
	sys := policy.WithSystem(ctx)
	db := s.db(ctx)
	t := now()
	if _, err := db.InviteIdempotency.Delete().Where(inviteidempotency.ExpiresAtLTE(t)).Exec(sys); err != nil {
		return err
	}
	stored := make([]storedResult, len(results))
	for i, r := range results {
		stored[i] = storedResult{Email: r.Email, Err: r.Err}
		if r.Invitation != nil {
			stored[i].InvitationID = r.Invitation.ID
		}
	}
	js, err := json.Marshal(stored)
	if err != nil {
		return err
	}
	err = db.InviteIdempotency.Create().
		SetActorID(actorID).SetOrganizationID(orgID).SetKey(key).SetRequestHash(hash).
		SetResults(string(js)).SetCreatedAt(t).SetExpiresAt(t.Add(idempotencyTTL)).
		Exec(sys)
	if ent.IsConstraintError(err) {
		return &errcode.Error{Code: errcode.Conflict, Field: "idempotencyKey", Message: "a request with this idempotency key is running"}
	}
	return err
}
