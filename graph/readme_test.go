package graph_test

import (
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
	blocks := readmeBlocks(t, "## Organizations in GraphiQL", 9)

	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	values := map[string]string{}
	fill := func(doc string) string {
		return regexp.MustCompile(`<[^>]+>`).ReplaceAllStringFunc(doc, func(p string) string {
			v, ok := values[p]
			if !ok {
				t.Fatalf("no value for %s in\n%s", p, doc)
			}
			return v
		})
	}
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
		doc := fill(blocks[i][1])
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
