// Package workloads holds the benchmark's GraphQL documents (the .graphql
// files beside this one) and turns them, with a seeded fixture, into
// requests for the load generator.
package workloads

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"orgraph/bench/loadgen"
	"orgraph/bench/seed"
)

//go:embed *.graphql
var files embed.FS

// Document returns a GraphQL document of this directory by file name.
func Document(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Workload is one benchmark scenario.
type Workload struct {
	Name, Title string
	// Floor: the raw-SQL reference program answers it too.
	Floor bool
	// Do performs one unit of work against the server at baseURL (for M1,
	// two requests: invite, then revoke).
	Do func(baseURL string) loadgen.Request
}

// Body is the JSON body of a GraphQL request.
func Body(doc, operationName string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": doc, "operationName": operationName, "variables": vars})
	if err != nil {
		panic(err)
	}
	return b
}

type call struct {
	token string
	body  []byte
}

// rotate returns a request that cycles through calls, each client starting
// at a different place.
func rotate(calls []call) func(string) loadgen.Request {
	return func(baseURL string) loadgen.Request {
		url := baseURL + "/query"
		return func(ctx context.Context, hc *http.Client, client, i int) error {
			c := calls[(client*7+i)%len(calls)]
			_, err := loadgen.PostJSON(ctx, hc, url, c.token, c.body)
			return err
		}
	}
}

// Q1Body is the organization page of slug with a members page of first.
func Q1Body(slug string, first int) []byte {
	return Body(Document("q1_organization_page.graphql"), "OrganizationPage", map[string]any{"slug": slug, "first": first})
}

// Q2Body is the viewer's organizations.
func Q2Body() []byte {
	return Body(Document("q2_my_organizations.graphql"), "MyOrganizations", nil)
}

// Q3Body is the worker's jobs in the organization.
func Q3Body(slug string) []byte {
	return Body(Document("q3_my_work.graphql"), "MyWork", map[string]any{"organization": slug})
}

// All returns the four workloads on fx.
func All(fx *seed.Fixture) []Workload {
	var q1 []call
	for _, s := range fx.ViewerStaffOrgs {
		q1 = append(q1, call{fx.Viewer.Token, Q1Body(s, 50)})
	}
	q2 := []call{{fx.Viewer.Token, Q2Body()}}
	var q3 []call
	for _, w := range fx.Workers {
		q3 = append(q3, call{w.Token, Q3Body(w.OrgSlug)})
	}
	return []Workload{
		{Name: "Q1", Title: "organization page (viewer as owner or maintainer, 50 members, 5 invitations)", Floor: true, Do: rotate(q1)},
		{Name: "Q2", Title: "my organizations (viewer in 20 organizations)", Floor: true, Do: rotate(q2)},
		{Name: "Q3", Title: "my work (a worker's first 50 visible jobs with task and project)", Floor: true, Do: rotate(q3)},
		{Name: "M1", Title: "invite then revoke (two mutations, each one transaction)", Floor: true, Do: InviteRevoke(fx)},
	}
}

// InviteBody is M1's first request: invite email into orgID as a worker.
func InviteBody(orgID int, email string) []byte {
	return Body(Document("m1_invite.graphql"), "Invite", map[string]any{"organizationID": fmt.Sprint(orgID), "email": email})
}

// RevokeBody is M1's second request: revoke the invitation id.
func RevokeBody(id string) []byte {
	return Body(Document("m1_revoke.graphql"), "Revoke", map[string]any{"id": id})
}

// InvitationID is the id of the invitation of an inviteMember answer.
func InvitationID(raw []byte) (string, error) {
	var out struct {
		Data struct {
			InviteMember struct{ ID string } `json:"inviteMember"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || out.Data.InviteMember.ID == "" {
		return "", fmt.Errorf("invite answered %.200s", raw)
	}
	return out.Data.InviteMember.ID, nil
}

// InviteThenRevoke is one M1 pair at the server's /query url: the owner
// invites email, then revokes the invitation. It returns the answers.
func InviteThenRevoke(ctx context.Context, hc *http.Client, url string, owner seed.OrgAccount, email string) (invite, revoke []byte, err error) {
	if invite, err = loadgen.PostJSON(ctx, hc, url, owner.Token, InviteBody(owner.OrgID, email)); err != nil {
		return invite, nil, err
	}
	id, err := InvitationID(invite)
	if err != nil {
		return invite, nil, err
	}
	if revoke, err = loadgen.PostJSON(ctx, hc, url, owner.Token, RevokeBody(id)); err == nil && !strings.Contains(string(revoke), `"REVOKED"`) {
		err = fmt.Errorf("revoke answered %.200s", revoke)
	}
	return invite, revoke, err
}

// InviteRevoke is M1: an organization's owner invites a fresh email
// address, then revokes the invitation. Owners rotate over all
// organizations so that clients seldom wait for the same row lock.
func InviteRevoke(fx *seed.Fixture) func(string) loadgen.Request {
	nonce := make([]byte, 4)
	_, _ = rand.Read(nonce)
	prefix := hex.EncodeToString(nonce)
	var seq atomic.Int64
	return func(baseURL string) loadgen.Request {
		url := baseURL + "/query"
		return func(ctx context.Context, hc *http.Client, client, i int) error {
			o := fx.Owners[(client*37+i*11)%len(fx.Owners)]
			_, _, err := InviteThenRevoke(ctx, hc, url, o, fmt.Sprintf("m1-%s-%d@example.net", prefix, seq.Add(1)))
			return err
		}
	}
}
