package graph_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"
)

// The actions of SPEC 5's table, for every role (and the WORKER system
// group, a non-member, an admin, an ex-member, the personal workspace and
// someone else's): the code of the answer, and exactly what the work
// tables look like afterwards. The actor names are workFixture's.

const (
	wOK        = ""
	wNotFound  = "NOT_FOUND"
	wForbidden = "FORBIDDEN"
	wBadInput  = "BAD_USER_INPUT"
)

// A workCase is one actor acting on one target.
type workCase struct {
	actor, target, code string
}

func (c workCase) name() string { return c.actor + "/" + c.target }

// do runs doc as actor and checks the code of the answer and that the work
// tables changed by exactly want: nothing at all when the answer is an
// error. On success the IDs the mutation returns must be those of the
// rows it created, or else returns.
func (f *workFixture) do(t *testing.T, actor, doc string, vars map[string]any, code string, want workEffect, returns ...int) {
	t.Helper()
	before := f.snapshot()
	r := f.s.Query(f.u[actor].Token, doc, vars)
	got := workDiff(before, f.snapshot())
	if code != wOK {
		if r.Code() != code {
			t.Errorf("code %q, want %q (errors %+v)", r.Code(), code, r.Errors)
		}
		if string(r.Data) != "null" {
			t.Errorf("data %s, want null", r.Data)
		}
		if !got.empty() {
			t.Errorf("a failed request wrote: %v", got)
		}
		return
	}
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	if !workSameEffect(got, want) {
		t.Errorf("effect:\n got  %v\n want %v", got, want)
	}
	ids := workReturnedIDs(t, r.Data)
	if len(want.Created) > 0 {
		returns = nil
		for _, k := range got.createdKeys {
			var kind string
			var id int
			fmt.Sscanf(k, "%s %d", &kind, &id)
			returns = append(returns, id)
		}
	}
	slices.Sort(ids)
	slices.Sort(returns)
	if !slices.Equal(ids, returns) {
		t.Errorf("returned IDs %v, want %v", ids, returns)
	}
}

// workReturnedIDs reads the IDs in the answer of a one-field mutation: the ID
// itself, the object's id, or a list of either.
func workReturnedIDs(t *testing.T, data json.RawMessage) []int {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil || len(root) != 1 {
		t.Fatalf("data %s: want one field", data)
	}
	var ids []int
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			id, err := strconv.Atoi(x)
			if err != nil {
				t.Fatalf("ID %q is not a number", x)
			}
			ids = append(ids, id)
		case map[string]any:
			walk(x["id"])
		case []any:
			for _, e := range x {
				walk(e)
			}
		default:
			t.Fatalf("unexpected %T in %s", v, data)
		}
	}
	for _, v := range root {
		walk(v)
	}
	return ids
}

func newWorkActionsFixture(t *testing.T) *workFixture {
	f := newWorkFixture(t)
	f.removeEx()
	// Bystanders: work that no action of the tests may touch.
	for _, space := range []struct{ org, owner string }{{"acme", "peer"}, {"acme", "work"}, {"other", "outsider"}, {"", "work"}, {"", "peer"}} {
		f.tree(f.project(space.org, space.owner, ""), space.owner)
		f.annotation(f.job(f.task(space.org, space.owner, ""), space.owner, ""))
		f.cloudStorage(space.org, space.owner)
	}
	return f
}

// tree seeds two tasks in a project, each with a job with two annotations,
// and returns the keys of all the rows (the project's first).
func (f *workFixture) tree(project int, owner string) []string {
	keys := []string{workKey("project", project)}
	for range 2 {
		tk := f.taskIn(project, owner, "")
		keys = append(keys, workKey("task", tk))
		keys = append(keys, f.jobTree(f.job(tk, owner, ""))...)
	}
	return keys
}

// jobTree seeds two annotations in a job and returns the keys of the job
// and its annotations.
func (f *workFixture) jobTree(job int) []string {
	return []string{workKey("job", job), workKey("annotation", f.annotation(job)), workKey("annotation", f.annotation(job))}
}

// seedFor runs seed; for the ex-member, while they are a member again, so
// that rows can name them as assignee.
func (f *workFixture) seedFor(actor string, seed func()) {
	if actor == "ex" {
		f.asFormerMember(actor, seed)
		return
	}
	seed()
}

