// Command cascade measures the removal of a large organization (the
// Organization delete hook of internal/hooks) against the floor: the same
// DELETE statements issued as plain SQL in one transaction.
//
//	cd bench && go run ./cascade -db sqlite,mysql -annotations 10000,100000
//
// For each database and size it seeds a template database once: two
// organizations of the same shape (N annotations in 2,000 jobs, 200 tasks
// in 20 projects, 50 cloud storages, 20 members, 20 invitations with
// their sent-email records) and personal work. Each run copies the
// template into a fresh database (a new SQLite file; a new MariaDB
// database), then starts this program again as a child process that does
// nothing but open the database and remove one organization, either
//
//   - orgraph: a deleteOrganization request through Orgraph's real HTTP
//     handler as the owner (auth, one transaction, the lock and owner check,
//     privacy, the cascade hook), or
//   - floor: the cascade's DELETE statements through database/sql in one
//     transaction.
//
// The child reports the wall time of the removal, the bytes the Go runtime
// allocated during it, the peak of the Go heap and the peak resident set of
// the process during it (VmHWM, reset just before). The parent checks that
// the organization is gone and that the other one is intact.
//
// It is a command, not a test: `go test ./...` does not run it.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"

	"orgraph/ent"
	"orgraph/ent/annotation"
	"orgraph/ent/cloudstorage"
	"orgraph/ent/migrate"
	"orgraph/internal/auth"
	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/httpapi"
	"orgraph/internal/mail"
	"orgraph/internal/orgs"
	"orgraph/internal/policy"
	"orgraph/internal/sqlcount"
)

// Shape of each organization; annotations are spread over the jobs.
const (
	projects        = 20
	tasksPerProject = 10
	jobsPerTask     = 10 // 2,000 jobs
	storages        = 50
	members         = 20
	invitations     = 20
)

// floorStatements are the statements of the cascade (internal/hooks,
// deleteChildren) and of the organization's own DELETE exactly as ent
// issues them (run with -v to see ent's text), less the identifier quotes.
var floorStatements = []string{
	"DELETE FROM annotations WHERE annotations.organization_id IN (?)",
	"DELETE FROM jobs WHERE jobs.organization_id IN (?)",
	"DELETE FROM tasks WHERE tasks.organization_id IN (?)",
	"DELETE FROM projects WHERE projects.organization_id IN (?)",
	"DELETE FROM cloud_storages WHERE cloud_storages.organization_id IN (?)",
	"DELETE FROM memberships WHERE memberships.organization_id IN (?)",
	"DELETE FROM invitations WHERE invitations.organization_id IN (?)",
	"UPDATE invitation_emails SET organization_id = 0, email = '' WHERE invitation_emails.organization_id IN (?)",
	"DELETE FROM organizations WHERE organizations.id = ?",
}

