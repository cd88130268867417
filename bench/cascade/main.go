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
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
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
