package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ariga.io/atlas/sql/migrate"

	"orgraph/internal/testserver"
)

// devURL is the MariaDB of the test run; the drift check needs a server.
func devURL(t *testing.T) string {
	u := os.Getenv(testserver.EnvDatabaseURL)
	if !strings.HasPrefix(u, "mysql://") {
		t.Skip("needs MariaDB: set " + testserver.EnvDatabaseURL)
	}
	return u
}

// committed is the repository's migration directory, from this package.
var committed = filepath.Join("..", "migrations", "mysql")

// The committed migrations are what the ent schema generates, with an
// up-to-date atlas.sum, and they pass the lint analyzers: the check CI runs.
func TestCommittedMigrationsMatchTheSchema(t *testing.T) {
	var out bytes.Buffer
	if err := check(context.Background(), devURL(t), committed, &out); err != nil {
		t.Fatalf("%v\n%s", err, &out)
	}
	if want := committed + " matches the ent schema\n" + committed + " passes the lint analyzers\n"; out.String() != want {
		t.Errorf("check said %q", out.String())
	}
}

// A directory behind the schema (here: empty) fails the check, which
// prints the missing migration; diff writes it, and then the check passes.
func TestDriftIsReportedAndDiffWritesTheMigration(t *testing.T) {
	dev := devURL(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, migrate.HashFileName), []byte("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := check(context.Background(), dev, dir, &out)
	if err == nil || !strings.Contains(err.Error(), "the ent schema and "+dir+" disagree") || !strings.Contains(err.Error(), "CREATE TABLE `users`") {
		t.Fatalf("check of an empty directory: %v", err)
	}
	name, err := diff(context.Background(), dev, dir, "init")
	if err != nil || !strings.HasSuffix(name, "_init.sql") {
		t.Fatalf("diff: %q, %v", name, err)
	}
	if err := check(context.Background(), dev, dir, &out); err != nil {
		t.Fatalf("check after diff: %v", err)
	}
	if name, err := diff(context.Background(), dev, dir, "again"); name != "" || err != nil {
		t.Errorf("a second diff wrote %q, %v", name, err)
	}
}

// A migration that drops a column fails the lint (destructive, DS103)
// unless a comment accepts it.
func TestLintReportsDestructiveChanges(t *testing.T) {
	dev := devURL(t)
	src, err := copyDir(committed)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := src.Files()
	for _, accept := range []string{"", "-- atlas:nolint destructive\n"} {
		dir := &migrate.MemDir{}
		if err := dir.CopyFiles(files); err != nil {
			t.Fatal(err)
		}
		drop := "-- a column nobody needs\n" + accept + "ALTER TABLE `users` DROP COLUMN `last_name`;\n"
		if err := dir.WriteFile("99990101000000_drop.sql", []byte(drop)); err != nil {
			t.Fatal(err)
		}
		reports, err := lint(context.Background(), dev, dir)
		if err != nil {
			t.Fatal(err)
		}
		var want []string // accepted: no report
		if accept == "" {
			want = []string{`99990101000000_drop.sql:2: DS103: Dropping non-virtual column "last_name" (destructive)`}
		}
		if strings.Join(reports, "\n") != strings.Join(want, "\n") {
			t.Errorf("accept %q: reports %q, want %q", accept, reports, want)
		}
	}
}
