package graph_test

import (
	"slices"
	"strings"
	"testing"

	"orgraph/internal/config"
)

// The visibility matrix of RULES.md §5: the seed's worker rule (a project or
// task is seen by its owner and assignee, a task also by its project's; a
// job also by its assignee; holding a task or a job shows nothing above
// it); admins see the work of every organization but no one's personal
// workspace; the WORKER system group sees as a worker whatever the role;
// ex-members keep nothing.

// visItem is one seeded row of the matrix.
type visItem struct {
	kind   string // project, task, job, annotation, cloudStorage
	key    string // a readable name, e.g. "work/pAsg"
	id     int
	parent int    // the project of a task (0: none), the task of a job, the job of an annotation
	space  string // organization slug, or "~user" for user's personal workspace
}

type visWorld struct {
	f     *workFixture
	items []*visItem
	byKey map[string]*visItem
	byID  map[int]*visItem
}

func (w *visWorld) add(kind, key, space string, id, parent int) int {
	w.f.t.Helper()
	if _, dup := w.byKey[key]; dup {
		w.f.t.Fatalf("duplicate key %s", key)
	}
	it := &visItem{kind: kind, key: key, id: id, parent: parent, space: space}
	w.items = append(w.items, it)
	w.byKey[key], w.byID[id] = it, it
	return id
}

// org is the slug of a space, "" for a personal workspace.
func (w *visWorld) org(space string) string {
	if strings.HasPrefix(space, "~") {
		return ""
	}
	return space
}

func (w *visWorld) project(key, space, owner, assignee string) int {
	return w.add("project", key, space, w.f.project(w.org(space), owner, assignee), 0)
}

// task seeds a task in project (0: none).
func (w *visWorld) task(key, space string, project int, owner, assignee string) int {
	id := 0
	if project != 0 {
		id = w.f.taskIn(project, owner, assignee)
	} else {
		id = w.f.task(w.org(space), owner, assignee)
	}
	return w.add("task", key, space, id, project)
}

// job seeds a job with one annotation, key+"/a".
func (w *visWorld) job(key string, task int, owner, assignee string) int {
	space := w.byID[task].space
	id := w.add("job", key, space, w.f.job(task, owner, assignee), task)
	w.add("annotation", key+"/a", space, w.f.annotation(id), id)
	return id
}

func (w *visWorld) cloudStorage(key, space, owner string) {
	w.add("cloudStorage", key, space, w.f.cloudStorage(w.org(space), owner), 0)
}

// visKitVisible lists what of kit(u) u sees as a non-staff member; the rest
// of the kit (the siblings) u does not see.
var visKitVisible = []string{
	"pOwn", "pAsg",
	"tInPOwn", "tInPAsg", "tOwn", "tAsg", "tViaTaskOwn", "tViaTaskAsg",
	"jInPOwn", "jInPAsg", "jInTOwn", "jInTAsg", "jInTViaTaskOwn", "jInTViaTaskAsg", "jAsg",
	"csOwn",
}

// kit seeds, in acme, work that u owns, is assigned to, or reaches through
// an owned/assigned project, task or job, next to the owner's work that
// u does not reach. The parents are the owner's unless the name says
// otherwise.
func (w *visWorld) kit(u string) {
	k := func(s string) string { return u + "/" + s }
	pOwn := w.project(k("pOwn"), "acme", u, "")
	pAsg := w.project(k("pAsg"), "acme", "owner", u)
	pViaTask := w.project(k("pViaTask"), "acme", "owner", "")       // u owns a task in it: not seen
	pViaTaskAsg := w.project(k("pViaTaskAsg"), "acme", "owner", "") // u is assigned a task in it: not seen
	pViaJob := w.project(k("pViaJob"), "acme", "owner", "")         // u is assigned a job in it: not seen

	tInPOwn := w.task(k("tInPOwn"), "acme", pOwn, "owner", "")
	tInPAsg := w.task(k("tInPAsg"), "acme", pAsg, "owner", "")
	tOwn := w.task(k("tOwn"), "acme", 0, u, "")
	tAsg := w.task(k("tAsg"), "acme", 0, "owner", u)
	tViaTaskOwn := w.task(k("tViaTaskOwn"), "acme", pViaTask, u, "")
	tViaTaskAsg := w.task(k("tViaTaskAsg"), "acme", pViaTaskAsg, "owner", u)
	tViaJob := w.task(k("tViaJob"), "acme", pViaJob, "owner", "")   // u is assigned a job in it: not seen
	tSibling := w.task(k("tSibling"), "acme", pViaJob, "owner", "") // not seen: only its project is

	w.job(k("jInPOwn"), tInPOwn, "owner", "")
	w.job(k("jInPAsg"), tInPAsg, "owner", "")
	w.job(k("jInTOwn"), tOwn, "owner", "")
	w.job(k("jInTAsg"), tAsg, "owner", "")
	w.job(k("jInTViaTaskOwn"), tViaTaskOwn, "owner", "")
	w.job(k("jInTViaTaskAsg"), tViaTaskAsg, "owner", "")
	w.job(k("jAsg"), tViaJob, "owner", u)
	w.job(k("jSibling"), tViaJob, "owner", "") // not seen: only jAsg is
	w.job(k("jInTSibling"), tSibling, "owner", "")
	w.job(k("jOwnInTSibling"), tSibling, u, "") // creating a job gives no sight of it (RULES.md §5)

	w.cloudStorage(k("csOwn"), "acme", u)
}

