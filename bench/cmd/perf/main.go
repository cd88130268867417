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
	if _, err := os.Stat(filepath.Join(proc.ProductRoot, "go.mod")); err != nil || !isDir("cmd/floor") {
		log.Fatal("run perf from the bench module's directory (bench/, inside the product's module root)")
	}
	if err := run(context.Background(), o); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, o options) error {
	if err := os.MkdirAll(o.workDir, 0o755); err != nil {
		return err
	}
	dbURL, fx, dbVersion, err := prepare(ctx, o)
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

	all := workloads.All(fx)
	var selected []workloads.Workload
	for _, w := range all {
		if o.only == nil || o.only[w.Name] {
			selected = append(selected, w)
		}
	}

	log.Printf("counting SQL statements per request (in-process handler over a counting driver)")
	counts, err := countStatements(ctx, dbURL, fx, o.db == "mysql")
	if err != nil {
		return err
	}
	for _, c := range counts {
		log.Printf("  %-28s %3d statements", c.Label, c.N)
	}

	if err := crossCheck(ctx, bins, dbURL, fx, o.workDir); err != nil {
		return err
	}

	rep := &report{
		Date: time.Now().UTC(), DB: o.db, DBVersion: dbVersion, Cores: runtime.NumCPU(), CPU: cpuModel(),
		GoVersion: runtime.Version(), Opts: o, Fixture: fx, Counts: counts,
	}
	for _, w := range selected {
		wr, err := runWorkload(ctx, o, bins, dbURL, w)
		if err != nil {
			return err
		}
		rep.Workloads = append(rep.Workloads, wr)
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

// prepare returns the database URL and fixture: seeded now, or reused.
func prepare(ctx context.Context, o options) (dbURL string, fx *seed.Fixture, version string, err error) {
	fixturePath := filepath.Join(o.workDir, "fixture-"+o.db+".json")
	if dbURL, err = proc.DatabaseURL(o.db, o.mysqlURL, filepath.Join(o.workDir, "bench.db")); err != nil {
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
			return dbURL, fx, version, nil
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
	log.Printf("seeding %s", database.Redact(dbURL))
	fx, err = seed.Seed(ctx, dbURL, shape, log.Printf)
	if err != nil {
		return "", nil, "", err
	}
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

// runWorkload starts fresh server processes for w and runs it at every
// client count, alternating Orgraph and floor runs.
func runWorkload(ctx context.Context, o options, bins binaries, dbURL string, w workloads.Workload) (workloadResult, error) {
	res := workloadResult{Name: w.Name, Title: w.Title, Floor: w.Floor}
	var pprofAddr string
	if o.pprofDir != "" {
		pprofAddr = proc.FreeAddr()
	}
	// M1 has each seeded owner invite many fresh addresses within minutes:
	// the per-inviter daily email cap (default 100) is lifted, as an
	// operator would for a bulk import; the other limits do not apply to it.
	env := []string{"DATABASE_URL=" + dbURL, "PPROF_ADDR=" + pprofAddr, "INVITER_EMAILS_PER_DAY=100000000"}
	og, err := proc.Start(bins.orgraph, nil, append(env, o.serverEnv...), filepath.Join(o.workDir, "orgraph-"+w.Name+".log"))
	if err != nil {
		return res, err
	}
	defer og.Stop()
	var fl *proc.Server
	if w.Floor {
		if fl, err = proc.Start(bins.floor, []string{"-database-url", dbURL}, nil, filepath.Join(o.workDir, "floor-"+w.Name+".log")); err != nil {
			return res, err
		}
		defer fl.Stop()
	}
	dbPID := 0
	if o.db == "mysql" {
		dbPID = proc.DBServerPID()
	}
	for ci, c := range o.clients {
		cr := clientResult{Clients: c}
		hc := loadgen.NewClient(c)
		cfg := loadgen.Config{Concurrency: c, Warmup: o.warmup, Duration: o.duration}
		for r := 0; r < o.runs; r++ {
			var prof *profiler
			if o.pprofDir != "" && ci == 0 && r == 0 {
				prof = startProfile(pprofAddr, o.pprofDir, w.Name, o.warmup, o.duration)
			}
			or := measure(ctx, cfg, hc, w.Do(og.URL), og.PID(), dbPID)
			if prof != nil {
				if err := prof.finish(); err != nil {
					log.Printf("profiling: %v", err)
				}
			}
			log.Printf("%s c=%-3d run %d orgraph %s  cpu/req: server %.2f ms, db %.2f ms", w.Name, c, r+1, or, or.ServerCPU, or.DBCPU)
			if or.FirstError != "" {
				log.Printf("   first error: %.300s", or.FirstError)
			}
			cr.Orgraph = append(cr.Orgraph, or)
			if fl != nil {
				fr := measure(ctx, cfg, hc, w.Do(fl.URL), fl.PID(), dbPID)
				log.Printf("%s c=%-3d run %d floor   %s  cpu/req: server %.2f ms, db %.2f ms", w.Name, c, r+1, fr, fr.ServerCPU, fr.DBCPU)
				if fr.FirstError != "" {
					log.Printf("   first error: %.300s", fr.FirstError)
				}
				cr.Floor = append(cr.Floor, fr)
			}
		}
		hc.CloseIdleConnections()
		res.Clients = append(res.Clients, cr)
	}
	res.OrgraphPeakKB = og.PeakKB()
	if fl != nil {
		res.FloorPeakKB = fl.PeakKB()
	}
	return res, nil
}

// measured is a run with the CPU time the server process and the database
// server spent per request during it (ms; the warm-up included in the
// interval, the request count being that of the measured window scaled to
// the whole interval).
type measured struct {
	loadgen.Result
	ServerCPU, DBCPU float64
}

func measure(ctx context.Context, cfg loadgen.Config, hc *http.Client, do loadgen.Request, serverPID, dbPID int) measured {
	s0, d0 := proc.CPUTicks(serverPID), proc.CPUTicks(dbPID)
	t0 := time.Now()
	r := loadgen.Run(ctx, cfg, hc, do)
	elapsed := time.Since(t0)
	s1, d1 := proc.CPUTicks(serverPID), proc.CPUTicks(dbPID)
	m := measured{Result: r}
	if reqs := r.RPS * elapsed.Seconds(); reqs > 0 {
		m.ServerCPU = float64(s1-s0) * 10 / reqs
		if dbPID > 0 {
			m.DBCPU = float64(d1-d0) * 10 / reqs
		}
	}
	return m
}
