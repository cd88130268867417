package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"orgraph/internal/authz"
)

// Moving work (RULES.md §5, "Moving work"): moveProject and moveTask, by
// the work's owner who is staff of every organization involved.

const (
	moveProjectDoc = `mutation($id: ID!, $to: ID) { moveProject(id: $id, toOrganizationID: $to) { id organization { slug } assignee { username } } }`
	moveTaskDoc    = `mutation($id: ID!, $to: ID) { moveTask(id: $id, toOrganizationID: $to) { id organization { slug } assignee { username } } }`
)

// place is where a row lives and who is assigned, by name: "acme/sup",
// "~/-" (personal workspace, no assignee).
func (f *workFixture) place(table string, id int) string {
	f.t.Helper()
	var org, assignee *int
	q := "SELECT organization_id, NULL FROM " + table + " WHERE id = ?"
	if table != "annotations" {
		q = "SELECT organization_id, assignee_id FROM " + table + " WHERE id = ?"
	}
	if err := f.s.DB.SQL.QueryRow(q, id).Scan(&org, &assignee); err != nil {
		f.t.Fatalf("%s %d: %v", table, id, err)
	}
	where := "~"
	if org != nil {
		where = f.names[*org]
	}
	return where + "/" + f.namePtr(assignee)
}

// moveKit is a project with a task, a job and an annotation.
type moveKit struct{ project, task, job, annotation int }

func (f *workFixture) moveKit(org, owner, projectAssignee, taskAssignee, jobAssignee string) moveKit {
	f.t.Helper()
	k := moveKit{project: f.project(org, owner, projectAssignee)}
	k.task = f.taskIn(k.project, owner, taskAssignee)
	k.job = f.job(k.task, owner, jobAssignee)
	k.annotation = f.annotation(k.job)
	return k
}

// requireMovedByMaint moves k's project as maint to the organization slug
// (empty: maint's personal workspace) and checks the answer (its
// organization and assignee as JSON), where each row of k is now, and the
// invariants.
func (f *workFixture) requireMovedByMaint(k moveKit, slug, wantOrg, wantAssignee, wantPlaces string) {
	f.t.Helper()
	vars := map[string]any{"id": idOf(k.project)}
	if slug != "" {
		vars["to"] = idOf(f.org[slug])
	}
	r := f.s.Query(f.u["maint"].Token, moveProjectDoc, vars)
	requireGQLData(f.t, r, fmt.Sprintf(`{"moveProject":{"id":"%d","organization":%s,"assignee":%s}}`, k.project, wantOrg, wantAssignee))
	f.requirePlaces(k, wantPlaces)
	assertInvariantsInSQL(f.t, f.s, nil)
}

func (f *workFixture) requirePlaces(k moveKit, want string) {
	f.t.Helper()
	got := strings.Join([]string{f.place("projects", k.project), f.place("tasks", k.task), f.place("jobs", k.job), f.place("annotations", k.annotation)}, " ")
	if got != want {
		f.t.Errorf("project, task, job, annotation: %s, want %s", got, want)
	}
}

