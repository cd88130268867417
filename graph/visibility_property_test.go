package graph_test

// A property test of RULES.md §5's visibility: for random layouts of work
// (random owners and assignees, names that repeat), every read path --
// lists, totalCount, node/nodes, nested connections and every where-filter
// that crosses an edge, at depth -- returns exactly the rows that a model
// of the rule table allows. The model below is the table in plain Go,
// written from RULES.md §5 and not from the implementation.

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"orgraph/ent/annotation"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

type propRow struct {
	id, parent      int // parent: the project of a task (0: none), the task of a job, the job of an annotation
	owner, assignee string
	name            string // name of a project or task, label of an annotation
}

// propLayout is one random organization's work.
type propLayout struct {
	projects, tasks, jobs, annotations map[int]*propRow
}

var (
	propPeople = []string{"boss", "sup", "w1", "w2", "wg"}
	propNames  = []string{"alpha", "beta", "gamma"}
	propLabels = []string{"car", "dog"}
)

// propRelated: the viewer owns or is assigned to the row.
func propRelated(r *propRow, v string) bool { return r != nil && (r.owner == v || r.assignee == v) }

// sees is the model: staff see everything; everyone else a project or task
// they own or are assigned to (a task also through its project), a job also
// when assigned to it or through its task, an annotation through its job.
func (l *propLayout) sees(kind string, id int, v string, staff bool) bool {
	if staff {
		return true
	}
	switch kind {
	case "project":
		return propRelated(l.projects[id], v)
	case "task":
		t := l.tasks[id]
		return propRelated(t, v) || propRelated(l.projects[t.parent], v)
	case "job":
		j := l.jobs[id]
		return j.assignee == v || l.sees("task", j.parent, v, false)
	}
	return l.sees("job", l.annotations[id].parent, v, false)
}

func propSeedLayout(t *testing.T, s *testserver.Server, r *rand.Rand, orgID int, users map[string]*testserver.User) *propLayout {
	ctx := testserver.SystemCtx()
	pick := func(from []string) string { return from[r.IntN(len(from))] }
	assignee := func() (string, *int) {
		if r.IntN(3) == 0 {
			return "", nil
		}
		u := pick(propPeople)
		return u, &users[u].ID
	}
	l := &propLayout{map[int]*propRow{}, map[int]*propRow{}, map[int]*propRow{}, map[int]*propRow{}}
	projectIDs := []int{0} // 0: a task without a project
	for range 2 + r.IntN(3) {
		row := &propRow{owner: pick(propPeople), name: pick(propNames)}
		var a *int
		row.assignee, a = assignee()
		row.id = s.Client.Project.Create().SetOrganizationID(orgID).SetOwnerID(users[row.owner].ID).SetName(row.name).
			SetNillableAssigneeID(a).SaveX(ctx).ID
		l.projects[row.id] = row
		projectIDs = append(projectIDs, row.id)
	}
	for range 3 + r.IntN(5) {
		row := &propRow{owner: pick(propPeople), name: pick(propNames), parent: projectIDs[r.IntN(len(projectIDs))]}
		var a, p *int
		row.assignee, a = assignee()
		if row.parent != 0 {
			p = &row.parent
		}
		row.id = s.Client.Task.Create().SetOrganizationID(orgID).SetNillableProjectID(p).SetOwnerID(users[row.owner].ID).
			SetName(row.name).SetNillableAssigneeID(a).SaveX(ctx).ID
		l.tasks[row.id] = row
	}
	for taskID := range l.tasks {
		for range r.IntN(3) {
			row := &propRow{owner: pick(propPeople), parent: taskID}
			var a *int
			row.assignee, a = assignee()
			row.id = s.Client.Job.Create().SetOrganizationID(orgID).SetTaskID(taskID).SetOwnerID(users[row.owner].ID).
				SetNillableAssigneeID(a).SaveX(ctx).ID
			l.jobs[row.id] = row
		}
	}
	for jobID := range l.jobs {
		for range r.IntN(3) {
			row := &propRow{parent: jobID, name: pick(propLabels)}
			row.id = s.Client.Annotation.Create().SetOrganizationID(orgID).SetJobID(jobID).SetLabel(row.name).
				SetType(annotation.TypeRECTANGLE).SetFrame(0).SetPoints([]float64{1, 2}).SaveX(ctx).ID
			l.annotations[row.id] = row
		}
	}
	return l
}

// propFilter is one where-filter of a root list and the rows the model
// says it must return.
type propFilter struct {
	list, inputType string
	where           map[string]any
	want            func(id int) bool
}

