package graph_test

import (
	"fmt"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

const deletionPreviewDoc = `{ organization(slug: "acme") { deletionPreview { members invitations projects tasks jobs annotations cloudStorages } } }`

// TestDeletionPreviewCountsWhatRemovalDeletes: the owner sees the counts of
// every kind of row the removal deletes, rows hidden from them included (a
// task a worker made in their own project), and then the removal deletes
// exactly those.
func TestDeletionPreviewCountsWhatRemovalDeletes(t *testing.T) {
	s, owner, org := ownedOrganization(t)
	users := s.CreateUsers(authz.GroupUser, "maint", "work", "other")
	maint, work := users[0], users[1]
	s.AddMember(org, maint, authz.RoleMaintainer)
	s.AddMember(org, work, authz.RoleWorker)
	inviteViaAPI(t, s, owner.Token, org, "x@example.com", authz.RoleWorker)
	_, _, job := workChainViaAPI(t, s, owner.Token, idOf(org), nil)
	workChainViaAPI(t, s, maint.Token, idOf(org), idOf(work.ID))
	// Work elsewhere is not counted: another organization, a personal workspace.
	other := s.CreateOrganization(users[2].Token, "other")
	workChainViaAPI(t, s, users[2].Token, idOf(other), nil)
	workChainViaAPI(t, s, owner.Token, nil, nil)
	s.MustQuery(owner.Token, `mutation($j: ID!) { createAnnotations(jobID: $j, input: [{label: "a", type: RECTANGLE, frame: 0, points: [1, 2, 3, 4]}, {label: "b", type: POINTS, frame: 1, points: [1, 2]}]) { id } }`, map[string]any{"j": job}, nil)
	s.MustQuery(owner.Token, `mutation($o: ID) { createCloudStorage(input: {organizationID: $o, displayName: "s", provider: AWS_S3, resource: "b"}) { id } }`, map[string]any{"o": idOf(org)}, nil)

	requireGQLData(t, s.Query(owner.Token, deletionPreviewDoc, nil),
		`{"organization":{"deletionPreview":{"members":3,"invitations":1,"projects":2,"tasks":2,"jobs":2,"annotations":2,"cloudStorages":1}}}`)
	// Nobody else: the maintainer and the worker see null.
	for _, token := range []string{maint.Token, work.Token} {
		requireGQLData(t, s.Query(token, deletionPreviewDoc, nil), `{"organization":{"deletionPreview":null}}`)
	}
	// An admin is allowed to remove it, so sees it too.
	admin := s.CreateUser("admin", authz.GroupAdmin)
	requireGQLData(t, s.Query(admin.Token, deletionPreviewDoc, nil),
		`{"organization":{"deletionPreview":{"members":3,"invitations":1,"projects":2,"tasks":2,"jobs":2,"annotations":2,"cloudStorages":1}}}`)

	requireGQLData(t, s.Query(owner.Token, `mutation($id: ID!) { deleteOrganization(id: $id, confirmSlug: "acme") }`, map[string]any{"id": idOf(org)}),
		fmt.Sprintf(`{"deleteOrganization":"%d"}`, org))
	// What is left is exactly the other organization's and the personal work.
	ctx := testserver.SystemCtx()
	for kind, n := range map[string]int{
		"memberships": s.Client.Membership.Query().CountX(ctx), "projects": s.Client.Project.Query().CountX(ctx),
		"tasks": s.Client.Task.Query().CountX(ctx), "jobs": s.Client.Job.Query().CountX(ctx),
		"annotations": s.Client.Annotation.Query().CountX(ctx), "cloud storages": s.Client.CloudStorage.Query().CountX(ctx),
		"invitations": s.Client.Invitation.Query().CountX(ctx),
	} {
		want := map[string]int{"memberships": 1, "projects": 2, "tasks": 2, "jobs": 2, "annotations": 0, "cloud storages": 0, "invitations": 0}[kind]
		if n != want {
			t.Errorf("%s left: %d, want %d", kind, n, want)
		}
	}
}

// TestDeletionPreviewStatementsStayConstant: seven counts, whatever the
// organization holds.
func TestDeletionPreviewStatementsStayConstant(t *testing.T) {
	s, owner, org := ownedOrganization(t)
	_, empty := statementsOf(t, s, owner.Token, deletionPreviewDoc, nil)
	for i := range 5 {
		u := s.CreateUser(fmt.Sprintf("u%d", i), authz.GroupUser)
		s.AddMember(org, u, authz.RoleWorker)
		inviteViaAPI(t, s, owner.Token, org, fmt.Sprintf("x%d@example.com", i), authz.RoleWorker)
		workChainViaAPI(t, s, owner.Token, idOf(org), idOf(u.ID))
	}
	_, full := statementsOf(t, s, owner.Token, deletionPreviewDoc, nil)
	if empty != full {
		t.Fatalf("deletionPreview cost %d statements on an empty organization, %d on a full one", empty, full)
	}
	_, without := statementsOf(t, s, owner.Token, `{ organization(slug: "acme") { id } }`, nil)
	if full-without != 7 {
		t.Fatalf("deletionPreview adds %d statements, want 7 (one count per kind)", full-without)
	}
}

// TestViewerCanCostsNoStatement: the permissions come from the roles the
// request has loaded anyway.
func TestViewerCanCostsNoStatement(t *testing.T) {
	f := newPermissionsFixture(t)
	_, with := statementsOf(t, f.s, f.maint.Token, `{ organization(slug: "acme") { viewerRole viewerCan { edit { allowed } } members { edges { node { role viewerCan { roles } } } } } }`, nil)
	_, without := statementsOf(t, f.s, f.maint.Token, `{ organization(slug: "acme") { viewerRole members { edges { node { role } } } } }`, nil)
	if with != without {
		t.Fatalf("viewerCan costs %d statements more", with-without)
	}
}
