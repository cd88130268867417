package graph_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"orgraph/ent/membership"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// workFixture is the cast of the work tests (RULES.md §3 and 5), on one server:
//
//	owner     USER,   OWNER of acme
//	maint     USER,   MAINTAINER of acme
//	sup       USER,   SUPERVISOR of acme
//	work      USER,   WORKER of acme (and of other)
//	wmaint    WORKER, MAINTAINER of acme: acts as a worker
//	peer      USER,   SUPERVISOR of acme: owns the "others'" work
//	outsider  USER,   OWNER of other, not a member of acme
//	admin     ADMIN,  member of nothing
//	ex        USER,   was a WORKER of acme, removed through removeMember
//	invitee   USER,   holds a pending invitation to acme
//
// Rows are seeded directly with s.Client under testserver.SystemCtx (the
// assignee hook still runs); what is tested goes through GraphQL.
type workFixture struct {
	t   *testing.T
	s   *testserver.Server
	u   map[string]*testserver.User
	org map[string]int // slug -> ID
	// names maps user and organization IDs back to names, for readable rows.
	names map[int]string
	n     int // counter for seeded names
}

func newWorkFixture(t *testing.T, opts ...testserver.Option) *workFixture {
	t.Helper()
	s := testserver.New(t, opts...)
	f := &workFixture{t: t, s: s, u: map[string]*testserver.User{}, org: map[string]int{}, names: map[int]string{}}
	for name, group := range map[string]authz.Group{
		"owner": authz.GroupUser, "maint": authz.GroupUser, "sup": authz.GroupUser, "work": authz.GroupUser,
		"wmaint": authz.GroupWorker, "peer": authz.GroupUser, "outsider": authz.GroupUser,
		"admin": authz.GroupAdmin, "ex": authz.GroupUser, "invitee": authz.GroupUser,
	} {
		f.u[name] = s.CreateUser(name, group)
		f.names[f.u[name].ID] = name
	}
	for slug, owner := range map[string]string{"acme": "owner", "other": "outsider"} {
		f.org[slug] = createOrg(t, s, f.u[owner].Token, slug)
		f.names[f.org[slug]] = slug
	}
	for _, m := range []struct {
		user, org string
		role      authz.Role
	}{
		{"maint", "acme", authz.RoleMaintainer},
		{"sup", "acme", authz.RoleSupervisor},
		{"work", "acme", authz.RoleWorker},
		{"wmaint", "acme", authz.RoleMaintainer},
		{"peer", "acme", authz.RoleSupervisor},
		{"ex", "acme", authz.RoleWorker},
		{"work", "other", authz.RoleWorker},
	} {
		f.addMember(m.user, m.org, m.role)
	}
	s.MustQuery(f.u["owner"].Token, `mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: WORKER}) { id } }`,
		map[string]any{"o": fmt.Sprint(f.org["acme"]), "e": f.u["invitee"].Email}, nil)
	return f
}

func (f *workFixture) addMember(user, org string, role authz.Role) {
	f.t.Helper()
	f.s.AddMember(f.org[org], f.u[user], role)
}

// removeEx removes ex from acme through removeMember, as the owner.
func (f *workFixture) removeEx() {
	f.t.Helper()
	ms := f.s.Client.Membership.Query().
		Where(membership.UserID(f.u["ex"].ID), membership.OrganizationID(f.org["acme"])).
		OnlyX(testserver.SystemCtx())
	f.s.MustQuery(f.u["owner"].Token, `mutation($m: ID!) { removeMember(membershipID: $m) { membershipID } }`, map[string]any{"m": fmt.Sprint(ms.ID)}, nil)
}

// asFormerMember runs seed while user is (again) a worker of acme, then
// removes the membership: rows assigned to an ex-member can only be made
// while they are a member.
func (f *workFixture) asFormerMember(user string, seed func()) {
	f.t.Helper()
	ctx := testserver.SystemCtx()
	m := f.s.Client.Membership.Create().SetUserID(f.u[user].ID).SetOrganizationID(f.org["acme"]).SetRole(authz.RoleWorker).SaveX(ctx)
	seed()
	f.s.Client.Membership.DeleteOne(m).ExecX(ctx)
}

func (f *workFixture) userPtr(name string) *int {
	return fixtureID(f.t, "user", name, func(n string) (int, bool) {
		if u, ok := f.u[n]; ok {
			return u.ID, true
		}
		return 0, false
	})
}