// projectTarget seeds a project relative to actor:
//
//	own, assigned      in acme, owned by / assigned to actor
//	visible            the peer's, with a task actor owns in it (which
//	                   shows the project to staff only: the worker rule)
//	foreign            the peer's
//	personal           actor's personal workspace
//	othersPersonal     the peer's personal workspace
//
// It returns the project's ID and the keys of the project and everything
// in it.
func (f *workFixture) projectTarget(actor, target string) (id int, tree []string) {
	f.seedFor(actor, func() {
		switch target {
		case "own":
			id = f.project("acme", actor, "")
		case "assigned":
			id = f.project("acme", "peer", actor)
		case "visible", "foreign":
			id = f.project("acme", "peer", "")
		case "personal":
			id = f.project("", actor, "")
		case "othersPersonal":
			id = f.project("", "peer", "")
		default:
			f.t.Fatalf("unknown project target %q", target)
		}
		tree = f.tree(id, "peer")
		if target == "visible" {
			tk := f.taskIn(id, actor, "")
			tree = append(tree, workKey("task", tk))
		}
	})
	return id, tree
}

// taskTarget seeds a task relative to actor (own, assigned, inOwnProject,
// inAssignedProject, foreign, personal, othersPersonal: see projectTarget)
// with two jobs of two annotations, and returns its ID and the keys of
// the task and everything in it.
func (f *workFixture) taskTarget(actor, target string) (id int, tree []string) {
	f.seedFor(actor, func() {
		owner := "peer"
		switch target {
		case "own":
			id = f.task("acme", actor, "")
		case "assigned":
			id = f.task("acme", "peer", actor)
		case "inOwnProject":
			id = f.taskIn(f.project("acme", actor, ""), "peer", "")
		case "inAssignedProject":
			id = f.taskIn(f.project("acme", "peer", actor), "peer", "")
		case "foreign":
			id = f.task("acme", "peer", "")
		case "personal":
			id, owner = f.task("", actor, ""), actor
		case "othersPersonal":
			id = f.task("", "peer", "")
		default:
			f.t.Fatalf("unknown task target %q", target)
		}
		tree = []string{workKey("task", id)}
		for range 2 {
			tree = append(tree, f.jobTree(f.job(id, owner, ""))...)
		}
	})
	return id, tree
}

// jobTarget seeds a job relative to actor: assigned (to actor, in the
// peer's task), inOwnTask, inAssignedTask, inOwnProject,
// inAssignedProject (in the peer's task), foreign, personal,
// othersPersonal. It returns the job's ID and the keys of the job and its
// two annotations.
func (f *workFixture) jobTarget(actor, target string) (id int, tree []string) {
	f.seedFor(actor, func() {
		switch target {
		case "assigned":
			id = f.job(f.task("acme", "peer", ""), "peer", actor)
		case "inOwnTask":
			id = f.job(f.task("acme", actor, ""), "peer", "")
		case "inAssignedTask":
			id = f.job(f.task("acme", "peer", actor), "peer", "")
		case "inOwnProject":
			id = f.job(f.taskIn(f.project("acme", actor, ""), "peer", ""), "peer", "")
		case "inAssignedProject":
			id = f.job(f.taskIn(f.project("acme", "peer", actor), "peer", ""), "peer", "")
		case "foreign":
			id = f.job(f.task("acme", "peer", ""), "peer", "")
		case "personal":
			id = f.job(f.task("", actor, ""), actor, "")
		case "othersPersonal":
			id = f.job(f.task("", "peer", ""), "peer", "")
		default:
			f.t.Fatalf("unknown job target %q", target)
		}
		tree = f.jobTree(id)
	})
	return id, tree
}

// cloudStorageTarget: own (in acme), foreign (the peer's), personal,
// othersPersonal.
func (f *workFixture) cloudStorageTarget(actor, target string) int {
	switch target {
	case "own":
		return f.cloudStorage("acme", actor)
	case "foreign":
		return f.cloudStorage("acme", "peer")
	case "personal":
		return f.cloudStorage("", actor)
	case "othersPersonal":
		return f.cloudStorage("", "peer")
	}
	f.t.Fatalf("unknown cloud storage target %q", target)
	return 0
}

// workOrgOf is the organization column of a target: "-" in a personal
// workspace.
func workOrgOf(target string) string {
	switch target {
	case "personal", "othersPersonal", "":
		return "-"
	}
	return "acme"
}

// workNewAssignee is who an assignment test assigns: the peer in acme (an
// active member), the actor themself in their personal workspace.
func workNewAssignee(actor, target string) string {
	if workOrgOf(target) == "-" {
		return actor
	}
	return "peer"
}

func workID(n int) string { return strconv.Itoa(n) }

// workSlug is the organization of a create target: "" for personal.
func workSlug(target string) string {
	if target == "personal" {
		return ""
	}
	return target
}

func TestWorkActions(t *testing.T) {
	t.Run("createProject", testWorkCreateProject)
	t.Run("createTask", testWorkCreateTask)
	t.Run("createJob", testWorkCreateJob)
	t.Run("deleteJob", testWorkDeleteJob)
	t.Run("annotations and job state", testWorkJobEdits)
	t.Run("assign jobs", testWorkAssignJob)
	t.Run("assign and delete projects", testWorkManageProjects)
	t.Run("assign and delete tasks", testWorkManageTasks)
	t.Run("cloud storages", testWorkCloudStorages)
	t.Run("assignees", testWorkAssignees)
}

