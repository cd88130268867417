package graph_test

// A deadlock retry repeats no side effect: the invitation's email is a row
// of the outbox inside the retried transaction (docs/MAIL.md), so the
// victim's row is rolled back with it. MariaDB only (SQLite has no
// concurrent transactions).

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

func TestOutboxDeadlockRetrySendsOnce(t *testing.T) {
	s := testserver.New(t)
	if s.Dialect() == "sqlite3" {
		t.Skip("needs MariaDB: SQLite transactions never overlap")
	}
	owner := s.CreateUser("owner", authz.GroupUser)
	org := s.CreateOrganization(owner.Token, "acme")
	db := s.DB.SQL
	ctx := context.Background()
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	mustExec("CREATE TABLE deadlock_ballast (id BIGINT NOT NULL PRIMARY KEY)")

	// A transaction of the test holds the inviter's row, with enough
	// written to be the heavier side of the deadlock (MariaDB rolls back
	// the lighter one).
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := range 200 {
		if _, err := tx.ExecContext(ctx, "INSERT INTO deadlock_ballast (id) VALUES (?)", i); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.ExecContext(ctx, "SELECT id FROM users WHERE id = ? FOR UPDATE", owner.ID); err != nil {
		t.Fatal(err)
	}

	// The invitation takes the organization's shared lock, then waits for
	// the inviter's row ...
	done := make(chan *testserver.Response, 1)
	go func() {
		r, err := s.Post(raceClient, nil, owner.Token, inviteDoc, map[string]any{"o": strconv.Itoa(org), "e": "bob@example.com", "r": "WORKER"})
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	waitForLockWait(t, s)
	// ... and the test asks for the organization's exclusive lock: a cycle.
	// The invitation is the victim, and the server runs it again; it waits
	// for the inviter's row again until the test commits.
	if _, err := tx.ExecContext(ctx, "SELECT id FROM organizations WHERE id = ? FOR UPDATE", org); err != nil {
		t.Fatalf("the test's transaction was chosen as the victim: %v", err)
	}
	testserver.WaitFor(t, "the invitation to be the deadlock's victim", func() bool { return strings.Contains(s.Logs.String(), "Deadlock found") })
	waitForLockWait(t, s)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		r.Must(t, nil)
	case <-time.After(30 * time.Second):
		t.Fatal("the retried invitation did not finish")
	}
	s.Mailer.Wait()
	for table, want := range map[string]int{"invitations": 1, "invitation_emails": 1, "mail_outbox": 1} {
		if n := s.RowCount(table); n != want {
			t.Errorf("%d rows in %s after a retried invitation, want %d", n, table, want)
		}
	}
	if n := mailsTo(s, "bob@example.com"); n != 1 {
		t.Errorf("%d emails to bob after a retried invitation, want 1", n)
	}
}

// waitForLockWait waits until one transaction on the test's database waits
// for a row lock. (Polling information_schema much faster than this kept
// the request from reaching its lock at all.)
func waitForLockWait(t *testing.T, s *testserver.Server) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); lockWaits(t, s) != 1; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no transaction waits for a lock:\n%s", s.Logs.String())
		}
	}
}

// lockWaits is how many transactions on the test's database wait for a
// row lock.
func lockWaits(t *testing.T, s *testserver.Server) int {
	t.Helper()
	var name string
	if err := s.DB.SQL.QueryRow("SELECT DATABASE()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	rows, err := s.DB.SQL.Query(`SELECT t.trx_state, IFNULL(p.db, '') FROM information_schema.innodb_trx t
		LEFT JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var state, db string
		if err := rows.Scan(&state, &db); err != nil {
			t.Fatal(err)
		}
		if state == "LOCK WAIT" && db == name {
			n++
		}
	}
	return n
}
