package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"orgraph/bench/floor"
	"orgraph/bench/inproc"
	"orgraph/bench/loadgen"
	"orgraph/bench/proc"
	"orgraph/bench/seed"
	"orgraph/bench/workloads"
	"orgraph/internal/sqlcount"
)

// statementCount is what one request of a workload cost in SQL statements,
// with the statements and (on MySQL) their EXPLAIN.
type statementCount struct {
	Label, Workload string
	N               int
	Statements      []explained
	// Read is what MariaDB read for the request's SELECTs (dbRead).
	Read dbRead
}

type explained struct {
	SQL     string
	Explain []string
	Warning bool // a full scan of a large table
}

// countStatements sends each workload's request once through Orgraph's
// real HTTP handler, in process, over a driver that records every SQL
// statement, and once through the floor's handler, which records its own.
func countStatements(ctx context.Context, dbURL string, fx *seed.Fixture, explain bool) (og, fl []statementCount, err error) {
	// The inviter cap of the load runs: the counted owner may have invited
	// many addresses in M1 runs of the last day (-reuse).
	srv, err := inproc.Start(dbURL, inproc.Options{Env: map[string]string{"INVITER_EMAILS_PER_DAY": inviterCap}})
	if err != nil {
		return nil, nil, err
	}
	defer srv.Close()
	var (
		mu    sync.Mutex
		stmts []sqlcount.Statement
	)
	fh := floor.NewHandler(srv.DB.SQL, srv.DB.Dialect, floor.Options{InviterEmailsPerDay: 1 << 30, Mail: log.New(io.Discard, "", 0), Record: func(s floor.Statement) {
		mu.Lock()
		stmts = append(stmts, sqlcount.Statement{Query: s.Query, Args: s.Args})
		mu.Unlock()
	}})
	fs := httptest.NewServer(fh)
	defer fs.Close()
	takeFloor := func() []sqlcount.Statement {
		mu.Lock()
		defer mu.Unlock()
		s := stmts
		stmts = nil
		return s
	}
	if og, err = countOn(ctx, srv.Client(), srv.URL, srv.Rec.Take, srv.DB.SQL, fx, explain); err != nil {
		return nil, nil, err
	}
	fl, err = countOn(ctx, fs.Client(), fs.URL, takeFloor, srv.DB.SQL, fx, explain)
	return og, fl, err
}

