package graph_test

// Existence never leaks through a mutation (RULES.md §3): every work mutation
// that names a row the actor cannot see answers exactly as for an ID that
// never existed -- same code, same message -- whatever role @hasRole asks
// for, and writes nothing. (@hasRole used to look rows up with privacy
// bypassed and answered FORBIDDEN for a hidden job.)

import (
	"strings"
	"testing"
)

func TestWorkHiddenRowsAreNotFound(t *testing.T) {
	f := newWorkActionsFixture(t)
	// Rows of the peer in acme, which a worker of acme does not see, and
	// one of another user's personal workspace.
	project, _ := f.projectTarget("work", "foreign")
	task, _ := f.taskTarget("work", "foreign")
	job, _ := f.jobTarget("work", "foreign")
	storage := f.cloudStorageTarget("work", "othersPersonal")
	madeUp := func(id int) string { return workID(id + 1000000) }
	for _, c := range []struct {
		doc, arg string
		id       int
	}{
		{`mutation($id: ID!) { updateProject(id: $id, input: {name: "x"}) { id } }`, "id", project},
		{`mutation($id: ID!) { deleteProject(id: $id) }`, "id", project},
		{`mutation($id: ID) { createTask(input: {projectID: $id, name: "x"}) { id } }`, "id", project},
		{`mutation($id: ID!) { updateTask(id: $id, input: {name: "x"}) { id } }`, "id", task},
		{`mutation($id: ID!) { deleteTask(id: $id) }`, "id", task},
		{`mutation($id: ID!) { createJob(input: {taskID: $id}) { id } }`, "id", task},
		{`mutation($id: ID!) { updateJob(id: $id, input: {state: COMPLETED}) { id } }`, "id", job},
		{`mutation($id: ID!) { deleteJob(id: $id) }`, "id", job},
		{`mutation($id: ID!) { createAnnotations(jobID: $id, input: [{label: "x", type: POINTS, frame: 0, points: [1]}]) { id } }`, "id", job},
		{`mutation($id: ID!) { deleteAnnotations(jobID: $id, ids: []) }`, "id", job},
		{`mutation($id: ID!) { updateCloudStorage(id: $id, input: {displayName: "x"}) { id } }`, "id", storage},
		{`mutation($id: ID!) { deleteCloudStorage(id: $id) }`, "id", storage},
	} {
		_, field, _ := strings.Cut(c.doc, "{ ")
		name, _, _ := strings.Cut(field, "(")
		t.Run(name, func(t *testing.T) {
			for _, actor := range []string{"work", "sup", "wmaint", "outsider"} {
				before := f.s.Snapshot()
				hidden := f.s.Query(f.u[actor].Token, c.doc, map[string]any{c.arg: workID(c.id)})
				ghost := f.s.Query(f.u[actor].Token, c.doc, map[string]any{c.arg: madeUp(c.id)})
				if hidden.Code() != "NOT_FOUND" || ghost.Code() != "NOT_FOUND" || hidden.Errors[0].Message != ghost.Errors[0].Message {
					t.Errorf("%s: hidden row %s %+v, made-up ID %s %+v", actor, hidden.Code(), hidden.Errors, ghost.Code(), ghost.Errors)
				}
				if changed := before.Diff(f.s.Snapshot()); len(changed) > 0 {
					t.Errorf("%s: a refused request wrote:\n%s", actor, strings.Join(changed, "\n"))
				}
			}
		})
	}
}