// orgPtr is the organization's ID; "" is the personal workspace (nil).
func (f *workFixture) orgPtr(slug string) *int {
	return fixtureID(f.t, "organization", slug, func(s string) (int, bool) { id, ok := f.org[s]; return id, ok })
}

// fixtureID looks a fixture name up: nil for "", fatal for an unknown one.
func fixtureID(t *testing.T, kind, name string, lookup func(string) (int, bool)) *int {
	if name == "" {
		return nil
	}
	id, ok := lookup(name)
	if !ok {
		t.Fatalf("no %s %q", kind, name)
	}
	return &id
}

// orgVar is the organizationID variable: the ID, or nil for the personal
// workspace.
func (f *workFixture) orgVar(slug string) any {
	if slug == "" {
		return nil
	}
	return fmt.Sprint(f.org[slug])
}

func (f *workFixture) next(prefix string) string {
	f.n++
	return fmt.Sprintf("%s%d", prefix, f.n)
}

// workCreate is what the create builders of projects, tasks and jobs share.
type workCreate[C any] interface {
	SetNillableOrganizationID(*int) C
	SetOwnerID(int) C
	SetNillableAssigneeID(*int) C
}

// owned sets a work create builder's organization, owner and assignee.
func owned[C workCreate[C]](f *workFixture, c C, org *int, owner, assignee string) C {
	return c.SetNillableOrganizationID(org).SetOwnerID(*f.userPtr(owner)).SetNillableAssigneeID(f.userPtr(assignee))
}

// project seeds a project in org ("" = personal workspace of owner).
func (f *workFixture) project(org, owner, assignee string) int {
	f.t.Helper()
	return owned(f, f.s.Client.Project.Create(), f.orgPtr(org), owner, assignee).SetName(f.next("P")).SaveX(testserver.SystemCtx()).ID
}

// task seeds a task outside any project.
func (f *workFixture) task(org, owner, assignee string) int {
	f.t.Helper()
	return owned(f, f.s.Client.Task.Create(), f.orgPtr(org), owner, assignee).SetName(f.next("T")).SaveX(testserver.SystemCtx()).ID
}

// taskIn seeds a task in a project (and the project's organization).
func (f *workFixture) taskIn(project int, owner, assignee string) int {
	f.t.Helper()
	p := f.s.Client.Project.GetX(testserver.SystemCtx(), project)
	return owned(f, f.s.Client.Task.Create(), p.OrganizationID, owner, assignee).
		SetProjectID(project).SetName(f.next("T")).SaveX(testserver.SystemCtx()).ID
}

// job seeds a job in a task (and the task's organization).
func (f *workFixture) job(task int, owner, assignee string) int {
	f.t.Helper()
	tk := f.s.Client.Task.GetX(testserver.SystemCtx(), task)
	return owned(f, f.s.Client.Job.Create(), tk.OrganizationID, owner, assignee).SetTaskID(task).SaveX(testserver.SystemCtx()).ID
}

func (f *workFixture) annotation(job int) int {
	f.t.Helper()
	j := f.s.Client.Job.GetX(testserver.SystemCtx(), job)
	return f.s.Client.Annotation.Create().
		SetJobID(job).SetNillableOrganizationID(j.OrganizationID).SetLabel(f.next("label")).SetType("RECTANGLE").SetFrame(f.n).SetPoints([]float64{1, 2, 3, 4}).
		SaveX(testserver.SystemCtx()).ID
}

func (f *workFixture) cloudStorage(org, owner string) int {
	f.t.Helper()
	return f.s.Client.CloudStorage.Create().
		SetNillableOrganizationID(f.orgPtr(org)).SetOwnerID(*f.userPtr(owner)).
		SetDisplayName(f.next("CS")).SetProvider("AWS_S3").SetResource(f.next("bucket")).
		SaveX(testserver.SystemCtx()).ID
}

// A workRow is one row of a work table as field=value pairs; references
// to users and organizations are by name, "-" is NULL.
type workRow map[string]string

func (r workRow) String() string {
	keys := slices.Sorted(maps.Keys(r))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + r[k]
	}
	return strings.Join(parts, " ")
}

// workRows is every row of the work tables, by "kind ID".
type workRows map[string]workRow

