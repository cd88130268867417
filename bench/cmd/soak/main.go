// Command soak runs a mixed workload of organization workflows on two
// Orgraph replicas sharing one MariaDB database for a bounded time, restarts
// the database once and cuts the SMTP server once in the middle, waits for
// the mail outbox to drain, and reports requests and errors inside and
// outside the fault windows, emails expected, delivered and duplicated, and
// RULES.md §6's invariants checked in SQL (docs/RELIABILITY.md, between its
// soak markers).
//
//	cd bench && go run ./cmd/soak              # 10 minutes
//	cd bench && go run ./cmd/soak -duration 3m
//
// It starts its own MariaDB server (mariadb-install-db and mariadbd, on a
// free loopback port and a data directory under -workdir), so restarting it
// disturbs no other database; -mysql-url uses an existing server instead,
// without the restart.
package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"orgraph/bench/loadgen"
	"orgraph/bench/proc"
	"orgraph/internal/database"
)

type options struct {
	duration, think, smtpCut, dbDown, grace, drain time.Duration
	clients                                        int
	mysqlURL, workDir, out, orgraphBin             string
}

func main() {
	log.SetFlags(log.Ltime)
	var o options
	flag.DurationVar(&o.duration, "duration", 10*time.Minute, "how long the workload runs")
	flag.IntVar(&o.clients, "clients", 3, "concurrent clients (teams), each with one request in flight")
	flag.DurationVar(&o.think, "think", 50*time.Millisecond, "pause of a client between its requests")
	flag.DurationVar(&o.smtpCut, "smtp-cut", 30*time.Second, "how long the SMTP server is cut (closes connections, then answers 421)")
	flag.DurationVar(&o.dbDown, "db-down", 3*time.Second, "how long the database stays stopped before it starts again")
	flag.DurationVar(&o.grace, "grace", 2*time.Second, "requests up to this long after a fault ended still count as inside its window")
	flag.DurationVar(&o.drain, "drain", 3*time.Minute, "longest wait for the mail outbox to drain at the end (a row whose worker lost the database mid-send waits out its 2-minute lease)")
	flag.StringVar(&o.mysqlURL, "mysql-url", "", "use this existing database (recreated) instead of starting a MariaDB server; then the database is not restarted")
	flag.StringVar(&o.workDir, "workdir", filepath.Join(os.TempDir(), "orgraph-soak"), "where the binary, the logs and the MariaDB data go")
	flag.StringVar(&o.out, "out", "../docs/RELIABILITY.md", "report file (the part between its soak markers is replaced); empty: none")
	flag.StringVar(&o.orgraphBin, "orgraph-bin", "", "run this Orgraph binary instead of building the work tree's")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, o options) error {
	if err := os.MkdirAll(o.workDir, 0o755); err != nil {
		return err
	}
	rep := &report{Duration: o.duration, Grace: o.grace, Clients: o.clients, Cores: runtime.NumCPU(), LoadBefore: loadAverage()}
	dbURL := o.mysqlURL
	var maria *mariaDB
	if dbURL == "" {
		var err error
		if maria, err = installMariaDB(filepath.Join(o.workDir, "mariadb")); err != nil {
			return err
		}
		if err := maria.Start(); err != nil {
			return err
		}
		defer maria.Stop()
		if err := createDatabase(proc.ServerURL(maria.URL())); err != nil {
			return err
		}
		dbURL, rep.OwnServer = maria.URL(), true
	} else if err := proc.Recreate(dbURL); err != nil {
		return err
	}
	var err error
	if rep.Database, err = proc.DBVersion(dbURL); err != nil {
		return err
	}
	db, err := database.Open(dbURL)
	if err != nil {
		return err
	}
	defer db.Close()

	k, err := startSink()
	if err != nil {
		return err
	}
	defer k.Close()
	bin := o.orgraphBin
	if bin == "" {
		bin = filepath.Join(o.workDir, "orgraph")
		if err := proc.BuildOrgraph(bin); err != nil {
			return err
		}
	}
	env := []string{"DATABASE_URL=" + dbURL, "SMTP_URL=smtp://" + k.Addr, "PUBLIC_URL=http://soak.example",
		"MAIL_RETRY_DELAY=1s", "MAIL_POLL_INTERVAL=1s", "INVITER_EMAILS_PER_DAY=1000000", "DATABASE_WAIT=2m"}
	var urls []string
	for i := range 2 { // one after the other: the first migrates (docs/SCALING.md)
		s, err := proc.Start(bin, nil, env, filepath.Join(o.workDir, "replica"+string(rune('1'+i))+".log"))
		if err != nil {
			return err
		}
		defer s.Stop()
		urls = append(urls, s.URL)
	}
	log.Printf("%s; replicas %v; SMTP sink %s", rep.Database, urls, k.Addr)

	r := newRunner(urls, loadgen.NewClient(o.clients))
	rep.Date = time.Now().UTC()
	until := rep.Date.Add(o.duration)
	teams := make([]*team, o.clients)
	var wg sync.WaitGroup
	for i := range teams {
		teams[i] = newTeam(i+1, r, k, uint64(rep.Date.UnixNano()))
		wg.Add(1)
		go func() { defer wg.Done(); teams[i].run(ctx, until, o.think) }()
	}
	rep.Windows = append(rep.Windows, cutSMTP(k, rep.Date.Add(o.duration/4), o.smtpCut))
	if maria != nil {
		w, ready, err := restartDatabase(maria, urls, rep.Date.Add(o.duration*11/20), o.dbDown)
		if err != nil {
			return err
		}
		rep.Windows, rep.ReadyAgain = append(rep.Windows, w), ready
	}
	wg.Wait()
	log.Printf("workload done: %d requests; waiting for the outbox to drain", len(r.requests))

	if rep.Outbox, rep.DrainWait, err = drain(ctx, db.SQL, o.drain); err != nil {
		return err
	}
	rep.Drained = rep.Outbox["pending"]+rep.Outbox["sending"] == 0
	var removed []string
	for _, t := range teams {
		removed = append(removed, t.removed...)
		rep.Abandoned += t.abandoned
		rep.OrgsAlive += len(t.orgs)
	}
	if rep.Invariants, err = checkInvariants(ctx, db.SQL, removed); err != nil {
		return err
	}
	r.mu.Lock()
	rep.Requests = tallyRequests(r.requests, rep.Windows, o.grace)
	rep.ByOperation = byOperation(r.requests)
	rep.Emails = tallyEmails(r.expected, r.failedSends, k.Deliveries())
	rep.PageMismatches = r.pageMismatches
	r.mu.Unlock()
	k.mu.Lock()
	rep.Emails.Unreadable = k.unreadable
	k.mu.Unlock()
	rep.SMTPRefused = k.refused.Load()
	rep.LoadEnd = loadAverage()

	md := rep.markdown()
	os.Stdout.WriteString(md)
	if o.out != "" {
		if err := writeBetweenMarkers(o.out, md); err != nil {
			return err
		}
		log.Printf("report written to %s", o.out)
	}
	return nil
}

