package graph_test

// The fixture of cascade_test.go: organizations seeded with a given
// amount of work, and row-level comparisons of database snapshots.

import (
	"crypto/rand"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"orgraph/ent"
	"orgraph/ent/annotation"
	"orgraph/ent/cloudstorage"
	"orgraph/ent/job"
	"orgraph/ent/migrate"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// cascadeShape is how much work cascadeSeedOrg puts in an organization.
type cascadeShape struct {
	projects, tasksPerProject, looseTasks, jobsPerTask, annotationsPerJob, storages int
}

func cascadeRandomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func cascadeSeedUser(t *testing.T, s *testserver.Server, name string) *ent.User {
	t.Helper()
	return s.Client.User.Create().
		SetUsername(name).SetEmail(name + "@example.com").SetPasswordHash("x").
		SaveX(testserver.SystemCtx())
}

// cascadeSeedOrg creates an organization owned by owner (through the
// API, like a user would) and fills it directly: members with every role,
// one of them through an accepted invitation, invitations in every status
// with resends, projects, tasks (in projects and loose), jobs, annotations
// and cloud storages. The invitee email is invited too, so that the same
// email is pending in several organizations.
func cascadeSeedOrg(t *testing.T, s *testserver.Server, owner *testserver.User, slug string, members map[*ent.User]authz.Role, invitee string, sh cascadeShape) int {
	t.Helper()
	ctx := testserver.SystemCtx()
	c := s.Client
	orgID := createOrg(t, s, owner.Token, slug)
	now := time.Now().UTC().Truncate(time.Microsecond)

	// Members; the first (in ID order) joined through an accepted invitation.
	var memberIDs []int
	users := make([]*ent.User, 0, len(members))
	for u := range members {
		users = append(users, u)
	}
	sort.Slice(users, func(i, j int) bool { return users[i].ID < users[j].ID })
	for i, u := range users {
		mc := c.Membership.Create().SetUserID(u.ID).SetOrganizationID(orgID).SetRole(members[u]).SetInvitedByID(owner.ID)
		if i == 0 {
			inv := c.Invitation.Create().
				SetEmail(u.Email).SetRole(members[u]).SetStatus(authz.InvitationAccepted).
				SetKeyHash(cascadeRandomBytes(32)).SetOrganizationID(orgID).SetInvitedByID(owner.ID).
				SetExpiresAt(now.Add(7 * 24 * time.Hour)).SetRespondedAt(now).
				SaveX(ctx)
			mc.SetInvitationID(inv.ID)
		}
		memberIDs = append(memberIDs, mc.SaveX(ctx).UserID)
	}
	// Invitations in every status; the pending ones resent.
	for i, st := range []authz.InvitationStatus{
		authz.InvitationPending, authz.InvitationPending, authz.InvitationDeclined,
		authz.InvitationRevoked, authz.InvitationExpired,
	} {
		email := fmt.Sprintf("guest%d-%s@example.com", i, strings.ToLower(slug))
		if i == 0 {
			email = invitee
		}
		ic := c.Invitation.Create().
			SetEmail(email).SetRole(authz.RoleWorker).SetStatus(st).
			SetKeyHash(cascadeRandomBytes(32)).SetOrganizationID(orgID).SetInvitedByID(owner.ID).
			SetExpiresAt(now.Add(7 * 24 * time.Hour))
		if st == authz.InvitationPending {
			ic.SetPendingEmail(email).SetSendCount(3)
		}
		inv := ic.SaveX(ctx)
		if st == authz.InvitationPending || st == authz.InvitationExpired {
			for range 2 {
				c.InvitationEmail.Create().SetOrganizationID(orgID).SetEmail(email).SetSenderID(owner.ID).
					SetInvitationID(inv.ID).SetResend(true).ExecX(ctx)
			}
		}
	}
	cascadeSeedWork(t, s, &orgID, append([]int{owner.ID}, memberIDs...), sh)
	return orgID
}

// cascadeSeedWork creates projects, tasks, jobs, annotations and cloud
// storages in an organization (orgID) or in the personal workspace of
// users[0] (nil).
// Owners and assignees rotate through users.
func cascadeSeedWork(t *testing.T, s *testserver.Server, orgID *int, users []int, sh cascadeShape) {
	t.Helper()
	ctx := testserver.SystemCtx()
	c := s.Client
	user := func(i int) int {
		if orgID == nil {
			return users[0]
		}
		return users[i%len(users)]
	}
	var taskIDs []int
	for p := range sh.projects {
		pc := c.Project.Create().SetNillableOrganizationID(orgID).SetOwnerID(user(p)).SetName(fmt.Sprintf("project %d", p))
		if p%2 == 0 {
			pc.SetAssigneeID(user(p + 1))
		}
		pr := pc.SaveX(ctx)
		for k := range sh.tasksPerProject {
			taskIDs = append(taskIDs, c.Task.Create().SetNillableOrganizationID(orgID).SetProjectID(pr.ID).
				SetOwnerID(user(k)).SetAssigneeID(user(k+2)).SetName(fmt.Sprintf("task %d.%d", p, k)).SaveX(ctx).ID)
		}
	}
	for k := range sh.looseTasks {
		taskIDs = append(taskIDs, c.Task.Create().SetNillableOrganizationID(orgID).
			SetOwnerID(user(k)).SetName(fmt.Sprintf("loose task %d", k)).SaveX(ctx).ID)
	}
	var jobIDs []int
	for i, tid := range taskIDs {
		for k := range sh.jobsPerTask {
			jc := c.Job.Create().SetNillableOrganizationID(orgID).SetTaskID(tid).SetOwnerID(user(i)).
				SetStage(job.StageVALIDATION).SetState(job.StateIN_PROGRESS)
			if k%2 == 1 {
				jc.SetAssigneeID(user(i + k))
			}
			jobIDs = append(jobIDs, jc.SaveX(ctx).ID)
		}
	}
	var batch []*ent.AnnotationCreate
	flush := func() {
		if len(batch) > 0 {
			c.Annotation.CreateBulk(batch...).ExecX(ctx)
			batch = batch[:0]
		}
	}
	for _, jid := range jobIDs {
		for f := range sh.annotationsPerJob {
			batch = append(batch, c.Annotation.Create().SetJobID(jid).SetNillableOrganizationID(orgID).SetLabel("car").
				SetType(annotation.TypePOLYGON).SetFrame(f).SetPoints([]float64{float64(f), 1.5, 2, 3.25}))
			if len(batch) == 1000 {
				flush()
			}
		}
	}
	flush()
	for k := range sh.storages {
		c.CloudStorage.Create().SetNillableOrganizationID(orgID).SetOwnerID(user(k)).
			SetDisplayName(fmt.Sprintf("bucket %d", k)).SetProvider(cloudstorage.ProviderAWS_S3).
			SetResource(fmt.Sprintf("s3://bucket-%d", k)).ExecX(ctx)
	}
}

// cascadeRowsOf returns, per table, the IDs of the rows that belong to the
// organization: the organization itself and, following every foreign key
// of the schema from child to parent, any row that refers to a row that
// belongs to it (memberships, invitations and work by organization_id;
// annotations through their job).
func cascadeRowsOf(dump testserver.Snapshot, orgID int) map[string]map[string]bool {
	belongs := map[string]map[string]bool{}
	for _, tbl := range migrate.Tables {
		belongs[tbl.Name] = map[string]bool{}
	}
	belongs[migrate.OrganizationsTable.Name][strconv.Itoa(orgID)] = true
	// The audit log has no foreign key (its system entries outlive their
	// organization): its rows belong by organization_id.
	for _, row := range dump[migrate.AuditLogTable.Name] {
		if row["organization_id"] == strconv.Itoa(orgID) {
			belongs[migrate.AuditLogTable.Name][row["id"]] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, tbl := range migrate.Tables {
			for _, fk := range tbl.ForeignKeys {
				col, parent := fk.Columns[0].Name, fk.RefTable.Name
				for _, row := range dump[tbl.Name] {
					if belongs[parent][row[col]] && !belongs[tbl.Name][row["id"]] {
						belongs[tbl.Name][row["id"]] = true
						changed = true
					}
				}
			}
		}
	}
	return belongs
}

// cascadeWithout is dump less the rows in drop.
func cascadeWithout(dump testserver.Snapshot, drop map[string]map[string]bool) testserver.Snapshot {
	out := testserver.Snapshot{}
	for name, rows := range dump {
		out[name] = map[int64]testserver.Row{}
		for id, row := range rows {
			if !drop[name][row["id"]] {
				out[name][id] = row
			}
		}
	}
	return out
}

// cascadeSame fails unless got holds exactly the rows of want, value for
// value.
func cascadeSame(t *testing.T, what string, want, got testserver.Snapshot) {
	t.Helper()
	if d := want.Diff(got); len(d) > 0 {
		t.Errorf("%s: the database differs from the expected rows:\n%s", what, strings.Join(d, "\n"))
	}
}

// cascadeFixture seeds the database of the cascade tests: organizations A
// (removed) and B (kept) of the same shape sharing members and an invited
// email, and personal work of several users, among them members of A.
type cascadeFixture struct {
	s          *testserver.Server
	ownerA     *testserver.User
	ownerB     *testserver.User
	orgA, orgB int
}

func newCascadeFixture(t *testing.T, sh cascadeShape) *cascadeFixture {
	t.Helper()
	s := testserver.New(t)
	ownerA := s.CreateUser("ownera", authz.GroupUser)
	ownerB := s.CreateUser("ownerb", authz.GroupUser)
	worker, super, maint := cascadeSeedUser(t, s, "worker"), cascadeSeedUser(t, s, "super"), cascadeSeedUser(t, s, "maint")
	onlyA, onlyB, outsider := cascadeSeedUser(t, s, "onlya"), cascadeSeedUser(t, s, "onlyb"), cascadeSeedUser(t, s, "outsider")
	const invitee = "newcomer@example.com"
	orgA := cascadeSeedOrg(t, s, ownerA, "org-a", map[*ent.User]authz.Role{
		worker: authz.RoleWorker, super: authz.RoleSupervisor, maint: authz.RoleMaintainer, onlyA: authz.RoleWorker,
	}, invitee, sh)
	orgB := cascadeSeedOrg(t, s, ownerB, "org-b", map[*ent.User]authz.Role{
		worker: authz.RoleSupervisor, super: authz.RoleWorker, maint: authz.RoleMaintainer, onlyB: authz.RoleWorker,
	}, invitee, sh)
	// Personal workspaces: the owner of A, members of A, an outsider.
	personal := cascadeShape{projects: 1, tasksPerProject: 1, looseTasks: 1, jobsPerTask: 2, annotationsPerJob: 25, storages: 1}
	for _, uid := range []int{ownerA.ID, worker.ID, onlyA.ID, outsider.ID} {
		cascadeSeedWork(t, s, nil, []int{uid}, personal)
	}
	return &cascadeFixture{s: s, ownerA: ownerA, ownerB: ownerB, orgA: orgA, orgB: orgB}
}

func (f *cascadeFixture) deleteA() *testserver.Response {
	return f.s.Query(f.ownerA.Token, `mutation($id: ID!) { deleteOrganization(id: $id, confirmSlug: "org-a") }`,
		map[string]any{"id": strconv.Itoa(f.orgA)})
}
