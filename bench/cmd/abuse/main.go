// Command abuse floods a running Orgraph with the worst request of each
// class that docs/SECURITY.md limits, from several anonymous clients, while a
// normal signed-in client keeps loading `me` and an organization page. It
// measures the server's CPU time per refused document, its peak memory
// growth and the normal client's latency against an idle server, and writes
// the table into docs/SECURITY.md (between its abuse markers).
//
//	cd bench && go run ./cmd/abuse -db mysql
//
// Every request goes to a server this command starts on a loopback port;
// each loop is bounded in count and time.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"orgraph/bench/proc"
	"orgraph/bench/seed"
	"orgraph/bench/workloads"
	"orgraph/internal/database"
)

type options struct {
	db, mysqlURL, workDir, out, orgraphBin string
	attackers, perClass                    int
	idle, flood                            time.Duration
}

func main() {
	log.SetFlags(log.Ltime)
	var o options
	flag.StringVar(&o.db, "db", "mysql", "database: mysql or sqlite")
	flag.StringVar(&o.mysqlURL, "mysql-url", "mysql://root@127.0.0.1:3306/orgraph_abuse", "MariaDB/MySQL database to (re)create and use with -db mysql")
	flag.StringVar(&o.workDir, "workdir", filepath.Join(os.TempDir(), "orgraph-abuse"), "where the binary, its log and the SQLite file go")
	flag.StringVar(&o.out, "out", "../docs/SECURITY.md", "report file (the part between its abuse markers is replaced); empty: none")
	flag.StringVar(&o.orgraphBin, "orgraph-bin", "", "run this Orgraph binary instead of building the work tree's")
	flag.IntVar(&o.attackers, "attackers", 4, "concurrent anonymous attacking clients during the flood")
	flag.IntVar(&o.perClass, "per-class", 20, "documents of each class sent one after another to measure CPU per document")
	flag.DurationVar(&o.idle, "idle", 10*time.Second, "how long the normal client is measured against the idle server")
	flag.DurationVar(&o.flood, "flood", 20*time.Second, "how long the attackers flood the server")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		log.Fatal(err)
	}
}

// outcome is how the server answered one attack document.
type outcome struct {
	Status int
	Code   string
	Errors int
	Bytes  int
	Data   bool
}

type classResult struct {
	attack
	CPUms   float64
	Outcome outcome
}

type report struct {
	Date               time.Time
	DB                 string
	Cores              int
	Classes            []classResult
	SignInCPUms        float64
	SignInCode         string
	BaselineKB, PeakKB int
	Idle, Flood        latency
	AttackRequests     int64
}

type latency struct {
	N        int
	P50, P99 time.Duration
	Errors   int
}