// countOn sends each workload's request once to the server at url and
// takes the statements it recorded for it.
func countOn(ctx context.Context, hc *http.Client, url string, take func() []sqlcount.Statement, db *sql.DB, fx *seed.Fixture, explain bool) ([]statementCount, error) {
	var out []statementCount
	one := func(label, workload, token string, body []byte) ([]byte, error) {
		take()
		raw, err := loadgen.PostJSON(ctx, hc, url+"/query", token, body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		stmts := take()
		c := statementCount{Label: label, Workload: workload, N: len(stmts)}
		for _, s := range stmts {
			e := explained{SQL: s.Query}
			if explain {
				e.Explain, e.Warning = explainStatement(db, s)
				r, err := analyzeStatement(db, s)
				if err != nil {
					return nil, fmt.Errorf("%s: ANALYZE: %w", label, err)
				}
				c.Read.add(r)
			}
			c.Statements = append(c.Statements, e)
		}
		out = append(out, c)
		return raw, nil
	}
	staffOrg := fx.ViewerStaffOrgs[0]
	if _, err := one("Q1 first: 50 (50 members)", "Q1", fx.Viewer.Token, workloads.Q1Body(staffOrg, 50)); err != nil {
		return nil, err
	}
	if _, err := one("Q1 first: 5 (50 members)", "", fx.Viewer.Token, workloads.Q1Body(staffOrg, 5)); err != nil {
		return nil, err
	}
	if _, err := one("Q1 first: 50 (5 members)", "", fx.SmallOrgOwner.Token, workloads.Q1Body(fx.SmallOrg, 50)); err != nil {
		return nil, err
	}
	if _, err := one("Q2", "Q2", fx.Viewer.Token, workloads.Q2Body()); err != nil {
		return nil, err
	}
	if _, err := one("Q3", "Q3", fx.Workers[0].Token, workloads.Q3Body(fx.Workers[0].OrgSlug)); err != nil {
		return nil, err
	}
	owner := fx.Owners[len(fx.Owners)-1]
	raw, err := one("M1 invite", "", owner.Token, workloads.InviteBody(owner.OrgID, fmt.Sprintf("perf-statements-%d@example.net", time.Now().UnixNano())))
	if err != nil {
		return nil, err
	}
	id, err := workloads.InvitationID(raw)
	if err != nil {
		return nil, err
	}
	if _, err := one("M1 revoke", "", owner.Token, workloads.RevokeBody(id)); err != nil {
		return nil, err
	}
	n := len(out)
	pair := statementCount{Label: "M1 (invite + revoke)", Workload: "M1", N: out[n-2].N + out[n-1].N, Read: out[n-2].Read}
	pair.Read.add(out[n-1].Read)
	out = append(out, pair)
	return out, nil
}

// explainStatement runs MariaDB's EXPLAIN on a recorded statement.
func explainStatement(db *sql.DB, s sqlcount.Statement) (lines []string, warning bool) {
	q := strings.TrimSpace(s.Query)
	upper := strings.ToUpper(q)
	if !strings.HasPrefix(upper, "SELECT") && !strings.HasPrefix(upper, "UPDATE") && !strings.HasPrefix(upper, "DELETE") {
		return nil, false
	}
	rows, err := db.Query("EXPLAIN "+q, s.Args...)
	if err != nil {
		return []string{"EXPLAIN failed: " + err.Error()}, false
	}
	cols, table, err := proc.StringRows(rows)
	if err != nil {
		return []string{err.Error()}, false
	}
	for _, vals := range table {
		get := func(name string) string {
			for i, c := range cols {
				if c == name {
					return vals[i]
				}
			}
			return ""
		}
		typ, rowsEst := get("type"), get("rows")
		var n int
		fmt.Sscan(rowsEst, &n)
		if typ == "ALL" && n > 1000 {
			warning = true
		}
		lines = append(lines, fmt.Sprintf("%s %s: type=%s key=%s rows=%s %s",
			get("select_type"), get("table"), typ, orDash(get("key")), rowsEst, get("Extra")))
	}
	return lines, warning
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// crossCheck asks Orgraph and the floor the same Q1, Q2 and Q3 questions
// and fails unless they answer the same data (cursors aside), then checks
// that an M1 pair leaves the same rows on both and that both refuse the
// same wrong invitations alike (workloads.CheckM1): a floor that did less
// work would be no fair bound.
func crossCheck(ctx context.Context, bins binaries, dbURL string, fx *seed.Fixture, workDir string) error {
	env := []string{"DATABASE_URL=" + dbURL, "INVITER_EMAILS_PER_DAY=" + inviterCap}
	og, err := proc.Start(bins.orgraph, nil, env, workDir+"/orgraph-check.log")
	if err != nil {
		return err
	}
	defer og.Stop()
	fl, err := proc.Start(bins.floor, []string{"-database-url", dbURL}, env, workDir+"/floor-check.log")
	if err != nil {
		return err
	}
	defer fl.Stop()
	hc := &http.Client{}
	qs := workloads.Questions(fx)
	for _, q := range qs {
		a, err := loadgen.PostJSON(ctx, hc, og.URL+"/query", q.Token, q.Body)
		if err != nil {
			return fmt.Errorf("cross-check %s on Orgraph: %w", q.Label, err)
		}
		b, err := loadgen.PostJSON(ctx, hc, fl.URL+"/query", q.Token, q.Body)
		if err != nil {
			return fmt.Errorf("cross-check %s on the floor: %w", q.Label, err)
		}
		if err := workloads.SameData(a, b); err != nil {
			return fmt.Errorf("cross-check %s: Orgraph and the floor disagree: %w", q.Label, err)
		}
	}
	db, _, err := floor.Open(dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	worker := fx.Workers[0]
	if err := workloads.CheckM1(ctx, hc, db, og.URL+"/query", fl.URL+"/query", fx.OwnerOf(worker.OrgID), worker); err != nil {
		return fmt.Errorf("cross-check: %w", err)
	}
	log.Printf("cross-check: Orgraph and the floor give the same answers to Q1, Q2 and Q3 (%d questions) and leave the same rows after M1", len(qs))
	return nil
}