func (l *propLayout) filters(v string, staff bool) []propFilter {
	seen := func(kind string) func(int) bool { return func(id int) bool { return l.sees(kind, id, v, staff) } }
	// any: some visible row of kind that is a child of parent and passes keep.
	anyChild := func(rows map[int]*propRow, kind string, parent int, keep func(*propRow) bool) bool {
		for id, r := range rows {
			if r.parent == parent && l.sees(kind, id, v, staff) && keep(r) {
				return true
			}
		}
		return false
	}
	labelled := func(label string) func(*propRow) bool {
		return func(j *propRow) bool {
			return anyChild(l.annotations, "annotation", j.id, func(a *propRow) bool { return a.name == label })
		}
	}
	named := func(name string) func(*propRow) bool { return func(r *propRow) bool { return r.name == name } }
	all := func(*propRow) bool { return true }
	var out []propFilter
	add := func(list, typ string, where map[string]any, want func(int) bool) {
		out = append(out, propFilter{list, typ, where, want})
	}
	for _, n := range propNames {
		add("projects", "ProjectWhereInput", map[string]any{"hasTasksWith": []any{map[string]any{"name": n}}},
			func(id int) bool { return seen("project")(id) && anyChild(l.tasks, "task", id, named(n)) })
		add("tasks", "TaskWhereInput", map[string]any{"hasProjectWith": []any{map[string]any{"name": n}}},
			func(id int) bool {
				p := l.tasks[id].parent
				return seen("task")(id) && p != 0 && seen("project")(p) && l.projects[p].name == n
			})
		add("tasks", "TaskWhereInput", map[string]any{"hasProjectWith": []any{map[string]any{"hasTasksWith": []any{map[string]any{"name": n}}}}},
			func(id int) bool {
				p := l.tasks[id].parent
				return seen("task")(id) && p != 0 && seen("project")(p) && anyChild(l.tasks, "task", p, named(n))
			})
		add("jobs", "JobWhereInput", map[string]any{"hasTaskWith": []any{map[string]any{"name": n}}},
			func(id int) bool {
				tk := l.jobs[id].parent
				return seen("job")(id) && seen("task")(tk) && l.tasks[tk].name == n
			})
	}
	for _, lb := range propLabels {
		add("projects", "ProjectWhereInput", map[string]any{"hasTasksWith": []any{map[string]any{"hasJobsWith": []any{map[string]any{"hasAnnotationsWith": []any{map[string]any{"label": lb}}}}}}},
			func(id int) bool {
				return seen("project")(id) && anyChild(l.tasks, "task", id, func(t *propRow) bool { return anyChild(l.jobs, "job", t.id, labelled(lb)) })
			})
		add("jobs", "JobWhereInput", map[string]any{"hasAnnotationsWith": []any{map[string]any{"label": lb}}},
			func(id int) bool { return seen("job")(id) && labelled(lb)(l.jobs[id]) })
	}
	for _, has := range []bool{true, false} {
		add("projects", "ProjectWhereInput", map[string]any{"hasTasks": has},
			func(id int) bool { return seen("project")(id) && anyChild(l.tasks, "task", id, all) == has })
		add("tasks", "TaskWhereInput", map[string]any{"hasJobs": has},
			func(id int) bool { return seen("task")(id) && anyChild(l.jobs, "job", id, all) == has })
		add("jobs", "JobWhereInput", map[string]any{"not": map[string]any{"hasTask": has}},
			func(id int) bool { return seen("job")(id) && seen("task")(l.jobs[id].parent) != has })
	}
	return out
}

func TestVisibilityProperty(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			// One document reads every path at once, far over the default
			// cost limit (which is tested on its own in cost_test.go).
			s := testserver.New(t, func(c *config.Config) { c.Limits.ComplexityLimit = 500_000 })
			users := map[string]*testserver.User{}
			groups := map[string]authz.Group{"wg": authz.GroupWorker}
			for _, u := range propPeople {
				g, ok := groups[u]
				if !ok {
					g = authz.GroupUser
				}
				users[u] = s.CreateUser(u, g)
			}
			orgID := createOrg(t, s, users["boss"].Token, "acme")
			for u, role := range map[string]authz.Role{"sup": authz.RoleSupervisor, "w1": authz.RoleWorker, "w2": authz.RoleWorker, "wg": authz.RoleMaintainer} {
				s.AddMember(orgID, users[u], role)
			}
			l := propSeedLayout(t, s, rand.New(rand.NewPCG(seed, 9)), orgID, users)
			for _, v := range []string{"boss", "sup", "w1", "wg"} {
				t.Run(v, func(t *testing.T) {
					staff := v == "boss"
					l.checkLists(t, s, users[v].Token, v, staff)
					l.checkNodes(t, s, users[v].Token, v, staff)
					l.checkFilters(t, s, users[v].Token, v, staff)
				})
			}
		})
	}
}

type propConn struct {
	TotalCount int
	Edges      []struct{ Node map[string]json.RawMessage }
}