func testWorkCreateProject(t *testing.T) {
	f := newWorkActionsFixture(t)
	// target: the organization, or personal.
	for _, c := range []workCase{
		{"owner", "acme", wOK},
		{"maint", "acme", wOK},
		{"sup", "acme", wOK},
		{"work", "acme", wForbidden},
		{"wmaint", "acme", wForbidden},
		{"admin", "acme", wOK},
		{"outsider", "acme", wNotFound},
		{"ex", "acme", wNotFound},
		{"invitee", "acme", wNotFound},
		{"work", "personal", wOK},
		{"sup", "personal", wOK},
		{"admin", "personal", wOK},
		{"wmaint", "personal", wForbidden},
		{"owner", "other", wNotFound},
	} {
		t.Run(c.name(), func(t *testing.T) {
			name := f.next("new")
			f.do(t, c.actor, `mutation($o: ID, $n: String!) { createProject(input: {organizationID: $o, name: $n}) { id } }`,
				map[string]any{"o": f.orgVar(workSlug(c.target)), "n": name}, c.code,
				workEffect{Created: []string{workCreated("project", workRow{"org": workOrgOf(c.target), "owner": c.actor, "assignee": "-", "name": name})}})
		})
	}
}

func testWorkCreateTask(t *testing.T) {
	f := newWorkActionsFixture(t)
	// target: none (no project, in acme), personalNone (no project, personal
	// workspace), or a project of projectTarget.
	for _, c := range []workCase{
		{"owner", "none", wOK},
		{"maint", "none", wOK},
		{"sup", "none", wOK},
		{"work", "none", wForbidden},
		{"wmaint", "none", wForbidden},
		{"admin", "none", wOK},
		{"outsider", "none", wNotFound},
		{"ex", "none", wNotFound},

		{"owner", "foreign", wOK},
		{"maint", "foreign", wOK},
		{"admin", "foreign", wOK},
		{"sup", "foreign", wNotFound},
		{"work", "foreign", wNotFound},
		{"wmaint", "foreign", wNotFound},
		{"outsider", "foreign", wNotFound},

		{"sup", "own", wOK},
		{"work", "own", wOK},
		{"wmaint", "own", wForbidden},
		{"ex", "own", wNotFound},
		{"sup", "assigned", wOK},
		{"work", "assigned", wOK},
		{"wmaint", "assigned", wForbidden},
		{"ex", "assigned", wNotFound},
		// A task of theirs in it does not show the project (worker rule).
		{"sup", "visible", wNotFound},
		{"work", "visible", wNotFound},
		{"wmaint", "visible", wNotFound},

		{"work", "personalNone", wOK},
		{"wmaint", "personalNone", wForbidden},
		{"work", "personal", wOK},
		{"wmaint", "personal", wForbidden},
		{"owner", "othersPersonal", wNotFound},
		{"admin", "othersPersonal", wNotFound},
	} {
		t.Run(c.name(), func(t *testing.T) {
			name := f.next("new")
			vars := map[string]any{"n": name}
			row := workRow{"org": "acme", "owner": c.actor, "assignee": "-", "name": name, "project": "-"}
			switch c.target {
			case "none":
				vars["o"] = f.orgVar("acme")
			case "personalNone":
				row["org"] = "-"
			default:
				p, _ := f.projectTarget(c.actor, c.target)
				vars["p"] = workID(p)
				row["org"], row["project"] = workOrgOf(c.target), workID(p)
			}
			f.do(t, c.actor, `mutation($o: ID, $p: ID, $n: String!) { createTask(input: {organizationID: $o, projectID: $p, name: $n}) { id } }`,
				vars, c.code, workEffect{Created: []string{workCreated("task", row)}})
		})
	}

	t.Run("organizationID must match the project's", func(t *testing.T) {
		p, _ := f.projectTarget("maint", "own")
		f.do(t, "maint", `mutation($o: ID, $p: ID) { createTask(input: {organizationID: $o, projectID: $p, name: "x"}) { id } }`,
			map[string]any{"o": f.orgVar("other"), "p": workID(p)}, wBadInput, workEffect{})
		pp, _ := f.projectTarget("work", "personal")
		f.do(t, "work", `mutation($o: ID, $p: ID) { createTask(input: {organizationID: $o, projectID: $p, name: "x"}) { id } }`,
			map[string]any{"o": f.orgVar("acme"), "p": workID(pp)}, wBadInput, workEffect{})
	})
}

