// Package floor is the benchmark's reference server: it answers the four
// workloads -- Q1 (organization page), Q2 (my organizations), Q3 (my
// work) and M1 (invite, then revoke) -- with hand-written SQL through
// database/sql and encoding/json over net/http (no GraphQL, no ORM), on the
// same database as Orgraph, with the same authentication (bearer token
// hashed with SHA-256) and the same rules for these operations. Its
// throughput is the bound Orgraph is measured against; bench/cmd/floor
// serves it.
//
// It takes the same POST /query JSON bodies as Orgraph and dispatches on
// operationName ("OrganizationPage", "MyOrganizations", "MyWork",
// "Invite", "Revoke"); the query text is ignored. Its answers have the
// shape of Orgraph's (cursors aside, which are opaque).
package floor

import (
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite"
)

// Open opens the database with the settings Orgraph uses (utf8mb4, UTC,
// a pool of 32 connections on MySQL; one connection on SQLite). The
// dialect is "mysql" or "sqlite3".
func Open(rawURL string) (*sql.DB, string, error) {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return nil, "", fmt.Errorf("want -database-url sqlite://PATH or mysql://USER:PASS@HOST:PORT/DB")
	}
	switch scheme {
	case "sqlite":
		db, err := sql.Open("sqlite", "file:"+rest+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
		if err != nil {
			return nil, "", err
		}
		db.SetMaxOpenConns(1)
		return db, "sqlite3", nil
	case "mysql", "mariadb":
		u, err := url.Parse(rawURL)
		if err != nil {
			return nil, "", err
		}
		cfg := mysql.NewConfig()
		cfg.Net, cfg.Addr = "tcp", u.Host
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
		cfg.DBName = strings.TrimPrefix(u.Path, "/")
		cfg.ParseTime, cfg.Loc = true, time.UTC
		cfg.Collation = "utf8mb4_unicode_ci"
		cfg.Params = map[string]string{"time_zone": "'+00:00'"}
		cfg.InterpolateParams = true
		connector, err := mysql.NewConnector(cfg)
		if err != nil {
			return nil, "", err
		}
		db := sql.OpenDB(connector)
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
		db.SetConnMaxLifetime(30 * time.Minute)
		return db, "mysql", nil
	}
	return nil, "", fmt.Errorf("unsupported database %q", scheme)
}
