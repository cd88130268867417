package graph_test

// Helpers shared by the end-to-end tests: exact comparisons of GraphQL
// answers, invitations through the API, and the invariants of RULES.md §6.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"orgraph/ent/membership"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// idOf renders an ent ID as a GraphQL ID.
func idOf(id int) string { return strconv.Itoa(id) }

// formatOpt is format(*p), or none when p is nil: the text of an optional
// column in row dumps.
func formatOpt[T any](p *T, none string, format func(T) string) string {
	if p == nil {
		return none
	}
	return format(*p)
}

// parseID reads a GraphQL ID back into an ent ID.
func parseID(t testing.TB, s string) int {
	t.Helper()
	id, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("ID %q is not an ent ID: %v", s, err)
	}
	return id
}

// requireJSON fails unless got and want are the same JSON value.
func requireJSON(t testing.TB, what string, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %s is not JSON: %v", what, got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: the expected value %s is not JSON: %v", what, want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s:\n got  %s\n want %s", what, compactJSON(got), compactJSON([]byte(want)))
	}
}

func compactJSON(b []byte) string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return string(b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// requireGQLData fails unless r has no errors and its data is want.
func requireGQLData(t testing.TB, r *testserver.Response, want string) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v (data %s)", r.Errors, r.Data)
	}
	requireJSON(t, "data", r.Data, want)
}

// requireGQLError fails unless r carries exactly one error, with code, and
// data equal to wantData. It returns the error's message.
func requireGQLError(t testing.TB, r *testserver.Response, code, wantData string) string {
	t.Helper()
	if len(r.Errors) != 1 || r.Code() != code {
		t.Fatalf("want one %s error, got %+v (data %s)", code, r.Errors, r.Data)
	}
	requireJSON(t, "data", r.Data, wantData)
	return r.Errors[0].Message
}

// invitationMail matches the log line of an invitation email (SMTP_URL is
// not set in tests): its recipient and the key of its link.
var invitationMail = regexp.MustCompile(`to=(\S+) .*?key=([A-Za-z0-9_-]{43})`)

// keyFromMailLog returns the key of the latest invitation email to email.
func keyFromMailLog(t testing.TB, s *testserver.Server, email string) string {
	t.Helper()
	s.Mailer.Wait()
	key := ""
	for _, line := range strings.Split(s.Logs.String(), "\n") {
		if m := invitationMail.FindStringSubmatch(line); m != nil && m[1] == strings.ToLower(email) {
			key = m[2]
		}
	}
	if key == "" {
		t.Fatalf("no invitation email to %s in the log", email)
	}
	return key
}

const inviteDoc = `mutation($o: ID!, $e: String!, $r: Role!) { inviteMember(input: {organizationID: $o, email: $e, role: $r}) { id } }`

// inviteViaAPI invites email through the API and returns the invitation ID.
func inviteViaAPI(t testing.TB, s *testserver.Server, token string, orgID int, email string, role authz.Role) int {
	t.Helper()
	var out struct{ InviteMember struct{ ID string } }
	s.MustQuery(token, inviteDoc, map[string]any{"o": idOf(orgID), "e": email, "r": role}, &out)
	return parseID(t, out.InviteMember.ID)
}

const acceptDoc = `mutation($k: String!) { acceptInvitation(key: $k) { id } }`

// inviteWithKeyViaAPI is inviteViaAPI, also returning the key of the
// invitation's email (from the mail log).
func inviteWithKeyViaAPI(t testing.TB, s *testserver.Server, token string, orgID int, email string, role authz.Role) (int, string) {
	t.Helper()
	inv := inviteViaAPI(t, s, token, orgID, email, role)
	return inv, keyFromMailLog(t, s, email)
}

// joinViaAPI invites u and accepts as u; it returns the membership ID.
func joinViaAPI(t testing.TB, s *testserver.Server, inviterToken string, orgID int, u *testserver.User, role authz.Role) int {
	t.Helper()
	inviteViaAPI(t, s, inviterToken, orgID, u.Email, role)
	var out struct{ AcceptInvitation struct{ ID string } }
	s.MustQuery(u.Token, acceptDoc, map[string]any{"k": keyFromMailLog(t, s, u.Email)}, &out)
	return parseID(t, out.AcceptInvitation.ID)
}

