package graph_test

import (
	"fmt"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

func TestSmokeWork(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("owner", authz.GroupUser)
	w := s.CreateUser("wendy", authz.GroupUser)
	orgID := createOrg(t, s, owner.Token, "acme")
	ms := s.Client.Membership.Create().SetUserID(w.ID).SetOrganizationID(orgID).SetRole(authz.RoleWorker).SaveX(testserver.SystemCtx())
	_ = ms
	org := fmt.Sprint(orgID)
	var p struct{ CreateProject struct{ ID string } }
	s.MustQuery(owner.Token, `mutation($o: ID) { createProject(input: {organizationID: $o, name: "P1"}) { id } }`, map[string]any{"o": org}, &p)
	var tk struct{ CreateTask struct{ ID string } }
	s.MustQuery(owner.Token, `mutation($p: ID) { createTask(input: {projectID: $p, name: "T1"}) { id } }`, map[string]any{"p": p.CreateProject.ID}, &tk)
	var j struct{ CreateJob struct{ ID string } }
	s.MustQuery(owner.Token, `mutation($t: ID!, $a: ID) { createJob(input: {taskID: $t, assigneeID: $a}) { id } }`, map[string]any{"t": tk.CreateTask.ID, "a": w.GID}, &j)
	s.MustQuery(w.Token, `mutation($j: ID!) { createAnnotations(jobID: $j, input: [{label: "car", type: RECTANGLE, frame: 0, points: [1,2,3,4]}]) { id points } }`, map[string]any{"j": j.CreateJob.ID}, nil)
	var jobs map[string]any
	s.MustQuery(w.Token, `{ jobs(organization: "acme") { totalCount edges { node { id state task { name project { name } } annotations { totalCount } } } } }`, nil, &jobs)
	t.Logf("%v", jobs)
	var projects map[string]any
	s.MustQuery(w.Token, `{ projects(organization: "acme") { totalCount } tasks(organization: "acme") { totalCount } cloudStorages(organization: "acme") { totalCount } }`, nil, &projects)
	t.Logf("%v", projects)
	r := s.Query(w.Token, `mutation($o: ID) { createProject(input: {organizationID: $o, name: "P2"}) { id } }`, map[string]any{"o": org})
	t.Logf("worker createProject: %v", r.Code())
	r = s.Query(owner.Token, `mutation($t: ID!) { createJob(input: {taskID: $t, assigneeID: "4294967297000"}) { id } }`, map[string]any{"t": tk.CreateTask.ID})
	t.Logf("bad assignee: %v %v", r.Code(), r.Errors)
	var personal map[string]any
	s.MustQuery(w.Token, `mutation { createProject(input: {name: "mine"}) { id organization { slug } } }`, nil, &personal)
	s.MustQuery(owner.Token, `{ projects { totalCount } }`, nil, &personal)
	t.Logf("owner personal: %v", personal)
	var del map[string]any
	s.MustQuery(owner.Token, `mutation($o: ID!) { deleteOrganization(id: $o, confirmSlug: "acme") }`, map[string]any{"o": org}, &del)
	n := s.Client.Annotation.Query().CountX(testserver.SystemCtx())
	t.Logf("annotations left %d", n)
}
