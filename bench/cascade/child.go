package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"orgraph/ent"
	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/httpapi"
	"orgraph/internal/sqlcount"
)

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
	h, _, err := httpapi.Build(cfg, db, client, logger) // no SMTP_URL: emails go to the log
	return h, err
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
