package graph_test

import (
	"regexp"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

var keyInLog = regexp.MustCompile(`key=([A-Za-z0-9_-]{43})`)

func TestSmokeOrganizationFlow(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("owner", authz.GroupUser)
	bob := s.CreateUser("bob", authz.GroupUser)
	var created struct {
		CreateOrganization struct {
			ID, Slug, Name string
			ViewerRole     string
			Members        struct {
				TotalCount int
				Edges      []struct{ Node struct{ Role string } }
			}
		}
	}
	s.MustQuery(owner.Token, `mutation { createOrganization(input: {slug: "acme", description: "d", contact: {email: "Ops@Acme.io", phone: "+1 555-0100"}}) { id slug name viewerRole members { totalCount edges { node { role } } } } }`, nil, &created)
	t.Logf("%+v", created)
	var inv struct{ InviteMember struct{ ID, Status string } }
	s.MustQuery(owner.Token, `mutation($o: ID!) { inviteMember(input: {organizationID: $o, email: "BOB@example.com", role: SUPERVISOR}) { id status } }`, map[string]any{"o": created.CreateOrganization.ID}, &inv)
	s.Mailer.Wait()
	m := keyInLog.FindStringSubmatch(s.Logs.String())
	if m == nil {
		t.Fatalf("no key in logs: %s", s.Logs.String())
	}
	var mine struct {
		MyInvitations struct {
			Edges []struct {
				Node struct {
					Status       string
					Organization struct {
						Slug, Name  string
						Description *string
					}
					InvitedBy struct{ Username string }
				}
			}
		}
	}
	s.MustQuery(bob.Token, `{ myInvitations { edges { node { status organization { slug name description } invitedBy { username } } } } }`, nil, &mine)
	t.Logf("%+v", mine)
	var acc struct {
		AcceptInvitation struct {
			Role         string
			Organization struct {
				Slug       string
				ViewerRole string
			}
		}
	}
	s.MustQuery(bob.Token, `mutation($k: String!) { acceptInvitation(key: $k) { role organization { slug viewerRole } } }`, map[string]any{"k": m[1]}, &acc)
	t.Logf("%+v", acc)
	var org map[string]any
	s.MustQuery(owner.Token, `{ organization(slug: "ACME") { slug description contact { email phone location } owner { username } members { totalCount edges { node { role joinedAt user { username email } invitedBy { username } } } } invitations { totalCount edges { node { email status sendCount } } } } }`, nil, &org)
	t.Logf("%+v", org)
}
