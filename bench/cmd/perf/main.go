// Command perf is Orgraph's benchmark: it seeds a database, builds and
// starts Orgraph and the raw-SQL floor as real server processes, runs every
// workload at each client count several times, and writes the table of
// medians (with the ratio Orgraph/floor, SQL statements per request and
// peak memory) into docs/PERFORMANCE.md.
//
//	cd bench && go run ./cmd/perf -db mysql
//
// Run it from the bench module's directory (bench/, next to the product's
// module root, which it builds). See docs/PERFORMANCE.md for the flags used
// for profiling.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"orgraph/bench/floor"
	"orgraph/bench/loadgen"
	"orgraph/bench/proc"
	"orgraph/bench/seed"
	"orgraph/bench/workloads"
	"orgraph/internal/database"
)

type options struct {
	db, mysqlURL           string
	duration, warmup       time.Duration
	runs                   int
	clients                []int
	only                   map[string]bool
	out, workDir, pprofDir string
	reuse, small           bool
	serverEnv              []string
	orgraphBin             string
	scale, vsScale         int
	instructions           bool
}

func main() {
	log.SetFlags(log.Ltime)
	var o options
	var clients, only string
	flag.StringVar(&o.db, "db", "mysql", "database: mysql or sqlite")
	flag.StringVar(&o.mysqlURL, "mysql-url", "mysql://root@127.0.0.1:3306/orgraph_bench", "MariaDB/MySQL database to (re)create and use with -db mysql")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "measured time of one run")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "warm-up before each run (not measured)")
	flag.IntVar(&o.runs, "runs", 3, "runs per workload and client count (the report shows medians)")
	flag.StringVar(&clients, "clients", "16,64", "comma-separated numbers of concurrent clients")
	flag.StringVar(&only, "only", "", "comma-separated workloads to run (Q1,Q2,Q3,M1); empty: all")
	flag.StringVar(&o.out, "out", "../docs/PERFORMANCE.md", "report file (the part between its perf markers is replaced); empty: none")
	flag.StringVar(&o.workDir, "workdir", filepath.Join(os.TempDir(), "orgraph-bench"), "where binaries, logs, the SQLite file and the fixture go")
	flag.StringVar(&o.pprofDir, "pprof", "", "if set, profile Orgraph (CPU and allocations) during the first run of each workload and write the profiles here")
	flag.BoolVar(&o.reuse, "reuse", false, "reuse the database seeded by an earlier run (its fixture in -workdir) instead of seeding again")
	flag.BoolVar(&o.small, "small", false, "seed the small data set (a quick check of the command, not a benchmark)")
	flag.StringVar(&o.orgraphBin, "orgraph-bin", "", "run this Orgraph binary instead of building the work tree's (to compare two builds)")
	flag.IntVar(&o.scale, "scale", 1, "seed and measure N times the standard data (10: 100,000 users, 10,000 organizations, 500,000 memberships)")
	flag.IntVar(&o.vsScale, "vs-scale", 0, "also run Q1, Q2 and Q3 on the data of -scale and on N times it, alternately, and report the ratio (0: no)")
	serverEnv := flag.String("server-env", "", "comma-separated NAME=VALUE pairs added to Orgraph's environment (experiments, e.g. GOGC=200)")
	flag.Parse()
	if *serverEnv != "" {
		o.serverEnv = strings.Split(*serverEnv, ",")
	}
	for _, c := range strings.Split(clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			log.Fatalf("-clients: bad number %q", c)
		}
		o.clients = append(o.clients, n)
	}
	if only != "" {
		o.only = map[string]bool{}
		for _, w := range strings.Split(only, ",") {
			o.only[strings.ToUpper(strings.TrimSpace(w))] = true
		}
	}
	if o.scale < 1 || o.vsScale < 0 {
		log.Fatal("-scale wants N >= 1, -vs-scale N >= 0")
	}
	if _, err := os.Stat(filepath.Join(proc.ProductRoot, "go.mod")); err != nil || !isDir("cmd/floor") {
		log.Fatal("run perf from the bench module's directory (bench/, inside the product's module root)")
	}
	if err := run(context.Background(), o); err != nil {
		log.Fatal(err)
	}
}

// minBufferPool is the InnoDB buffer pool a run needs: the standard data
// and ten times it fit, as on a server sized for its data
// (proc.EnsureBufferPool).
const minBufferPool = 2 << 30

