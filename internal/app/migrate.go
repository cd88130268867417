package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"orgraph/internal/config"
	"orgraph/internal/database"
)

const migrateUsage = `Usage: %[1]s migrate status|apply [-database-url URL] [-baseline VERSION]

Versioned migrations of a MySQL/MariaDB database (docs/OPERATIONS.md,
"Migrations"); the files are built into this binary.

  %[1]s migrate status   the applied and the pending migrations; changes nothing
  %[1]s migrate apply    applies the pending migrations, one process at a time
                         (a lock of the database); a no-op when none is pending

-baseline VERSION (apply only) adopts a database made by the automatic
migration of an older Orgraph: it records VERSION as applied without running
it, then applies the later files. SQLite has no migration files: apply runs
ent's automatic migration there, and status says so.

`

// runMigrate implements `orgraph migrate status|apply`.
func runMigrate(ctx context.Context, p *process, args []string) error {
	fs := flag.NewFlagSet(p.name+" migrate", flag.ContinueOnError)
	fs.SetOutput(p.stderr)
	dbURL := fs.String("database-url", getenvOr(p.getenv, "DATABASE_URL", config.DefaultDatabaseURL), "database (DATABASE_URL)")
	baseline := fs.String("baseline", "", "apply: record this version as applied without running it (adopting a database of the automatic migration)")
	fs.Usage = func() {
		fmt.Fprintf(p.stderr, migrateUsage, p.name)
		fs.PrintDefaults()
	}
	action := ""
	if len(args) > 0 && (args[0] == "status" || args[0] == "apply") {
		action, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case action == "":
		fs.Usage()
		return errors.New("migrate needs status or apply")
	case fs.NArg() > 0:
		return fmt.Errorf("migrate %s takes no arguments, got %q", action, fs.Args())
	case *baseline != "" && action != "apply":
		return errors.New("-baseline goes with apply")
	}
	logger := slog.New(slog.NewTextHandler(p.stderr, nil))
	routeDriverLogs(logger)
	db, err := database.Open(*dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := database.WaitReachable(ctx, db, 0, logger); err != nil {
		return err
	}
	if db.Dialect != "mysql" {
		return migrateSQLite(ctx, p, db, action)
	}
	if action == "status" {
		return printStatus(ctx, p, db)
	}
	applied, err := db.ApplyMigrations(ctx, database.ApplyOptions{Baseline: *baseline, Logger: logger})
	if err != nil {
		return err
	}
	if *baseline != "" {
		fmt.Fprintf(p.stdout, "baseline %s recorded\n", *baseline)
	}
	if len(applied) == 0 {
		fmt.Fprintln(p.stdout, "no pending migrations: the database is up to date")
		return nil
	}
	for _, v := range applied {
		fmt.Fprintf(p.stdout, "applied %s\n", v)
	}
	return nil
}

func migrateSQLite(ctx context.Context, p *process, db *database.DB, action string) error {
	if action == "status" {
		fmt.Fprintln(p.stdout, "SQLite: no versioned migrations; ent's automatic migration brings the schema up to date at start-up (and with migrate apply)")
		return nil
	}
	if err := database.Migrate(ctx, db); err != nil {
		return err
	}
	fmt.Fprintln(p.stdout, "SQLite: the schema is up to date (ent's automatic migration)")
	return nil
}

func printStatus(ctx context.Context, p *process, db *database.DB) error {
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "migration files in this build: %d\n", len(st.Files))
	fmt.Fprintf(p.stdout, "applied: %d\n", len(st.Applied))
	for _, r := range st.Applied {
		state := "applied"
		switch {
		case r.Type.Has(1): // migrate.RevisionTypeBaseline
			state = "baseline (recorded, not run)"
		case r.Applied < r.Total:
			state = fmt.Sprintf("PARTIALLY applied, %d of %d statements; error: %s", r.Applied, r.Total, r.Error)
		}
		fmt.Fprintf(p.stdout, "  %s %s  %s at %s\n", r.Version, r.Description, state, r.ExecutedAt.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(p.stdout, "pending: %d\n", len(st.Pending))
	for _, f := range st.Pending {
		fmt.Fprintf(p.stdout, "  %s\n", f)
	}
	return nil
}
