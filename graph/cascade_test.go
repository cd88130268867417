package graph_test

// Removing an organization (RULES.md §2, 6.3): the cascade removes every row of
// the organization and nothing else, costs a number of statements that does
// not grow with the organization, and rolls back entirely when any of its
// statements fails.

import (
	"database/sql"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"testing"

	"orgraph/ent"
	"orgraph/ent/migrate"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// TestCascadeRemovesExactlyTheOrganization removes an organization with
// thousands of annotations through the API: afterwards no row of any table
// belongs to it or refers to it, and every other row (the other
// organization, personal workspaces, users, tokens) is unchanged, value for
// value. Before that, removals forced to fail half-way (an extra table with
// a strict foreign key the cascade does not know about) leave everything as
// it was.
func TestCascadeRemovesExactlyTheOrganization(t *testing.T) {
	f := newCascadeFixture(t, cascadeShape{projects: 3, tasksPerProject: 3, looseTasks: 2, jobsPerTask: 4, annotationsPerJob: 125, storages: 3})
	s := f.s
	before := s.Snapshot()
	ofA := cascadeRowsOf(before, f.orgA)
	ofB := cascadeRowsOf(before, f.orgB)
	// The fixture reaches every table the cascade clears, with both
	// organizations the same size. (invitation_emails, which has no foreign
	// key, belongs to no organization: its rows must stay unchanged.)
	for _, name := range []string{"organizations", "memberships", "invitations", "projects", "tasks", "jobs", "annotations", "cloud_storages"} {
		if len(ofA[name]) == 0 || len(ofA[name]) != len(ofB[name]) {
			t.Fatalf("fixture: %s has %d rows of A and %d of B", name, len(ofA[name]), len(ofB[name]))
		}
	}
	if n := len(ofA["annotations"]); n < 5000 {
		t.Fatalf("fixture: %d annotations in A, want thousands", n)
	}
	for name, ids := range ofA {
		t.Logf("%s: %d of %d rows belong to A", name, len(ids), len(before[name]))
	}

	t.Run("forced failure rolls everything back", func(t *testing.T) {
		idOf := func(table string) string {
			for id := range ofA[table] {
				return id
			}
			t.Fatalf("no %s of A", table)
			return ""
		}
		// Each blocker refers to a row of A from a table the cascade does
		// not know about: the DELETE of that parent fails after the
		// earlier DELETEs of the removal already ran in its transaction.
		for _, parent := range []struct{ table, failingStep string }{
			{"projects", "removing the organization's projects"},       // after annotations, jobs, tasks
			{"invitations", "removing the organization's invitations"}, // the last child table
			{"organizations", "removing the organization row"},         // the organization row itself
		} {
			t.Run(parent.table, func(t *testing.T) {
				blocker := "cascade_blocker_" + parent.table
				idType := "INTEGER"
				if s.Dialect() != "sqlite3" {
					idType = "BIGINT"
				}
				cascadeExec(t, s.DB.SQL, fmt.Sprintf("CREATE TABLE %s (id %s NOT NULL PRIMARY KEY, ref_id %s NOT NULL, FOREIGN KEY (ref_id) REFERENCES %s (id))",
					blocker, idType, idType, parent.table))
				defer cascadeExec(t, s.DB.SQL, "DROP TABLE "+blocker)
				cascadeExec(t, s.DB.SQL, fmt.Sprintf("INSERT INTO %s (id, ref_id) VALUES (1, %s)", blocker, idOf(parent.table)))
				logStart := len(s.Logs.String())

				r := f.deleteA()
				if r.Code() != "INTERNAL_SERVER_ERROR" {
					t.Fatalf("code %q, want INTERNAL_SERVER_ERROR (%+v)", r.Code(), r.Errors)
				}
				if string(r.Data) != "" && string(r.Data) != "null" {
					t.Errorf("a failed removal answered data %s", r.Data)
				}
				if msg := r.Errors[0].Message; msg != "internal server error" {
					t.Errorf("message %q, want the fixed internal message", msg)
				}
				if logged := s.Logs.String()[logStart:]; !strings.Contains(logged, parent.failingStep) {
					t.Errorf("the cause (%q) was not logged: %s", parent.failingStep, logged)
				}
				cascadeSame(t, "after the failed removal", before, s.Snapshot())
				var n int
				if err := s.DB.SQL.QueryRow("SELECT COUNT(*) FROM " + blocker).Scan(&n); err != nil || n != 1 {
					t.Errorf("blocker rows %d (%v), want 1", n, err)
				}
			})
		}
	})
	if t.Failed() {
		return
	}

	var out struct{ DeleteOrganization string }
	r := f.deleteA()
	if len(r.Errors) > 0 {
		t.Fatalf("deleteOrganization: %+v", r.Errors)
	}
	r.Decode(t, &out)
	if out.DeleteOrganization != strconv.Itoa(f.orgA) {
		t.Fatalf("deleteOrganization answered %q, want %d", out.DeleteOrganization, f.orgA)
	}
	after := s.Snapshot()

	// No row anywhere refers to A: by organization_id, or through any
	// foreign key to a row that belonged to A (annotations to its jobs,
	// resends and memberships to its invitations, tasks to its projects).
	a := strconv.Itoa(f.orgA)
	for _, tbl := range migrate.Tables {
		for _, row := range after[tbl.Name] {
			if v, ok := row["organization_id"]; ok && v == a {
				t.Errorf("%s row %s still has organization_id %s", tbl.Name, row["id"], a)
			}
			if tbl.Name == "organizations" && row["id"] == a {
				t.Errorf("the organization row is still there")
			}
			for _, fk := range tbl.ForeignKeys {
				col, parent := fk.Columns[0].Name, fk.RefTable.Name
				if ofA[parent][row[col]] {
					t.Errorf("%s row %s refers to %s %s of the removed organization", tbl.Name, row["id"], parent, row[col])
				}
			}
		}
	}
	// Everything else is exactly as it was, but for the records of the
	// emails A sent: kept (for the inviters' daily caps), detached from A
	// and from the addresses.
	want := cascadeWithout(before, ofA)
	detached := 0
	for id, row := range want["invitation_emails"] {
		if row["organization_id"] == a {
			row = maps.Clone(row)
			row["organization_id"], row["email"] = "0", ""
			want["invitation_emails"][id] = row
			detached++
		}
	}
	if detached != 6 {
		t.Errorf("%d email records of A, want 6 (2 for each of 3 invitations)", detached)
	}
	// One entry of the system log (organization_id NULL) is new: the
	// removal's.
	added := 0
	for id, row := range after["audit_log"] {
		if _, old := before["audit_log"][id]; !old && row["organization_id"] == "NULL" && row["action"] == "ORGANIZATION_REMOVED" && row["target_id"] == a {
			want["audit_log"][id] = row
			added++
		}
	}
	if added != 1 {
		t.Errorf("%d system log entries of the removal, want 1", added)
	}
	cascadeSame(t, "after the removal", want, after)
	if t.Failed() {
		return
	}
	// B still works for its members.
	var b struct {
		Organization struct {
			Members struct{ TotalCount int }
		}
		Jobs struct{ TotalCount int }
	}
	s.MustQuery(f.ownerB.Token, `{ organization(slug: "org-b") { members { totalCount } } jobs(organization: "org-b") { totalCount } }`, nil, &b)
	if b.Organization.Members.TotalCount != len(ofB["memberships"]) || b.Jobs.TotalCount != len(ofB["jobs"]) {
		t.Errorf("org-b shows %d members and %d jobs, want %d and %d", b.Organization.Members.TotalCount, b.Jobs.TotalCount, len(ofB["memberships"]), len(ofB["jobs"]))
	}
	// A is gone for its former owner.
	r = s.Query(f.ownerA.Token, `{ organization(slug: "org-a") { id } }`, nil)
	if r.Code() != "NOT_FOUND" {
		t.Errorf("org-a after removal: code %q, want NOT_FOUND", r.Code())
	}
}

func cascadeExec(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	if _, err := db.Exec(query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// TestCascadeStatementsDoNotGrow: removing an organization costs the same
// number of SQL statements whether it holds one job with a few annotations
// or dozens of jobs with thousands: the cascade is set-based, it never
// loops over rows.
func TestCascadeStatementsDoNotGrow(t *testing.T) {
	s := testserver.New(t)
	cost := func(slug string, sh cascadeShape) int64 {
		owner := s.CreateUser("owner-"+slug, authz.GroupUser)
		member := cascadeSeedUser(t, s, "member-"+slug)
		orgID := cascadeSeedOrg(t, s, owner, slug, map[*ent.User]authz.Role{member: authz.RoleWorker}, "guest-"+slug+"@example.com", sh)
		before := s.Statements()
		s.MustQuery(owner.Token, `mutation($id: ID!, $s: String!) { deleteOrganization(id: $id, confirmSlug: $s) }`,
			map[string]any{"id": strconv.Itoa(orgID), "s": slug}, nil)
		return s.Statements() - before
	}
	small := cost("small", cascadeShape{projects: 1, tasksPerProject: 1, jobsPerTask: 1, annotationsPerJob: 2, storages: 1})
	large := cost("large", cascadeShape{projects: 4, tasksPerProject: 5, looseTasks: 3, jobsPerTask: 4, annotationsPerJob: 50, storages: 10})
	t.Logf("statements: small organization %d, large organization %d", small, large)
	if small != large {
		t.Fatalf("removing a small organization costs %d statements, a large one %d: the cascade loops over rows", small, large)
	}
	if small > 20 {
		t.Errorf("removing an organization costs %d statements; expected about a dozen", small)
	}
}

// TestCascadeForeignKeysAreStrict: every foreign key that points at an
// organization or at a row the cascade removes (projects, tasks, jobs,
// invitations) refuses the parent's removal while a child row exists (NO
// ACTION or RESTRICT). With ON DELETE SET NULL, a child table the cascade
// forgot would not make the removal fail: its rows would lose their
// organization_id and so move into their owners' personal workspaces.
func TestCascadeForeignKeysAreStrict(t *testing.T) {
	s := testserver.New(t)
	q := `SELECT m.name, p."from", p."table", p.on_delete FROM sqlite_master m, pragma_foreign_key_list(m.name) p WHERE m.type = 'table'`
	if s.Dialect() != "sqlite3" {
		q = `SELECT k.TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, r.DELETE_RULE
			FROM information_schema.REFERENTIAL_CONSTRAINTS r
			JOIN information_schema.KEY_COLUMN_USAGE k
				ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME AND k.TABLE_NAME = r.TABLE_NAME
			WHERE r.CONSTRAINT_SCHEMA = DATABASE()`
	}
	rows, err := s.DB.SQL.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	removed := map[string]bool{"organizations": true, "projects": true, "tasks": true, "jobs": true, "invitations": true}
	checked := 0
	for rows.Next() {
		var table, column, parent, onDelete string
		if err := rows.Scan(&table, &column, &parent, &onDelete); err != nil {
			t.Fatal(err)
		}
		if !removed[parent] {
			continue
		}
		checked++
		if r := strings.ToUpper(onDelete); r != "NO ACTION" && r != "RESTRICT" {
			t.Errorf("%s.%s -> %s is ON DELETE %s, want NO ACTION or RESTRICT", table, column, parent, onDelete)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("found only %d foreign keys to check", checked)
	}
}