func run(ctx context.Context, o options) error {
	if err := os.MkdirAll(o.workDir, 0o755); err != nil {
		return err
	}
	bufferPool := ""
	if o.db == "mysql" {
		was, restore, err := proc.EnsureBufferPool(proc.ServerURL(o.mysqlURL), minBufferPool)
		if err != nil {
			return fmt.Errorf("sizing the InnoDB buffer pool: %w", err)
		}
		defer restore()
		now := max(was, minBufferPool)
		bufferPool = fmt.Sprintf("InnoDB buffer pool %d MiB", now>>20)
		if was < minBufferPool {
			log.Printf("InnoDB buffer pool: %d MiB -> %d MiB for this run (put back at the end)", was>>20, now>>20)
			bufferPool += fmt.Sprintf(", raised from %d MiB for the run", was>>20)
		}
	}
	dbURL, fx, dbVersion, err := prepare(ctx, o, o.scale)
	if err != nil {
		return err
	}
	log.Printf("database %s (%s), %d rows, seeded in %.1f s", database.Redact(dbURL), dbVersion, fx.Rows, fx.Seconds)

	bins, err := build(o.workDir)
	if err != nil {
		return err
	}
	if o.orgraphBin != "" {
		bins.orgraph = o.orgraphBin
	}
	if o.instructions = instructionsCounted(); !o.instructions {
		log.Printf("perf stat -e instructions does not count here: the report gives allocations per request only")
	}

	var selected []workloads.Workload
	for _, w := range workloads.All(fx) {
		if o.only == nil || o.only[w.Name] {
			selected = append(selected, w)
		}
	}

	log.Printf("counting SQL statements per request (in-process handler over a counting driver)")
	counts, floorCounts, err := countStatements(ctx, dbURL, fx, o.db == "mysql")
	if err != nil {
		return err
	}
	for i, c := range counts {
		f := floorCounts[i]
		log.Printf("  %-28s %3d statements, MariaDB read %s (rows / page accesses); floor %d, %s", c.Label, c.N, c.Read, f.N, f.Read)
	}
	if err := crossCheck(ctx, bins, dbURL, fx, o.workDir); err != nil {
		return err
	}
	log.Printf("allocations per request (%d requests in process, one at a time)", costRequests)
	costs, err := measureAllocs(ctx, dbURL, selected)
	if err != nil {
		return err
	}

	rep := &report{
		Date: time.Now().UTC(), DB: o.db, DBVersion: dbVersion, BufferPool: bufferPool, Cores: runtime.NumCPU(), CPU: proc.CPUModel(),
		GoVersion: runtime.Version(), Opts: o, Fixture: fx, Counts: counts, FloorCounts: floorCounts, Allocs: costs,
	}
	for _, w := range selected {
		ts := []target{{"Orgraph", bins.orgraph, dbURL, w}, {"floor", bins.floor, dbURL, w}}
		runs, peaks, err := runTargets(ctx, o, ts)
		if err != nil {
			return err
		}
		wr := workloadResult{Name: w.Name, Title: w.Title, OrgraphPeakKB: peaks[0], FloorPeakKB: peaks[1]}
		for ci, c := range o.clients {
			wr.Clients = append(wr.Clients, clientResult{Clients: c, Orgraph: runs[0][ci], Floor: runs[1][ci]})
		}
		rep.Workloads = append(rep.Workloads, wr)
	}
	if o.vsScale > 1 {
		// The M1 runs above wrote rows into the 1x data that the 10x data
		// does not have.
		if err := resetRunRows(dbURL); err != nil {
			return err
		}
		if rep.Scale, err = runScale(ctx, o, bins, dbURL, fx, counts); err != nil {
			return err
		}
	}
	fmt.Println()
	fmt.Println(rep.markdown())
	if o.out != "" {
		if err := rep.writeInto(o.out); err != nil {
			return err
		}
		log.Printf("report written to %s", o.out)
	}
	return nil
}

