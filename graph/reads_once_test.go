package graph_test

// Each row a mutation acts on is read once per request (issue 9): @hasRole
// reads it through privacy, and the workflow and the privacy decision of
// the write find it again without a statement (policy.WithRowCache).

import (
	"strings"
	"testing"
)

func TestRowsAreReadOncePerMutation(t *testing.T) {
	f := newWorkActionsFixture(t)
	project := f.project("acme", "work", "")
	task := f.task("acme", "sup", "")
	job := f.job(task, "sup", "work")
	// reads counts the reads of table before the first write (ent reads
	// an updated row back after the UPDATE: that is the answer, not a
	// check).
	reads := func(table string, stmts []string) int {
		n := 0
		for _, q := range stmts {
			q = strings.TrimSpace(q)
			if !strings.HasPrefix(q, "SELECT") {
				break
			}
			if strings.HasPrefix(q, "SELECT `"+table+"`.") {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		name, actor, doc, table string
		vars                    map[string]any
	}{
		{"createTask reads its project once", "work", `mutation($p: ID) { createTask(input: {projectID: $p, name: "t"}) { id } }`, "projects",
			map[string]any{"p": workID(project)}},
		{"createJob reads its task once", "sup", `mutation($t: ID!) { createJob(input: {taskID: $t}) { id } }`, "tasks",
			map[string]any{"t": workID(task)}},
		{"updateJob reads the job once (and not its task, for a state change)", "work", `mutation($j: ID!) { updateJob(id: $j, input: {state: COMPLETED}) { id } }`, "jobs",
			map[string]any{"j": workID(job)}},
		{"createAnnotations reads the job once", "work", `mutation($j: ID!) { createAnnotations(jobID: $j, input: [{label: "a", type: POINTS, frame: 0, points: [1]}, {label: "b", type: POINTS, frame: 1, points: [2]}]) { id } }`, "jobs",
			map[string]any{"j": workID(job)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			stmts := f.s.StatementsOf(func() { f.s.MustQuery(f.u[c.actor].Token, c.doc, c.vars, nil) })
			if n := reads(c.table, stmts); n != 1 {
				t.Errorf("%d reads of %s, want 1:\n%s", n, c.table, strings.Join(stmts, "\n"))
			}
			if strings.Contains(c.name, "not its task") && reads("tasks", stmts) != 0 {
				t.Errorf("a state change read the job's task:\n%s", strings.Join(stmts, "\n"))
			}
		})
	}
}
