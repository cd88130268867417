package graph_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The actions of RULES.md §5's table, for every role (and the WORKER system
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
	before, whole := f.snapshot(), f.s.Snapshot()
	r := f.s.Query(f.u[actor].Token, doc, vars)
	got := workDiff(before, f.snapshot())
	if code != wOK {
		if changed := whole.Diff(f.s.Snapshot()); len(changed) > 0 {
			t.Errorf("a failed request wrote:\n%s", strings.Join(changed, "\n"))
		}
		if r.Code() != code {
			t.Errorf("code %q, want %q (errors %+v)", r.Code(), code, r.Errors)
		}
		if string(r.Data) != "null" {
			t.Errorf("data %s, want null", r.Data)
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
	for _, c := range workCases(`
		acme           owner:ok maint:ok sup:ok work:F wmaint:F admin:ok outsider:NF ex:NF invitee:NF
		personal       work:ok sup:ok admin:ok wmaint:F
		other          owner:NF
	`) {
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
	for _, c := range workCases(`
		none           owner:ok maint:ok sup:ok work:F wmaint:F admin:ok outsider:NF ex:NF

		foreign        owner:ok maint:ok admin:ok sup:NF work:NF wmaint:NF outsider:NF

		own            sup:ok work:ok wmaint:F ex:NF
		assigned       sup:ok work:ok wmaint:F ex:NF
		# A task of theirs in it does not show the project (worker rule).
		visible        sup:NF work:NF wmaint:NF

		personalNone   work:ok wmaint:F
		personal       work:ok wmaint:F
		othersPersonal owner:NF admin:NF
	`) {
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

// workCases reads a table of cases: each line a target, then actor:answer
// pairs (ok, F = FORBIDDEN, NF = NOT_FOUND, BAD = BAD_USER_INPUT); "#"
// starts a comment.
func workCases(table string) []workCase {
	codes := map[string]string{"ok": wOK, "F": wForbidden, "NF": wNotFound, "BAD": wBadInput}
	var out []workCase
	for _, line := range strings.Split(table, "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		for _, f := range fields[min(1, len(fields)):] {
			actor, answer, _ := strings.Cut(f, ":")
			code, ok := codes[answer]
			if !ok {
				panic("workCases: unknown answer in " + f)
			}
			out = append(out, workCase{actor, fields[0], code})
		}
	}
	return out
}