// prepare returns the database URL and fixture of scale times the
// standard data (-small: of the small data set): seeded now, or reused.
// Each scale has its own database (the -mysql-url name, with the suffix
// _xN beyond 1) and fixture file, so that -reuse keeps them all.
func prepare(ctx context.Context, o options, scale int) (dbURL string, fx *seed.Fixture, version string, err error) {
	suffix := ""
	if scale > 1 {
		suffix = fmt.Sprintf("_x%d", scale)
	}
	if o.small {
		suffix += "_small"
	}
	fixturePath := filepath.Join(o.workDir, "fixture-"+o.db+suffix+".json")
	mysqlURL := strings.TrimRight(o.mysqlURL, "/") + suffix
	if dbURL, err = proc.DatabaseURL(o.db, mysqlURL, filepath.Join(o.workDir, "bench"+suffix+".db")); err != nil {
		return "", nil, "", err
	}
	version, err = proc.DBVersion(dbURL)
	if err != nil && o.db == "mysql" {
		// The database may not exist yet: ask the server itself.
		version, _ = proc.DBVersion(proc.ServerURL(dbURL))
	}
	if o.reuse {
		if fx, err = seed.ReadFixture(fixturePath); err == nil {
			log.Printf("reusing the database seeded earlier (%s)", fixturePath)
			return dbURL, fx, version, resetRunRows(dbURL)
		}
		log.Printf("nothing to reuse (%v): seeding", err)
	}
	if err := proc.Recreate(dbURL); err != nil {
		return "", nil, "", err
	}
	shape := seed.DefaultShape()
	if o.small {
		shape = seed.SmallShape()
	}
	log.Printf("seeding %s (scale %d)", database.Redact(dbURL), scale)
	fx, err = seed.Seed(ctx, dbURL, shape.Scaled(scale), log.Printf)
	if err != nil {
		return "", nil, "", err
	}
	log.Printf("seeded %d rows in %.1f s", fx.Rows, fx.Seconds)
	if version == "" {
		version, _ = proc.DBVersion(dbURL)
	}
	return dbURL, fx, version, fx.WriteFile(fixturePath)
}

type binaries struct{ orgraph, floor string }

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// build compiles Orgraph and the floor into dir, so that each runs as a
// process of its own (its own CPU time and memory). Orgraph is built in
// its own module (its go.mod alone decides its dependencies), the floor in
// this one.
func build(dir string) (binaries, error) {
	b := binaries{orgraph: filepath.Join(dir, "orgraph"), floor: filepath.Join(dir, "floor")}
	for _, x := range [][3]string{{proc.ProductRoot, b.orgraph, "."}, {".", b.floor, "./cmd/floor"}} {
		log.Printf("(cd %s && go build -o %s %s)", x[0], x[1], x[2])
		if err := proc.RunIn(x[0], "go", "build", "-o", x[1], x[2]); err != nil {
			return b, err
		}
	}
	return b, nil
}

// target is one server process measured on a workload: Orgraph or the
// floor, on one database.
type target struct {
	name, bin, dbURL string
	w                workloads.Workload
}

// runTargets starts a fresh server process for each target and runs its
// workload at every client count, the targets alternating run by run. It
// returns the runs per target and client count, and each process's peak
// memory.
func runTargets(ctx context.Context, o options, ts []target) (runs [][][]measured, peakKB []int, err error) {
	var pprofAddr string
	if o.pprofDir != "" {
		pprofAddr = proc.FreeAddr()
	}
	servers := make([]*proc.Server, len(ts))
	for i, t := range ts {
		env := []string{"DATABASE_URL=" + t.dbURL, "INVITER_EMAILS_PER_DAY=" + inviterCap}
		if strings.HasPrefix(t.name, "floor") {
			servers[i], err = proc.Start(t.bin, []string{"-database-url", t.dbURL}, env, logPath(o, t, i))
		} else {
			if i == 0 { // the one profiled
				env = append(env, "PPROF_ADDR="+pprofAddr)
			}
			servers[i], err = proc.Start(t.bin, nil, append(env, o.serverEnv...), logPath(o, t, i))
		}
		if err != nil {
			return nil, nil, err
		}
		defer servers[i].Stop()
	}
	dbPID := 0
	if o.db == "mysql" {
		dbPID = proc.DBServerPID(ts[0].dbURL)
	}
	runs = make([][][]measured, len(ts))
	for ci, c := range o.clients {
		hc := loadgen.NewClient(c)
		cfg := loadgen.Config{Concurrency: c, Warmup: o.warmup, Duration: o.duration}
		for i := range ts {
			runs[i] = append(runs[i], nil)
		}
		for r := 0; r < o.runs; r++ {
			for i, t := range ts {
				var prof *profiler
				if o.pprofDir != "" && i == 0 && ci == 0 && r == 0 {
					prof = startProfile(pprofAddr, o.pprofDir, t.w.Name, o.warmup, o.duration)
				}
				m := measure(ctx, o, cfg, hc, t.w.Do(servers[i].URL), servers[i].PID(), dbPID)
				if prof != nil {
					if err := prof.finish(); err != nil {
						log.Printf("profiling: %v", err)
					}
				}
				log.Printf("%s c=%-3d run %d %-12s %s  cpu/req: server %.2f ms, db %.2f ms", t.w.Name, c, r+1, t.name, m, m.ServerCPU, m.DBCPU)
				if m.FirstError != "" {
					log.Printf("   first error: %.300s", m.FirstError)
				}
				runs[i][ci] = append(runs[i][ci], m)
			}
		}
		hc.CloseIdleConnections()
	}
	for _, s := range servers {
		peakKB = append(peakKB, s.PeakKB())
	}
	return runs, peakKB, nil
}

