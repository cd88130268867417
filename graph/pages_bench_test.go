package graph_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"orgraph/ent"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// The read pages of docs/PERFORMANCE.md (Q1 organization page, Q2 my
// organizations, Q3 my work), one request at a time through the real
// handler, in process: allocations, bytes and SQL statements per request
// are the steady measures of their cost on a shared machine.
//
//	go test ./graph/ -run '^$' -bench Pages -benchmem
//
// The data is a small copy of the perf command's shape: a viewer in 20
// organizations of 50 members (owner of 2, maintainer of 6, supervisor of
// 6, worker in 6), each with 5 pending invitations; in the first, the
// work of bench/seed (10 projects, 50 tasks, 200 jobs) and a worker who
// sees about 30 jobs.

type pagesFixture struct {
	s              *testserver.Server
	viewer, worker *testserver.User
	staffSlugs     []string // where the viewer is owner or maintainer
}

const pagesOrgs, pagesMembers = 20, 50

func seedPages(tb testing.TB) *pagesFixture {
	tb.Helper()
	s := testserver.New(tb)
	ctx := testserver.SystemCtx()
	f := &pagesFixture{s: s, viewer: s.CreateUser("viewer", authz.GroupUser), worker: s.CreateUser("worker", authz.GroupUser)}
	viewerRole := func(o int) authz.Role {
		switch {
		case o < 2:
			return authz.RoleOwner
		case o < 8:
			return authz.RoleMaintainer
		case o < 14:
			return authz.RoleSupervisor
		}
		return authz.RoleWorker
	}
	memberRole := func(k int) authz.Role { // k: 1..49, the viewer and owner aside
		switch {
		case k < 3:
			return authz.RoleMaintainer
		case k < 10:
			return authz.RoleSupervisor
		}
		return authz.RoleWorker
	}
	for o := range pagesOrgs {
		users := make([]*ent.UserCreate, pagesMembers-1)
		for k := range users {
			name := fmt.Sprintf("u%02d_%02d", o, k)
			users[k] = s.Client.User.Create().SetUsername(name).SetEmail(name + "@example.com").SetPasswordHash("x")
		}
		us := s.Client.User.CreateBulk(users...).SaveX(ctx)
		owner := us[0]
		if viewerRole(o) == authz.RoleOwner {
			owner = nil
		}
		slug := fmt.Sprintf("org%02d", o)
		oc := s.Client.Organization.Create().SetSlug(slug).SetName("Organization " + slug).
			SetDescription("Annotates street scenes.").SetContactEmail("ops@" + slug + ".io")
		ownerID := f.viewer.ID
		if owner != nil {
			ownerID = owner.ID
		}
		org := oc.SetOwnerID(ownerID).SaveX(ctx)
		ms := []*ent.MembershipCreate{s.Client.Membership.Create().SetOrganizationID(org.ID).SetUserID(f.viewer.ID).
			SetRole(viewerRole(o)).SetInvitedByID(us[1].ID)}
		for k, u := range us {
			role := memberRole(k)
			if k == 0 {
				role = authz.RoleOwner
				if owner == nil {
					role = authz.RoleMaintainer
				}
			}
			m := s.Client.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(role)
			if k > 0 {
				m.SetInvitedByID(us[k%3].ID)
			}
			ms = append(ms, m)
		}
		s.Client.Membership.CreateBulk(ms...).ExecX(ctx)
		for i := range 5 {
			seedPendingInvitation(s, org.ID, ownerID, fmt.Sprintf("guest%d@%s.io", i, slug))
		}
		if viewerRole(o) == authz.RoleOwner || viewerRole(o) == authz.RoleMaintainer {
			f.staffSlugs = append(f.staffSlugs, slug)
		}
		if o == 0 {
			seedPagesWork(tb, s, org.ID, f.worker, us)
		}
	}
	return f
}

// seedPendingInvitation writes a pending invitation to email, with a key
// of its own (unknown to anyone).
func seedPendingInvitation(s *testserver.Server, orgID, by int, email string) {
	key := sha256.Sum256([]byte(email))
	s.Client.Invitation.Create().SetOrganizationID(orgID).SetEmail(email).SetPendingEmail(email).
		SetRole(authz.RoleWorker).SetInvitedByID(by).SetKeyHash(key[:]).
		SetExpiresAt(time.Now().Add(time.Hour)).ExecX(testserver.SystemCtx())
}

// seedPagesWork writes bench/seed's work of one organization: projects
// owned by staff and assigned to workers, tasks owned by supervisors and
// assigned to workers, jobs assigned to workers; worker is the first of
// the 40 workers.
func seedPagesWork(tb testing.TB, s *testserver.Server, orgID int, worker *testserver.User, us []*ent.User) {
	ctx := testserver.SystemCtx()
	s.AddMember(orgID, worker, authz.RoleWorker)
	workerSlot := func(k int) int {
		if k%40 == 0 {
			return worker.ID
		}
		return us[9+k%40].ID
	}
	var projects []*ent.ProjectCreate
	for p := range 10 {
		projects = append(projects, s.Client.Project.Create().SetName(fmt.Sprintf("Project %d", p)).
			SetOrganizationID(orgID).SetOwnerID(us[p%3].ID).SetAssigneeID(workerSlot(p)))
	}
	ps := s.Client.Project.CreateBulk(projects...).SaveX(ctx)
	var tasks []*ent.TaskCreate
	for k := range 50 {
		tasks = append(tasks, s.Client.Task.Create().SetName(fmt.Sprintf("Task %d", k)).SetOrganizationID(orgID).
			SetProjectID(ps[k/5].ID).SetOwnerID(us[3+k%7].ID).SetAssigneeID(workerSlot(k)))
	}
	ts := s.Client.Task.CreateBulk(tasks...).SaveX(ctx)
	var jobs []*ent.JobCreate
	for j := range 200 {
		jobs = append(jobs, s.Client.Job.Create().SetOrganizationID(orgID).SetTaskID(ts[j/4].ID).
			SetOwnerID(us[3+(j/4)%7].ID).SetAssigneeID(workerSlot(j)))
	}
	s.Client.Job.CreateBulk(jobs...).ExecX(ctx)
}

