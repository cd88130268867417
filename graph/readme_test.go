package graph_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// TestREADMEWalkthrough runs the GraphQL blocks of the README's organization
// walk-through, in order and as written, filling in its <...> placeholders
// from earlier answers: the README's operations must work when pasted into
// GraphiQL.
func TestREADMEWalkthrough(t *testing.T) {
	blocks := readmeBlocks(t, "## Organizations in GraphiQL", 10)

	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	values := map[string]string{}
	var bobToken string
	// Who runs each block, and what to keep from its answer.
	steps := []struct {
		token func() string
		keep  func(data map[string]any)
	}{
		{func() string { return alice.Token }, func(d map[string]any) {
			values["<organization id>"] = dig(d, "createOrganization", "id").(string)
		}},
		{func() string { return alice.Token }, func(d map[string]any) {
			s.Mailer.Wait()
			m := keyInLog.FindStringSubmatch(s.Logs.String())
			if m == nil {
				t.Fatal("no invitation key in the log")
			}
			values["<key from the email>"] = m[1]
		}},
		{func() string { return alice.Token }, func(d map[string]any) {
			codes := []any{}
			for _, r := range dig(d, "inviteMembers").([]any) {
				codes = append(codes, dig(r.(map[string]any), "error"))
			}
			if codes[0] != nil || codes[1] != nil || codes[2] == nil {
				t.Fatalf("inviteMembers errors %v", codes)
			}
		}},
		{func() string { return "" }, func(d map[string]any) { bobToken = dig(d, "signUp", "token").(string) }},
		{func() string { return bobToken }, func(d map[string]any) {
			if n := len(dig(d, "myInvitations", "edges").([]any)); n != 1 {
				t.Fatalf("bob sees %d invitations", n)
			}
		}},
		{func() string { return bobToken }, func(d map[string]any) {
			values["<Bob's membership id>"] = dig(d, "acceptInvitation", "id").(string)
		}},
		{func() string { return alice.Token }, func(d map[string]any) {
			if n := dig(d, "organization", "members", "totalCount"); n != float64(2) {
				t.Fatalf("members totalCount %v", n)
			}
		}},
		{func() string { return alice.Token }, func(d map[string]any) {
			if r := dig(d, "changeMemberRole", "role"); r != "SUPERVISOR" {
				t.Fatalf("role %v", r)
			}
		}},
		{func() string { return bobToken }, nil},
		{func() string { return alice.Token }, nil},
	}
	for i, step := range steps {
		doc := fillPlaceholders(t, blocks[i][1], values)
		var data map[string]any
		s.MustQuery(step.token(), doc, nil, &data)
		if step.keep != nil {
			step.keep(data)
		}
	}
	if n := s.Client.Organization.Query().CountX(testserver.SystemCtx()); n != 0 {
		t.Fatalf("%d organizations left after the walk-through removed its one", n)
	}
}

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
		var data map[string]any
		s.MustQuery(alice.Token, fillPlaceholders(t, b[1], values), nil, &data)
		if keep[i] != nil {
			keep[i](data)
		}
	}
}

// TestREADMEHandoverAndMoving runs the GraphQL blocks of the README's
// section on handing over and moving work, as Alice, the owner of acme,
// with Bob and Carol seeded as workers.
func TestREADMEHandoverAndMoving(t *testing.T) {
	blocks := readmeBlocks(t, "## Handing over and moving work", 5)

	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	bob, carol := s.CreateUser("bob", authz.GroupUser), s.CreateUser("carol", authz.GroupUser)
	orgID := s.SeedOrganization("acme", alice)
	values := map[string]string{
		"<organization id>":       fmt.Sprint(orgID),
		"<Bob's user id>":         bob.GID,
		"<Bob's membership id>":   fmt.Sprint(s.AddMember(orgID, bob, authz.RoleWorker)),
		"<Carol's membership id>": fmt.Sprint(s.AddMember(orgID, carol, authz.RoleWorker)),
	}
	checks := []func(map[string]any){
		func(d map[string]any) { values["<project id>"] = dig(d, "createProject", "id").(string) },
		func(d map[string]any) {
			if slug := dig(d, "moveProject", "organization", "slug"); slug != "acme" {
				t.Fatalf("moved to %v", slug)
			}
		},
		func(d map[string]any) { values["<task id>"] = dig(d, "createTask", "id").(string) },
		func(d map[string]any) {
			if tasks := dig(d, "removeMember", "tasks").([]any); len(tasks) != 1 || tasks[0] != values["<task id>"] {
				t.Fatalf("handed over tasks %v", tasks)
			}
		},
		func(d map[string]any) {
			if org, a := dig(d, "moveTask", "organization"), dig(d, "moveTask", "assignee"); org != nil || a != nil {
				t.Fatalf("moved task: organization %v, assignee %v", org, a)
			}
		},
	}
	for i, b := range blocks {
		var data map[string]any
		s.MustQuery(alice.Token, fillPlaceholders(t, b[1], values), nil, &data)
		checks[i](data)
	}
}

// fillPlaceholders replaces each <...> placeholder of doc with its value,
// failing on one without a value.
func fillPlaceholders(t *testing.T, doc string, values map[string]string) string {
	t.Helper()
	return regexp.MustCompile(`<[^>]+>`).ReplaceAllStringFunc(doc, func(p string) string {
		v, ok := values[p]
		if !ok {
			t.Fatalf("no value for %s in\n%s", p, doc)
		}
		return v
	})
}

// dig follows keys through decoded JSON objects.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// readmeBlocks returns the GraphQL blocks of the README's section that
// starts with heading (up to the next "## "), failing unless there are
// exactly want: a test that walks them knows each one.
func readmeBlocks(t *testing.T, heading string, want int) [][]string {
	t.Helper()
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	start := strings.Index(readme, heading)
	if start < 0 {
		t.Fatalf("the README has no section %q", heading)
	}
	end := strings.Index(readme[start+1:], "\n## ") + start + 1
	if end <= start {
		end = len(readme)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(readme[start:end], -1)
	if len(blocks) != want {
		t.Fatalf("the README section %q has %d GraphQL blocks; its test knows %d", heading, len(blocks), want)
	}
	return blocks
}
