// Package seed fills an Orgraph database with the benchmark's data set
// quickly: rows are written with multi-row INSERT statements in large
// transactions, never through GraphQL or one ent call per row.
//
// The shape (defaults of Shape): 10,000 users; 1,000 organizations of 50
// members each (1 owner, 2 maintainers, 7 supervisors, 40 workers) with 5
// pending invitations each; a user named "viewer" who belongs to 20
// organizations in various roles; per organization 10 projects, 50 tasks,
// 200 jobs and 2,000 annotations. Everything is deterministic except the
// bearer tokens and invitation keys, which are random.
package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"entgo.io/ent/dialect"

	"orgraph/internal/auth"
	"orgraph/internal/database"
)

// Shape is how much data to make.
type Shape struct {
	Users, Orgs, InvitationsPerOrg, ViewerOrgs            int
	ProjectsPerOrg, TasksPerOrg, JobsPerOrg, AnnotsPerOrg int
	// AnnotationsEvery: only organizations o with o % AnnotationsEvery == 0
	// have annotations (0 or 1: all of them).
	AnnotationsEvery int `json:",omitempty"`
	// Scale is the factor Scaled applied (0 or 1: none).
	Scale int `json:",omitempty"`
}

// Scaled is n times the shape: n times the users and organizations (so n
// times the memberships, invitations, projects, tasks and jobs: every
// organization keeps its members and its work, and every user is in as
// many organizations as before), the viewer still in ViewerOrgs
// organizations, and the same number of annotations in all (those of one
// organization in n): no workload reads annotations, and n times 2,000
// per organization would make seeding 10x take most of an hour.
func (s Shape) Scaled(n int) Shape {
	if n <= 1 {
		return s
	}
	s.Users *= n
	s.Orgs *= n
	s.AnnotationsEvery = n
	s.Scale = n
	return s
}

// MembersPerOrg is fixed by the role mix: 1 owner, 2 maintainers, 7
// supervisors, 40 workers.
const MembersPerOrg = 50

// Member slots inside an organization, by role.
const (
	slotOwner      = 0
	slotMaintainer = 1  // 1-2
	slotSupervisor = 3  // 3-9
	slotWorker     = 10 // 10-49
)

// DefaultShape is the benchmark's data set.
func DefaultShape() Shape {
	return Shape{
		Users: 10000, Orgs: 1000, InvitationsPerOrg: 5, ViewerOrgs: 20,
		ProjectsPerOrg: 10, TasksPerOrg: 50, JobsPerOrg: 200, AnnotsPerOrg: 2000,
	}
}

// SmallShape is a quick data set of the same proportions, for tests.
func SmallShape() Shape {
	return Shape{
		Users: 300, Orgs: 24, InvitationsPerOrg: 5, ViewerOrgs: 20,
		ProjectsPerOrg: 2, TasksPerOrg: 6, JobsPerOrg: 24, AnnotsPerOrg: 48,
	}
}

func (s Shape) validate() error {
	switch {
	case s.Users <= MembersPerOrg || s.Orgs < 1:
		return fmt.Errorf("seed: need more than %d users and at least one organization", MembersPerOrg)
	case s.ViewerOrgs > s.Orgs:
		return fmt.Errorf("seed: the viewer cannot be in more organizations than exist")
	case s.ProjectsPerOrg < 1 || s.TasksPerOrg < s.ProjectsPerOrg || s.JobsPerOrg < s.TasksPerOrg || s.AnnotsPerOrg < s.JobsPerOrg:
		return fmt.Errorf("seed: want projects <= tasks <= jobs <= annotations per organization")
	}
	return nil
}

// First IDs of each table (ent's sql/globalid ranges, ent/internal/globalid.go).
const (
	startAuthTokens    = 0
	startInvitations   = 8589934592
	startMemberships   = 17179869184
	startOrganizations = 21474836480
	startAnnotations   = 25769803776
	startJobs          = 34359738368
	startProjects      = 38654705664
	startTasks         = 42949672960
	startUsers         = 4294967296
)

