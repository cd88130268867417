package graph_test

// Work actions that manage projects, tasks and cloud storages, and the
// assignee rules (RULES.md §5).

import (
	"slices"
	"strings"
	"testing"
)

// Assigning, renaming and deleting projects and tasks: maintainers any,
// others those they own.
var workManageCases = workCases(`
	foreign        owner:ok maint:ok admin:ok sup:NF work:NF wmaint:NF outsider:NF

	own            sup:ok work:ok wmaint:ok admin:ok
	assigned       maint:ok sup:F work:F wmaint:F
	own            ex:NF
	assigned       ex:NF

	personal       work:ok wmaint:ok
	othersPersonal owner:NF admin:NF
`)

func testWorkManageProjects(t *testing.T) {
	f := newWorkActionsFixture(t)
	// A task of theirs in it does not show the project.
	testWorkManage(t, f, "Project", f.projectTarget, workCases(`visible sup:NF work:NF maint:ok`), func(t *testing.T, c workCase) {
		p, _ := f.projectTarget(c.actor, c.target)
		name := f.next("renamed")
		f.do(t, c.actor, `mutation($p: ID!, $n: String) { updateProject(id: $p, input: {name: $n}) { id } }`,
			map[string]any{"p": workID(p), "n": name}, c.code,
			workEffect{Changed: map[string]workRow{workKey("project", p): {"name": name}}}, p)
	})
}

func testWorkManageTasks(t *testing.T) {
	f := newWorkActionsFixture(t)
	testWorkManage(t, f, "Task", f.taskTarget, workCases(`
		inOwnProject      sup:F work:F
		inAssignedProject work:F
	`), nil)
}

// testWorkManage assigns and deletes work of a kind (Project, Task), found
// by target, as each of workManageCases and extra; rename, when set, runs
// between the two.
func testWorkManage(t *testing.T, f *workFixture, kind string, target func(actor, target string) (int, []string), extra []workCase, rename func(*testing.T, workCase)) {
	key := strings.ToLower(kind)
	for _, c := range append(slices.Clone(workManageCases), extra...) {
		t.Run("assign/"+c.name(), func(t *testing.T) {
			id, _ := target(c.actor, c.target)
			to := workNewAssignee(c.actor, c.target)
			f.do(t, c.actor, `mutation($id: ID!, $a: ID) { update`+kind+`(id: $id, input: {assigneeID: $a}) { id } }`,
				map[string]any{"id": workID(id), "a": f.u[to].GID}, c.code,
				workEffect{Changed: map[string]workRow{workKey(key, id): {"assignee": to}}}, id)
		})
		if rename != nil {
			t.Run("rename/"+c.name(), func(t *testing.T) { rename(t, c) })
		}
		t.Run("delete/"+c.name(), func(t *testing.T) {
			id, tree := target(c.actor, c.target)
			f.do(t, c.actor, `mutation($id: ID!) { delete`+kind+`(id: $id) }`, map[string]any{"id": workID(id)}, c.code,
				workEffect{Deleted: tree}, id)
		})
	}
}

func testWorkCloudStorages(t *testing.T) {
	f := newWorkActionsFixture(t)
	// create: target is the organization, or personal.
	for _, c := range workCases(`
		acme           owner:ok maint:ok admin:ok sup:F work:F wmaint:F outsider:NF ex:NF
		personal       work:ok wmaint:F
	`) {
		t.Run("create/"+c.name(), func(t *testing.T) {
			name := f.next("cs")
			f.do(t, c.actor, `mutation($o: ID, $n: String!) { createCloudStorage(input: {organizationID: $o, displayName: $n, provider: GOOGLE_CLOUD_STORAGE, resource: "gs://b"}) { id } }`,
				map[string]any{"o": f.orgVar(workSlug(c.target)), "n": name}, c.code,
				workEffect{Created: []string{workCreated("cloudStorage", workRow{"org": workOrgOf(c.target), "owner": c.actor,
					"displayName": name, "provider": "GOOGLE_CLOUD_STORAGE", "resource": "gs://b"})}})
		})
	}
	// edit and delete: maintainers any, others their own.
	for _, c := range workCases(`
		foreign        owner:ok maint:ok admin:ok sup:F   # supervisors see every cloud storage
		foreign        work:NF wmaint:NF outsider:NF
		own            sup:ok work:ok wmaint:ok ex:NF
		personal       work:ok wmaint:ok
		othersPersonal owner:NF admin:NF
	`) {
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

// Assignees (RULES.md §5): an active member of the organization; in a personal
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
			default: // an update: of the row that the target of its kind finds
				find := map[string]func(actor, target string) (int, []string){
					"updateProject": f.projectTarget, "updateTask": f.taskTarget, "updateJob": f.jobTarget}[c.op]
				id, _ := find(c.actor, c.target)
				vars["id"] = workID(id)
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