func logPath(o options, t target, i int) string {
	return filepath.Join(o.workDir, fmt.Sprintf("%s-%d-%s.log", t.w.Name, i, strings.Fields(t.name)[0]))
}

// measured is a run with the CPU time the server process and the database
// server spent per request during it (ms; the warm-up included in the
// interval, the request count being that of the measured window scaled to
// the whole interval), and the instructions they executed per request
// where the machine counts them (0 otherwise).
type measured struct {
	loadgen.Result
	ServerCPU, DBCPU     float64
	ServerInstr, DBInstr float64
}

func measure(ctx context.Context, o options, cfg loadgen.Config, hc *http.Client, do loadgen.Request, serverPID, dbPID int) measured {
	stopServer, stopDB := func() int64 { return 0 }, func() int64 { return 0 }
	if o.instructions {
		stopServer, stopDB = proc.CountInstructions(serverPID), proc.CountInstructions(dbPID)
	}
	s0, d0 := proc.CPUTicks(serverPID), proc.CPUTicks(dbPID)
	t0 := time.Now()
	r := loadgen.Run(ctx, cfg, hc, do)
	elapsed := time.Since(t0)
	s1, d1 := proc.CPUTicks(serverPID), proc.CPUTicks(dbPID)
	si, di := stopServer(), stopDB()
	m := measured{Result: r}
	if reqs := r.RPS * elapsed.Seconds(); reqs > 0 {
		m.ServerCPU = float64(s1-s0) * 10 / reqs
		m.ServerInstr = float64(si) / reqs
		if dbPID > 0 {
			m.DBCPU = float64(d1-d0) * 10 / reqs
			m.DBInstr = float64(di) / reqs
		}
	}
	return m
}

// measuredEmails are the addresses the measurements invite: M1's pairs,
// the cross-check's and the statement count's (never the seed's
// example.com and example.org).
const measuredEmails = "(email LIKE 'm1-%@example.net' OR email LIKE 'check-%@example.net' OR email LIKE 'perf-statements-%@example.net')"

// resetRunRows takes the database back to the seeded data: the
// invitations that measurements wrote (revoked by the thousands in each M1
// run), their email records and audit entries, and mail_outbox (emails left
// waiting would be sent by the next Orgraph process, on the time of the run
// that measures it). Left in place, they made every later run read more:
// the organization page scans its invitations, the invite counts its
// sender's emails of the day, and a reused 1x database ended up heavier
// than a freshly seeded 10x one.
func resetRunRows(dbURL string) error {
	db, _, err := floor.Open(dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range []string{
		"DELETE FROM invitation_emails WHERE " + measuredEmails,
		"DELETE FROM audit_log WHERE target_type = 'invitation' AND target_id IN (SELECT id FROM invitations WHERE " + measuredEmails + ")",
		"DELETE FROM invitations WHERE " + measuredEmails + " AND id NOT IN (SELECT invitation_id FROM memberships WHERE invitation_id IS NOT NULL)",
		"DELETE FROM mail_outbox",
	} {
		res, err := db.Exec(q)
		if err != nil {
			return fmt.Errorf("resetting the measured rows: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			log.Printf("removed %d rows written by measurements: %.60s", n, q)
		}
	}
	return nil
}
