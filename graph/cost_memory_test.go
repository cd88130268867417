package graph_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

// Memory: the response size cap, the heaviest accepted page, the cap on
// an annotation's points that the cost's weights rely on.

func TestCostResponseSize(t *testing.T) {
	s := testserver.New(t, func(c *config.Config) { c.Limits.MaxResponseBytes = 2000 })
	owner := s.CreateUser("owner", authz.GroupUser)
	long := strings.Repeat("d", 3000)
	// A mutation whose answer is over the cap writes nothing.
	r := s.Query(owner.Token, `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { description } }`,
		map[string]any{"in": map[string]any{"slug": "big", "description": long}})
	if r.Code() != "BAD_USER_INPUT" || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, "over the limit of 2000 (MAX_RESPONSE_BYTES)") {
		t.Fatalf("an answer over the cap: %+v", r.Errors)
	}
	if n := s.Client.Organization.Query().CountX(testserver.SystemCtx()); n != 0 {
		t.Fatalf("the refused mutation wrote %d organizations", n)
	}
	// The same organization, asked for less, fits.
	createOrgWith(t, s, owner.Token, map[string]any{"slug": "big", "description": long})
	r = s.Query(owner.Token, `{ organization(slug: "big") { description } }`, nil)
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "MAX_RESPONSE_BYTES") {
		t.Fatalf("a query over the cap: %+v", r.Errors)
	}
	s.MustQuery(owner.Token, `{ organization(slug: "big") { name } }`, nil, nil)
}

// TestCostMemoryBound: a request at the complexity limit made of the
// heaviest rows (100 organizations with 10,000 four-byte characters of
// description each, 4 MB of data) allocates well under the 64 MB that
// docs/SECURITY.md promises; allocation bounds growth.
func TestCostMemoryBound(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("owner", authz.GroupUser)
	description := strings.Repeat("\U0001F600", 10000)
	for i := range 100 {
		org := s.Client.Organization.Create().SetSlug(fmt.Sprintf("org%d", i)).SetName(fmt.Sprintf("Org %d", i)).
			SetDescription(description).SetOwnerID(owner.ID).SaveX(testserver.SystemCtx())
		addMemberRow(t, s, org.ID, owner, authz.RoleOwner)
	}
	// 1 + 100 x (edges + node 40 + slug, name, description, viewerRole):
	// 4,501, under COMPLEXITY_LIMIT (5,000).
	doc := `{ organizations(first: 100) { edges { node { slug name description viewerRole } } } }`
	body := requestBody(doc, nil)
	least := leastAllocated(func() {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+owner.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || n < 100*40000 {
			t.Fatalf("the heavy page answered %d with %d bytes", resp.StatusCode, n)
		}
	})
	t.Logf("a page of 100 organizations with 40 KB descriptions allocated %d bytes", least)
	if least > 64*mib {
		t.Fatalf("the heaviest accepted page allocated %d bytes, over 64 MiB", least)
	}
}

// An annotation holds at most 4,096 points: the weight the cost gives an
// Annotation (32 KiB) relies on it.
func TestCostAnnotationPoints(t *testing.T) {
	s := testserver.New(t)
	u := s.CreateUser("owner", authz.GroupUser)
	_, _, job := workChainViaAPI(t, s, u.Token, nil, nil)
	create := `mutation($j: ID!, $p: [Float!]!) { createAnnotations(jobID: $j, input: [{label: "car", type: POLYGON, frame: 0, points: $p}]) { id } }`
	r := s.Query(u.Token, create, map[string]any{"j": job, "p": make([]float64, 4097)})
	if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "points" {
		t.Fatalf("4,097 points: %+v", r.Errors)
	}
	if n := s.Client.Annotation.Query().CountX(testserver.SystemCtx()); n != 0 {
		t.Fatalf("the refused annotation was written (%d)", n)
	}
	s.MustQuery(u.Token, create, map[string]any{"j": job, "p": make([]float64, 4096)}, nil)
}