// keys selects the keys of the items for which keep is true.
func (w *visWorld) keys(keep func(*visItem) bool) []string {
	var out []string
	for _, it := range w.items {
		if keep(it) {
			out = append(out, it.key)
		}
	}
	return out
}

func (w *visWorld) inSpace(space string) []string {
	return w.keys(func(it *visItem) bool { return it.space == space })
}

// kitSeen is what u sees of kit(u): visKitVisible and the annotations of its
// jobs.
func (w *visWorld) kitSeen(u string) []string {
	var out []string
	for _, s := range visKitVisible {
		out = append(out, u+"/"+s)
		if s[0] == 'j' {
			out = append(out, u+"/"+s+"/a")
		}
	}
	return out
}

func visUnion(lists ...[]string) map[string]bool {
	set := map[string]bool{}
	for _, l := range lists {
		for _, k := range l {
			set[k] = true
		}
	}
	return set
}

type visConn[T any] struct {
	TotalCount int
	Edges      []struct{ Node T }
}

type visID struct{ ID string }

func TestWorkVisibility(t *testing.T) {
	// visListsQuery reads every list at once, 100 x 100 rows deep: a test
	// instrument far over the default COMPLEXITY_LIMIT, not a page.
	f := newWorkFixture(t, func(c *config.Config) { c.Limits.ComplexityLimit = 500_000 })
	w := &visWorld{f: f, byKey: map[string]*visItem{}, byID: map[int]*visItem{}}

	// acme: the kits of the non-staff members, and work that only staff see.
	for _, u := range []string{"sup", "work", "wmaint", "ex"} {
		w.kit(u)
	}
	pF := w.project("acme/pForeign", "acme", "peer", "")
	tFP := w.task("acme/tForeignInP", "acme", pF, "peer", "")
	w.job("acme/jForeignInP", tFP, "peer", "peer")
	tF := w.task("acme/tForeign", "acme", 0, "maint", "maint")
	w.job("acme/jForeign", tF, "maint", "maint")
	w.cloudStorage("acme/csPeer", "acme", "peer")
	w.cloudStorage("acme/csMaint", "acme", "maint")
	w.cloudStorage("acme/csOwner", "acme", "owner")

	// other: the outsider's organization, where work is a worker with one
	// assigned job.
	op := w.project("other/p", "other", "outsider", "")
	ot := w.task("other/t", "other", op, "outsider", "outsider")
	w.job("other/j", ot, "outsider", "outsider")
	w.job("other/jWork", ot, "outsider", "work")
	w.cloudStorage("other/cs", "other", "outsider")

	// Everyone's personal workspace (assignees there can only be the owner).
	users := []string{"owner", "maint", "sup", "work", "wmaint", "peer", "outsider", "admin", "ex", "invitee"}
	for _, u := range users {
		space := "~" + u
		pp := w.project(u+"/pp", space, u, u)
		pt := w.task(u+"/pt", space, pp, u, u)
		w.job(u+"/pj", pt, u, u)
		w.task(u+"/pt2", space, 0, u, "")
		w.cloudStorage(u+"/pcs", space, u)
	}

	// ex was assigned (and owns) a kit; now they are removed.
	f.removeEx()

	acmeCS := w.keys(func(it *visItem) bool { return it.space == "acme" && it.kind == "cloudStorage" })
	actors := []struct {
		name string
		orgs []string        // organizations whose work lists answer (others: NOT_FOUND)
		sees map[string]bool // every item seen, anywhere
	}{
		{"owner", []string{"acme"}, visUnion(w.inSpace("acme"), w.inSpace("~owner"))},
		{"maint", []string{"acme"}, visUnion(w.inSpace("acme"), w.inSpace("~maint"))},
		{"sup", []string{"acme"}, visUnion(w.kitSeen("sup"), acmeCS, w.inSpace("~sup"))},
		{"work", []string{"acme", "other"}, visUnion(w.kitSeen("work"), w.inSpace("~work"),
			[]string{"other/jWork", "other/jWork/a"})},
		{"wmaint", []string{"acme"}, visUnion(w.kitSeen("wmaint"), w.inSpace("~wmaint"))},
		{"outsider", []string{"other"}, visUnion(w.inSpace("other"), w.inSpace("~outsider"))},
		{"admin", []string{"acme", "other"}, visUnion(w.inSpace("acme"), w.inSpace("other"), w.inSpace("~admin"))},
		{"ex", nil, visUnion(w.inSpace("~ex"))},
		{"invitee", nil, visUnion(w.inSpace("~invitee"))},
	}
	for _, a := range actors {
		t.Run(a.name, func(t *testing.T) {
			token := f.u[a.name].Token
			for _, space := range []string{"acme", "other", ""} {
				name := space
				if space == "" {
					name = "personal"
				}
				t.Run(name, func(t *testing.T) {
					if space != "" && !slices.Contains(a.orgs, space) {
						w.assertListsNotFound(t, token, space)
						return
					}
					w.assertLists(t, token, space, a.sees)
				})
			}
			t.Run("node", func(t *testing.T) { w.assertNodes(t, token, a.sees) })
		})
	}
}
