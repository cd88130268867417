package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strings"

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
}

type explained struct {
	SQL     string
	Explain []string
	Warning bool // a full scan of a large table
}

// countStatements sends each workload's request once through Orgraph's
// real HTTP handler, in process, over a driver that records every SQL
// statement.
func countStatements(ctx context.Context, dbURL string, fx *seed.Fixture, explain bool) ([]statementCount, error) {
	srv, err := inproc.Start(dbURL, inproc.Options{})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	rec, db := srv.Rec, srv.DB
	hc := srv.Client()

	var out []statementCount
	one := func(label, workload, token string, body []byte) ([]byte, error) {
		rec.Take()
		raw, err := loadgen.PostJSON(ctx, hc, srv.URL+"/query", token, body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		stmts := rec.Take()
		c := statementCount{Label: label, Workload: workload, N: len(stmts)}
		for _, s := range stmts {
			e := explained{SQL: s.Query}
			if explain {
				e.Explain, e.Warning = explainStatement(db.SQL, s)
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
	raw, err := one("M1 invite", "", owner.Token, workloads.Body(workloads.Document("m1_invite.graphql"), "Invite",
		map[string]any{"organizationID": fmt.Sprint(owner.OrgID), "email": "perf-statements@example.net"}))
	if err != nil {
		return nil, err
	}
	var inv struct {
		Data struct {
			InviteMember struct{ ID string } `json:"inviteMember"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &inv); err != nil {
		return nil, err
	}
	if _, err := one("M1 revoke", "", owner.Token, workloads.Body(workloads.Document("m1_revoke.graphql"), "Revoke",
		map[string]any{"id": inv.Data.InviteMember.ID})); err != nil {
		return nil, err
	}
	n := len(out)
	out = append(out, statementCount{Label: "M1 (invite + revoke)", Workload: "M1", N: out[n-2].N + out[n-1].N})
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

// crossCheck asks Orgraph and the floor the same Q1 and Q2 questions and
// fails unless they answer the same data (cursors aside): a floor that
// did less work would be no fair bound.
func crossCheck(ctx context.Context, bins binaries, dbURL string, fx *seed.Fixture, workDir string) error {
	og, err := proc.Start(bins.orgraph, nil, []string{"DATABASE_URL=" + dbURL}, workDir+"/orgraph-check.log")
	if err != nil {
		return err
	}
	defer og.Stop()
	fl, err := proc.Start(bins.floor, []string{"-database-url", dbURL}, nil, workDir+"/floor-check.log")
	if err != nil {
		return err
	}
	defer fl.Stop()
	hc := &http.Client{}
	type question struct {
		label, token string
		body         []byte
	}
	qs := []question{{"Q2", fx.Viewer.Token, workloads.Q2Body()}}
	for _, s := range fx.ViewerStaffOrgs {
		qs = append(qs, question{"Q1 " + s, fx.Viewer.Token, workloads.Q1Body(s, 50)})
	}
	qs = append(qs, question{"Q1 first: 5", fx.Viewer.Token, workloads.Q1Body(fx.ViewerStaffOrgs[0], 5)})
	for _, q := range qs {
		a, err := loadgen.PostJSON(ctx, hc, og.URL+"/query", q.token, q.body)
		if err != nil {
			return fmt.Errorf("cross-check %s on Orgraph: %w", q.label, err)
		}
		b, err := loadgen.PostJSON(ctx, hc, fl.URL+"/query", q.token, q.body)
		if err != nil {
			return fmt.Errorf("cross-check %s on the floor: %w", q.label, err)
		}
		if err := workloads.SameData(a, b); err != nil {
			return fmt.Errorf("cross-check %s: Orgraph and the floor disagree: %w", q.label, err)
		}
	}
	log.Printf("cross-check: Orgraph and the floor give the same answers to Q1 and Q2 (%d questions)", len(qs))
	return nil
}
