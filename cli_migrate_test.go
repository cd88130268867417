package main

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"orgraph/internal/database"
	"orgraph/internal/testserver"
)

// migrationFiles are the names and versions of the migration files built
// into the binary.
func migrationFiles(t *testing.T) (names, versions []string) {
	t.Helper()
	dir, err := database.MigrationDir()
	if err != nil {
		t.Fatal(err)
	}
	files, err := dir.Files()
	if err != nil || len(files) == 0 {
		t.Fatalf("migration files: %v, %d", err, len(files))
	}
	for _, f := range files {
		names, versions = append(names, f.Name()), append(versions, f.Version())
	}
	return names, versions
}

// wantApplied is apply's output for versions.
func wantApplied(versions []string) string {
	return "applied " + strings.Join(versions, "\napplied ") + "\n"
}

// `orgraph migrate` on a fresh MariaDB database: status lists every file
// as pending, apply applies them, a second apply is a no-op; two applies at
// once apply each file once; a database of the automatic migration is
// refused until it is adopted with -baseline. On SQLite it says what it does.
func cliMigrate(t *testing.T, bin string) {
	names, versions := migrationFiles(t)
	for kind, dbURL := range databases(t) {
		env := map[string]string{"DATABASE_URL": dbURL}
		if kind == "sqlite" {
			if r := runOrgraph(t, bin, env, "", "migrate", "status"); r.code != 0 || !strings.HasPrefix(r.stdout, "SQLite: no versioned migrations") {
				t.Errorf("sqlite status: exit %d, %q %q", r.code, r.stdout, r.stderr)
			}
			if r := runOrgraph(t, bin, env, "", "migrate", "apply"); r.code != 0 || r.stdout != "SQLite: the schema is up to date (ent's automatic migration)\n" {
				t.Errorf("sqlite apply: exit %d, %q %q", r.code, r.stdout, r.stderr)
			}
			continue
		}
		r := runOrgraph(t, bin, env, "", "migrate", "status")
		want := "migration files in this build: " + strconv.Itoa(len(names)) + "\napplied: 0\npending: " + strconv.Itoa(len(names)) + "\n  " + strings.Join(names, "\n  ") + "\n"
		if r.code != 0 || r.stdout != want {
			t.Errorf("status of a fresh database: exit %d, stdout %q, want %q; stderr %q", r.code, r.stdout, want, r.stderr)
		}
		if n := tableCount(t, dbURL); n != 0 {
			t.Errorf("status wrote %d tables", n)
		}
		if r := runOrgraph(t, bin, env, "", "migrate", "apply"); r.code != 0 || r.stdout != wantApplied(versions) {
			t.Errorf("apply: exit %d, stdout %q; stderr %q", r.code, r.stdout, r.stderr)
		}
		if r := runOrgraph(t, bin, env, "", "migrate", "apply"); r.code != 0 || r.stdout != "no pending migrations: the database is up to date\n" {
			t.Errorf("second apply: exit %d, stdout %q; stderr %q", r.code, r.stdout, r.stderr)
		}
		r = runOrgraph(t, bin, env, "", "migrate", "status")
		if r.code != 0 || !strings.Contains(r.stdout, "applied: "+strconv.Itoa(len(names))+"\n  "+versions[0]+" ") || !strings.HasSuffix(r.stdout, "pending: 0\n") {
			t.Errorf("status after apply: exit %d, %q", r.code, r.stdout)
		}
	}
	if mysqlBase() != "" {
		concurrentApplies(t, bin, versions)
		adoptAutoMigrated(t, bin, versions)
	}
}