func (f *workFixture) name(id int) string {
	if n, ok := f.names[id]; ok {
		return n
	}
	return fmt.Sprint(id)
}

func (f *workFixture) namePtr(id *int) string {
	if id == nil {
		return "-"
	}
	return f.name(*id)
}

func workIDPtr(id *int) string {
	if id == nil {
		return "-"
	}
	return fmt.Sprint(*id)
}

// snapshot reads every project, task, job, annotation and cloud storage.
func (f *workFixture) snapshot() workRows {
	f.t.Helper()
	ctx, c := testserver.SystemCtx(), f.s.Client
	rows := workRows{}
	for _, p := range c.Project.Query().AllX(ctx) {
		rows[workKey("project", p.ID)] = workRow{"org": f.namePtr(p.OrganizationID), "owner": f.name(p.OwnerID),
			"assignee": f.namePtr(p.AssigneeID), "name": p.Name}
	}
	for _, t := range c.Task.Query().AllX(ctx) {
		rows[workKey("task", t.ID)] = workRow{"org": f.namePtr(t.OrganizationID), "owner": f.name(t.OwnerID),
			"assignee": f.namePtr(t.AssigneeID), "name": t.Name, "project": workIDPtr(t.ProjectID)}
	}
	for _, j := range c.Job.Query().AllX(ctx) {
		rows[workKey("job", j.ID)] = workRow{"org": f.namePtr(j.OrganizationID), "owner": f.name(j.OwnerID),
			"assignee": f.namePtr(j.AssigneeID), "task": fmt.Sprint(j.TaskID), "stage": j.Stage.String(), "state": j.State.String()}
	}
	for _, a := range c.Annotation.Query().AllX(ctx) {
		rows[workKey("annotation", a.ID)] = workRow{"job": fmt.Sprint(a.JobID), "label": a.Label, "type": a.Type.String(),
			"frame": fmt.Sprint(a.Frame), "points": fmt.Sprint(a.Points)}
	}
	for _, cs := range c.CloudStorage.Query().AllX(ctx) {
		rows[workKey("cloudStorage", cs.ID)] = workRow{"org": f.namePtr(cs.OrganizationID), "owner": f.name(cs.OwnerID),
			"displayName": cs.DisplayName, "provider": cs.Provider.String(), "resource": cs.Resource}
	}
	return rows
}

func workKey(kind string, id int) string { return fmt.Sprintf("%s %d", kind, id) }

// workEffect is a change of the work tables: rows created ("kind: fields",
// IDs aside), fields changed (by row key), rows deleted (keys).
type workEffect struct {
	Created []string
	Changed map[string]workRow
	Deleted []string
	// createdKeys are the keys of the created rows (not compared).
	createdKeys []string
}

func (e workEffect) String() string {
	return fmt.Sprintf("created %q, changed %v, deleted %q", e.Created, e.Changed, e.Deleted)
}

// workDiff is what changed from before to after.
func workDiff(before, after workRows) workEffect {
	var e workEffect
	for k, row := range after {
		old, ok := before[k]
		if !ok {
			kind, _, _ := strings.Cut(k, " ")
			e.Created = append(e.Created, kind+": "+row.String())
			e.createdKeys = append(e.createdKeys, k)
			continue
		}
		changed := workRow{}
		for field, v := range row {
			if old[field] != v {
				changed[field] = v
			}
		}
		if len(changed) > 0 {
			if e.Changed == nil {
				e.Changed = map[string]workRow{}
			}
			e.Changed[k] = changed
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			e.Deleted = append(e.Deleted, k)
		}
	}
	slices.Sort(e.Created)
	slices.Sort(e.Deleted)
	slices.Sort(e.createdKeys)
	return e
}

// workSameEffect compares two effects (createdKeys aside).
func workSameEffect(a, b workEffect) bool {
	norm := func(s []string) []string {
		s = slices.Clone(s)
		slices.Sort(s)
		return s
	}
	if !slices.Equal(norm(a.Created), norm(b.Created)) || !slices.Equal(norm(a.Deleted), norm(b.Deleted)) {
		return false
	}
	if len(a.Changed) != len(b.Changed) {
		return false
	}
	for k, row := range a.Changed {
		if b.Changed[k].String() != row.String() {
			return false
		}
	}
	return true
}

// workCreated renders an expected new row.
func workCreated(kind string, row workRow) string { return kind + ": " + row.String() }
