package floor

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// JSON shapes of Q1 and Q2.
type (
	contact struct {
		Email    *string `json:"email"`
		Phone    *string `json:"phone"`
		Location *string `json:"location"`
	}
	member struct {
		ID        string   `json:"id"`
		Role      string   `json:"role"`
		JoinedAt  string   `json:"joinedAt"`
		User      memberU  `json:"user"`
		InvitedBy *userRef `json:"invitedBy"`
	}
	memberU struct {
		ID       string  `json:"id"`
		Username string  `json:"username"`
		Email    *string `json:"email"`
	}
	invitation struct {
		ID        string   `json:"id"`
		Email     string   `json:"email"`
		Role      string   `json:"role"`
		Status    string   `json:"status"`
		CreatedAt string   `json:"createdAt"`
		ExpiresAt string   `json:"expiresAt"`
		InvitedBy *userRef `json:"invitedBy"`
	}
	orgNode struct {
		ID         string `json:"id"`
		Slug       string `json:"slug"`
		Name       string `json:"name"`
		ViewerRole string `json:"viewerRole"`
		Members    struct {
			TotalCount int `json:"totalCount"`
		} `json:"members"`
	}
)

func nonEmpty(s string) *string { return map[bool]*string{true: &s, false: nil}[s != ""] }

// visibleUser is SQL true when the viewer (the 1st and 2nd parameters) may
// see user `col`: themself, someone who shares an organization with them,
// or who sent them a pending invitation (Orgraph's User privacy rule).
const visibleUser = `(%[1]s = ? OR EXISTS (SELECT 1 FROM memberships x JOIN memberships y ON y.organization_id = x.organization_id
	WHERE x.user_id = %[1]s AND y.user_id = ?))`

// inviterRule is the SQL of "the viewer sees inviter ib" with its
// parameters: always for admins.
func (v *viewer) inviterRule() (string, []any) {
	if v.admin() {
		return "1", nil
	}
	return strings.ReplaceAll(visibleUser, "%[1]s", "ib.id"), []any{v.userID, v.userID}
}

// inviter is the inviter of a row, if any and visible.
func inviter(ibID sql.NullInt64, ibName sql.NullString, ibOK sql.NullBool) *userRef {
	if ibID.Valid && (ibOK.Bool || !ibOK.Valid) {
		return &userRef{ID: id(ibID.Int64), Username: ibName.String}
	}
	return nil
}