// indexedStatements were the same deletes with the invitation resends found
// through the organization's invitations. Resends are now rows of
// invitation_emails, which carry their organization_id (indexed; they are
// detached, not deleted, for the email limits), so every statement is
// already one indexed condition and the variant equals the floor; it is
// kept so that runs stay comparable.
func indexedStatements(string) []string { return slices.Clone(floorStatements) }

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "cascade:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		dbs         = flag.String("db", "sqlite,mysql", "databases: sqlite, mysql, or both comma-separated")
		sizes       = flag.String("annotations", "10000,100000", "annotations per organization, comma-separated")
		runs        = flag.Int("runs", 5, "runs per variant (the median is reported)")
		mysqlURL    = flag.String("mysql-url", "mysql://root@127.0.0.1:3306/test", "MariaDB server (a database per run is created next to this one)")
		variantList = flag.String("variants", "orgraph,floor,indexed", "what to run: orgraph (the real removal), floor (its statements as plain SQL), indexed (index-friendly plain SQL)")
		survivor    = flag.Int("survivor", 0, "annotations of the organization that stays (default: as many as the removed one)")
		explain     = flag.Bool("explain", false, "print the query plans of the annotations DELETE (floor and indexed)")
		verbose     = flag.Bool("v", false, "print every run and the statements ent issues")
		child       = flag.String("child", "", "internal: run one removal (orgraph or floor) and print its measures")
		dbURL       = flag.String("url", "", "internal: database of the child")
		orgID       = flag.Int("org", 0, "internal: organization to remove")
		token       = flag.String("token", "", "internal: the owner's bearer token")
	)
	flag.Parse()
	if *child != "" {
		return runChild(*child, *dbURL, *orgID, *token, *verbose)
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 2000 {
			return fmt.Errorf("-annotations: %q is not a number of at least 2000", s)
		}
		ns = append(ns, n)
	}
	fmt.Printf("%s, %d cores (GOMAXPROCS %d), %s %s/%s, load average %s at the start\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"),
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH, loadAverage())
	var results []result
	for _, d := range strings.Split(*dbs, ",") {
		for _, n := range ns {
			sn := n
			if *survivor > 0 {
				sn = *survivor
			}
			r, err := benchmark(strings.TrimSpace(d), n, sn, *runs, *mysqlURL, strings.Split(*variantList, ","), *explain, *verbose)
			if err != nil {
				return err
			}
			results = append(results, r...)
		}
	}
	printTable(os.Stdout, results)
	fmt.Printf("\nload average %s at the end\n", loadAverage())
	return nil
}

// measure is what a child reports about one removal.
type measure struct {
	WallNS      int64 `json:"wall_ns"`
	Allocated   int64 `json:"allocated"`   // bytes allocated by Go during the removal
	HeapPeak    int64 `json:"heap_peak"`   // peak Go heap (live and not yet collected) during it
	HeapBefore  int64 `json:"heap_before"` // Go heap just before
	RSSPeakKB   int64 `json:"rss_peak_kb"` // VmHWM, reset just before the removal
	RSSBeforeKB int64 `json:"rss_before_kb"`
	Statements  int64 `json:"statements"`
}

type result struct {
	db, variant  string
	n, survivorN int
	runs         []measure
}

// median is the run of median wall time, with the worst memory figures
// of all runs.
func (r result) median() measure {
	ms := slices.Clone(r.runs)
	sort.Slice(ms, func(i, j int) bool { return ms[i].WallNS < ms[j].WallNS })
	med := ms[len(ms)/2]
	for _, m := range ms {
		med.Allocated = max(med.Allocated, m.Allocated)
		if m.HeapPeak-m.HeapBefore > med.HeapPeak-med.HeapBefore {
			med.HeapPeak, med.HeapBefore = m.HeapPeak, m.HeapBefore
		}
		if m.RSSPeakKB-m.RSSBeforeKB > med.RSSPeakKB-med.RSSBeforeKB {
			med.RSSPeakKB, med.RSSBeforeKB = m.RSSPeakKB, m.RSSBeforeKB
		}
	}
	return med
}

// fastest is the run of least wall time: the least disturbed by other
// work on the machine.
func (r result) fastest() measure {
	return slices.MinFunc(r.runs, func(a, b measure) int { return int(a.WallNS - b.WallNS) })
}

// target is one database of the benchmark: the template and its copies.
type target interface {
	url() string                   // the template's URL
	copy() (string, func(), error) // a fresh copy: its URL and cleanup
	settle() error                 // wait until the copy's writes reached the disk
	close()
}

