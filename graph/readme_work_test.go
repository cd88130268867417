package graph_test

import (
	"fmt"
	"regexp"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// TestREADMEWork runs the GraphQL blocks of the README's work section, in
// order and as written, filling in its <...> placeholders: an organization
// and a member seeded first, then the IDs from earlier answers.
func TestREADMEWork(t *testing.T) {
	blocks := readmeBlocks(t, "## Work: projects, tasks, jobs, annotations", 6)

	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	bob := s.CreateUser("bob", authz.GroupUser)
	orgID := s.SeedOrganization("acme", alice)
	s.AddMember(orgID, bob, authz.RoleWorker)
	values := map[string]string{"<organization id>": fmt.Sprint(orgID), "<a member's user id>": bob.GID}
	keep := []func(map[string]any){
		func(d map[string]any) { values["<project id>"] = dig(d, "createProject", "id").(string) },
		func(d map[string]any) { values["<task id>"] = dig(d, "createTask", "id").(string) },
		func(d map[string]any) { values["<job id>"] = dig(d, "createJob", "id").(string) },
		nil,
		func(d map[string]any) {
			if st, sa := dig(d, "updateJob", "stage"), dig(d, "updateJob", "state"); st != "VALIDATION" || sa != "IN_PROGRESS" {
				t.Fatalf("updateJob: %v %v", st, sa)
			}
		},
		func(d map[string]any) {
			if n := dig(d, "jobs", "totalCount"); n != float64(1) {
				t.Fatalf("jobs totalCount %v", n)
			}
		},
	}
	for i, b := range blocks {
		doc := regexp.MustCompile(`<[^>]+>`).ReplaceAllStringFunc(b[1], func(p string) string {
			v, ok := values[p]
			if !ok {
				t.Fatalf("no value for %s in\n%s", p, b[1])
			}
			return v
		})
		var data map[string]any
		s.MustQuery(alice.Token, doc, nil, &data)
		if keep[i] != nil {
			keep[i](data)
		}
	}
}
