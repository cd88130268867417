package graph_test

// The assertions of the work visibility matrix (work_visibility_test.go):
// every list, nested connection, parent and node against what the actor
// sees.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const visListsQuery = `query($o: String) {
  projects(organization: $o, first: 100) { totalCount edges { node { id
    tasks(first: 100) { totalCount edges { node { id } } } } } }
  tasks(organization: $o, first: 100) { totalCount edges { node { id project { id }
    jobs(first: 100) { totalCount edges { node { id } } } } } }
  jobs(organization: $o, first: 100) { totalCount edges { node { id task { id project { id } }
    annotations(first: 100) { totalCount edges { node { id } } } } } }
  cloudStorages(organization: $o, first: 100) { totalCount edges { node { id } } }
}`

func visSlugVar(space string) map[string]any {
	if space == "" {
		return map[string]any{"o": nil}
	}
	return map[string]any{"o": space}
}

// assertListsNotFound: every work list of the organization answers
// NOT_FOUND, as for a slug that never existed.
func (w *visWorld) assertListsNotFound(t *testing.T, token, slug string) {
	t.Helper()
	for _, s := range []string{slug, "no-such-org"} {
		r := w.f.s.Query(token, visListsQuery, visSlugVar(s))
		var paths []string
		for _, e := range r.Errors {
			if c, _ := e.Extensions["code"].(string); c != "NOT_FOUND" {
				t.Errorf("%s: error %q with code %q, want NOT_FOUND", s, e.Message, c)
			}
			paths = append(paths, fmt.Sprint(e.Path...))
		}
		slices.Sort(paths)
		if want := []string{"cloudStorages", "jobs", "projects", "tasks"}; !slices.Equal(paths, want) {
			t.Errorf("%s: errors at %v, want one NOT_FOUND at each of %v", s, paths, want)
		}
		if string(r.Data) != "null" {
			t.Errorf("%s: data %s, want null", s, r.Data)
		}
	}
}

// assertLists checks the four work lists of a space ("" = the viewer's
// personal workspace) and the connections nested in them against sees.
func (w *visWorld) assertLists(t *testing.T, token, space string, sees map[string]bool) {
	t.Helper()
	var out struct {
		Projects visConn[struct {
			ID    string
			Tasks visConn[visID]
		}]
		Tasks visConn[struct {
			ID      string
			Project *visID
			Jobs    visConn[visID]
		}]
		Jobs visConn[struct {
			ID   string
			Task *struct {
				ID      string
				Project *visID
			}
			Annotations visConn[visID]
		}]
		CloudStorages visConn[visID]
	}
	// Query, not MustQuery: s fails its own (parent) test, not this one.
	r := w.f.s.Query(token, visListsQuery, visSlugVar(space))
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	r.Decode(t, &out)

	// want: what the viewer sees of kind in this space (any personal
	// workspace for "": the viewer must see only their own).
	want := func(kind string, parent int) []string {
		return w.keys(func(it *visItem) bool {
			inSpace := it.space == space || (space == "" && strings.HasPrefix(it.space, "~"))
			return sees[it.key] && it.kind == kind && inSpace && (parent == 0 || it.parent == parent)
		})
	}
	// children: what the viewer sees of kind under parent.
	children := func(kind string, parent int) []string {
		return w.keys(func(it *visItem) bool { return sees[it.key] && it.kind == kind && it.parent == parent })
	}
	// parentOf: the parent's ID if the viewer sees it, else nil.
	parentOf := func(id string) *string {
		p := w.byID[visAtoi(t, id)].parent
		if p == 0 || !sees[w.byID[p].key] {
			return nil
		}
		s := strconv.Itoa(p)
		return &s
	}

	var ids []string
	for _, e := range out.Projects.Edges {
		ids = append(ids, e.Node.ID)
		w.assertConn(t, "tasks of "+w.keyOf(t, e.Node.ID), e.Node.Tasks, children("task", visAtoi(t, e.Node.ID)))
	}
	w.assertSet(t, "projects", out.Projects.TotalCount, ids, want("project", 0))

	ids = nil
	for _, e := range out.Tasks.Edges {
		ids = append(ids, e.Node.ID)
		w.assertParent(t, "project of "+w.keyOf(t, e.Node.ID), e.Node.Project, parentOf(e.Node.ID))
		w.assertConn(t, "jobs of "+w.keyOf(t, e.Node.ID), e.Node.Jobs, children("job", visAtoi(t, e.Node.ID)))
	}
	w.assertSet(t, "tasks", out.Tasks.TotalCount, ids, want("task", 0))

	ids = nil
	for _, e := range out.Jobs.Edges {
		ids = append(ids, e.Node.ID)
		var task *visID
		if e.Node.Task != nil {
			task = &visID{e.Node.Task.ID}
			w.assertParent(t, "project of "+w.keyOf(t, task.ID), e.Node.Task.Project, parentOf(task.ID))
		}
		w.assertParent(t, "task of "+w.keyOf(t, e.Node.ID), task, parentOf(e.Node.ID))
		w.assertConn(t, "annotations of "+w.keyOf(t, e.Node.ID), e.Node.Annotations, children("annotation", visAtoi(t, e.Node.ID)))
	}
	w.assertSet(t, "jobs", out.Jobs.TotalCount, ids, want("job", 0))

	w.assertConn(t, "cloudStorages", out.CloudStorages, want("cloudStorage", 0))
}

func (w *visWorld) assertConn(t *testing.T, what string, c visConn[visID], want []string) {
	t.Helper()
	ids := make([]string, len(c.Edges))
	for i, e := range c.Edges {
		ids[i] = e.Node.ID
	}
	w.assertSet(t, what, c.TotalCount, ids, want)
}

// assertSet compares the IDs of a connection (and its totalCount) with the
// keys of the items expected, by key for a readable failure.
func (w *visWorld) assertSet(t *testing.T, what string, total int, ids, want []string) {
	t.Helper()
	got := make([]string, len(ids))
	for i, id := range ids {
		got[i] = w.keyOf(t, id)
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %v\n want %v", what, got, want)
	}
	if total != len(want) {
		t.Errorf("%s: totalCount %d, want %d", what, total, len(want))
	}
}

func (w *visWorld) assertParent(t *testing.T, what string, got *visID, want *string) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s: got %v, want %v", what, got, want)
	case got.ID != *want:
		t.Errorf("%s: got %s, want %s", what, w.keyOf(t, got.ID), w.keyOf(t, *want))
	}
}

// assertNodes asks node(id:) for every seeded item: the ID back for what
// the viewer sees, null with NOT_FOUND for everything else.
func (w *visWorld) assertNodes(t *testing.T, token string, sees map[string]bool) {
	t.Helper()
	for start := 0; start < len(w.items); start += 50 {
		batch := w.items[start:min(start+50, len(w.items))]
		var doc strings.Builder
		doc.WriteString("{")
		for i, it := range batch {
			fmt.Fprintf(&doc, " n%d: node(id: %q) { id }", i, strconv.Itoa(it.id))
		}
		doc.WriteString(" }")
		r := w.f.s.Query(token, doc.String(), nil)
		codes := map[string]string{}
		for _, e := range r.Errors {
			c, _ := e.Extensions["code"].(string)
			codes[fmt.Sprint(e.Path...)] = c
		}
		var data map[string]*visID
		r.Decode(t, &data)
		for i, it := range batch {
			alias := fmt.Sprintf("n%d", i)
			got, code := data[alias], codes[alias]
			if sees[it.key] {
				if got == nil || got.ID != strconv.Itoa(it.id) || code != "" {
					t.Errorf("node(%s) = %v (%s), want it", it.key, got, code)
				}
			} else if got != nil || code != "NOT_FOUND" {
				t.Errorf("node(%s) = %v with code %q, want null with NOT_FOUND", it.key, got, code)
			}
		}
		if len(r.Errors) != len(codes) {
			t.Errorf("errors without a node path: %+v", r.Errors)
		}
	}
}

func (w *visWorld) keyOf(t *testing.T, id string) string {
	if it, ok := w.byID[visAtoi(t, id)]; ok {
		return it.key
	}
	return "unseeded#" + id
}

func visAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("ID %q is not a number", s)
	}
	return n
}