func benchmark(kind string, n, survivorN, runs int, mysqlURL string, variants []string, explain, verbose bool) ([]result, error) {
	var (
		tg  target
		err error
	)
	switch kind {
	case "sqlite":
		tg, err = newSQLiteTarget()
	case "mysql", "mariadb":
		kind = "mysql"
		tg, err = newMySQLTarget(mysqlURL)
	default:
		return nil, fmt.Errorf("-db: unknown database %q", kind)
	}
	if err != nil {
		return nil, err
	}
	defer tg.close()
	start := time.Now()
	fx, err := seedTemplate(tg.url(), n, survivorN)
	if err != nil {
		return nil, fmt.Errorf("seeding %s: %w", kind, err)
	}
	seedTime := time.Since(start)
	if kind == "sqlite" {
		// The template was closed after seeding: no WAL left to copy.
		if err := checkpoint(tg.url()); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(os.Stderr, "%s, %d annotations removed, %d kept: seeded in %v\n", kind, n, survivorN, seedTime.Round(time.Millisecond))
	if explain {
		if err := explainPlans(tg.url(), fx.victim); err != nil {
			return nil, err
		}
	}
	var out []result
	for _, v := range variants {
		out = append(out, result{db: kind, variant: v, n: n, survivorN: survivorN})
	}
	for i := range runs {
		for v := range out {
			variant := out[(v+i)%len(out)].variant // rotate which variant goes first
			m, err := oneRun(tg, variant, fx, verbose)
			if err != nil {
				return nil, fmt.Errorf("%s %s run %d: %w", kind, variant, i+1, err)
			}
			if verbose {
				fmt.Fprintf(os.Stderr, "  %s run %d: %+v\n", variant, i+1, m)
			}
			for k := range out {
				if out[k].variant == variant {
					out[k].runs = append(out[k].runs, m)
				}
			}
		}
	}
	return out, nil
}

// explainPlans prints how the database runs the annotations DELETE of the
// cascade and of the indexed variant.
func explainPlans(u string, orgID int) error {
	db, err := database.Open(u)
	if err != nil {
		return err
	}
	defer db.Close()
	prefix := "EXPLAIN QUERY PLAN "
	if db.Dialect == dialect.MySQL {
		prefix = "EXPLAIN "
	}
	for _, q := range []string{floorStatements[0], indexedStatements(db.Dialect)[0]} {
		rows, err := db.SQL.Query(prefix+q, orgID)
		if err != nil {
			return fmt.Errorf("%s%s: %w", prefix, q, err)
		}
		cols, _ := rows.Columns()
		fmt.Fprintf(os.Stderr, "  %s%s\n    %s\n", prefix, q, strings.Join(cols, " | "))
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			var line []string
			for _, v := range vals {
				line = append(line, v.String)
			}
			fmt.Fprintf(os.Stderr, "    %s\n", strings.Join(line, " | "))
		}
		rows.Close()
	}
	return nil
}

// fixture names what the seed created.
type fixture struct {
	victim, survivor int
	token            string
	n, survivorN     int // annotations of each
}

func oneRun(tg target, variant string, fx fixture, verbose bool) (measure, error) {
	u, cleanup, err := tg.copy()
	if err != nil {
		return measure{}, err
	}
	defer cleanup()
	if err := tg.settle(); err != nil {
		return measure{}, err
	}
	self, err := os.Executable()
	if err != nil {
		return measure{}, err
	}
	args := []string{"-child", variant, "-url", u, "-org", strconv.Itoa(fx.victim), "-token", fx.token}
	if verbose {
		args = append(args, "-v")
	}
	cmd := exec.Command(self, args...)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		return measure{}, fmt.Errorf("child: %w", err)
	}
	var m measure
	if err := json.Unmarshal(raw, &m); err != nil {
		return measure{}, fmt.Errorf("child said %q: %w", raw, err)
	}
	return m, verifyRemoval(u, fx)
}