// organizationPage answers Q1 in four statements: the token, the
// organization with the viewer's role and both counts, a page of members
// with their users and inviters, and (for staff) a page of pending
// invitations.
func (s *server) organizationPage(ctx context.Context, v *viewer, raw json.RawMessage) (any, error) {
	vars := struct {
		Slug  string `json:"slug"`
		First *int   `json:"first"`
	}{}
	_ = json.Unmarshal(raw, &vars)
	first := 50
	if vars.First != nil {
		first = *vars.First
	}
	if first < 0 || first > 100 {
		return nil, invalid("first must be between 0 and 100")
	}
	now := time.Now().UTC()
	var (
		orgID                     int64
		oSlug, name, desc         string
		cEmail, cPhone, cLocation string
		role                      sql.NullString
		memberCount, pendingCount int
	)
	err := s.db.QueryRowContext(ctx, `SELECT o.id, o.slug, o.name, o.description, o.contact_email, o.contact_phone, o.contact_location, m.role,
		(SELECT COUNT(*) FROM memberships c WHERE c.organization_id = o.id),
		(SELECT COUNT(*) FROM invitations i WHERE i.organization_id = o.id AND i.status = 'PENDING' AND i.expires_at > ?)
		FROM organizations o LEFT JOIN memberships m ON m.organization_id = o.id AND m.user_id = ?
		WHERE o.slug_key = ?`, now, v.userID, strings.ToLower(vars.Slug)).
		Scan(&orgID, &oSlug, &name, &desc, &cEmail, &cPhone, &cLocation, &role, &memberCount, &pendingCount)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !role.Valid && !v.admin()) {
		return nil, errNotFound // not a member: as if it did not exist
	}
	if err != nil {
		return nil, err
	}
	staff := v.staff(role.String)

	// Emails: staff of this organization see all of its members'; others
	// see their own and those of members of organizations they are staff of.
	emailRule := "1"
	args := []any{}
	if !staff {
		emailRule = `(u.id = ? OR EXISTS (SELECT 1 FROM memberships x JOIN memberships y ON y.organization_id = x.organization_id
			WHERE x.user_id = u.id AND y.user_id = ? AND y.role IN ('OWNER', 'MAINTAINER')))`
		args = append(args, v.userID, v.userID)
	}
	ibRule, ibArgs := v.inviterRule()
	args = append(append(args, ibArgs...), orgID, first+1)
	members := newPage[member](first)
	err = s.each(ctx, func(rows *sql.Rows) error {
		var (
			mid, uid             int64
			mrole, uname, uemail string
			joined               time.Time
			emailOK              bool
			ibID                 sql.NullInt64
			ibName               sql.NullString
			ibOK                 sql.NullBool
		)
		if err := rows.Scan(&mid, &mrole, &joined, &uid, &uname, &uemail, &emailOK, &ibID, &ibName, &ibOK); err != nil {
			return err
		}
		m := member{ID: id(mid), Role: mrole, JoinedAt: ts(joined), User: memberU{ID: id(uid), Username: uname}, InvitedBy: inviter(ibID, ibName, ibOK)}
		if emailOK || v.admin() || uid == v.userID {
			m.User.Email = &uemail
		}
		members.add(mid, m)
		return nil
	}, `SELECT m.id, m.role, m.joined_at, u.id, u.username, u.email, `+emailRule+`,
		ib.id, ib.username, `+ibRule+`
		FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN users ib ON ib.id = m.invited_by_id
		WHERE m.organization_id = ? ORDER BY m.id LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}

	invitations := []edge[invitation]{}
	if !staff {
		pendingCount = 0 // other members see none
	} else {
		err = s.each(ctx, func(rows *sql.Rows) error {
			var (
				iid              int64
				email, irole     string
				created, expires time.Time
				ibID             sql.NullInt64
				ibName           sql.NullString
				ibOK             sql.NullBool
			)
			if err := rows.Scan(&iid, &email, &irole, &created, &expires, &ibID, &ibName, &ibOK); err != nil {
				return err
			}
			invitations = append(invitations, edge[invitation]{invitation{ID: id(iid), Email: email, Role: irole, Status: "PENDING",
				CreatedAt: ts(created), ExpiresAt: ts(expires), InvitedBy: inviter(ibID, ibName, ibOK)}})
			return nil
		}, `SELECT i.id, i.email, i.role, i.created_at, i.expires_at, ib.id, ib.username, `+ibRule+`
			FROM invitations i LEFT JOIN users ib ON ib.id = i.invited_by_id
			WHERE i.organization_id = ? AND i.status = 'PENDING' AND i.expires_at > ?
			ORDER BY i.created_at DESC, i.id DESC LIMIT 20`, append(ibArgs, orgID, now)...)
		if err != nil {
			return nil, err
		}
	}
	var viewerRole *string
	if role.Valid {
		viewerRole = &role.String
	}
	return map[string]any{
		"id": id(orgID), "slug": oSlug, "name": name, "description": desc,
		"contact":     contact{Email: nonEmpty(cEmail), Phone: nonEmpty(cPhone), Location: nonEmpty(cLocation)},
		"viewerRole":  viewerRole,
		"members":     members.connection(memberCount),
		"invitations": map[string]any{"totalCount": pendingCount, "edges": invitations},
	}, nil
}

// myOrganizations answers Q2 in two statements: the token, and the
// viewer's first 20 organizations with their role, member counts and the
// total.
func (s *server) myOrganizations(ctx context.Context, v *viewer, _ json.RawMessage) (any, error) {
	const first = 20
	orgs := newPage[orgNode](first)
	total := 0
	err := s.each(ctx, func(rows *sql.Rows) error {
		var n orgNode
		var oid int64
		if err := rows.Scan(&oid, &n.Slug, &n.Name, &n.ViewerRole, &n.Members.TotalCount, &total); err != nil {
			return err
		}
		n.ID = id(oid)
		orgs.add(oid, n)
		return nil
	}, `SELECT o.id, o.slug, o.name, m.role,
		(SELECT COUNT(*) FROM memberships c WHERE c.organization_id = o.id), COUNT(*) OVER ()
		FROM memberships m JOIN organizations o ON o.id = m.organization_id
		WHERE m.user_id = ? ORDER BY o.id LIMIT ?`, v.userID, first+1)
	if err != nil {
		return nil, err
	}
	return orgs.connection(total), nil
}