// Job targets by task: own, assigned, inOwnProject (visible, not theirs),
// foreign, personal, othersPersonal.
func testWorkCreateJob(t *testing.T) {
	f := newWorkActionsFixture(t)
	for _, c := range []workCase{
		{"owner", "foreign", wOK},
		{"maint", "foreign", wOK},
		{"admin", "foreign", wOK},
		{"sup", "foreign", wNotFound},
		{"work", "foreign", wNotFound}, // @hasRole looks the row up through privacy: hidden is NOT_FOUND
		{"wmaint", "foreign", wNotFound},
		{"outsider", "foreign", wNotFound},
		{"ex", "foreign", wNotFound},

		{"sup", "own", wOK},
		{"sup", "assigned", wOK},
		{"sup", "inOwnProject", wForbidden},
		{"work", "own", wForbidden},
		{"work", "assigned", wForbidden},
		{"wmaint", "own", wForbidden},
		{"wmaint", "assigned", wForbidden},
		{"ex", "own", wNotFound},
		{"ex", "assigned", wNotFound},

		{"work", "personal", wOK},
		{"wmaint", "personal", wForbidden},
		{"owner", "othersPersonal", wNotFound},
		{"admin", "othersPersonal", wNotFound},
	} {
		t.Run(c.name(), func(t *testing.T) {
			tk, _ := f.taskTarget(c.actor, c.target)
			f.do(t, c.actor, `mutation($t: ID!) { createJob(input: {taskID: $t}) { id } }`, map[string]any{"t": workID(tk)}, c.code,
				workEffect{Created: []string{workCreated("job", workRow{"org": workOrgOf(c.target), "owner": c.actor, "assignee": "-",
					"task": workID(tk), "stage": "ANNOTATION", "state": "NEW"})}})
		})
	}
}

func testWorkDeleteJob(t *testing.T) {
	f := newWorkActionsFixture(t)
	for _, c := range []workCase{
		{"owner", "foreign", wOK},
		{"maint", "foreign", wOK},
		{"admin", "foreign", wOK},
		{"sup", "foreign", wNotFound},
		{"work", "foreign", wNotFound}, // @hasRole looks the row up through privacy: hidden is NOT_FOUND
		{"wmaint", "foreign", wNotFound},
		{"outsider", "foreign", wNotFound},
		{"ex", "foreign", wNotFound},

		{"sup", "inOwnTask", wOK},
		{"sup", "inAssignedTask", wOK},
		{"sup", "inOwnProject", wForbidden},
		{"sup", "assigned", wForbidden},
		{"work", "inOwnTask", wForbidden},
		{"work", "assigned", wForbidden},
		{"wmaint", "inOwnTask", wForbidden},
		{"wmaint", "assigned", wForbidden},
		{"ex", "inOwnTask", wNotFound},

		{"work", "personal", wOK},
		{"wmaint", "personal", wOK}, // their own work: only creating needs USER
		{"owner", "othersPersonal", wNotFound},
		{"admin", "othersPersonal", wNotFound},
	} {
		t.Run(c.name(), func(t *testing.T) {
			j, tree := f.jobTarget(c.actor, c.target)
			f.do(t, c.actor, `mutation($j: ID!) { deleteJob(id: $j) }`, map[string]any{"j": workID(j)}, c.code,
				workEffect{Deleted: tree}, j)
		})
	}
}

