package graph_test

import (
	"regexp"
	"testing"
	"time"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

var keyInLog = regexp.MustCompile(`key=([A-Za-z0-9_-]{43})`)

// TestSmokeOrganizationFlow walks an organization's life once through the
// API: created, a member invited, the invitation seen and accepted by the
// invitee, the organization read back by its owner.
func TestSmokeOrganizationFlow(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("owner", authz.GroupUser)
	bob := s.CreateUser("bob", authz.GroupUser)
	requireGQLData(t, s.Query(owner.Token, `mutation { createOrganization(input: {slug: "acme", description: "d", contact: {email: "Ops@Acme.io", phone: "+1 555-0100"}}) { slug name viewerRole members { totalCount edges { node { role } } } } }`, nil),
		`{"createOrganization":{"slug":"acme","name":"acme","viewerRole":"OWNER","members":{"totalCount":1,"edges":[{"node":{"role":"OWNER"}}]}}}`)
	org := s.Client.Organization.Query().OnlyIDX(testserver.SystemCtx())
	requireGQLData(t, s.Query(owner.Token, `mutation($o: ID!) { inviteMember(input: {organizationID: $o, email: "BOB@example.com", role: SUPERVISOR}) { email status } }`, map[string]any{"o": idOf(org)}),
		`{"inviteMember":{"email":"bob@example.com","status":"PENDING"}}`)
	s.Mailer.Wait()
	m := keyInLog.FindStringSubmatch(s.Logs.String())
	if m == nil {
		t.Fatalf("no key in logs: %s", s.Logs.String())
	}
	// Through the invitation alone: slug and name, no description (RULES.md §2).
	requireGQLData(t, s.Query(bob.Token, `{ myInvitations { edges { node { status organization { slug name description } invitedBy { username } } } } }`, nil),
		`{"myInvitations":{"edges":[{"node":{"status":"PENDING","organization":{"slug":"acme","name":"acme","description":null},"invitedBy":{"username":"owner"}}}]}}`)
	requireGQLData(t, s.Query(bob.Token, `mutation($k: String!) { acceptInvitation(key: $k) { role organization { slug viewerRole } } }`, map[string]any{"k": m[1]}),
		`{"acceptInvitation":{"role":"SUPERVISOR","organization":{"slug":"acme","viewerRole":"SUPERVISOR"}}}`)
	requireGQLData(t, s.Query(owner.Token, `{ organization(slug: "ACME") { slug description contact { email phone location } owner { username } members { totalCount edges { node { role user { username email } invitedBy { username } } } } invitations { totalCount edges { node { email status sendCount } } } } }`, nil),
		`{"organization":{"slug":"acme","description":"d","contact":{"email":"ops@acme.io","phone":"+1 555-0100","location":null},"owner":{"username":"owner"},
		"members":{"totalCount":2,"edges":[{"node":{"role":"OWNER","user":{"username":"owner","email":"owner@example.com"},"invitedBy":null}},{"node":{"role":"SUPERVISOR","user":{"username":"bob","email":"bob@example.com"},"invitedBy":{"username":"owner"}}}]},
		"invitations":{"totalCount":1,"edges":[{"node":{"email":"bob@example.com","status":"ACCEPTED","sendCount":1}}]}}}`)
	var joined struct {
		Organization struct {
			Members struct {
				Edges []struct{ Node struct{ JoinedAt string } }
			}
		}
	}
	s.MustQuery(owner.Token, `{ organization(slug: "acme") { members { edges { node { joinedAt } } } } }`, nil, &joined)
	for _, e := range joined.Organization.Members.Edges {
		if _, err := time.Parse(time.RFC3339Nano, e.Node.JoinedAt); err != nil {
			t.Errorf("joinedAt %q: %v", e.Node.JoinedAt, err)
		}
	}
}
