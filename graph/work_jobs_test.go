package graph_test

// Work actions on jobs and annotations (RULES.md §5): create, delete, edit,
// assign.

import (
	"fmt"
	"testing"
)

// Job targets by task: own, assigned, inOwnProject (visible, not theirs),
// foreign, personal, othersPersonal.
func testWorkCreateJob(t *testing.T) {
	f := newWorkActionsFixture(t)
	// @hasRole looks the row up through privacy: hidden is NOT_FOUND.
	for _, c := range workCases(`
		foreign        owner:ok maint:ok admin:ok sup:NF work:NF wmaint:NF outsider:NF ex:NF
		personal       work:ok wmaint:F
		othersPersonal owner:NF admin:NF
		own            sup:ok work:F wmaint:F ex:NF
		assigned       sup:ok work:F wmaint:F ex:NF
		inOwnProject   sup:F
	`) {
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
	// As for createJob; their own personal work needs no USER group.
	for _, c := range workCases(`
		foreign        owner:ok maint:ok admin:ok sup:NF work:NF wmaint:NF outsider:NF ex:NF
		inOwnTask      sup:ok work:F wmaint:F ex:NF
		inAssignedTask sup:ok
		inOwnProject   sup:F
		assigned       sup:F work:F wmaint:F
		personal       work:ok wmaint:ok
		othersPersonal owner:NF admin:NF
	`) {
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
	cases := workCases(`
		foreign        owner:ok maint:ok admin:ok sup:NF work:NF wmaint:NF outsider:NF
		assigned       ex:NF
		inOwnTask      ex:NF
		personal       work:ok wmaint:ok
		othersPersonal owner:NF admin:NF
	`)
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
	for _, c := range workCases(`
		foreign        owner:ok maint:ok admin:ok sup:NF work:NF wmaint:NF outsider:NF
		inOwnTask      ex:NF

		inOwnTask      sup:ok
		inAssignedTask sup:ok
		inOwnTask      work:ok
		inAssignedTask work:ok
		inOwnTask      wmaint:ok
		inAssignedTask wmaint:ok
		assigned       sup:F work:F wmaint:F
		inOwnProject   sup:F work:F
		inAssignedProject work:F

		personal       work:ok wmaint:ok
		othersPersonal owner:NF admin:NF
	`) {
		t.Run(c.name(), func(t *testing.T) {
			j, _ := f.jobTarget(c.actor, c.target)
			to := workNewAssignee(c.actor, c.target)
			f.do(t, c.actor, `mutation($j: ID!, $a: ID) { updateJob(id: $j, input: {assigneeID: $a}) { id } }`,
				map[string]any{"j": workID(j), "a": f.u[to].GID}, c.code,
				workEffect{Changed: map[string]workRow{workKey("job", j): {"assignee": to}}}, j)
		})
	}
}