func run(ctx context.Context, o options) error {
	if err := os.MkdirAll(o.workDir, 0o755); err != nil {
		return err
	}
	dbURL, err := proc.DatabaseURL(o.db, o.mysqlURL, filepath.Join(o.workDir, "abuse.db"))
	if err != nil {
		return err
	}
	if err := proc.Recreate(dbURL); err != nil {
		return err
	}
	log.Printf("seeding the small data set into %s", database.Redact(dbURL))
	fx, err := seed.Seed(ctx, dbURL, seed.SmallShape(), log.Printf)
	if err != nil {
		return err
	}
	bin := o.orgraphBin
	if bin == "" {
		bin = filepath.Join(o.workDir, "orgraph")
		if err := proc.BuildOrgraph(bin); err != nil {
			return err
		}
	}
	srv, err := proc.Start(bin, nil, []string{"DATABASE_URL=" + dbURL}, filepath.Join(o.workDir, "orgraph.log"))
	if err != nil {
		return err
	}
	defer srv.Stop()
	url := srv.URL + "/query"
	hc := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: o.attackers + 2}}
	slug := fx.ViewerStaffOrgs[0]
	normal := normalClient(hc, url, fx.Viewer.Token, slug)

	rep := &report{Date: time.Now().UTC(), DB: o.db, Cores: runtime.NumCPU()}
	log.Printf("normal client against the idle server for %s", o.idle)
	normal(ctx, o.idle) // warm-up: caches, connections
	rep.Idle = normal(ctx, o.idle)
	rep.BaselineKB = proc.RSSKB(srv.PID())
	log.Printf("idle: p50 %.2f ms, p99 %.2f ms; RSS %d KiB", ms(rep.Idle.P50), ms(rep.Idle.P99), rep.BaselineKB)

	peak := watchRSS(srv.PID())
	all := attacks(slug)
	for _, a := range all {
		c := classResult{attack: a}
		t0 := proc.CPUTicks(srv.PID())
		for i := 0; i < o.perClass; i++ {
			if c.Outcome, err = send(ctx, hc, url, "", a.body); err != nil {
				return fmt.Errorf("%s: %w", a.name, err)
			}
		}
		c.CPUms = float64(proc.CPUTicks(srv.PID())-t0) * 10 / float64(o.perClass)
		log.Printf("%-20s %7.2f ms CPU per document, %s (%d errors, %d bytes)", a.name, c.CPUms, c.Outcome.Code, c.Outcome.Errors, c.Outcome.Bytes)
		if c.Outcome.Data || c.Outcome.Code == "" {
			return fmt.Errorf("%s was not refused: %+v", a.name, c.Outcome)
		}
		rep.Classes = append(rep.Classes, c)
	}

	wrong := gql(`mutation($l: String!) { signIn(input: {login: $l, password: "not the password"}) { token } }`,
		map[string]any{"l": fx.Viewer.Username})
	t0 := proc.CPUTicks(srv.PID())
	const signIns = 100
	for i := 0; i < signIns; i++ {
		out, err := send(ctx, hc, url, "", wrong)
		if err != nil {
			return err
		}
		rep.SignInCode = out.Code
	}
	rep.SignInCPUms = float64(proc.CPUTicks(srv.PID())-t0) * 10 / signIns
	log.Printf("wrong-password sign-ins: %.2f ms CPU each, the last answered %s", rep.SignInCPUms, rep.SignInCode)

	log.Printf("flood: %d anonymous attackers for %s while the normal client measures", o.attackers, o.flood)
	floodCtx, stop := context.WithTimeout(ctx, o.flood)
	var wg sync.WaitGroup
	var sent atomic.Int64
	bodies := append([][]byte{wrong}, bodiesOf(all)...)
	for a := 0; a < o.attackers; a++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := a; floodCtx.Err() == nil; i++ {
				if _, err := send(floodCtx, hc, url, "", bodies[i%len(bodies)]); err == nil {
					sent.Add(1)
				}
			}
		}()
	}
	rep.Flood = normal(floodCtx, o.flood)
	stop()
	wg.Wait()
	rep.AttackRequests = sent.Load()
	rep.PeakKB = peak()
	log.Printf("flood: p50 %.2f ms, p99 %.2f ms (%d errors); %d attack requests; peak RSS %d KiB (+%d)",
		ms(rep.Flood.P50), ms(rep.Flood.P99), rep.Flood.Errors, rep.AttackRequests, rep.PeakKB, rep.PeakKB-rep.BaselineKB)

	md := rep.markdown()
	fmt.Println(md)
	if o.out != "" {
		if err := writeBetweenMarkers(o.out, md); err != nil {
			return err
		}
		log.Printf("report written to %s", o.out)
	}
	return nil
}

func bodiesOf(as []attack) [][]byte {
	out := make([][]byte, len(as))
	for i, a := range as {
		out[i] = a.body
	}
	return out
}

