package main

// What the soak checks in SQL at the end: RULES.md §6's invariants over
// the whole database, and the mail outbox's rows.

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// check is one invariant and the rows that break it.
type check struct {
	Rule       string
	Violations int
}

// invariantQueries each count the rows breaking one rule (RULES.md §6).
var invariantQueries = []struct{ rule, query string }{
	{"§6.1 exactly one OWNER membership per organization",
		`SELECT COUNT(*) FROM organizations o WHERE 1 <> (SELECT COUNT(*) FROM memberships m
		 WHERE m.organization_id = o.id AND m.role = 'OWNER')`},
	{"§6.1 the owner is the OWNER member",
		`SELECT COUNT(*) FROM organizations o WHERE NOT EXISTS (SELECT 1 FROM memberships m
		 WHERE m.organization_id = o.id AND m.user_id = o.owner_id AND m.role = 'OWNER')`},
	{"§6.2 one membership per user and organization",
		`SELECT COUNT(*) FROM (SELECT 1 FROM memberships GROUP BY organization_id, user_id HAVING COUNT(*) > 1) twice`},
	{"§6.2 one pending invitation per email and organization",
		`SELECT COUNT(*) FROM (SELECT 1 FROM invitations WHERE status = 'PENDING'
		 GROUP BY organization_id, email HAVING COUNT(*) > 1) twice`},
}

// orgTables hold rows of an organization (organization_id).
var orgTables = []string{"memberships", "invitations", "invitation_emails", "projects", "tasks", "jobs", "annotations", "cloud_storages"}

// checkInvariants runs every invariant query, then counts the rows that
// still refer to a removed organization (RULES.md §6.3: by the ids the
// workload removed, and by any organization_id that no longer exists).
func checkInvariants(ctx context.Context, db *sql.DB, removed []string) ([]check, error) {
	var out []check
	for _, q := range invariantQueries {
		n, err := count(ctx, db, q.query)
		if err != nil {
			return nil, err
		}
		out = append(out, check{q.rule, n})
	}
	ids := "NULL"
	if len(removed) > 0 {
		ids = strings.Join(removed, ",") // numeric ids from the API
	}
	for _, table := range append([]string{"organizations"}, orgTables...) {
		column := "organization_id"
		if table == "organizations" {
			column = "id"
		}
		n, err := count(ctx, db, "SELECT COUNT(*) FROM "+table+" WHERE "+column+" IN ("+ids+")")
		if err != nil {
			return nil, err
		}
		if table != "organizations" {
			// A removed organization's invitation_emails stay for the
			// senders' daily limit, with organization 0 and no email
			// (internal/hooks): they are nobody's rows.
			orphans, err := count(ctx, db, "SELECT COUNT(*) FROM "+table+
				" WHERE organization_id IS NOT NULL AND organization_id <> 0 AND organization_id NOT IN (SELECT id FROM organizations)")
			if err != nil {
				return nil, err
			}
			n += orphans
		}
		out = append(out, check{"§6.3 no row of a removed organization in " + table, n})
	}
	return out, nil
}

func count(ctx context.Context, db *sql.DB, query string) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, strings.Join(strings.Fields(query), " ")).Scan(&n)
	return n, err
}

// outboxRows counts mail_outbox rows by status.
func outboxRows(ctx context.Context, db *sql.DB) (map[string]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT status, COUNT(*) FROM mail_outbox GROUP BY status")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, err
		}
		out[status] = n
	}
	return out, rows.Err()
}

// drain waits until no mail_outbox row is pending or sending, at most
// limit; it returns the last counts and how long it waited.
func drain(ctx context.Context, db *sql.DB, limit time.Duration) (map[string]int, time.Duration, error) {
	start := time.Now()
	for {
		rows, err := outboxRows(ctx, db)
		if err != nil {
			return nil, 0, err
		}
		if rows["pending"]+rows["sending"] == 0 || time.Since(start) > limit {
			return rows, time.Since(start), nil
		}
		time.Sleep(500 * time.Millisecond)
	}
}