// processCPU is the user and system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// workload reads a GraphQL document of bench/workloads.
func workload(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "bench", "workloads", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// servePage runs one request through the handler, in process, and fails
// on a GraphQL error.
func servePage(tb testing.TB, h http.Handler, token string, body []byte) {
	req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK || bytes.Contains(w.Body.Bytes(), []byte(`"errors"`)) {
		tb.Fatalf("status %d: %s", w.Code, w.Body.Bytes())
	}
}

// pageCase is one workload: who asks, and the request bodies asked in turn.
type pageCase struct {
	name   string
	token  string
	bodies [][]byte
	// statements is what one request costs (the first organization page
	// has one member more than fit in a page: it also counts them).
	statements []int64
}

func (f *pagesFixture) cases(tb testing.TB) []pageCase {
	body := func(doc string, vars map[string]any) []byte {
		out, _ := json.Marshal(map[string]any{"query": doc, "variables": vars})
		return out
	}
	q1 := workload(tb, "q1_organization_page.graphql")
	var q1Bodies [][]byte
	q1Statements := []int64{7}
	for _, slug := range f.staffSlugs {
		q1Bodies = append(q1Bodies, body(q1, map[string]any{"slug": slug}))
		q1Statements = append(q1Statements, 6)
	}
	return []pageCase{
		{"Q1", f.viewer.Token, q1Bodies, q1Statements[:len(q1Bodies)]},
		{"Q2", f.viewer.Token, [][]byte{body(workload(tb, "q2_my_organizations.graphql"), nil)}, []int64{3}},
		{"Q3", f.worker.Token, [][]byte{body(workload(tb, "q3_my_work.graphql"), map[string]any{"organization": "org00"})}, []int64{5}},
	}
}

// TestPagesStatements pins the statements of each page: constant in the
// page size (statements_test.go) and never more than these.
func TestPagesStatements(t *testing.T) {
	f := seedPages(t)
	h := f.s.HTTP.Config.Handler
	for _, c := range f.cases(t) {
		for i, body := range c.bodies {
			before := f.s.Statements()
			servePage(t, h, c.token, body)
			if got := f.s.Statements() - before; got != c.statements[i] {
				t.Errorf("%s (request %d): %d statements, want %d", c.name, i, got, c.statements[i])
			}
		}
	}
}

// "My organizations" reads only the organization columns it shows: its
// viewerRole resolver is listed in ent/entc.go's resolverColumns, so field
// collection does not fall back to every column (description, contacts).
func TestMyOrganizationsReadTheColumnsAsked(t *testing.T) {
	f := seedPages(t)
	var q2 []byte
	for _, c := range f.cases(t) {
		if c.name == "Q2" {
			q2 = c.bodies[0]
		}
	}
	stmts := f.s.StatementsOf(func() { servePage(t, f.s.HTTP.Config.Handler, f.viewer.Token, q2) })
	var orgs string
	for _, q := range stmts {
		if strings.Contains(q, "FROM `organizations`") {
			orgs = q
		}
	}
	want := "SELECT `organizations`.`id`, `organizations`.`slug`, `organizations`.`name` FROM `organizations`"
	if !strings.HasPrefix(orgs, want) {
		t.Errorf("the organizations statement is\n%s\nwant it to start with\n%s", orgs, want)
	}
}

func BenchmarkPages(b *testing.B) {
	f := seedPages(b)
	h := f.s.HTTP.Config.Handler
	for _, c := range f.cases(b) {
		b.Run(c.name, func(b *testing.B) {
			for _, body := range c.bodies { // warm the query cache
				servePage(b, h, c.token, body)
			}
			b.ReportAllocs()
			start, cpu := f.s.Statements(), processCPU()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				servePage(b, h, c.token, c.bodies[i%len(c.bodies)])
			}
			b.StopTimer()
			b.ReportMetric(float64(f.s.Statements()-start)/float64(b.N), "stmts/op")
			// CPU time of this process (the handler, and SQLite when it is
			// the database) moves less than wall time with the other
			// processes of a shared machine.
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// Every field is resolved in order on the request's goroutine
// (graph/gqlgen.go): a @defer fragment is answered in the one response,
// like the rest of the document, and a panic or error inside a list element
// still names that element (privacy_test's "nodes gives nulls" checks the
// paths of errors in a list).
func TestDeferredFragmentIsAnsweredInline(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("deferowner", authz.GroupUser)
	s.SeedOrganization("deferred", owner)
	r := s.Query(owner.Token, `{ organization(slug: "deferred") { slug ... @defer { name viewerRole } } }`, nil)
	requireGQLData(t, r, `{"organization":{"slug":"deferred","name":"deferred","viewerRole":"OWNER"}}`)
}