// verifyRemoval checks that the victim is gone, entirely, and that the
// survivor still holds all of its work.
func verifyRemoval(u string, fx fixture) error {
	db, err := database.Open(u)
	if err != nil {
		return err
	}
	defer db.Close()
	count := func(q string, args ...any) (int, error) {
		var n int
		err := db.SQL.QueryRow(q, args...).Scan(&n)
		return n, err
	}
	checks := []struct {
		what string
		q    string
		org  int
		want int
	}{
		{"victim organization", "SELECT COUNT(*) FROM organizations WHERE id = ?", fx.victim, 0},
		{"victim annotations", "SELECT COUNT(*) FROM annotations a JOIN jobs j ON j.id = a.job_id WHERE j.organization_id = ?", fx.victim, 0},
		{"all annotations", "SELECT COUNT(*) FROM annotations WHERE job_id > ?", 0, fx.survivorN + personalAnnotations},
		{"survivor annotations", "SELECT COUNT(*) FROM annotations a JOIN jobs j ON j.id = a.job_id WHERE j.organization_id = ?", fx.survivor, fx.survivorN},
		{"survivor jobs", "SELECT COUNT(*) FROM jobs WHERE organization_id = ?", fx.survivor, projects * tasksPerProject * jobsPerTask},
		{"survivor members", "SELECT COUNT(*) FROM memberships WHERE organization_id = ?", fx.survivor, members + 1},
		{"survivor invitations", "SELECT COUNT(*) FROM invitations WHERE organization_id = ?", fx.survivor, invitations},
		{"survivor storages", "SELECT COUNT(*) FROM cloud_storages WHERE organization_id = ?", fx.survivor, storages},
	}
	for _, c := range checks {
		got, err := count(c.q, c.org)
		if err != nil {
			return fmt.Errorf("%s: %w", c.what, err)
		}
		if got != c.want {
			return fmt.Errorf("after the removal: %s = %d, want %d", c.what, got, c.want)
		}
	}
	return nil
}

// personalAnnotations is the personal work seeded next to the
// organizations.
const personalAnnotations = 1000

// seedTemplate fills an empty database: the victim and the survivor, each
// with n annotations in 2,000 jobs, and personal work of the victim's
// owner.
func seedTemplate(u string, n, survivorN int) (fixture, error) {
	db, err := database.Open(u)
	if err != nil {
		return fixture{}, err
	}
	defer db.Close()
	ctx := policy.WithSystem(context.Background())
	c := db.Client()
	if err := database.Migrate(ctx, c); err != nil {
		return fixture{}, err
	}
	tok := "ogt_bench_" + hex.EncodeToString(randomBytes(16))
	fx := fixture{token: tok, n: n, survivorN: survivorN}
	tx, err := c.Tx(ctx)
	if err != nil {
		return fixture{}, err
	}
	seedOrg := func(slug string, n int) (orgID, ownerID int, err error) {
		owner, err := tx.User.Create().SetUsername(slug + "-owner").SetEmail(slug + "-owner@example.com").SetPasswordHash("x").Save(ctx)
		if err != nil {
			return 0, 0, err
		}
		org, err := tx.Organization.Create().SetSlug(slug).SetName(slug).SetOwnerID(owner.ID).Save(ctx)
		if err != nil {
			return 0, 0, err
		}
		if err := tx.Membership.Create().SetUserID(owner.ID).SetOrganizationID(org.ID).SetRole(authz.RoleOwner).Exec(ctx); err != nil {
			return 0, 0, err
		}
		users := []int{owner.ID}
		for i := range members {
			name := fmt.Sprintf("%s-member%02d", slug, i)
			u, err := tx.User.Create().SetUsername(name).SetEmail(name + "@example.com").SetPasswordHash("x").Save(ctx)
			if err != nil {
				return 0, 0, err
			}
			if err := tx.Membership.Create().SetUserID(u.ID).SetOrganizationID(org.ID).SetRole(authz.RoleWorker).SetInvitedByID(owner.ID).Exec(ctx); err != nil {
				return 0, 0, err
			}
			users = append(users, u.ID)
		}
		now := time.Now().UTC()
		for i := range invitations {
			email := fmt.Sprintf("guest%02d-%s@example.com", i, slug)
			inv, err := tx.Invitation.Create().SetEmail(email).SetPendingEmail(email).SetRole(authz.RoleWorker).
				SetKeyHash(randomBytes(32)).SetOrganizationID(org.ID).SetInvitedByID(owner.ID).
				SetExpiresAt(now.Add(7 * 24 * time.Hour)).Save(ctx)
			if err != nil {
				return 0, 0, err
			}
			if err := tx.InvitationEmail.Create().SetOrganizationID(org.ID).SetEmail(email).SetSenderID(owner.ID).SetInvitationID(inv.ID).SetResend(false).Exec(ctx); err != nil {
				return 0, 0, err
			}
		}
		err = seedWork(ctx, tx, &org.ID, users, projects, tasksPerProject, jobsPerTask, n/(projects*tasksPerProject*jobsPerTask), storages)
		return org.ID, owner.ID, err
	}
	var owner int
	if fx.victim, owner, err = seedOrg("victim", n); err != nil {
		return fixture{}, rollback(tx, err)
	}
	if fx.survivor, _, err = seedOrg("survivor", survivorN); err != nil {
		return fixture{}, rollback(tx, err)
	}
	// Personal work of the victim's owner: 1 project, 10 tasks, 10 jobs.
	if err := seedWork(ctx, tx, nil, []int{owner}, 1, 10, 1, personalAnnotations/10, 5); err != nil {
		return fixture{}, rollback(tx, err)
	}
	if err := tx.AuthToken.Create().SetUserID(owner).SetTokenHash(auth.HashToken(tok)).
		SetExpiresAt(time.Now().Add(24 * time.Hour)).Exec(ctx); err != nil {
		return fixture{}, rollback(tx, err)
	}
	return fx, tx.Commit()
}

