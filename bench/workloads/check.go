package workloads

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"time"

	"orgraph/bench/loadgen"
	"orgraph/bench/seed"
)

// Question is one read request whose answer Orgraph and the floor must
// give alike.
type Question struct {
	Label, Token string
	Body         []byte
}

// Questions are the read requests of the answer check: Q2; Q1 of every
// organization where the viewer is staff, with a full and a short page,
// and as a worker; Q3 of every worker of the fixture and of the viewer
// where they are staff.
func Questions(fx *seed.Fixture) []Question {
	qs := []Question{{"Q2", fx.Viewer.Token, Q2Body()}, {"Q1 first: 5", fx.Viewer.Token, Q1Body(fx.ViewerStaffOrgs[0], 5)}}
	for _, s := range fx.ViewerStaffOrgs {
		qs = append(qs, Question{"Q1 " + s, fx.Viewer.Token, Q1Body(s, 50)}, Question{"Q3 staff " + s, fx.Viewer.Token, Q3Body(s)})
	}
	for i, w := range fx.Workers {
		qs = append(qs, Question{"Q3 " + w.Username + " in " + w.OrgSlug, w.Token, Q3Body(w.OrgSlug)})
		if i%10 == 0 {
			qs = append(qs, Question{"Q1 worker " + w.Username + " in " + w.OrgSlug, w.Token, Q1Body(w.OrgSlug, 50)})
		}
	}
	return qs
}

// ErrorCode is the extensions.code of the first error of an answer, ""
// for none.
func ErrorCode(raw []byte) string {
	var out struct {
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(raw, &out) != nil || len(out.Errors) == 0 {
		return ""
	}
	return out.Errors[0].Extensions.Code
}

// invitationRow is what M1 leaves of an invitation in the database, ids,
// addresses, times and the key aside.
type invitationRow struct {
	Role, Status                string
	Pending, Responded          bool
	SendCount, KeyBytes, Emails int
	Org, InvitedBy              int64
	TTL                         time.Duration
}

func readInvitation(ctx context.Context, db *sql.DB, id string) (invitationRow, error) {
	var (
		r             invitationRow
		pending       sql.NullString
		responded     sql.NullTime
		sent, expires time.Time
		key           []byte
	)
	err := db.QueryRowContext(ctx, `SELECT role, status, pending_email, responded_at, send_count, key_hash, organization_id, invited_by_id,
		sent_at, expires_at, (SELECT COUNT(*) FROM invitation_emails e WHERE e.invitation_id = i.id AND e.resend = ? AND e.organization_id = i.organization_id
		AND e.sender_id = i.invited_by_id AND e.email = i.email) FROM invitations i WHERE id = ?`, false, id).
		Scan(&r.Role, &r.Status, &pending, &responded, &r.SendCount, &key, &r.Org, &r.InvitedBy, &sent, &expires, &r.Emails)
	r.Pending, r.Responded, r.KeyBytes, r.TTL = pending.Valid, responded.Valid, len(key), expires.Sub(sent)
	return r, err
}

// CheckM1 runs one M1 pair on Orgraph and one on the floor (/query urls)
// as owner, each with a fresh address, and fails unless both answered
// alike and left the same rows in db (the invitation, revoked, and its
// email row); then a few refused requests, which must get the same error
// codes from both: a member's address and an address already invited
// (CONFLICT), a worker inviting (FORBIDDEN), an unknown organization and
// a worker revoking an invitation they do not see (NOT_FOUND), and
// revoking twice (BAD_USER_INPUT).
func CheckM1(ctx context.Context, hc *http.Client, db *sql.DB, orgraphURL, floorURL string, owner, worker seed.OrgAccount) error {
	nonce := make([]byte, 4)
	_, _ = rand.Read(nonce)
	email := func(server string) string { return fmt.Sprintf("check-%s-%x@example.net", server, nonce) }
	var rows [2]invitationRow
	var answers [2][]byte
	for i, url := range []string{orgraphURL, floorURL} {
		inv, _, err := InviteThenRevoke(ctx, hc, url, owner, email(fmt.Sprint(i)))
		if err != nil {
			return fmt.Errorf("M1 on %s: %w", url, err)
		}
		id, _ := InvitationID(inv)
		if rows[i], err = readInvitation(ctx, db, id); err != nil {
			return fmt.Errorf("M1 on %s: invitation %s: %w", url, id, err)
		}
		var out map[string]map[string]map[string]any
		_ = json.Unmarshal(inv, &out)
		if got := out["data"]["inviteMember"]["email"]; got != email(fmt.Sprint(i)) {
			return fmt.Errorf("M1 on %s: invited %v, want %s", url, got, email(fmt.Sprint(i)))
		}
		for _, k := range []string{"id", "email", "expiresAt"} {
			out["data"]["inviteMember"][k] = k
		}
		answers[i], _ = json.Marshal(out)
	}
	if err := SameData(answers[0], answers[1]); err != nil {
		return fmt.Errorf("M1 invite answers differ: %w", err)
	}
	if !reflect.DeepEqual(rows[0], rows[1]) {
		return fmt.Errorf("M1 rows differ:\n orgraph: %+v\n floor:   %+v", rows[0], rows[1])
	}
	return checkM1Refusals(ctx, hc, orgraphURL, floorURL, owner, worker, email("twice"))
}

func checkM1Refusals(ctx context.Context, hc *http.Client, orgraphURL, floorURL string, owner, worker seed.OrgAccount, twice string) error {
	codes := func(url, tag string) ([]string, error) {
		post := func(token string, body []byte) []byte {
			raw, _ := loadgen.PostJSON(ctx, hc, url, token, body)
			return raw
		}
		first := post(owner.Token, InviteBody(owner.OrgID, tag+twice))
		id, err := InvitationID(first)
		if err != nil {
			return nil, err
		}
		out := []string{
			ErrorCode(post(owner.Token, InviteBody(owner.OrgID, owner.Username+"@example.com"))),
			ErrorCode(post(owner.Token, InviteBody(owner.OrgID, tag+twice))),
			ErrorCode(post(worker.Token, InviteBody(worker.OrgID, "w-"+tag+twice))),
			ErrorCode(post(owner.Token, InviteBody(owner.OrgID+1<<20, "x-"+tag+twice))),
			ErrorCode(post(worker.Token, RevokeBody(id))),
			ErrorCode(post(owner.Token, RevokeBody(id))),
			ErrorCode(post(owner.Token, RevokeBody(id))),
		}
		return out, nil
	}
	a, err := codes(orgraphURL, "o")
	if err != nil {
		return err
	}
	b, err := codes(floorURL, "f")
	if err != nil {
		return err
	}
	want := []string{"CONFLICT", "CONFLICT", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND", "", "BAD_USER_INPUT"}
	if !reflect.DeepEqual(a, want) || !reflect.DeepEqual(b, want) {
		return fmt.Errorf("M1 refusals: Orgraph answered %q, the floor %q; want %q", a, b, want)
	}
	return nil
}