// Two processes applying at once: one applies every file, the other waits
// for the lock and finds nothing pending; one revision per file.
func concurrentApplies(t *testing.T, bin string, versions []string) {
	dbURL := databases(t)["mariadb"]
	env := map[string]string{"DATABASE_URL": dbURL}
	var wg sync.WaitGroup
	outs := make([]ran, 2)
	for i := range outs {
		wg.Add(1)
		go func() { defer wg.Done(); outs[i] = runOrgraph(t, bin, env, "", "migrate", "apply") }()
	}
	wg.Wait()
	got := []string{outs[0].stdout, outs[1].stdout}
	if strings.HasPrefix(got[0], "no pending") {
		got[0], got[1] = got[1], got[0]
	}
	if outs[0].code != 0 || outs[1].code != 0 || got[0] != wantApplied(versions) || got[1] != "no pending migrations: the database is up to date\n" {
		t.Errorf("two applies at once: %+v", outs)
	}
	if n := countRows(t, dbURL, "SELECT COUNT(*) FROM atlas_schema_revisions WHERE applied = total AND error IS NULL"); n != len(versions) {
		t.Errorf("%d complete revisions, want %d", n, len(versions))
	}
}

// A database built by ent's automatic migration (an older Orgraph) is
// refused, then adopted with -baseline: nothing runs up to the baseline.
func adoptAutoMigrated(t *testing.T, bin string, versions []string) {
	dbURL := databases(t)["mariadb"]
	db, err := database.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Client().Schema.Create(context.Background()); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DATABASE_URL": dbURL}
	for _, args := range [][]string{{"migrate", "status"}, {"migrate", "apply"}} {
		r := runOrgraph(t, bin, env, "", args...)
		if r.code != 1 || !strings.Contains(r.stderr, "the database has tables but no migration history") || !strings.Contains(r.stderr, "orgraph migrate apply -baseline VERSION") {
			t.Errorf("%v on an automatically migrated database: exit %d, %q", args, r.code, r.stderr)
		}
	}
	r := runOrgraph(t, bin, env, "", "migrate", "apply", "-baseline", versions[len(versions)-1])
	if r.code != 0 || r.stdout != "baseline "+versions[len(versions)-1]+" recorded\nno pending migrations: the database is up to date\n" {
		t.Errorf("apply -baseline: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if n := countRows(t, dbURL, "SELECT COUNT(*) FROM atlas_schema_revisions WHERE type = 1"); n != 1 {
		t.Errorf("%d baseline revisions, want 1", n)
	}
}

// MIGRATE=off on a database with pending migrations: the server refuses to
// start, names them and the command, and writes nothing; once they are
// applied, it starts.
func cliMigrateOff(t *testing.T, bin string) {
	if mysqlBase() == "" {
		t.Skip("needs MariaDB: set " + testserver.EnvDatabaseURL)
	}
	names, _ := migrationFiles(t)
	dbURL := databases(t)["mariadb"]
	env := map[string]string{"DATABASE_URL": dbURL, "MIGRATE": "off", "ADDR": "127.0.0.1:0"}
	r := runOrgraph(t, bin, env, "")
	want := "orgraph: migrations are pending (MIGRATE=off): [" + strings.Join(names, " ") + "]; apply them with `orgraph migrate apply`, or start with MIGRATE=auto\n"
	if r.code != 1 || !strings.HasSuffix(r.stderr, want) {
		t.Errorf("MIGRATE=off, pending: exit %d, stderr %q\nwant the end %q", r.code, r.stderr, want)
	}
	if n := tableCount(t, dbURL); n != 0 {
		t.Errorf("MIGRATE=off wrote %d tables", n)
	}
	if r := runOrgraph(t, bin, env, "", "migrate", "apply"); r.code != 0 {
		t.Fatalf("apply: %d %q", r.code, r.stderr)
	}
	api := freeAddr(t)
	env["ADDR"] = api
	cmd := exec.Command(bin)
	cmd.Dir, cmd.Env = t.TempDir(), environ(env)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitReady(t, api)
	_ = cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); err != nil {
		t.Errorf("MIGRATE=off, up to date: %v", err)
	}
}

func tableCount(t *testing.T, dbURL string) int {
	return countRows(t, dbURL, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")
}

func countRows(t *testing.T, dbURL, query string) int {
	t.Helper()
	db, err := database.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.SQL.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
