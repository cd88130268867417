package seed

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"orgraph/internal/auth"
)

type generator struct {
	shape        Shape
	now          time.Time
	passwordHash string
	tokens       map[int]string // user ID -> token
	tokenRows    [][]any
	memberID     int // the last membership ID written
}

// userOf is the user in slot k of organization o. Member lists are runs of
// consecutive users (user 0, the viewer, aside), so that every user is in
// about Orgs*50/Users organizations; the viewer takes one slot in
// ViewerOrgs organizations spread over the range.
func (g *generator) userOf(o, k int) int {
	if j, ok := g.viewerOrg(o); ok && k == g.viewerSlot(j) {
		return 0
	}
	return (o*MembersPerOrg+k)%(g.shape.Users-1) + 1
}

// viewerOrg reports whether the viewer is in organization o and which of
// their organizations it is.
func (g *generator) viewerOrg(o int) (int, bool) {
	step := g.shape.Orgs / g.shape.ViewerOrgs
	if o%step != 0 || o/step >= g.shape.ViewerOrgs {
		return 0, false
	}
	return o / step, true
}

// viewerSlot: the viewer is owner of 2 organizations, maintainer of 6,
// supervisor of 6 and worker in the rest.
func (g *generator) viewerSlot(j int) int {
	switch {
	case j < 2:
		return slotOwner
	case j < 8:
		return slotMaintainer
	case j < 14:
		return slotSupervisor
	default:
		return slotWorker
	}
}

func roleOf(k int) string {
	switch {
	case k == slotOwner:
		return "OWNER"
	case k < slotSupervisor:
		return "MAINTAINER"
	case k < slotWorker:
		return "SUPERVISOR"
	default:
		return "WORKER"
	}
}

func userID(u int) int { return startUsers + 1 + u }

func orgID(o int) int { return startOrganizations + 1 + o }

func slug(o int) string {
	return fmt.Sprintf("org%04d", o)
}

func username(u int) string {
	if u == 0 {
		return "viewer"
	}
	return fmt.Sprintf("user%05d", u)
}