// Editing annotations and a job's state: anyone who sees the job.
func testWorkJobEdits(t *testing.T) {
	f := newWorkActionsFixture(t)
	cases := []workCase{
		{"owner", "foreign", wOK},
		{"maint", "foreign", wOK},
		{"admin", "foreign", wOK},
		{"sup", "foreign", wNotFound},
		{"work", "foreign", wNotFound},
		{"wmaint", "foreign", wNotFound},
		{"outsider", "foreign", wNotFound},
		{"ex", "assigned", wNotFound},
		{"ex", "inOwnTask", wNotFound},
		{"work", "personal", wOK},
		{"wmaint", "personal", wOK},
		{"owner", "othersPersonal", wNotFound},
		{"admin", "othersPersonal", wNotFound},
	}
	for _, actor := range []string{"sup", "work", "wmaint"} {
		for _, target := range []string{"assigned", "inOwnTask", "inAssignedTask", "inOwnProject", "inAssignedProject"} {
			cases = append(cases, workCase{actor, target, wOK})
		}
	}
	for _, c := range cases {
		t.Run("createAnnotations/"+c.name(), func(t *testing.T) {
			j, _ := f.jobTarget(c.actor, c.target)
			f.do(t, c.actor, `mutation($j: ID!) { createAnnotations(jobID: $j, input: [
				{label: "car", type: RECTANGLE, frame: 3, points: [1, 2, 3, 4]},
				{label: "person", type: POLYGON, frame: 7, points: [0, 0, 5, 5, 0, 5]}]) { id } }`,
				map[string]any{"j": workID(j)}, c.code, workEffect{Created: []string{
					workCreated("annotation", workRow{"job": workID(j), "label": "car", "type": "RECTANGLE", "frame": "3", "points": "[1 2 3 4]"}),
					workCreated("annotation", workRow{"job": workID(j), "label": "person", "type": "POLYGON", "frame": "7", "points": "[0 0 5 5 0 5]"}),
				}})
		})
		t.Run("deleteAnnotations/"+c.name(), func(t *testing.T) {
			j, tree := f.jobTarget(c.actor, c.target)
			// An annotation of another job in the list is ignored.
			elsewhere := f.annotation(f.job(f.task("acme", "peer", ""), "peer", ""))
			a := tree[1]
			var aID int
			fmt.Sscanf(a, "annotation %d", &aID)
			f.do(t, c.actor, `mutation($j: ID!, $ids: [ID!]!) { deleteAnnotations(jobID: $j, ids: $ids) }`,
				map[string]any{"j": workID(j), "ids": []string{workID(aID), workID(elsewhere)}}, c.code,
				workEffect{Deleted: []string{a}}, aID)
		})
		t.Run("updateJob state/"+c.name(), func(t *testing.T) {
			j, _ := f.jobTarget(c.actor, c.target)
			f.do(t, c.actor, `mutation($j: ID!) { updateJob(id: $j, input: {stage: VALIDATION, state: COMPLETED}) { id } }`,
				map[string]any{"j": workID(j)}, c.code,
				workEffect{Changed: map[string]workRow{workKey("job", j): {"stage": "VALIDATION", "state": "COMPLETED"}}}, j)
		})
	}
}

// Assigning a job: maintainers any, others in tasks they own or are
// assigned to.
func testWorkAssignJob(t *testing.T) {
	f := newWorkActionsFixture(t)
	for _, c := range []workCase{
		{"owner", "foreign", wOK},
		{"maint", "foreign", wOK},
		{"admin", "foreign", wOK},
		{"sup", "foreign", wNotFound},
		{"work", "foreign", wNotFound},
		{"wmaint", "foreign", wNotFound},
		{"outsider", "foreign", wNotFound},
		{"ex", "inOwnTask", wNotFound},

		{"sup", "inOwnTask", wOK},
		{"sup", "inAssignedTask", wOK},
		{"work", "inOwnTask", wOK},
		{"work", "inAssignedTask", wOK},
		{"wmaint", "inOwnTask", wOK},
		{"wmaint", "inAssignedTask", wOK},
		{"sup", "assigned", wForbidden},
		{"work", "assigned", wForbidden},
		{"wmaint", "assigned", wForbidden},
		{"sup", "inOwnProject", wForbidden},
		{"work", "inOwnProject", wForbidden},
		{"work", "inAssignedProject", wForbidden},

		{"work", "personal", wOK},
		{"wmaint", "personal", wOK},
		{"owner", "othersPersonal", wNotFound},
		{"admin", "othersPersonal", wNotFound},
	} {
		t.Run(c.name(), func(t *testing.T) {
			j, _ := f.jobTarget(c.actor, c.target)
			to := workNewAssignee(c.actor, c.target)
			f.do(t, c.actor, `mutation($j: ID!, $a: ID) { updateJob(id: $j, input: {assigneeID: $a}) { id } }`,
				map[string]any{"j": workID(j), "a": f.u[to].GID}, c.code,
				workEffect{Changed: map[string]workRow{workKey("job", j): {"assignee": to}}}, j)
		})
	}
}

// Assigning, renaming and deleting projects and tasks: maintainers any,
// others those they own.
var workManageCases = []workCase{
	{"owner", "foreign", wOK},
	{"maint", "foreign", wOK},
	{"admin", "foreign", wOK},
	{"sup", "foreign", wNotFound},
	{"work", "foreign", wNotFound},
	{"wmaint", "foreign", wNotFound},
	{"outsider", "foreign", wNotFound},

	{"sup", "own", wOK},
	{"work", "own", wOK},
	{"wmaint", "own", wOK},
	{"admin", "own", wOK},
	{"maint", "assigned", wOK},
	{"sup", "assigned", wForbidden},
	{"work", "assigned", wForbidden},
	{"wmaint", "assigned", wForbidden},
	{"ex", "own", wNotFound},
	{"ex", "assigned", wNotFound},

	{"work", "personal", wOK},
	{"wmaint", "personal", wOK},
	{"owner", "othersPersonal", wNotFound},
	{"admin", "othersPersonal", wNotFound},
}

