package database

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"ariga.io/atlas/sql/migrate"
	atlasmysql "ariga.io/atlas/sql/mysql"
	"entgo.io/ent/dialect"
)

// mysqlMigrations is the versioned migration directory of MySQL/MariaDB,
// Atlas's format (VERSION_NAME.sql files and atlas.sum), written by
// `go run ./internal/database/migdev diff NAME` (docs/OPERATIONS.md).
//
//go:embed migrations/mysql
var mysqlMigrations embed.FS

// MigrationsPath is where the MySQL migration files live in the repository.
const MigrationsPath = "internal/database/migrations/mysql"

// MigrationDir returns the embedded MySQL migration directory.
func MigrationDir() (migrate.Dir, error) {
	sub, err := fs.Sub(mysqlMigrations, "migrations/mysql")
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		return nil, err
	}
	dir := &migrate.MemDir{}
	for _, e := range entries {
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			return nil, err
		}
		if err := dir.WriteFile(e.Name(), b); err != nil {
			return nil, err
		}
	}
	return dir, nil
}

// Migration modes of MIGRATE.
const (
	MigrateAuto = "auto" // apply pending migrations at start-up
	MigrateOff  = "off"  // apply nothing; refuse to start while migrations are pending
)

// lockTimeout is how long a process waits for another one's migration
// (GET_LOCK) before giving up.
const lockTimeout = 15 * time.Minute

// ErrPending is returned by Prepare with MIGRATE=off while migrations are
// pending.
var ErrPending = errors.New("migrations are pending")

// Prepare makes the schema ready for the server. SQLite: ent's automatic
// migration, whatever mode says. MySQL: mode auto applies the pending
// versioned migrations; off applies nothing and fails with ErrPending
// (naming them and the command to run) if any is pending.
func Prepare(ctx context.Context, db *DB, mode string, logger *slog.Logger) error {
	if db.Dialect != dialect.MySQL {
		return Migrate(ctx, db)
	}
	if mode == MigrateOff {
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		if len(st.Pending) > 0 {
			return fmt.Errorf("%w (MIGRATE=off): %v; apply them with `orgraph migrate apply`, or start with MIGRATE=auto", ErrPending, st.Pending)
		}
		return nil
	}
	applied, err := db.ApplyMigrations(ctx, ApplyOptions{Logger: logger})
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		logger.Info("migrations applied", "versions", applied)
	}
	return nil
}

// Migrate creates or updates the schema: the versioned migrations on
// MySQL, ent's automatic migration on SQLite (which only adds columns,
// tables and indexes; docs/OPERATIONS.md says why SQLite has no migration
// files).
func Migrate(ctx context.Context, db *DB) error {
	if db.Dialect == dialect.MySQL {
		_, err := db.ApplyMigrations(ctx, ApplyOptions{})
		return err
	}
	if err := db.Client().Schema.Create(ctx); err != nil {
		return fmt.Errorf("migrating the database: %w", err)
	}
	return nil
}

// ApplyOptions are the options of ApplyMigrations.
type ApplyOptions struct {
	// Baseline, on a database that has tables but no migration history
	// (made by the automatic migration of an older Orgraph), records this
	// version as applied without running it; the later ones then run.
	Baseline string
	// Logger, if set, gets a line per migration file.
	Logger *slog.Logger
}

// ApplyMigrations applies the pending MySQL migrations and returns their
// versions. One process at a time: it holds a named lock of the database
// (GET_LOCK) while it reads the history and applies, so replicas starting
// together apply each file once and the others find nothing pending.
func (d *DB) ApplyMigrations(ctx context.Context, opts ApplyOptions) ([]string, error) {
	var applied []string
	err := d.withMigrator(ctx, true, func(ex *migrate.Executor, _ *revisions) error {
		pending, err := ex.Pending(ctx)
		if errors.Is(err, migrate.ErrNoPendingFiles) {
			return nil
		}
		if err != nil {
			return explainPending(err)
		}
		for _, f := range pending {
			if opts.Logger != nil {
				opts.Logger.Info("applying migration", "file", f.Name())
			}
			if err := ex.Execute(ctx, f); err != nil {
				return fmt.Errorf("migration %s: %w", f.Name(), err)
			}
			applied = append(applied, f.Version())
		}
		return nil
	}, migrate.WithBaselineVersion(opts.Baseline))
	return applied, err
}

