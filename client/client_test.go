package client_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/Khan/genqlient/graphql"

	"orgraph/client"
	"orgraph/ent/membership"
	"orgraph/internal/testserver"
)

// The membership workflow through the generated client and the real
// handler: a schema change that breaks the client's operations (a renamed
// field, a type whose nullability changes the Go types) fails here, as it
// would for any Go consumer.

func connect(s *testserver.Server, token string) graphql.Client {
	return graphql.NewClient(s.URL+"/query", client.BearerClient(nil, token))
}

// invitationKey is the key of the latest invitation email to email, from
// the mail log (SMTP_URL is not set in tests).
func invitationKey(t *testing.T, s *testserver.Server, email string) string {
	t.Helper()
	s.Mailer.Wait()
	re := regexp.MustCompile(`to=` + regexp.QuoteMeta(email) + ` .*?key=([A-Za-z0-9_-]{43})`)
	m := re.FindAllStringSubmatch(s.Logs.String(), -1)
	if len(m) == 0 {
		t.Fatalf("no invitation email to %s in the log", email)
	}
	return m[len(m)-1][1]
}

func signUp(t *testing.T, s *testserver.Server, name string) *client.SignUpResponse {
	t.Helper()
	out, err := client.SignUp(context.Background(), connect(s, ""), client.SignUpInput{
		Username: name, Email: name + "@example.com", Password: "correct horse " + name,
	})
	if err != nil {
		t.Fatalf("signUp %s: %v", name, err)
	}
	return out
}

func TestClientMembershipWorkflow(t *testing.T) {
	ctx := context.Background()
	s := testserver.New(t)
	alice, bob := signUp(t, s, "alice"), signUp(t, s, "bob")
	if alice.SignUp.User.Group != client.SystemGroupUser || alice.SignUp.Token == "" {
		t.Fatalf("signUp: %+v", alice.SignUp)
	}
	asAlice, asBob := connect(s, alice.SignUp.Token), connect(s, bob.SignUp.Token)

	me, err := client.Me(ctx, asAlice)
	if err != nil || me.Me.Username != "alice" || me.Me.Email == nil || *me.Me.Email != "alice@example.com" {
		t.Fatalf("me: %+v, %v", me, err)
	}
	if _, err := client.Me(ctx, connect(s, "")); client.Code(err) != "UNAUTHENTICATED" {
		t.Fatalf("me without a token: %v", err)
	}

	name := "Acme Inc."
	org, err := client.CreateOrganization(ctx, asAlice, client.CreateOrganizationInput{Slug: "acme", Name: &name})
	if err != nil || org.CreateOrganization.Slug != "acme" || org.CreateOrganization.Name != name ||
		org.CreateOrganization.ViewerRole == nil || *org.CreateOrganization.ViewerRole != client.RoleOwner {
		t.Fatalf("createOrganization: %+v, %v", org, err)
	}
	if _, err := client.CreateOrganization(ctx, asBob, client.CreateOrganizationInput{Slug: "ACME"}); client.Code(err) != "CONFLICT" {
		t.Fatalf("a taken slug: %v", err)
	}

	inv, err := client.InviteMember(ctx, asAlice, client.InviteMemberInput{
		OrganizationID: org.CreateOrganization.Id, Email: "bob@example.com", Role: client.RoleWorker,
	})
	if err != nil || inv.InviteMember.Status != client.InvitationStatusPending || inv.InviteMember.Role != client.RoleWorker {
		t.Fatalf("inviteMember: %+v, %v", inv, err)
	}

	mine, err := client.MyInvitations(ctx, asBob, nil, nil, nil)
	if err != nil || mine.MyInvitations.TotalCount != 1 || len(mine.MyInvitations.Edges) != 1 {
		t.Fatalf("myInvitations: %+v, %v", mine, err)
	}
	got := mine.MyInvitations.Edges[0].Node
	if got.Id != inv.InviteMember.Id || got.Organization == nil || got.Organization.Slug != "acme" ||
		got.InvitedBy == nil || got.InvitedBy.Username != "alice" {
		t.Fatalf("bob's invitation: %+v", got)
	}
	// Bob does not see the organization other than through the invitation.
	if _, err := client.Members(ctx, asBob, "acme", nil, nil); client.Code(err) != "NOT_FOUND" {
		t.Fatalf("members before joining: %v", err)
	}

	joined, err := client.AcceptInvitation(ctx, asBob, invitationKey(t, s, "bob@example.com"))
	if err != nil || joined.AcceptInvitation.Role != client.RoleWorker || joined.AcceptInvitation.Organization.Slug != "acme" {
		t.Fatalf("acceptInvitation: %+v, %v", joined, err)
	}

	// Alice pages through the members one at a time, oldest first.
	one := 1
	page, err := client.Members(ctx, asAlice, "acme", &one, nil)
	if err != nil || page.Organization == nil {
		t.Fatalf("members: %+v, %v", page, err)
	}
	m := page.Organization.Members
	if m.TotalCount != 2 || len(m.Edges) != 1 || !m.PageInfo.HasNextPage || m.Edges[0].Node.User.Username != "alice" {
		t.Fatalf("first page: %+v", m)
	}
	page, err = client.Members(ctx, asAlice, "acme", &one, m.PageInfo.EndCursor)
	if err != nil || len(page.Organization.Members.Edges) != 1 || page.Organization.Members.PageInfo.HasNextPage {
		t.Fatalf("second page: %+v, %v", page, err)
	}
	bobs := page.Organization.Members.Edges[0].Node
	if bobs.User.Username != "bob" || bobs.Role != client.RoleWorker || bobs.InvitedBy == nil || bobs.InvitedBy.Username != "alice" ||
		bobs.User.Email == nil || *bobs.User.Email != "bob@example.com" {
		t.Fatalf("bob's membership as alice sees it: %+v", bobs)
	}

	// Bob, a worker, sees the members without their emails, and may not
	// change roles.
	asWorker, err := client.Members(ctx, asBob, "acme", nil, nil)
	if err != nil || asWorker.Organization.Members.TotalCount != 2 {
		t.Fatalf("members as bob: %+v, %v", asWorker, err)
	}
	for _, e := range asWorker.Organization.Members.Edges {
		if e.Node.User.Username == "alice" && e.Node.User.Email != nil {
			t.Errorf("a worker sees the owner's email %q", *e.Node.User.Email)
		}
	}
	aliceMembership := m.Edges[0].Node.Id
	if _, err := client.ChangeMemberRole(ctx, asBob, aliceMembership, client.RoleWorker); client.Code(err) != "FORBIDDEN" {
		t.Fatalf("a worker changing the owner's role: %v", err)
	}

	removed, err := client.RemoveMember(ctx, asAlice, bobs.Id, nil)
	if err != nil || removed.RemoveMember.MembershipID != bobs.Id {
		t.Fatalf("removeMember: %+v, %v", removed, err)
	}
	if _, err := client.Members(ctx, asBob, "acme", nil, nil); client.Code(err) != "NOT_FOUND" {
		t.Fatalf("members after removal: %v", err)
	}
	if n := s.Client.Membership.Query().Where(membership.HasUserWith()).CountX(testserver.SystemCtx()); n != 1 {
		t.Fatalf("%d memberships in the database, want 1 (alice's)", n)
	}
}