// token issues (once per user) a bearer token, stored as its SHA-256 like
// Orgraph's own sign-in does.
func (g *generator) token(u int) string {
	if t, ok := g.tokens[u]; ok {
		return t
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	t := "ogt_" + base64.RawURLEncoding.EncodeToString(b)
	g.tokens[u] = t
	g.tokenRows = append(g.tokenRows, []any{
		startAuthTokens + 1 + len(g.tokenRows), auth.HashToken(t), g.now, g.now.Add(365 * 24 * time.Hour), userID(u),
	})
	return t
}

func account(u int, token string) Account {
	return Account{UserID: userID(u), Username: username(u), Token: token}
}

func (g *generator) run(w *writer) (*Fixture, error) {
	s := g.shape
	g.tokens = map[int]string{}
	g.memberID = startMemberships
	fx := &Fixture{}
	t := g.now

	users := make([][]any, s.Users)
	for u := range users {
		name := username(u)
		users[u] = []any{userID(u), t, t, name, name, name + "@example.com", g.passwordHash, "", "", "USER"}
	}
	if err := w.table("users", []string{"id", "created_at", "updated_at", "username", "username_key", "email", "password_hash", "first_name", "last_name", "group"}, users); err != nil {
		return nil, err
	}

	// Organizations in chunks (bounded memory at any scale), each with its
	// members, invitations and work; the small organization (5 members,
	// users 1-5, owned by user 1) is the last one.
	const orgsPerChunk = 500
	for o0 := 0; o0 <= s.Orgs; o0 += orgsPerChunk {
		if err := g.organizations(w, o0, min(o0+orgsPerChunk, s.Orgs+1)); err != nil {
			return nil, err
		}
		if err := g.work(w, o0, min(o0+orgsPerChunk, s.Orgs)); err != nil {
			return nil, err
		}
		if w.logf != nil && s.Orgs > 2*orgsPerChunk && o0%(5*orgsPerChunk) == 0 {
			w.logf("seeding: organizations %d-%d of %d written", o0, min(o0+orgsPerChunk, s.Orgs)-1, s.Orgs)
		}
	}
	small := s.Orgs

	// Accounts the workloads act as.
	fx.Viewer = account(0, g.token(0))
	for j := 0; j < s.ViewerOrgs; j++ {
		if g.viewerSlot(j) < slotSupervisor {
			fx.ViewerStaffOrgs = append(fx.ViewerStaffOrgs, slug(j*(s.Orgs/s.ViewerOrgs)))
		}
	}
	fx.SmallOrg = slug(small)
	fx.SmallOrgOwner = account(1, g.token(1))
	for o := 0; o < s.Orgs; o++ {
		u := g.userOf(o, slotOwner)
		fx.Owners = append(fx.Owners, OrgAccount{Account: account(u, g.token(u)), OrgID: orgID(o), OrgSlug: slug(o)})
	}
	for o := 0; o < s.Orgs && len(fx.Workers) < 200; o += max(1, s.Orgs/20) {
		for p := 0; p < min(10, s.ProjectsPerOrg); p++ {
			u := g.userOf(o, slotWorker+p)
			if u == 0 {
				continue
			}
			fx.Workers = append(fx.Workers, OrgAccount{Account: account(u, g.token(u)), OrgID: orgID(o), OrgSlug: slug(o)})
		}
	}
	if err := w.table("auth_tokens", []string{"id", "token_hash", "created_at", "expires_at", "user_id"}, g.tokenRows); err != nil {
		return nil, err
	}
	return fx, nil
}

// organizations writes organizations [o0, o1) with their members and
// pending invitations.
func (g *generator) organizations(w *writer, o0, o1 int) error {
	s, t := g.shape, g.now
	orgs := make([][]any, 0, o1-o0)
	members := make([][]any, 0, (o1-o0)*MembersPerOrg)
	invitations := make([][]any, 0, (o1-o0)*s.InvitationsPerOrg)
	for o := o0; o < o1; o++ {
		small := o == s.Orgs
		n := MembersPerOrg
		owner := g.userOf(o, slotOwner)
		if small {
			n, owner = 5, 1
		}
		desc := fmt.Sprintf("Organization %d annotates street scenes for a driving data set: cars, pedestrians, cyclists, traffic signs and lanes. Its members work in shifts; maintainers review every job before acceptance.", o)
		orgs = append(orgs, []any{orgID(o), t, t, slug(o), slug(o), fmt.Sprintf("Organization %d", o), desc,
			fmt.Sprintf("ops@org%04d.example.com", o), "+1 555-0100", "Berlin, Germany", userID(owner)})
		for k := 0; k < n; k++ {
			u := g.userOf(o, k)
			if small {
				u = 1 + k
			}
			var invitedBy any
			if k != slotOwner {
				invitedBy = userID(owner)
			}
			g.memberID++
			members = append(members, []any{g.memberID, roleOf(k), t.Add(time.Duration(k) * time.Minute), nil, orgID(o), userID(u), invitedBy})
		}
		for i := 0; i < s.InvitationsPerOrg; i++ {
			email := fmt.Sprintf("invitee%d.org%04d@example.org", i, o)
			key := make([]byte, 32)
			_, _ = rand.Read(key)
			h := sha256.Sum256(key)
			inviter := g.userOf(o, i%3)
			if small {
				inviter = owner
			}
			role := "WORKER"
			if i%2 == 1 {
				role = "SUPERVISOR"
			}
			invitations = append(invitations, []any{startInvitations + 1 + o*s.InvitationsPerOrg + i, email, role, "PENDING", email, h[:],
				t.Add(time.Duration(i) * time.Second), t, t.Add(7 * 24 * time.Hour), 1, nil, orgID(o), userID(inviter)})
		}
	}
	if err := w.table("organizations", []string{"id", "created_at", "updated_at", "slug", "slug_key", "name", "description", "contact_email", "contact_phone", "contact_location", "owner_id"}, orgs); err != nil {
		return err
	}
	if err := w.table("memberships", []string{"id", "role", "joined_at", "invitation_id", "organization_id", "user_id", "invited_by_id"}, members); err != nil {
		return err
	}
	return w.table("invitations", []string{"id", "email", "role", "status", "pending_email", "key_hash", "created_at", "sent_at", "expires_at", "send_count", "responded_at", "organization_id", "invited_by_id"}, invitations)
}

// work writes the work of organizations [o0, o1): projects are owned by
// staff and assigned to the first workers; tasks are owned by supervisors
// and assigned to workers; jobs are assigned to workers; every job has the
// same number of annotations (in the organizations that have them:
// Shape.AnnotationsEvery).
func (g *generator) work(w *writer, o0, o1 int) error {
	s, t := g.shape, g.now
	var projects, tasks, jobs [][]any
	stages := []string{"ANNOTATION", "VALIDATION", "ACCEPTANCE"}
	states := []string{"NEW", "IN_PROGRESS", "COMPLETED", "REJECTED"}
	tasksPerProject := s.TasksPerOrg / s.ProjectsPerOrg
	jobsPerTask := s.JobsPerOrg / s.TasksPerOrg
	for o := o0; o < o1; o++ {
		for p := 0; p < s.ProjectsPerOrg; p++ {
			projects = append(projects, []any{startProjects + 1 + o*s.ProjectsPerOrg + p, t, t, fmt.Sprintf("Project %d of org %d", p, o), orgID(o),
				userID(g.userOf(o, p%3)), userID(g.userOf(o, slotWorker+p%40))})
		}
		for k := 0; k < s.TasksPerOrg; k++ {
			p := min(k/tasksPerProject, s.ProjectsPerOrg-1)
			tasks = append(tasks, []any{startTasks + 1 + o*s.TasksPerOrg + k, t, t, fmt.Sprintf("Task %d of org %d", k, o), orgID(o),
				startProjects + 1 + o*s.ProjectsPerOrg + p, userID(g.userOf(o, slotSupervisor+k%7)), userID(g.userOf(o, slotWorker+k%40))})
		}
		for j := 0; j < s.JobsPerOrg; j++ {
			k := min(j/jobsPerTask, s.TasksPerOrg-1)
			jobs = append(jobs, []any{startJobs + 1 + o*s.JobsPerOrg + j, t, t, stages[j%3], states[j%4], orgID(o),
				startTasks + 1 + o*s.TasksPerOrg + k, userID(g.userOf(o, slotSupervisor+k%7)), userID(g.userOf(o, slotWorker+j%40))})
		}
	}
	if err := w.table("projects", []string{"id", "created_at", "updated_at", "name", "organization_id", "owner_id", "assignee_id"}, projects); err != nil {
		return err
	}
	if err := w.table("tasks", []string{"id", "created_at", "updated_at", "name", "organization_id", "project_id", "owner_id", "assignee_id"}, tasks); err != nil {
		return err
	}
	if err := w.table("jobs", []string{"id", "created_at", "updated_at", "stage", "state", "organization_id", "task_id", "owner_id", "assignee_id"}, jobs); err != nil {
		return err
	}
	projects, tasks, jobs = nil, nil, nil

	// Annotations, a hundred organizations at a time to bound memory.
	types := []string{"RECTANGLE", "POLYGON", "POLYLINE", "POINTS", "ELLIPSE", "CUBOID", "MASK", "SKELETON"}
	labels := []string{"car", "pedestrian", "cyclist", "traffic sign", "lane"}
	perJob := s.AnnotsPerOrg / s.JobsPerOrg
	const orgsPerChunk = 100
	for a0 := o0; a0 < o1; a0 += orgsPerChunk {
		var annots [][]any
		for o := a0; o < min(a0+orgsPerChunk, o1); o++ {
			if o%max(1, s.AnnotationsEvery) != 0 {
				continue
			}
			for a := 0; a < s.AnnotsPerOrg; a++ {
				j := min(a/perJob, s.JobsPerOrg-1)
				annots = append(annots, []any{startAnnotations + 1 + o*s.AnnotsPerOrg + a, labels[a%5], types[a%8], a % perJob,
					fmt.Sprintf("[%d.5, %d.25, %d, %d]", a%640, a%480, 10+a%100, 20+a%90), startJobs + 1 + o*s.JobsPerOrg + j, orgID(o)})
			}
		}
		if err := w.table("annotations", []string{"id", "label", "type", "frame", "points", "job_id", "organization_id"}, annots); err != nil {
			return err
		}
	}
	return nil
}
