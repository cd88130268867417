package graph_test

// The targets of the work action tests (work_actions_test.go): rows seeded
// relative to the actor (own, assigned, foreign, personal, ...).

import (
	"strconv"
)

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