// MigrationStatus is what MigrationStatus found.
type MigrationStatus struct {
	// Applied are the revisions of the database, oldest first.
	Applied []*migrate.Revision
	// Pending are the names of the files not applied yet.
	Pending []string
	// Files are the names of every migration file of this build.
	Files []string
}

// MigrationStatus reads the migration history of the database and the
// files pending. It writes nothing and takes no lock: during another
// process's migration it shows how far that one got.
func (d *DB) MigrationStatus(ctx context.Context) (*MigrationStatus, error) {
	st := &MigrationStatus{}
	err := d.withMigrator(ctx, false, func(ex *migrate.Executor, rrw *revisions) (err error) {
		if st.Applied, err = rrw.ReadRevisions(ctx); err != nil {
			return err
		}
		pending, err := ex.Pending(ctx)
		if err != nil && !errors.Is(err, migrate.ErrNoPendingFiles) {
			return explainPending(err)
		}
		for _, f := range pending {
			st.Pending = append(st.Pending, f.Name())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	dir, err := MigrationDir()
	if err != nil {
		return nil, err
	}
	files, err := dir.Files()
	for _, f := range files {
		st.Files = append(st.Files, f.Name())
	}
	return st, err
}

// withMigrator runs fn with an Atlas executor on one connection of d; to
// write, that connection holds the migration lock and the revision table
// exists.
func (d *DB) withMigrator(ctx context.Context, write bool, fn func(*migrate.Executor, *revisions) error, opts ...migrate.ExecutorOption) error {
	if d.Dialect != dialect.MySQL {
		return errors.New("versioned migrations are for MySQL/MariaDB; SQLite is migrated by ent at start-up")
	}
	dir, err := MigrationDir()
	if err != nil {
		return err
	}
	conn, err := d.SQL.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	rrw := &revisions{conn: conn}
	if write {
		unlock, err := lockMigrations(ctx, conn)
		if err != nil {
			return err
		}
		defer unlock()
		if err := rrw.create(ctx); err != nil {
			return err
		}
	}
	drv, err := atlasmysql.Open(conn)
	if err != nil {
		return err
	}
	ex, err := migrate.NewExecutor(drv, dir, rrw, append(opts, migrate.WithOperatorVersion("orgraph"))...)
	if err != nil {
		return err
	}
	return fn(ex, rrw)
}

// lockMigrations takes the named lock of this database's migrations on
// conn, waiting up to lockTimeout for another process to finish. Locks
// are server-wide, hence the database's name in the lock's.
func lockMigrations(ctx context.Context, conn *sql.Conn) (unlock func(), err error) {
	var got sql.NullInt64
	err = conn.QueryRowContext(ctx, "SELECT GET_LOCK(CONCAT('orgraph_migrate:', DATABASE()), ?)", int(lockTimeout.Seconds())).Scan(&got)
	switch {
	case err != nil:
		return nil, fmt.Errorf("taking the migration lock: %w", err)
	case got.Int64 != 1:
		return nil, fmt.Errorf("taking the migration lock: another process held it for %s", lockTimeout)
	}
	return func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK(CONCAT('orgraph_migrate:', DATABASE()))")
	}, nil
}

// explainPending adds the way out to Atlas's error for a database that
// has tables but no history.
func explainPending(err error) error {
	var notClean *migrate.NotCleanError
	if errors.As(err, &notClean) {
		return fmt.Errorf("the database has tables but no migration history (%s): it was made by the automatic migration of an "+
			"older Orgraph, or by something else. If it is Orgraph's, adopt it once with `orgraph migrate apply -baseline VERSION` "+
			"(docs/OPERATIONS.md, \"Adopting a database\")", notClean.Reason)
	}
	return err
}