// cutSMTP waits until at, then cuts the sink for d: the first half it
// closes every connection at once, the second half it answers 421.
func cutSMTP(k *sink, at time.Time, d time.Duration) window {
	time.Sleep(time.Until(at))
	w := window{Name: "SMTP cut (+ grace)", Start: time.Now()}
	log.Printf("SMTP cut for %s", d)
	k.mode.Store(closeAtOnce)
	time.Sleep(d / 2)
	k.mode.Store(answer421)
	time.Sleep(d - d/2)
	k.mode.Store(open)
	w.End = time.Now()
	log.Printf("SMTP open again")
	return w
}

// restartDatabase waits until at, stops the database (SIGTERM, waiting for
// it to exit), keeps it down for down, starts it again, and measures how
// long the replicas take to be ready again.
func restartDatabase(m *mariaDB, replicas []string, at time.Time, down time.Duration) (window, time.Duration, error) {
	time.Sleep(time.Until(at))
	w := window{Name: "database restart (+ grace)", Start: time.Now()}
	log.Printf("stopping MariaDB (SIGTERM)")
	m.Stop()
	time.Sleep(down)
	if err := m.Start(); err != nil {
		return w, 0, err
	}
	w.End = time.Now()
	log.Printf("MariaDB back after %s", w.End.Sub(w.Start).Round(100*time.Millisecond))
	for _, u := range replicas {
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if resp, err := http.Get(u + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
		}
	}
	return w, time.Since(w.End), nil
}

// loadAverage is the machine's 1, 5 and 15-minute load averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " / ")
}