func TestMoveProject(t *testing.T) {
	t.Run("from the personal workspace into an organization", func(t *testing.T) {
		f := newWorkFixture(t)
		k := f.moveKit("", "maint", "maint", "maint", "maint")
		f.requireMovedByMaint(k, "acme", `{"slug":"acme"}`, `{"username":"maint"}`, "acme/maint acme/maint acme/maint acme/-")
	})
	t.Run("between organizations, clearing who is no member there", func(t *testing.T) {
		f := newWorkFixture(t)
		f.addMember("maint", "other", authz.RoleMaintainer)
		k := f.moveKit("acme", "maint", "maint", "sup", "work") // work is a member of other too, sup is not
		f.requireMovedByMaint(k, "other", `{"slug":"other"}`, `{"username":"maint"}`, "other/maint other/- other/work other/-")
	})
	t.Run("from an organization to the personal workspace", func(t *testing.T) {
		f := newWorkFixture(t)
		k := f.moveKit("acme", "maint", "sup", "maint", "work")
		f.requireMovedByMaint(k, "", "null", "null", "~/- ~/maint ~/- ~/-")
		// Nobody of acme sees it any more; its owner does, in their workspace.
		var seen struct{ Projects struct{ TotalCount int } }
		f.s.MustQuery(f.u["owner"].Token, `{ projects(organization: "acme") { totalCount } }`, nil, &seen)
		if seen.Projects.TotalCount != 0 {
			t.Errorf("acme's owner sees %d projects in acme", seen.Projects.TotalCount)
		}
		f.s.MustQuery(f.u["maint"].Token, `{ projects { totalCount } }`, nil, &seen)
		if seen.Projects.TotalCount != 1 {
			t.Errorf("maint sees %d projects in their personal workspace", seen.Projects.TotalCount)
		}
		assertInvariantsInSQL(t, f.s, nil)
	})
	t.Run("refusals write nothing", func(t *testing.T) {
		f := newWorkFixture(t)
		f.addMember("outsider", "acme", authz.RoleWorker)
		byOwner := f.moveKit("acme", "owner", "", "", "")
		bySup := f.moveKit("acme", "sup", "", "", "")
		byWork := f.moveKit("acme", "work", "", "", "")
		withOthers := f.moveKit("acme", "maint", "", "", "")
		f.taskIn(withOthers.project, "sup", "") // a task someone else owns
		personal := map[string]moveKit{}
		for _, u := range []string{"maint", "sup", "wmaint", "work"} {
			personal[u] = f.moveKit("", u, "", "", "")
		}
		cases := []struct {
			name, actor string
			project     int
			to          any
			code        string
		}{
			{"anonymous", "", byOwner.project, nil, "UNAUTHENTICATED"},
			{"a maintainer moves the owner's project", "maint", byOwner.project, nil, "FORBIDDEN"},
			{"a supervisor moves their own project out", "sup", bySup.project, nil, "FORBIDDEN"},
			{"a worker moves their own project out", "work", byWork.project, idOf(f.org["other"]), "FORBIDDEN"},
			{"a supervisor moves their own project in", "sup", personal["sup"].project, idOf(f.org["acme"]), "FORBIDDEN"},
			{"a worker moves their own project in", "work", personal["work"].project, idOf(f.org["other"]), "FORBIDDEN"},
			{"a maintainer of the WORKER group moves in", "wmaint", personal["wmaint"].project, idOf(f.org["acme"]), "FORBIDDEN"},
			{"into an organization the actor is no member of", "maint", personal["maint"].project, idOf(f.org["other"]), "NOT_FOUND"},
			{"into an organization that does not exist", "maint", personal["maint"].project, "999999", "NOT_FOUND"},
			{"a project the actor does not see", "sup", byOwner.project, nil, "NOT_FOUND"},
			{"someone else's personal project", "owner", personal["maint"].project, idOf(f.org["acme"]), "NOT_FOUND"},
			{"where it already is", "owner", byOwner.project, idOf(f.org["acme"]), "BAD_USER_INPUT"},
			{"to the personal workspace with others' tasks in it", "maint", withOthers.project, nil, "CONFLICT"},
			{"an admin moves someone's project", "admin", byOwner.project, nil, "FORBIDDEN"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				token := ""
				if c.actor != "" {
					token = f.u[c.actor].Token
				}
				before := f.s.Snapshot()
				requireGQLError(t, f.s.Query(token, moveProjectDoc, map[string]any{"id": idOf(c.project), "to": c.to}), c.code, `null`)
				if d := before.Diff(f.s.Snapshot()); len(d) > 0 {
					t.Errorf("a refused move wrote: %v", d)
				}
			})
		}
	})
}

func TestMoveTask(t *testing.T) {
	f := newWorkFixture(t)
	f.addMember("maint", "other", authz.RoleMaintainer)
	tk := f.task("acme", "maint", "sup")
	j := f.job(tk, "maint", "work")
	a := f.annotation(j)
	r := f.s.Query(f.u["maint"].Token, moveTaskDoc, map[string]any{"id": idOf(tk), "to": idOf(f.org["other"])})
	requireGQLData(t, r, fmt.Sprintf(`{"moveTask":{"id":"%d","organization":{"slug":"other"},"assignee":null}}`, tk))
	if got := f.place("tasks", tk) + " " + f.place("jobs", j) + " " + f.place("annotations", a); got != "other/- other/work other/-" {
		t.Errorf("task, job, annotation: %s", got)
	}
	t.Run("a task of a project moves with it", func(t *testing.T) {
		k := f.moveKit("acme", "maint", "", "", "")
		before := f.s.Snapshot()
		r := f.s.Query(f.u["maint"].Token, moveTaskDoc, map[string]any{"id": idOf(k.task), "to": idOf(f.org["other"])})
		requireGQLError(t, r, "BAD_USER_INPUT", `null`)
		if field := r.Errors[0].Extensions["field"]; field != "id" {
			t.Errorf("field %v, want id", field)
		}
		if d := before.Diff(f.s.Snapshot()); len(d) > 0 {
			t.Errorf("a refused move wrote: %v", d)
		}
	})
	t.Run("to the personal workspace with others' jobs", func(t *testing.T) {
		tk := f.task("acme", "maint", "")
		f.job(tk, "sup", "")
		before := f.s.Snapshot()
		requireGQLError(t, f.s.Query(f.u["maint"].Token, moveTaskDoc, map[string]any{"id": idOf(tk)}), "CONFLICT", `null`)
		if d := before.Diff(f.s.Snapshot()); len(d) > 0 {
			t.Errorf("a refused move wrote: %v", d)
		}
	})
	assertInvariantsInSQL(t, f.s, nil)
}

// TestMoveStatementsDoNotGrow: a project with one task and job moves in
// as many statements as one with twenty of each.
func TestMoveStatementsDoNotGrow(t *testing.T) {
	f := newWorkFixture(t)
	small := f.moveKit("", "maint", "", "", "")
	big := f.moveKit("", "maint", "", "", "")
	for range 19 {
		tk := f.taskIn(big.project, "maint", "")
		f.annotation(f.job(tk, "maint", ""))
	}
	count := func(project int) int {
		return len(f.s.StatementsOf(func() {
			f.s.MustQuery(f.u["maint"].Token, moveProjectDoc, map[string]any{"id": idOf(project), "to": idOf(f.org["acme"])}, nil)
		}))
	}
	if one, twenty := count(small.project), count(big.project); one != twenty {
		t.Errorf("moving a project of 1 task took %d statements, of 20 tasks: %d", one, twenty)
	}
}