func rollback(tx *ent.Tx, err error) error { return errors.Join(err, tx.Rollback()) }

func seedWork(ctx context.Context, tx *ent.Tx, orgID *int, users []int, nProjects, nTasks, nJobs, nAnnotations, nStorages int) error {
	user := func(i int) int { return users[i%len(users)] }
	var taskIDs []int
	for p := range nProjects {
		pr, err := tx.Project.Create().SetNillableOrganizationID(orgID).SetOwnerID(user(p)).SetName(fmt.Sprintf("project %d", p)).Save(ctx)
		if err != nil {
			return err
		}
		var tcs []*ent.TaskCreate
		for k := range nTasks {
			tcs = append(tcs, tx.Task.Create().SetNillableOrganizationID(orgID).SetProjectID(pr.ID).
				SetOwnerID(user(k)).SetName(fmt.Sprintf("task %d.%d", p, k)))
		}
		ts, err := tx.Task.CreateBulk(tcs...).Save(ctx)
		if err != nil {
			return err
		}
		for _, t := range ts {
			taskIDs = append(taskIDs, t.ID)
		}
	}
	var jcs []*ent.JobCreate
	for i, tid := range taskIDs {
		for k := range nJobs {
			jc := tx.Job.Create().SetNillableOrganizationID(orgID).SetTaskID(tid).SetOwnerID(user(i))
			if k == 0 {
				jc.SetAssigneeID(user(i + 1))
			}
			jcs = append(jcs, jc)
		}
	}
	var jobIDs []int
	for chunk := range slices.Chunk(jcs, 500) {
		js, err := tx.Job.CreateBulk(chunk...).Save(ctx)
		if err != nil {
			return err
		}
		for _, j := range js {
			jobIDs = append(jobIDs, j.ID)
		}
	}
	batch := make([]*ent.AnnotationCreate, 0, 1000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := tx.Annotation.CreateBulk(batch...).Exec(ctx)
		batch = batch[:0]
		return err
	}
	for _, jid := range jobIDs {
		for f := range nAnnotations {
			batch = append(batch, tx.Annotation.Create().SetJobID(jid).SetNillableOrganizationID(orgID).SetLabel("car").
				SetType(annotation.TypePOLYGON).SetFrame(f).
				SetPoints([]float64{float64(f), 10.5, 20.25, 30, 40.75, 50, 60.5, 70}))
			if len(batch) == cap(batch) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	for k := range nStorages {
		if err := tx.CloudStorage.Create().SetNillableOrganizationID(orgID).SetOwnerID(user(k)).
			SetDisplayName(fmt.Sprintf("bucket %d", k)).SetProvider(cloudstorage.ProviderGOOGLE_CLOUD_STORAGE).
			SetResource(fmt.Sprintf("gs://bucket-%d", k)).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// checkpoint opens and closes a SQLite database so that its WAL is folded
// into the main file.
func checkpoint(u string) error {
	db, err := database.Open(u)
	if err != nil {
		return err
	}
	if _, err := db.SQL.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return err
	}
	return db.Close()
}

// SQLite: a temporary file, as production's default is a file.
type sqliteTarget struct {
	dir string
	n   atomic.Int64
}

func newSQLiteTarget() (*sqliteTarget, error) {
	dir, err := os.MkdirTemp("", "orgraph-bench-")
	return &sqliteTarget{dir: dir}, err
}

func (s *sqliteTarget) url() string { return "sqlite://" + filepath.Join(s.dir, "template.db") }

func (s *sqliteTarget) copy() (string, func(), error) {
	path := filepath.Join(s.dir, fmt.Sprintf("run%d.db", s.n.Add(1)))
	src, err := os.ReadFile(filepath.Join(s.dir, "template.db"))
	if err != nil {
		return "", nil, err
	}
	if err := os.WriteFile(path, src, 0o600); err != nil {
		return "", nil, err
	}
	return "sqlite://" + path, func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}, nil
}

func (s *sqliteTarget) close() { os.RemoveAll(s.dir) }

func (s *sqliteTarget) settle() error {
	syscall.Sync()
	return nil
}

// MariaDB: a template database, copied table by table (parents first)
// into a fresh database per run.
type mysqlTarget struct {
	base   *url.URL
	admin  *database.DB
	prefix string
	n      int
}

func newMySQLTarget(raw string) (*mysqlTarget, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	admin, err := database.Open(raw)
	if err != nil {
		return nil, err
	}
	m := &mysqlTarget{base: u, admin: admin, prefix: "orgbench_" + hex.EncodeToString(randomBytes(4))}
	if err := m.create(m.prefix + "_tmpl"); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *mysqlTarget) create(name string) error {
	_, err := m.admin.SQL.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	return err
}

func (m *mysqlTarget) urlOf(name string) string {
	u := *m.base
	u.Path = "/" + name
	return u.String()
}

func (m *mysqlTarget) url() string { return m.urlOf(m.prefix + "_tmpl") }

func (m *mysqlTarget) copy() (string, func(), error) {
	m.n++
	name := fmt.Sprintf("%s_run%d", m.prefix, m.n)
	drop := func() { _, _ = m.admin.SQL.Exec("DROP DATABASE IF EXISTS " + name) }
	if err := m.create(name); err != nil {
		return "", nil, err
	}
	u := m.urlOf(name)
	db, err := database.Open(u)
	if err != nil {
		drop()
		return "", nil, err
	}
	defer db.Close()
	if err := database.Migrate(context.Background(), db.Client()); err != nil {
		drop()
		return "", nil, err
	}
	for _, t := range parentsFirst() {
		if _, err := db.SQL.Exec(fmt.Sprintf("INSERT INTO %s.%s SELECT * FROM %s_tmpl.%s ORDER BY id", name, t, m.prefix, t)); err != nil {
			drop()
			return "", nil, fmt.Errorf("copying %s: %w", t, err)
		}
	}
	// Fresh statistics, as a long-lived database would have.
	for _, t := range parentsFirst() {
		if _, err := db.SQL.Exec("ANALYZE TABLE " + t); err != nil {
			drop()
			return "", nil, err
		}
	}
	return u, drop, nil
}

// settle waits (up to 5 s) until InnoDB has purged what earlier runs
// deleted, so that a run does not pay for the previous one's background
// work.
func (m *mysqlTarget) settle() error {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var history int
		if err := m.admin.SQL.QueryRow("SELECT COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'trx_rseg_history_len'").Scan(&history); err != nil {
			return err
		}
		if history < 100 {
			break
		}
	}
	syscall.Sync()
	return nil
}

func (m *mysqlTarget) close() {
	_, _ = m.admin.SQL.Exec("DROP DATABASE IF EXISTS " + m.prefix + "_tmpl")
	m.admin.Close()
}

// parentsFirst orders the schema's tables so that every table comes after
// the tables its foreign keys point at.
func parentsFirst() []string {
	var out []string
	done := map[string]bool{}
	var visit func(t *schema.Table)
	visit = func(t *schema.Table) {
		if done[t.Name] {
			return
		}
		done[t.Name] = true
		for _, fk := range t.ForeignKeys {
			visit(fk.RefTable)
		}
		out = append(out, t.Name)
	}
	for _, t := range migrate.Tables {
		visit(t)
	}
	return out
}

// runChild removes the organization once and prints its measures as JSON.
func runChild(variant, u string, orgID int, token string, verbose bool) error {
	db, err := database.Open(u)
	if err != nil {
		return err
	}
	defer db.Close()
	var remove func() error
	// statements counts the removal's statements: ent's through the
	// recorder (less those of the warm-up), the floor's by hand.
	statements := &sqlcount.Recorder{CountOnly: true}
	var warmUpStatements, floorStatementsRun int64
	switch variant {
	case "orgraph":
		h, err := orgraphHandler(db, statements, verbose)
		if err != nil {
			return err
		}
		post := func(query string, vars map[string]any) (string, error) {
			body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
			req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
				return "", fmt.Errorf("%d %s", rec.Code, rec.Body.String())
			}
			return rec.Body.String(), nil
		}
		// Warm up: a connection, the token lookup, gqlgen's caches.
		if _, err := post(`{ me { id } }`, nil); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
		warmUpStatements = statements.Count()
		remove = func() error {
			_, err := post(`mutation($id: ID!) { deleteOrganization(id: $id, confirmSlug: "victim") }`, map[string]any{"id": strconv.Itoa(orgID)})
			return err
		}
	case "floor", "indexed":
		// Warm up as the orgraph variant does: a connection, and the
		// database engine's code paths (for the in-process SQLite, its
		// code pages) through a read of the organization.
		var slug string
		if err := db.SQL.QueryRow("SELECT slug FROM organizations WHERE id = ?", orgID).Scan(&slug); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
		stmts := floorStatements
		if variant == "indexed" {
			stmts = indexedStatements(db.Dialect)
		}
		remove = func() error {
			tx, err := db.SQL.Begin()
			if err != nil {
				return err
			}
			for _, q := range stmts {
				floorStatementsRun++
				start := time.Now()
				if _, err := tx.Exec(q, orgID); err != nil {
					return errors.Join(fmt.Errorf("%s: %w", q, err), tx.Rollback())
				}
				if verbose {
					fmt.Fprintf(os.Stderr, "    sql %7.1f ms: %s\n", float64(time.Since(start).Microseconds())/1000, q)
				}
			}
			start := time.Now()
			defer func() {
				if verbose {
					fmt.Fprintf(os.Stderr, "    sql %7.1f ms: COMMIT\n", float64(time.Since(start).Microseconds())/1000)
				}
			}()
			return tx.Commit()
		}
	default:
		return fmt.Errorf("-child: unknown variant %q", variant)
	}

	runtime.GC()
	debug.FreeOSMemory()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	resetPeakRSS()
	m := measure{HeapBefore: int64(heapObjects()), RSSBeforeKB: procStatus("VmRSS")}
	stop := make(chan struct{})
	peak := make(chan int64)
	go func() { // sample the Go heap every millisecond
		var top uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			top = max(top, heapObjects())
			select {
			case <-stop:
				peak <- int64(top)
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	err = remove()
	m.WallNS = time.Since(start).Nanoseconds()
	close(stop)
	m.HeapPeak = <-peak
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	m.Allocated = int64(after.TotalAlloc - before.TotalAlloc)
	m.RSSPeakKB = procStatus("VmHWM")
	m.Statements = statements.Count() - warmUpStatements + floorStatementsRun
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(m)
}

// orgraphHandler builds Orgraph's HTTP handler as the server does
// (internal/app), on a statement-counting driver.
func orgraphHandler(db *database.DB, statements *sqlcount.Recorder, verbose bool) (http.Handler, error) {
	cfg, err := config.Load("orgraph", nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		return nil, err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if verbose {
		statements.Trace = func(query string, took time.Duration) {
			fmt.Fprintf(os.Stderr, "    ent %7.1f ms: %s\n", float64(took.Microseconds())/1000, query)
		}
	}
	client := ent.NewClient(ent.Driver(sqlcount.Wrap(db.Driver, statements)))
	authService, err := auth.NewService(client, cfg.TokenTTL, logger)
	if err != nil {
		return nil, err
	}
	mailer, err := mail.New("", cfg.MailFrom, logger)
	if err != nil {
		return nil, err
	}
	orgService := orgs.NewService(client, db.Dialect, mailer, cfg.PublicURL, cfg.InvitationTTL)
	return httpapi.New(httpapi.Deps{Config: cfg, Client: client, Dialect: db.Dialect, SQL: db.SQL, Auth: authService, Orgs: orgService, Logger: logger}), nil
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

// heapObjects is the Go heap in use by objects, live or not yet collected.
func heapObjects() uint64 {
	metrics.Read(heapSample)
	return heapSample[0].Value.Uint64()
}

// resetPeakRSS restarts VmHWM from the current resident set (Linux).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatus reads a kB field of /proc/self/status (0 where there is none).
func procStatus(field string) int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

func printTable(w io.Writer, results []result) {
	fmt.Fprintln(w, "| database | annotations removed / kept | variant | wall median | wall min | runs (ms) | median / floor | min / floor | statements | Go allocated | Go heap growth | peak RSS (before) |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
	key := func(r result) string { return fmt.Sprint(r.db, r.n, r.survivorN) }
	floors := map[string]result{}
	for _, r := range results {
		if r.variant == "floor" {
			floors[key(r)] = r
		}
	}
	for _, r := range results {
		m, low := r.median(), r.fastest()
		var walls []string
		for _, x := range r.runs {
			walls = append(walls, fmt.Sprintf("%.0f", float64(x.WallNS)/1e6))
		}
		ratio, ratioMin := "-", "-"
		if f, ok := floors[key(r)]; ok {
			ratio = fmt.Sprintf("%.2f", float64(m.WallNS)/float64(f.median().WallNS))
			ratioMin = fmt.Sprintf("%.2f", float64(low.WallNS)/float64(f.fastest().WallNS))
		}
		fmt.Fprintf(w, "| %s | %d / %d | %s | %.0f ms | %.0f ms | %s | %s | %s | %d | %s | %s | %s (%s) |\n",
			r.db, r.n, r.survivorN, r.variant, float64(m.WallNS)/1e6, float64(low.WallNS)/1e6, strings.Join(walls, ", "),
			ratio, ratioMin, m.Statements,
			kib(m.Allocated), kib(m.HeapPeak-m.HeapBefore), mib(m.RSSPeakKB*1024), mib(m.RSSBeforeKB*1024))
	}
}

func kib(b int64) string { return fmt.Sprintf("%d KiB", (b+512)/1024) }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(raw))[:3], " ")
}