// Fixture is what the workloads need to know about the seeded data.
type Fixture struct {
	Dialect string `json:"dialect"`
	Shape   Shape  `json:"shape"`
	// Viewer is the user in ViewerOrgs organizations.
	Viewer Account `json:"viewer"`
	// ViewerStaffOrgs are the slugs of the organizations where the viewer
	// is owner or maintainer: they see members' emails and invitations.
	ViewerStaffOrgs []string `json:"viewerStaffOrgs"`
	// SmallOrg is an extra organization of 5 members, owned by
	// SmallOrgOwner (for the statements-per-request check: 5 members vs
	// 50). The viewer is not in it.
	SmallOrg      string  `json:"smallOrg"`
	SmallOrgOwner Account `json:"smallOrgOwner"`
	// Owners: the owner of each organization, with a token (inviteMember).
	Owners []OrgAccount `json:"owners"`
	// Workers: workers assigned a project, with the organization they see
	// their jobs in.
	Workers []OrgAccount `json:"workers"`
	// Seconds the seeding took.
	Seconds float64 `json:"seconds"`
	Rows    int64   `json:"rows"`
}

// Account is a user with a bearer token.
type Account struct {
	UserID   int    `json:"userID"`
	Username string `json:"username"`
	Token    string `json:"token"`
}

// OrgAccount is an account acting in one organization.
type OrgAccount struct {
	Account
	OrgID   int    `json:"orgID"`
	OrgSlug string `json:"orgSlug"`
}

// WriteFile saves the fixture as JSON.
func (f *Fixture) WriteFile(path string) error {
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// ReadFixture loads a fixture saved by WriteFile.
func ReadFixture(path string) (*Fixture, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := &Fixture{}
	return f, json.Unmarshal(b, f)
}

// Password is the password of every seeded user.
const Password = "benchmark password"

// Seed migrates the (empty) database at dbURL and fills it.
func Seed(ctx context.Context, dbURL string, shape Shape, logf func(string, ...any)) (*Fixture, error) {
	if err := shape.validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	db, err := database.OpenMigrated(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	w := &writer{ctx: ctx, conn: conn, dialect: db.Dialect, logf: logf}
	if db.Dialect == dialect.MySQL {
		// Parents are always written before children, so the checks would
		// pass; skipping them during the bulk load only saves time. They
		// are switched on again below, on this same connection.
		if _, err := conn.ExecContext(ctx, "SET SESSION foreign_key_checks = 0, SESSION unique_checks = 0"); err != nil {
			return nil, err
		}
	}
	g := &generator{shape: shape, now: time.Now().UTC().Truncate(time.Microsecond), passwordHash: hash}
	fx, err := g.run(w)
	if err != nil {
		return nil, err
	}
	w.done()
	if db.Dialect == dialect.MySQL {
		if _, err := conn.ExecContext(ctx, "SET SESSION foreign_key_checks = 1, SESSION unique_checks = 1"); err != nil {
			return nil, err
		}
		// Fresh statistics for the optimizer after the bulk load.
		for _, t := range []string{"users", "organizations", "memberships", "invitations", "projects", "tasks", "jobs", "annotations", "auth_tokens"} {
			if _, err := conn.ExecContext(ctx, "ANALYZE TABLE "+t); err != nil {
				return nil, err
			}
		}
	} else if _, err := conn.ExecContext(ctx, "ANALYZE"); err != nil {
		return nil, err
	}
	fx.Dialect = db.Dialect
	fx.Shape = shape
	fx.Rows = w.rows
	fx.Seconds = time.Since(start).Seconds()
	return fx, nil
}

// OwnerOf is the owner of the organization orgID (an empty account if it
// is not one of Owners).
func (f *Fixture) OwnerOf(orgID int) OrgAccount {
	for _, o := range f.Owners {
		if o.OrgID == orgID {
			return o
		}
	}
	return OrgAccount{}
}
