package graph_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"orgraph/ent/auditentry"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

const auditLogDoc = `query($slug: String!, $where: AuditLogWhere) { organization(slug: $slug) {
	auditLog(first: 50, where: $where) { totalCount edges { node { action actorID actorName targetType targetID before after requestID } } } } }`

type auditRow struct {
	Action     string
	ActorID    *string
	ActorName  string
	TargetType string
	TargetID   string
	Before     map[string]any
	After      map[string]any
	RequestID  string
}

// auditLogOf reads an organization's audit log as token's user, newest
// first; invitations' expiresAt is checked for its form and dropped (it
// depends on the clock), everything else is compared exactly by callers.
func auditLogOf(t *testing.T, s *testserver.Server, token, slug string, where map[string]any) []auditRow {
	t.Helper()
	var out struct {
		Organization struct {
			AuditLog struct {
				TotalCount int
				Edges      []struct{ Node auditRow }
			}
		}
	}
	s.MustQuery(token, auditLogDoc, map[string]any{"slug": slug, "where": where}, &out)
	rows := make([]auditRow, len(out.Organization.AuditLog.Edges))
	for i, e := range out.Organization.AuditLog.Edges {
		for _, m := range []map[string]any{e.Node.Before, e.Node.After} {
			if x, ok := m["expiresAt"]; ok {
				if _, err := time.Parse(time.RFC3339, x.(string)); err != nil {
					t.Fatalf("expiresAt %v: %v", x, err)
				}
				delete(m, "expiresAt")
			}
		}
		rows[i] = e.Node
	}
	if out.Organization.AuditLog.TotalCount != len(rows) {
		t.Fatalf("totalCount %d, %d rows", out.Organization.AuditLog.TotalCount, len(rows))
	}
	return rows
}

// summary renders rows oldest first, one line each, for exact comparison.
func summary(rows []auditRow) string {
	var b strings.Builder
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		before, _ := json.Marshal(r.Before)
		after, _ := json.Marshal(r.After)
		fmt.Fprintf(&b, "%s by %s: %s %s %s -> %s\n", r.Action, r.ActorName, r.TargetType, r.TargetID, before, after)
	}
	return b.String()
}