func (c propConn) ids(t *testing.T) []int {
	out := []int{}
	for _, e := range c.Edges {
		var s string
		_ = json.Unmarshal(e.Node["id"], &s)
		id, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("id %q", s)
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

func (l *propLayout) want(rows map[int]*propRow, keep func(int) bool) []int {
	out := []int{}
	for id := range rows {
		if keep(id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func propCheck(t *testing.T, what string, c propConn, want []int) {
	t.Helper()
	if got := c.ids(t); !slices.Equal(got, want) || c.TotalCount != len(want) {
		t.Errorf("%s: got %v (totalCount %d), want %v", what, got, c.TotalCount, want)
	}
}

// checkLists: the three lists, their totalCount, and the connections and
// parents nested in them.
func (l *propLayout) checkLists(t *testing.T, s *testserver.Server, token, v string, staff bool) {
	var out struct{ Projects, Tasks, Jobs propConn }
	s.MustQuery(token, `{
	  projects(organization: "acme", first: 30) { totalCount edges { node { id tasks(first: 10) { totalCount edges { node { id } } } } } }
	  tasks(organization: "acme", first: 30) { totalCount edges { node { id project { id } jobs(first: 10) { totalCount edges { node { id } } } } } }
	  jobs(organization: "acme", first: 30) { totalCount edges { node { id task { id } annotations(first: 10) { totalCount edges { node { id } } } } } }
	}`, nil, &out)
	sees := func(kind string) func(int) bool { return func(id int) bool { return l.sees(kind, id, v, staff) } }
	child := func(kind string, rows map[int]*propRow, parent int) []int {
		return l.want(rows, func(id int) bool { return rows[id].parent == parent && sees(kind)(id) })
	}
	propCheck(t, "projects", out.Projects, l.want(l.projects, sees("project")))
	propCheck(t, "tasks", out.Tasks, l.want(l.tasks, sees("task")))
	propCheck(t, "jobs", out.Jobs, l.want(l.jobs, sees("job")))
	nested := func(list propConn, field, kind string, rows map[int]*propRow) {
		for _, e := range list.Edges {
			var idStr string
			_ = json.Unmarshal(e.Node["id"], &idStr)
			id, _ := strconv.Atoi(idStr)
			var c propConn
			_ = json.Unmarshal(e.Node[field], &c)
			propCheck(t, fmt.Sprintf("%s of %d", field, id), c, child(kind, rows, id))
		}
	}
	nested(out.Projects, "tasks", "task", l.tasks)
	nested(out.Tasks, "jobs", "job", l.jobs)
	nested(out.Jobs, "annotations", "annotation", l.annotations)
	parents := func(list propConn, field, kind string, of map[int]*propRow) {
		for _, e := range list.Edges {
			var idStr string
			_ = json.Unmarshal(e.Node["id"], &idStr)
			id, _ := strconv.Atoi(idStr)
			got := strings.TrimSpace(string(e.Node[field]))
			want := "null"
			if p := of[id].parent; p != 0 && sees(kind)(p) {
				want = fmt.Sprintf(`{"id":"%d"}`, p)
			}
			if got != want {
				t.Errorf("%s of %d: %s, want %s", field, id, got, want)
			}
		}
	}
	parents(out.Tasks, "project", "project", l.tasks)
	parents(out.Jobs, "task", "task", l.jobs)
}

// checkNodes: nodes(ids) on every row answers it or null.
func (l *propLayout) checkNodes(t *testing.T, s *testserver.Server, token, v string, staff bool) {
	var ids []string
	var want []string
	for kind, rows := range map[string]map[int]*propRow{"project": l.projects, "task": l.tasks, "job": l.jobs, "annotation": l.annotations} {
		for id := range rows {
			ids = append(ids, strconv.Itoa(id))
			if l.sees(kind, id, v, staff) {
				want = append(want, fmt.Sprintf(`{"id":"%d"}`, id))
			} else {
				want = append(want, "null")
			}
		}
	}
	r := s.Query(token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
	var out struct{ Nodes []json.RawMessage }
	r.Decode(t, &out)
	for i := range ids {
		if got := string(out.Nodes[i]); got != want[i] {
			t.Errorf("node %s: %s, want %s", ids[i], got, want[i])
		}
	}
}

// checkFilters: every where-filter across an edge.
func (l *propLayout) checkFilters(t *testing.T, s *testserver.Server, token, v string, staff bool) {
	filters := l.filters(v, staff)
	out := map[string]propConn{}
	const perRequest = 5 // within the request cost limits
	for from := 0; from < len(filters); from += perRequest {
		var decl, body []string
		vars := map[string]any{}
		for i := from; i < min(from+perRequest, len(filters)); i++ {
			decl = append(decl, fmt.Sprintf("$w%d: %s", i, filters[i].inputType))
			body = append(body, fmt.Sprintf(`f%d: %s(organization: "acme", first: 30, where: $w%d) { totalCount edges { node { id } } }`, i, filters[i].list, i))
			vars[fmt.Sprint("w", i)] = filters[i].where
		}
		var page map[string]propConn
		s.MustQuery(token, fmt.Sprintf("query(%s) { %s }", strings.Join(decl, ", "), strings.Join(body, "\n")), vars, &page)
		maps.Copy(out, page)
	}
	for i, f := range filters {
		rows := map[string]map[int]*propRow{"projects": l.projects, "tasks": l.tasks, "jobs": l.jobs}[f.list]
		where, _ := json.Marshal(f.where)
		propCheck(t, fmt.Sprintf("%s(where: %s)", f.list, where), out[fmt.Sprint("f", i)], l.want(rows, f.want))
	}
}
