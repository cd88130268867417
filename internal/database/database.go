// Package database opens Orgraph's database from a DATABASE_URL -- embedded
// SQLite (the zero-configuration default) or MySQL/MariaDB -- and migrates
// it.
package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite" // registers the cgo-free "sqlite" driver

	"orgraph/ent"
	_ "orgraph/ent/runtime" // registers the schema's hooks and privacy policies
)

// DB is an open database: the ent driver and the *sql.DB under it.
type DB struct {
	Dialect string
	SQL     *sql.DB
	Driver  *entsql.Driver
}

// Open connects to the database named by rawURL:
//
//	sqlite://PATH            a SQLite file (created if missing)
//	sqlite://:memory:NAME    a private in-memory SQLite database (tests)
//	mysql://USER:PASS@HOST:PORT/DB
func Open(rawURL string) (*DB, error) {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return nil, fmt.Errorf("DATABASE_URL %q: want sqlite://PATH or mysql://USER:PASS@HOST:PORT/DB", Redact(rawURL))
	}
	switch scheme {
	case "sqlite", "sqlite3", "file":
		return openSQLite(rest)
	case "mysql", "mariadb":
		return openMySQL(rawURL)
	default:
		return nil, fmt.Errorf("DATABASE_URL: unsupported scheme %q (want sqlite or mysql)", scheme)
	}
}

func openSQLite(path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("DATABASE_URL: sqlite:// needs a path")
	}
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate"
	var dsn string
	if name, ok := strings.CutPrefix(path, ":memory:"); ok {
		// The memdb VFS keeps the database for the life of the process
		// under a name, whatever happens to individual connections.
		dsn = "file:/" + url.PathEscape("orgraph-"+name) + "?vfs=memdb&" + pragmas
	} else {
		if err := checkSQLitePath(path); err != nil {
			return nil, err
		}
		dsn = "file:" + path + "?" + pragmas + "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// SQLite allows one writer at a time. A single connection serializes
	// every transaction in Go rather than in SQLite's lock retries, so no
	// request ever fails with SQLITE_BUSY. MariaDB is the choice for
	// concurrency.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return &DB{Dialect: dialect.SQLite, SQL: db, Driver: entsql.OpenDB(dialect.SQLite, db)}, nil
}

// Connection limits of a MySQL/MariaDB pool, per server process:
// docs/SCALING.md plans a deployment's connections with them.
const (
	maxOpenConns = 32
	connLifetime = 30 * time.Minute
	dialTimeout  = 5 * time.Second
	ioTimeout    = 60 * time.Second
)

func openMySQL(rawURL string) (*DB, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	cfg := mysql.NewConfig()
	cfg.Net = "tcp"
	cfg.Addr = u.Host
	if u.Port() == "" {
		cfg.Addr = u.Host + ":3306"
	}
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if cfg.DBName == "" {
		return nil, fmt.Errorf("DATABASE_URL: mysql:// needs a database name")
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.Collation = "utf8mb4_unicode_ci"
	// group_concat_max_len: the token lookup aggregates the user's
	// memberships with GROUP_CONCAT (MySQL's default limit is 1 KiB).
	cfg.Params = map[string]string{"time_zone": "'+00:00'", "group_concat_max_len": "1048576"}
	// Arguments are interpolated by the driver (safe with utf8mb4): one
	// round trip per statement instead of prepare, execute and close.
	cfg.InterpolateParams = true
	// A database that went away fails requests fast instead of hanging
	// them: connecting gives up after dialTimeout, and a connection that
	// stops answering fails after ioTimeout (longer than InnoDB's 50 s lock
	// wait, which ends a lock wait with its own error first).
	cfg.Timeout = dialTimeout
	cfg.ReadTimeout = ioTimeout
	cfg.WriteTimeout = ioTimeout
	for k, v := range u.Query() {
		cfg.Params[k] = v[0]
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	db := sql.OpenDB(readCommitted{connector})
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxOpenConns)
	db.SetConnMaxLifetime(connLifetime)
	return &DB{Dialect: dialect.MySQL, SQL: db, Driver: entsql.OpenDB(dialect.MySQL, db)}, nil
}

// readCommitted makes READ COMMITTED the isolation level of every
// MariaDB/MySQL session of the pool, so that transactions begin with one
// round trip (START TRANSACTION) instead of two: asking for the level per
// transaction costs a SET TRANSACTION before each. Mutations need it (a
// workflow that waited for an organization's row lock must read what the
// transaction it waited for committed: graph/transaction.go), and so does
// the outbox's claim (no gap locks). It runs after the driver's own
// session settings, so a DATABASE_URL parameter cannot override it. The
// statement works on MariaDB (tx_isolation) and MySQL 8
// (transaction_isolation) alike.
type readCommitted struct{ driver.Connector }

func (c readCommitted) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.(driver.ExecerContext).ExecContext(ctx, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", nil); err != nil {
		conn.Close()
		return nil, fmt.Errorf("setting the session's isolation level: %w", err)
	}
	return conn, nil
}

// OpenMigrated is Open then Migrate: the database of rawURL with the
// schema applied.
func OpenMigrated(ctx context.Context, rawURL string) (*DB, error) {
	db, err := Open(rawURL)
	if err != nil {
		return nil, err
	}
	if err := Migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Client returns an ent client on the database. Options add to it (a
// statement-counting driver in tests, for example).
func (d *DB) Client(opts ...ent.Option) *ent.Client {
	return ent.NewClient(append([]ent.Option{ent.Driver(d.Driver)}, opts...)...)
}

// Close closes the database.
func (d *DB) Close() error { return d.SQL.Close() }

// Redact hides a password in a URL, for error messages and logs.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