// createOrgWith creates an organization through the API from a full input.
func createOrgWith(t testing.TB, s *testserver.Server, token string, input map[string]any) int {
	t.Helper()
	var out struct{ CreateOrganization struct{ ID string } }
	s.MustQuery(token, `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id } }`, map[string]any{"in": input}, &out)
	return parseID(t, out.CreateOrganization.ID)
}

// ownedOrganization starts a server with one organization, acme, that
// owner (a USER) created through the API; it returns the server, the owner
// and the organization's ID.
func ownedOrganization(t *testing.T, opts ...testserver.Option) (*testserver.Server, *testserver.User, int) {
	t.Helper()
	s := testserver.New(t, opts...)
	owner := s.CreateUser("owner", authz.GroupUser)
	return s, owner, createOrg(t, s, owner.Token, "acme")
}

// workChainViaAPI creates, as token's user, a project P in org (an
// organization ID, or nil for the personal workspace), a task T in it and a
// job of the task assigned to assignee (a user's ID, or nil); it returns
// their IDs.
func workChainViaAPI(t testing.TB, s *testserver.Server, token string, org, assignee any) (project, task, job string) {
	t.Helper()
	var p struct{ CreateProject struct{ ID string } }
	s.MustQuery(token, `mutation($o: ID) { createProject(input: {organizationID: $o, name: "P"}) { id } }`, map[string]any{"o": org}, &p)
	var tk struct{ CreateTask struct{ ID string } }
	s.MustQuery(token, `mutation($p: ID) { createTask(input: {projectID: $p, name: "T"}) { id } }`, map[string]any{"p": p.CreateProject.ID}, &tk)
	var j struct{ CreateJob struct{ ID string } }
	s.MustQuery(token, `mutation($t: ID!, $a: ID) { createJob(input: {taskID: $t, assigneeID: $a}) { id } }`, map[string]any{"t": tk.CreateTask.ID, "a": assignee}, &j)
	return p.CreateProject.ID, tk.CreateTask.ID, j.CreateJob.ID
}

// membershipIDOf reads the membership of a user in an organization.
func membershipIDOf(t testing.TB, s *testserver.Server, orgID, userID int) int {
	t.Helper()
	m, err := s.Client.Membership.Query().
		Where(membership.OrganizationID(orgID), membership.UserID(userID)).
		Only(testserver.SystemCtx())
	if err != nil {
		t.Fatalf("membership of user %d in organization %d: %v", userID, orgID, err)
	}
	return m.ID
}

// assertSpec6Invariants checks RULES.md §6.1 and 6.2 on every organization in
// the database: exactly one OWNER membership, whose user is the
// organization's owner_id; at most one membership per (user,
// organization); at most one pending invitation per (email, organization),
// and pending_email set exactly on PENDING invitations.
func assertSpec6Invariants(t testing.TB, s *testserver.Server) {
	t.Helper()
	ctx := testserver.SystemCtx()
	orgs := s.Client.Organization.Query().AllX(ctx)
	ms := s.Client.Membership.Query().AllX(ctx)
	invs := s.Client.Invitation.Query().AllX(ctx)
	owners := map[int][]int{} // org -> user IDs with role OWNER
	pairs := map[[2]int]int{}
	for _, m := range ms {
		pairs[[2]int{m.OrganizationID, m.UserID}]++
		if m.Role == authz.RoleOwner {
			owners[m.OrganizationID] = append(owners[m.OrganizationID], m.UserID)
		}
	}
	for _, o := range orgs {
		if got := owners[o.ID]; len(got) != 1 || got[0] != o.OwnerID {
			t.Errorf("RULES.md §6.1: organization %s (owner_id %d) has OWNER memberships of users %v", o.Slug, o.OwnerID, got)
		}
	}
	for p, n := range pairs {
		if n != 1 {
			t.Errorf("RULES.md §6.2: %d memberships of user %d in organization %d", n, p[1], p[0])
		}
	}
	pending := map[string]int{}
	for _, inv := range invs {
		isPending := inv.Status == authz.InvitationPending
		if isPending != (inv.PendingEmail != nil) {
			t.Errorf("invitation %d: status %s with pending_email %v", inv.ID, inv.Status, inv.PendingEmail)
		}
		if isPending {
			pending[fmt.Sprintf("%d/%s", inv.OrganizationID, strings.ToLower(inv.Email))]++
		}
	}
	for k, n := range pending {
		if n > 1 {
			t.Errorf("RULES.md §6.2: %d pending invitations for %s", n, k)
		}
	}
}
