package graph_test

import (
	"fmt"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// TestSmokeWork walks the work of RULES.md §5 once: the owner builds a project,
// a task and a job assigned to a worker; the worker annotates the job and
// sees the job and its annotations, but not the task or the project (the
// seed's worker rule); removing the organization removes it all.
func TestSmokeWork(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("owner", authz.GroupUser)
	w := s.CreateUser("wendy", authz.GroupUser)
	orgID := createOrg(t, s, owner.Token, "acme")
	s.AddMember(orgID, w, authz.RoleWorker)
	org := fmt.Sprint(orgID)
	var p struct{ CreateProject struct{ ID string } }
	s.MustQuery(owner.Token, `mutation($o: ID) { createProject(input: {organizationID: $o, name: "P1"}) { id } }`, map[string]any{"o": org}, &p)
	var tk struct{ CreateTask struct{ ID string } }
	s.MustQuery(owner.Token, `mutation($p: ID) { createTask(input: {projectID: $p, name: "T1"}) { id } }`, map[string]any{"p": p.CreateProject.ID}, &tk)
	var j struct{ CreateJob struct{ ID string } }
	s.MustQuery(owner.Token, `mutation($t: ID!, $a: ID) { createJob(input: {taskID: $t, assigneeID: $a}) { id } }`, map[string]any{"t": tk.CreateTask.ID, "a": w.GID}, &j)
	requireGQLData(t, s.Query(w.Token, `mutation($j: ID!) { createAnnotations(jobID: $j, input: [{label: "car", type: RECTANGLE, frame: 0, points: [1,2,3,4]}]) { label points } }`, map[string]any{"j": j.CreateJob.ID}),
		`{"createAnnotations":[{"label":"car","points":[1,2,3,4]}]}`)

	requireGQLData(t, s.Query(w.Token, `{ jobs(organization: "acme") { totalCount edges { node { id state task { name } annotations { totalCount } } } } }`, nil),
		fmt.Sprintf(`{"jobs":{"totalCount":1,"edges":[{"node":{"id":%q,"state":"NEW","task":null,"annotations":{"totalCount":1}}}]}}`, j.CreateJob.ID))
	requireGQLData(t, s.Query(w.Token, `{ projects(organization: "acme") { totalCount } tasks(organization: "acme") { totalCount } cloudStorages(organization: "acme") { totalCount } }`, nil),
		`{"projects":{"totalCount":0},"tasks":{"totalCount":0},"cloudStorages":{"totalCount":0}}`)
	requireGQLError(t, s.Query(w.Token, `mutation($o: ID) { createProject(input: {organizationID: $o, name: "P2"}) { id } }`, map[string]any{"o": org}), "FORBIDDEN", `null`)
	requireGQLError(t, s.Query(owner.Token, `mutation($t: ID!) { createJob(input: {taskID: $t, assigneeID: "4294967297000"}) { id } }`, map[string]any{"t": tk.CreateTask.ID}), "BAD_USER_INPUT", `null`)

	// The personal workspace is the worker's own.
	s.MustQuery(w.Token, `mutation { createProject(input: {name: "mine"}) { id } }`, nil, nil)
	requireGQLData(t, s.Query(owner.Token, `{ projects { totalCount } }`, nil), `{"projects":{"totalCount":0}}`)
	requireGQLData(t, s.Query(w.Token, `{ projects { totalCount } }`, nil), `{"projects":{"totalCount":1}}`)

	s.MustQuery(owner.Token, `mutation($o: ID!) { deleteOrganization(id: $o, confirmSlug: "acme") }`, map[string]any{"o": org}, nil)
	if n := s.Client.Annotation.Query().CountX(testserver.SystemCtx()); n != 0 {
		t.Errorf("%d annotations left after removing the organization", n)
	}
}
