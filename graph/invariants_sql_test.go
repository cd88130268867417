package graph_test

import (
	"strings"
	"testing"

	"orgraph/internal/testserver"
)

// organizationTables are the tables whose rows belong to an organization
// (organization_id); RULES.md §6.3 says none outlives it.
var organizationTables = []string{"memberships", "invitations", "projects", "tasks", "jobs", "annotations", "cloud_storages"}

// assignedTables are the tables of work with an assignee (RULES.md §5: an
// active member of the organization; in a personal workspace its owner).
var assignedTables = []string{"projects", "tasks", "jobs"}

// assertInvariantsInSQL checks RULES.md §6.1-6.3 and the assignees of §5 with SQL over the whole
// database, privacy and ent aside, and that every invitation email the
// server logged is one recorded in invitation_emails (a failed request
// sent nothing, and nothing was sent twice).
func assertInvariantsInSQL(t *testing.T, s *testserver.Server, removed []int) {
	t.Helper()
	checks := map[string]string{
		"§6.1 an organization without exactly one OWNER membership": `SELECT COUNT(*) FROM organizations o
			WHERE (SELECT COUNT(*) FROM memberships m WHERE m.organization_id = o.id AND m.role = 'OWNER') <> 1`,
		"§6.1 an organization whose owner is not its OWNER member": `SELECT COUNT(*) FROM organizations o
			WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = o.id AND m.user_id = o.owner_id AND m.role = 'OWNER')`,
		"§6.2 two memberships of one user in one organization": `SELECT COUNT(*) FROM (SELECT organization_id, user_id FROM memberships
			GROUP BY organization_id, user_id HAVING COUNT(*) > 1) d`,
		"§6.2 two pending invitations of one email to one organization": `SELECT COUNT(*) FROM (SELECT organization_id, email FROM invitations
			WHERE status = 'PENDING' GROUP BY organization_id, email HAVING COUNT(*) > 1) d`,
		"a pending invitation without pending_email, or the reverse": `SELECT COUNT(*) FROM invitations
			WHERE (status = 'PENDING') <> (pending_email IS NOT NULL)`,
	}
	for _, table := range assignedTables {
		checks["§5 a row of "+table+" assigned to someone who is no member of its organization"] = `SELECT COUNT(*) FROM ` + table + ` w
			WHERE w.assignee_id IS NOT NULL AND w.organization_id IS NOT NULL AND NOT EXISTS
			(SELECT 1 FROM memberships m WHERE m.organization_id = w.organization_id AND m.user_id = w.assignee_id)`
		checks["§5 a row of "+table+" of a personal workspace assigned to anyone but its owner"] = `SELECT COUNT(*) FROM ` + table + `
			WHERE assignee_id IS NOT NULL AND organization_id IS NULL AND assignee_id <> owner_id`
	}
	for _, table := range organizationTables {
		checks["§6.3 a row of "+table+" of no organization"] = `SELECT COUNT(*) FROM ` + table + `
			WHERE organization_id IS NOT NULL AND organization_id NOT IN (SELECT id FROM organizations)`
	}
	for what, query := range checks {
		if n := countSQL(t, s, query); n != 0 {
			t.Errorf("RULES.md %s: %d", what, n)
		}
	}
	for _, id := range removed {
		for _, table := range append([]string{"organizations", "invitation_emails"}, organizationTables...) {
			column := "organization_id"
			if table == "organizations" {
				column = "id"
			}
			if n := countSQL(t, s, "SELECT COUNT(*) FROM "+table+" WHERE "+column+" = ?", id); n != 0 {
				t.Errorf("RULES.md §6.3: %d rows of %s still refer to removed organization %d", n, table, id)
			}
		}
	}
	sent := len(invitationMail.FindAllString(s.Logs.String(), -1))
	if recorded := countSQL(t, s, "SELECT COUNT(*) FROM invitation_emails"); sent != recorded {
		t.Errorf("%d invitation emails logged, %d recorded: a failed request sent one, or one was lost", sent, recorded)
	}
	if n := countSQL(t, s, "SELECT COUNT(*) FROM organizations"); n == 0 {
		t.Errorf("no organization left to check")
	}
}

func countSQL(t *testing.T, s *testserver.Server, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.DB.SQL.QueryRow(strings.Join(strings.Fields(query), " "), args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