func testWorkManageProjects(t *testing.T) {
	f := newWorkActionsFixture(t)
	cases := append(slices.Clone(workManageCases),
		workCase{"sup", "visible", wNotFound}, // a task of theirs in it does not show the project
		workCase{"work", "visible", wNotFound},
		workCase{"maint", "visible", wOK})
	for _, c := range cases {
		t.Run("assign/"+c.name(), func(t *testing.T) {
			p, _ := f.projectTarget(c.actor, c.target)
			to := workNewAssignee(c.actor, c.target)
			f.do(t, c.actor, `mutation($p: ID!, $a: ID) { updateProject(id: $p, input: {assigneeID: $a}) { id } }`,
				map[string]any{"p": workID(p), "a": f.u[to].GID}, c.code,
				workEffect{Changed: map[string]workRow{workKey("project", p): {"assignee": to}}}, p)
		})
		t.Run("rename/"+c.name(), func(t *testing.T) {
			p, _ := f.projectTarget(c.actor, c.target)
			name := f.next("renamed")
			f.do(t, c.actor, `mutation($p: ID!, $n: String) { updateProject(id: $p, input: {name: $n}) { id } }`,
				map[string]any{"p": workID(p), "n": name}, c.code,
				workEffect{Changed: map[string]workRow{workKey("project", p): {"name": name}}}, p)
		})
		t.Run("delete/"+c.name(), func(t *testing.T) {
			p, tree := f.projectTarget(c.actor, c.target)
			f.do(t, c.actor, `mutation($p: ID!) { deleteProject(id: $p) }`, map[string]any{"p": workID(p)}, c.code,
				workEffect{Deleted: tree}, p)
		})
	}
}

func testWorkManageTasks(t *testing.T) {
	f := newWorkActionsFixture(t)
	cases := append(slices.Clone(workManageCases),
		workCase{"sup", "inOwnProject", wForbidden},
		workCase{"work", "inOwnProject", wForbidden},
		workCase{"work", "inAssignedProject", wForbidden})
	for _, c := range cases {
		t.Run("assign/"+c.name(), func(t *testing.T) {
			tk, _ := f.taskTarget(c.actor, c.target)
			to := workNewAssignee(c.actor, c.target)
			f.do(t, c.actor, `mutation($t: ID!, $a: ID) { updateTask(id: $t, input: {assigneeID: $a}) { id } }`,
				map[string]any{"t": workID(tk), "a": f.u[to].GID}, c.code,
				workEffect{Changed: map[string]workRow{workKey("task", tk): {"assignee": to}}}, tk)
		})
		t.Run("delete/"+c.name(), func(t *testing.T) {
			tk, tree := f.taskTarget(c.actor, c.target)
			f.do(t, c.actor, `mutation($t: ID!) { deleteTask(id: $t) }`, map[string]any{"t": workID(tk)}, c.code,
				workEffect{Deleted: tree}, tk)
		})
	}
}

func testWorkCloudStorages(t *testing.T) {
	f := newWorkActionsFixture(t)
	// create: target is the organization, or personal.
	for _, c := range []workCase{
		{"owner", "acme", wOK},
		{"maint", "acme", wOK},
		{"admin", "acme", wOK},
		{"sup", "acme", wForbidden},
		{"work", "acme", wForbidden},
		{"wmaint", "acme", wForbidden},
		{"outsider", "acme", wNotFound},
		{"ex", "acme", wNotFound},
		{"work", "personal", wOK},
		{"wmaint", "personal", wForbidden},
	} {
		t.Run("create/"+c.name(), func(t *testing.T) {
			name := f.next("cs")
			f.do(t, c.actor, `mutation($o: ID, $n: String!) { createCloudStorage(input: {organizationID: $o, displayName: $n, provider: GOOGLE_CLOUD_STORAGE, resource: "gs://b"}) { id } }`,
				map[string]any{"o": f.orgVar(workSlug(c.target)), "n": name}, c.code,
				workEffect{Created: []string{workCreated("cloudStorage", workRow{"org": workOrgOf(c.target), "owner": c.actor,
					"displayName": name, "provider": "GOOGLE_CLOUD_STORAGE", "resource": "gs://b"})}})
		})
	}
	// edit and delete: maintainers any, others their own.
	for _, c := range []workCase{
		{"owner", "foreign", wOK},
		{"maint", "foreign", wOK},
		{"admin", "foreign", wOK},
		{"sup", "foreign", wForbidden}, // supervisors see every cloud storage
		{"work", "foreign", wNotFound},
		{"wmaint", "foreign", wNotFound},
		{"outsider", "foreign", wNotFound},
		{"sup", "own", wOK},
		{"work", "own", wOK},
		{"wmaint", "own", wOK},
		{"ex", "own", wNotFound},
		{"work", "personal", wOK},
		{"wmaint", "personal", wOK},
		{"owner", "othersPersonal", wNotFound},
		{"admin", "othersPersonal", wNotFound},
	} {
		t.Run("update/"+c.name(), func(t *testing.T) {
			cs := f.cloudStorageTarget(c.actor, c.target)
			name := f.next("edited")
			f.do(t, c.actor, `mutation($c: ID!, $n: String) { updateCloudStorage(id: $c, input: {displayName: $n, resource: "s3://edited"}) { id } }`,
				map[string]any{"c": workID(cs), "n": name}, c.code,
				workEffect{Changed: map[string]workRow{workKey("cloudStorage", cs): {"displayName": name, "resource": "s3://edited"}}}, cs)
		})
		t.Run("delete/"+c.name(), func(t *testing.T) {
			cs := f.cloudStorageTarget(c.actor, c.target)
			f.do(t, c.actor, `mutation($c: ID!) { deleteCloudStorage(id: $c) }`, map[string]any{"c": workID(cs)}, c.code,
				workEffect{Deleted: []string{workKey("cloudStorage", cs)}}, cs)
		})
	}
}

