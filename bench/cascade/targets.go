package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"entgo.io/ent/dialect/sql/schema"

	"orgraph/ent/migrate"
	"orgraph/internal/database"
)

// SQLite: a temporary file, as production's default is a file.
type sqliteTarget struct {
	dir string
	n   atomic.Int64
}

func newSQLiteTarget() (*sqliteTarget, error) {
	dir, err := os.MkdirTemp("", "orgraph-bench-")
	return &sqliteTarget{dir: dir}, err
}

func (s *sqliteTarget) url() string { return "sqlite://" + filepath.Join(s.dir, "template.db") }

func (s *sqliteTarget) copy() (string, func(), error) {
	path := filepath.Join(s.dir, fmt.Sprintf("run%d.db", s.n.Add(1)))
	src, err := os.ReadFile(filepath.Join(s.dir, "template.db"))
	if err != nil {
		return "", nil, err
	}
	if err := os.WriteFile(path, src, 0o600); err != nil {
		return "", nil, err
	}
	return "sqlite://" + path, func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}, nil
}

func (s *sqliteTarget) close() { os.RemoveAll(s.dir) }

func (s *sqliteTarget) settle() error {
	syscall.Sync()
	return nil
}

// MariaDB: a template database, copied table by table (parents first)
// into a fresh database per run.
type mysqlTarget struct {
	base   *url.URL
	admin  *database.DB
	prefix string
	n      int
}

func newMySQLTarget(raw string) (*mysqlTarget, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	admin, err := database.Open(raw)
	if err != nil {
		return nil, err
	}
	m := &mysqlTarget{base: u, admin: admin, prefix: "orgbench_" + hex.EncodeToString(randomBytes(4))}
	if err := m.create(m.prefix + "_tmpl"); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *mysqlTarget) create(name string) error {
	_, err := m.admin.SQL.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	return err
}

func (m *mysqlTarget) urlOf(name string) string {
	u := *m.base
	u.Path = "/" + name
	return u.String()
}

func (m *mysqlTarget) url() string { return m.urlOf(m.prefix + "_tmpl") }

func (m *mysqlTarget) copy() (string, func(), error) {
	m.n++
	name := fmt.Sprintf("%s_run%d", m.prefix, m.n)
	drop := func() { _, _ = m.admin.SQL.Exec("DROP DATABASE IF EXISTS " + name) }
	if err := m.create(name); err != nil {
		return "", nil, err
	}
	u := m.urlOf(name)
	db, err := database.OpenMigrated(context.Background(), u)
	if err != nil {
		drop()
		return "", nil, err
	}
	defer db.Close()
	for _, t := range parentsFirst() {
		if _, err := db.SQL.Exec(fmt.Sprintf("INSERT INTO %s.%s SELECT * FROM %s_tmpl.%s ORDER BY id", name, t, m.prefix, t)); err != nil {
			drop()
			return "", nil, fmt.Errorf("copying %s: %w", t, err)
		}
	}
	// Fresh statistics, as a long-lived database would have.
	for _, t := range parentsFirst() {
		if _, err := db.SQL.Exec("ANALYZE TABLE " + t); err != nil {
			drop()
			return "", nil, err
		}
	}
	return u, drop, nil
}

// settle waits (up to 5 s) until InnoDB has purged what earlier runs
// deleted, so that a run does not pay for the previous one's background
// work.
func (m *mysqlTarget) settle() error {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var history int
		if err := m.admin.SQL.QueryRow("SELECT COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'trx_rseg_history_len'").Scan(&history); err != nil {
			return err
		}
		if history < 100 {
			break
		}
	}
	syscall.Sync()
	return nil
}

func (m *mysqlTarget) close() {
	_, _ = m.admin.SQL.Exec("DROP DATABASE IF EXISTS " + m.prefix + "_tmpl")
	m.admin.Close()
}

// parentsFirst orders the schema's tables so that every table comes after
// the tables its foreign keys point at.
func parentsFirst() []string {
	var out []string
	done := map[string]bool{}
	var visit func(t *schema.Table)
	visit = func(t *schema.Table) {
		if done[t.Name] {
			return
		}
		done[t.Name] = true
		for _, fk := range t.ForeignKeys {
			visit(fk.RefTable)
		}
		out = append(out, t.Name)
	}
	for _, t := range migrate.Tables {
		visit(t)
	}
	return out
}