func TestAuditLogRecordsEveryChange(t *testing.T) {
	s, owner, org := ownedOrganization(t)
	bob := s.CreateUser("bob", authz.GroupUser)
	mia := s.CreateUser("mia", authz.GroupUser)
	dan := s.CreateUser("dan", authz.GroupUser)
	// Settings, with a request id of the client's.
	r := s.QueryWithHeader(http.Header{"X-Request-Id": {"req-edit-1"}}, owner.Token,
		`mutation($id: ID!) { updateOrganization(id: $id, input: {name: "Acme Inc", contact: {phone: "+1 555"}}) { id } }`,
		map[string]any{"id": idOf(org)})
	r.Must(t, nil)
	bobInv, bobKey := inviteWithKeyViaAPI(t, s, owner.Token, org, bob.Email, authz.RoleWorker)
	var acc struct{ AcceptInvitation struct{ ID string } }
	s.MustQuery(bob.Token, acceptDoc, map[string]any{"k": bobKey}, &acc)
	bobM := parseID(t, acc.AcceptInvitation.ID)
	s.MustQuery(owner.Token, `mutation($m: ID!) { changeMemberRole(membershipID: $m, role: SUPERVISOR) { id } }`, map[string]any{"m": idOf(bobM)}, nil)
	danInv, danKey := inviteWithKeyViaAPI(t, s, owner.Token, org, dan.Email, authz.RoleSupervisor)
	s.MustQuery(dan.Token, `mutation($k: String!) { declineInvitation(key: $k) { id } }`, map[string]any{"k": danKey}, nil)
	carolInv := inviteViaAPI(t, s, owner.Token, org, "carol@example.com", authz.RoleWorker)
	s.MustQuery(owner.Token, `mutation($id: ID!) { resendInvitation(id: $id) { id } }`, map[string]any{"id": idOf(carolInv)}, nil)
	s.MustQuery(owner.Token, `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, map[string]any{"id": idOf(carolInv)}, nil)
	miaM := joinViaAPI(t, s, owner.Token, org, mia, authz.RoleMaintainer)
	miaInv := s.Client.AuditEntry.Query().Where(auditentry.ActionEQ(authz.AuditInvitationSent)).AllX(testserver.SystemCtx())
	s.MustQuery(owner.Token, `mutation($o: ID!, $m: ID!) { transferOwnership(organizationID: $o, membershipID: $m) { id } }`,
		map[string]any{"o": idOf(org), "m": idOf(miaM)}, nil)
	s.MustQuery(mia.Token, `mutation($m: ID!) { removeMember(membershipID: $m) { membershipID } }`, map[string]any{"m": idOf(bobM)}, nil)
	ownerM := membershipIDOf(t, s, org, owner.ID)
	s.MustQuery(owner.Token, `mutation($o: ID!) { leaveOrganization(organizationID: $o) { membershipID } }`, map[string]any{"o": idOf(org)}, nil)

	rows := auditLogOf(t, s, mia.Token, "acme", nil)
	miaInvID := miaInv[len(miaInv)-1].TargetID
	want := fmt.Sprintf(`ORGANIZATION_CREATED by owner: organization %[1]d null -> {"contactEmail":"","contactLocation":"","contactPhone":"","description":"","name":"acme","slug":"acme"}
ORGANIZATION_UPDATED by owner: organization %[1]d {"contactPhone":"","name":"acme"} -> {"contactPhone":"+1 555","name":"Acme Inc"}
INVITATION_SENT by owner: invitation %[2]d null -> {"email":"bob@example.com","role":"WORKER","status":"PENDING"}
INVITATION_ACCEPTED by bob: invitation %[2]d {"email":"bob@example.com","role":"WORKER","status":"PENDING"} -> {"email":"bob@example.com","role":"WORKER","status":"ACCEPTED"}
MEMBER_JOINED by bob: membership %[3]d null -> {"role":"WORKER","userID":"%[4]d"}
ROLE_CHANGED by owner: membership %[3]d {"role":"WORKER","userID":"%[4]d"} -> {"role":"SUPERVISOR","userID":"%[4]d"}
INVITATION_SENT by owner: invitation %[5]d null -> {"email":"dan@example.com","role":"SUPERVISOR","status":"PENDING"}
INVITATION_DECLINED by dan: invitation %[5]d {"email":"dan@example.com","role":"SUPERVISOR","status":"PENDING"} -> {"email":"dan@example.com","role":"SUPERVISOR","status":"DECLINED"}
INVITATION_SENT by owner: invitation %[6]d null -> {"email":"carol@example.com","role":"WORKER","status":"PENDING"}
INVITATION_RESENT by owner: invitation %[6]d {"email":"carol@example.com","role":"WORKER","status":"PENDING"} -> {"email":"carol@example.com","role":"WORKER","status":"PENDING"}
INVITATION_REVOKED by owner: invitation %[6]d {"email":"carol@example.com","role":"WORKER","status":"PENDING"} -> {"email":"carol@example.com","role":"WORKER","status":"REVOKED"}
INVITATION_SENT by owner: invitation %[7]d null -> {"email":"mia@example.com","role":"MAINTAINER","status":"PENDING"}
INVITATION_ACCEPTED by mia: invitation %[7]d {"email":"mia@example.com","role":"MAINTAINER","status":"PENDING"} -> {"email":"mia@example.com","role":"MAINTAINER","status":"ACCEPTED"}
MEMBER_JOINED by mia: membership %[8]d null -> {"role":"MAINTAINER","userID":"%[9]d"}
OWNERSHIP_TRANSFERRED by owner: organization %[1]d {"ownerID":"%[10]d"} -> {"ownerID":"%[9]d"}
MEMBER_REMOVED by mia: membership %[3]d {"role":"SUPERVISOR","userID":"%[4]d"} -> null
MEMBER_LEFT by owner: membership %[11]d {"role":"MAINTAINER","userID":"%[10]d"} -> null
`, org, bobInv, bobM, bob.ID, danInv, carolInv, miaInvID, miaM, mia.ID, owner.ID, ownerM)
	if got := summary(rows); got != want {
		t.Fatalf("audit log:\n%s\nwant:\n%s", got, want)
	}
	// The actor of each entry is the user who acted, and the request id is
	// the request's.
	if last := rows[0]; last.ActorID == nil || *last.ActorID != idOf(owner.ID) || last.RequestID == "" {
		t.Fatalf("the last entry's actor %v, request id %q", last.ActorID, last.RequestID)
	}
	if edit := rows[len(rows)-2]; edit.RequestID != "req-edit-1" {
		t.Fatalf("the edit's request id is %q, want req-edit-1", edit.RequestID)
	}
	// Filters: by action, by actor, by time.
	if got := auditLogOf(t, s, mia.Token, "acme", map[string]any{"action": "INVITATION_SENT"}); len(got) != 4 {
		t.Fatalf("INVITATION_SENT entries: %d, want 4", len(got))
	}
	if got := summary(auditLogOf(t, s, mia.Token, "acme", map[string]any{"actor": bob.GID})); !strings.HasPrefix(got, "INVITATION_ACCEPTED by bob") || strings.Count(got, "\n") != 2 {
		t.Fatalf("bob's entries:\n%s", got)
	}
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	if got := auditLogOf(t, s, mia.Token, "acme", map[string]any{"since": future}); len(got) != 0 {
		t.Fatalf("entries since %s: %d", future, len(got))
	}
	if got := auditLogOf(t, s, mia.Token, "acme", map[string]any{"until": future}); len(got) != len(rows) {
		t.Fatalf("entries until %s: %d, want %d", future, len(got), len(rows))
	}
	// No secrets: neither key nor its hash nor a token in any row.
	raw := fmt.Sprint(s.Client.AuditEntry.Query().AllX(testserver.SystemCtx()))
	for _, secret := range []string{bobKey, danKey, owner.Token, bob.Token, "key_hash", "password"} {
		if strings.Contains(raw, secret) {
			t.Fatalf("the audit log holds %q", secret)
		}
	}
	for _, inv := range s.Client.Invitation.Query().AllX(testserver.SystemCtx()) {
		if strings.Contains(raw, fmt.Sprint(inv.KeyHash)) {
			t.Fatalf("the audit log holds the key hash of invitation %d", inv.ID)
		}
	}
}

func TestAuditLogVisibility(t *testing.T) {
	s, owner, org := ownedOrganization(t)
	maint, super, worker, outsider := s.CreateUser("maint", authz.GroupUser), s.CreateUser("super", authz.GroupUser),
		s.CreateUser("worker", authz.GroupUser), s.CreateUser("outsider", authz.GroupUser)
	admin := s.CreateUser("admin", authz.GroupAdmin)
	joinViaAPI(t, s, owner.Token, org, maint, authz.RoleMaintainer)
	joinViaAPI(t, s, owner.Token, org, super, authz.RoleSupervisor)
	workerM := joinViaAPI(t, s, owner.Token, org, worker, authz.RoleWorker)
	const doc = `query { organization(slug: "acme") { auditLog(first: 5) { totalCount } } }`
	for _, u := range []*testserver.User{owner, maint, admin} {
		requireGQLData(t, s.Query(u.Token, doc, nil), `{"organization":{"auditLog":{"totalCount":10}}}`)
	}
	for _, u := range []*testserver.User{super, worker} {
		requireGQLError(t, s.Query(u.Token, doc, nil), "FORBIDDEN", `{"organization":null}`)
	}
	requireGQLError(t, s.Query(outsider.Token, doc, nil), "NOT_FOUND", `{"organization":null}`)
	s.MustQuery(owner.Token, `mutation($m: ID!) { removeMember(membershipID: $m) { membershipID } }`, map[string]any{"m": idOf(workerM)}, nil)
	requireGQLError(t, s.Query(worker.Token, doc, nil), "NOT_FOUND", `{"organization":null}`)
	// The system log is the admin's.
	requireGQLError(t, s.Query(owner.Token, `query { systemLog(first: 5) { totalCount } }`, nil), "FORBIDDEN", `null`)
}

func TestRemovedOrganizationLeavesOneSystemEntry(t *testing.T) {
	s, owner, org := ownedOrganization(t)
	other := createOrg(t, s, owner.Token, "other")
	admin := s.CreateUser("admin", authz.GroupAdmin)
	inviteViaAPI(t, s, owner.Token, org, "x@example.com", authz.RoleWorker)
	s.MustQuery(owner.Token, deleteOrgDoc, map[string]any{"id": idOf(org), "c": "acme"}, nil)
	ctx := testserver.SystemCtx()
	if n := s.Client.AuditEntry.Query().Where(auditentry.OrganizationID(org)).CountX(ctx); n != 0 {
		t.Fatalf("%d audit entries of the removed organization remain", n)
	}
	if n := s.Client.AuditEntry.Query().Where(auditentry.OrganizationID(other)).CountX(ctx); n != 1 {
		t.Fatalf("the other organization has %d entries, want its creation", n)
	}
	r := s.Query(admin.Token, `query { systemLog(first: 5) { edges { node { action actorName targetType targetID before after } } } }`, nil)
	requireGQLData(t, r, fmt.Sprintf(`{"systemLog":{"edges":[{"node":{"action":"ORGANIZATION_REMOVED","actorName":"owner","targetType":"organization","targetID":"%d",
		"before":{"slug":"acme","name":"acme","description":"","contactEmail":"","contactPhone":"","contactLocation":"","ownerID":"%d"},"after":null}}]}}`, org, owner.ID))
}