// Assignees (SPEC 5): an active member of the organization; in a personal
// workspace only the user themself. Otherwise BAD_USER_INPUT and nothing
// written.
func testWorkAssignees(t *testing.T) {
	f := newWorkActionsFixture(t)
	const (
		createProject = `mutation($o: ID, $a: ID) { createProject(input: {organizationID: $o, name: "assigned", assigneeID: $a}) { id } }`
		createTask    = `mutation($o: ID, $a: ID) { createTask(input: {organizationID: $o, name: "assigned", assigneeID: $a}) { id } }`
		createJob     = `mutation($t: ID!, $a: ID) { createJob(input: {taskID: $t, assigneeID: $a}) { id } }`
		updateProject = `mutation($id: ID!, $a: ID) { updateProject(id: $id, input: {assigneeID: $a}) { id } }`
		updateTask    = `mutation($id: ID!, $a: ID) { updateTask(id: $id, input: {assigneeID: $a}) { id } }`
		updateJob     = `mutation($id: ID!, $a: ID) { updateJob(id: $id, input: {assigneeID: $a}) { id } }`
	)
	created := func(kind, org, owner, assignee string, extra workRow) workEffect {
		row := workRow{"org": org, "owner": owner, "assignee": assignee}
		for k, v := range extra {
			row[k] = v
		}
		return workEffect{Created: []string{workCreated(kind, row)}}
	}
	// Refused assignees: BAD_USER_INPUT, nothing written. target is the
	// organization of a create ("acme", "personal") or the row of an update
	// or a createJob's task (see projectTarget).
	for _, c := range []struct{ op, name, actor, target, assignee string }{
		{"createProject", "non-member", "maint", "acme", "outsider"},
		{"createProject", "ex-member", "maint", "acme", "ex"},
		{"createProject", "invitee", "maint", "acme", "invitee"},
		{"createProject", "admin assigns themself", "admin", "acme", "admin"},
		{"createProject", "no such user", "maint", "acme", "nobody"},
		{"createProject", "personal other", "work", "personal", "owner"},
		{"createTask", "non-member", "maint", "acme", "outsider"},
		{"createTask", "personal other", "work", "personal", "peer"},
		{"createJob", "non-member", "maint", "foreign", "outsider"},
		{"createJob", "ex-member", "maint", "foreign", "ex"},
		{"createJob", "personal other", "work", "personal", "peer"},
		{"updateProject", "non-member", "maint", "foreign", "outsider"},
		{"updateProject", "ex-member", "owner", "foreign", "ex"},
		{"updateProject", "personal other", "work", "personal", "peer"},
		{"updateTask", "non-member", "maint", "foreign", "outsider"},
		{"updateTask", "invitee", "maint", "foreign", "invitee"},
		{"updateTask", "personal other", "work", "personal", "peer"},
		{"updateJob", "non-member", "maint", "foreign", "outsider"},
		{"updateJob", "personal other", "work", "personal", "peer"},
	} {
		t.Run(c.op+"/"+c.name, func(t *testing.T) {
			vars := map[string]any{"a": workID(f.u["maint"].ID + 1000)} // "nobody": no such user
			if u, ok := f.u[c.assignee]; ok {
				vars["a"] = u.GID
			}
			doc := map[string]string{"createProject": createProject, "createTask": createTask, "createJob": createJob,
				"updateProject": updateProject, "updateTask": updateTask, "updateJob": updateJob}[c.op]
			switch c.op {
			case "createProject", "createTask":
				vars["o"] = nil
				if c.target == "acme" {
					vars["o"] = f.orgVar("acme")
				}
			case "createJob":
				tk, _ := f.taskTarget(c.actor, c.target)
				vars["t"] = workID(tk)
			case "updateProject":
				p, _ := f.projectTarget(c.actor, c.target)
				vars["id"] = workID(p)
			case "updateTask":
				tk, _ := f.taskTarget(c.actor, c.target)
				vars["id"] = workID(tk)
			case "updateJob":
				j, _ := f.jobTarget(c.actor, c.target)
				vars["id"] = workID(j)
			}
			f.do(t, c.actor, doc, vars, wBadInput, workEffect{})
		})
	}
	for _, c := range []struct {
		name, actor string
		code        string
		run         func(t *testing.T, actor, code string)
	}{
		// Creating with an assignee.
		{"createProject/member", "maint", wOK, func(t *testing.T, actor, code string) {
			f.do(t, actor, createProject, map[string]any{"o": f.orgVar("acme"), "a": f.u["work"].GID}, code,
				created("project", "acme", actor, "work", workRow{"name": "assigned"}))
		}},
		{"createProject/WORKER-group member", "maint", wOK, func(t *testing.T, actor, code string) {
			f.do(t, actor, createProject, map[string]any{"o": f.orgVar("acme"), "a": f.u["wmaint"].GID}, code,
				created("project", "acme", actor, "wmaint", workRow{"name": "assigned"}))
		}},
		{"createProject/personal self", "work", wOK, func(t *testing.T, actor, code string) {
			f.do(t, actor, createProject, map[string]any{"o": nil, "a": f.u[actor].GID}, code,
				created("project", "-", actor, actor, workRow{"name": "assigned"}))
		}},
		{"createTask/member", "sup", wOK, func(t *testing.T, actor, code string) {
			f.do(t, actor, createTask, map[string]any{"o": f.orgVar("acme"), "a": f.u["work"].GID}, code,
				created("task", "acme", actor, "work", workRow{"name": "assigned", "project": "-"}))
		}},
		{"createJob/member", "maint", wOK, func(t *testing.T, actor, code string) {
			tk, _ := f.taskTarget(actor, "foreign")
			f.do(t, actor, createJob, map[string]any{"t": workID(tk), "a": f.u["work"].GID}, code,
				created("job", "acme", actor, "work", workRow{"task": workID(tk), "stage": "ANNOTATION", "state": "NEW"}))
		}},
		{"createJob/personal self", "work", wOK, func(t *testing.T, actor, code string) {
			tk, _ := f.taskTarget(actor, "personal")
			f.do(t, actor, createJob, map[string]any{"t": workID(tk), "a": f.u[actor].GID}, code,
				created("job", "-", actor, actor, workRow{"task": workID(tk), "stage": "ANNOTATION", "state": "NEW"}))
		}},

		// Changing the assignee.
		{"updateProject/clearAssignee", "maint", wOK, func(t *testing.T, actor, code string) {
			p, _ := f.projectTarget("work", "assigned")
			f.do(t, actor, `mutation($id: ID!) { updateProject(id: $id, input: {clearAssignee: true}) { id } }`,
				map[string]any{"id": workID(p)}, code,
				workEffect{Changed: map[string]workRow{workKey("project", p): {"assignee": "-"}}}, p)
		}},
		{"updateTask/clearAssignee", "maint", wOK, func(t *testing.T, actor, code string) {
			tk, _ := f.taskTarget("work", "assigned")
			f.do(t, actor, `mutation($id: ID!) { updateTask(id: $id, input: {clearAssignee: true}) { id } }`,
				map[string]any{"id": workID(tk)}, code,
				workEffect{Changed: map[string]workRow{workKey("task", tk): {"assignee": "-"}}}, tk)
		}},
		{"updateJob/non-member with a state change", "work", wBadInput, func(t *testing.T, actor, code string) {
			j, _ := f.jobTarget(actor, "inOwnTask")
			f.do(t, actor, `mutation($id: ID!, $a: ID) { updateJob(id: $id, input: {assigneeID: $a, state: COMPLETED}) { id } }`,
				map[string]any{"id": workID(j), "a": f.u["outsider"].GID}, code, workEffect{})
		}},
		{"updateJob/assign then clear", "work", wOK, func(t *testing.T, actor, code string) {
			j, _ := f.jobTarget(actor, "inOwnTask")
			f.do(t, actor, updateJob, map[string]any{"id": workID(j), "a": f.u["sup"].GID}, code,
				workEffect{Changed: map[string]workRow{workKey("job", j): {"assignee": "sup"}}}, j)
			f.do(t, actor, `mutation($id: ID!) { updateJob(id: $id, input: {clearAssignee: true}) { id } }`,
				map[string]any{"id": workID(j)}, code,
				workEffect{Changed: map[string]workRow{workKey("job", j): {"assignee": "-"}}}, j)
		}},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, c.actor, c.code) })
	}
}