// send posts one GraphQL body and reads how it was answered.
func send(ctx context.Context, hc *http.Client, url, token string, body []byte) (outcome, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return outcome{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return outcome{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return outcome{}, err
	}
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	out := outcome{Status: resp.StatusCode, Bytes: len(raw)}
	if err := json.Unmarshal(raw, &r); err != nil {
		return out, fmt.Errorf("status %d, not JSON: %.200s", resp.StatusCode, raw)
	}
	out.Errors = len(r.Errors)
	out.Data = len(r.Data) > 0 && string(r.Data) != "null"
	if len(r.Errors) > 0 {
		out.Code = r.Errors[0].Extensions.Code
	}
	return out, nil
}

// normalClient returns a function that, for d (or until ctx ends), loads
// `me` and the organization page one after the other as a signed-in user
// and reports the latencies.
func normalClient(hc *http.Client, url, token, slug string) func(context.Context, time.Duration) latency {
	me := gql(`{ me { id username email group } }`, nil)
	page := workloads.Q1Body(slug, 50)
	return func(ctx context.Context, d time.Duration) latency {
		var l latency
		var samples []time.Duration
		end := time.Now().Add(d)
		for i := 0; time.Now().Before(end) && ctx.Err() == nil; i++ {
			body := me
			if i%2 == 1 {
				body = page
			}
			t := time.Now()
			out, err := send(ctx, hc, url, token, body)
			if ctx.Err() != nil {
				break
			}
			samples = append(samples, time.Since(t))
			if err != nil || out.Errors > 0 {
				l.Errors++
			}
		}
		slices.Sort(samples)
		l.N = len(samples)
		if l.N > 0 {
			l.P50 = samples[l.N/2]
			l.P99 = samples[min(l.N-1, l.N*99/100)]
		}
		return l
	}
}

// watchRSS samples the process's resident set every 20 ms until the
// returned function is called, which stops sampling and returns the peak.
func watchRSS(pid int) func() int {
	var peakKB atomic.Int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := int64(proc.RSSKB(pid)); kb > peakKB.Load() {
				peakKB.Store(kb)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() int {
		close(done)
		<-stopped
		return int(peakKB.Load())
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (r *report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Run of `go run ./cmd/abuse -db %s` on %s (%d cores; load generator, server and database share them).\n\n",
		r.DB, r.Date.Format("2006-01-02 15:04 MST"), r.Cores)
	b.WriteString("| class | document | answer | errors in the answer | server CPU per document |\n|---|---|---|---:|---:|\n")
	for _, c := range r.Classes {
		fmt.Fprintf(&b, "| %s | %s (%d KiB) | %s | %d | %.1f ms |\n", c.name, c.what, len(c.body)/1024, c.Outcome.Code, c.Outcome.Errors, c.CPUms)
	}
	fmt.Fprintf(&b, "| wrong password | signIn with a wrong password, 100 times | %s (the last) | 1 | %.1f ms |\n\n", r.SignInCode, r.SignInCPUms)
	worst := 0.0
	for _, c := range r.Classes {
		worst = max(worst, c.CPUms)
	}
	fmt.Fprintf(&b, "- Worst CPU per refused document: **%.1f ms** (target: under 50 ms).\n", worst)
	fmt.Fprintf(&b, "- Peak RSS growth over the idle server, through all the classes and the flood: **%.1f MB** (%d KiB -> %d KiB; target: under 64 MB).\n",
		float64(r.PeakKB-r.BaselineKB)/1024, r.BaselineKB, r.PeakKB)
	ratio := 0.0
	if r.Idle.P99 > 0 {
		ratio = float64(r.Flood.P99) / float64(r.Idle.P99)
	}
	fmt.Fprintf(&b, "- Normal client (`me` and the organization page, alternately): idle p50 %.2f ms, p99 %.2f ms (%d requests); under the flood of %d attack requests p50 %.2f ms, p99 %.2f ms (%d requests, %d errors): p99 **%.1fx** idle (target: within 3x).\n",
		ms(r.Idle.P50), ms(r.Idle.P99), r.Idle.N, r.AttackRequests, ms(r.Flood.P50), ms(r.Flood.P99), r.Flood.N, r.Flood.Errors, ratio)
	return b.String()
}

const beginMarker, endMarker = "<!-- abuse:begin -->", "<!-- abuse:end -->"

// writeBetweenMarkers replaces the part of the file between the markers.
func writeBetweenMarkers(path, md string) error {
	return proc.WriteBetweenMarkers(path, beginMarker, endMarker, md)
}
