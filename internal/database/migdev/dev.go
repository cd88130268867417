package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"ariga.io/atlas/sql/migrate"
	entschema "entgo.io/ent/dialect/sql/schema"

	entmigrate "orgraph/ent/migrate"
	"orgraph/internal/database"
)

// scratch creates an empty database on the server of devURL, opens it and
// returns it with a function that closes and drops it.
func scratch(devURL string) (*database.DB, func(), error) {
	admin, err := database.Open(devURL)
	if err != nil {
		return nil, nil, fmt.Errorf("dev database: %w", err)
	}
	if admin.Dialect != "mysql" {
		admin.Close()
		return nil, nil, fmt.Errorf("dev database: want a mysql:// URL, got %s", database.Redact(devURL))
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "orgraph_migdev_" + hex.EncodeToString(suffix)
	if _, err := admin.SQL.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		admin.Close()
		return nil, nil, fmt.Errorf("dev database: %w", database.Explain(err))
	}
	drop := func() {
		_, _ = admin.SQL.Exec("DROP DATABASE " + name)
		admin.Close()
	}
	u, _ := url.Parse(devURL)
	u.Path = "/" + name
	db, err := database.Open(u.String())
	if err != nil {
		drop()
		return nil, nil, err
	}
	return db, func() { db.Close(); drop() }, nil
}

// plan replays dir on a scratch database and writes the changes from there
// to the ent schema into dir as the file of name; it returns the new
// file's name, "" when there is nothing to change.
func plan(ctx context.Context, devURL string, dir migrate.Dir, name string) (string, error) {
	db, done, err := scratch(devURL)
	if err != nil {
		return "", err
	}
	defer done()
	before, err := dir.Files()
	if err != nil {
		return "", err
	}
	m, err := entschema.NewMigrate(db.Driver,
		entschema.WithDir(dir),
		entschema.WithMigrationMode(entschema.ModeReplay),
		entschema.WithFormatter(migrate.DefaultFormatter),
		entschema.WithErrNoPlan(true),
		entschema.WithDropColumn(true),
		entschema.WithDropIndex(true),
	)
	if err != nil {
		return "", err
	}
	err = m.NamedDiff(ctx, name, entmigrate.Tables...)
	if errors.Is(err, migrate.ErrNoPlan) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("diffing the ent schema against the migrations: %w", err)
	}
	after, err := dir.Files()
	if err != nil {
		return "", err
	}
	if len(after) != len(before)+1 {
		return "", fmt.Errorf("expected one new migration file, have %d files after %d", len(after), len(before))
	}
	return after[len(after)-1].Name(), nil
}

// diff writes the next migration file of path (the directory), if any.
func diff(ctx context.Context, devURL, path, name string) (string, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return "", err
	}
	dir, err := migrate.NewLocalDir(path)
	if err != nil {
		return "", err
	}
	file, err := plan(ctx, devURL, dir, name)
	if file == "" || err != nil {
		return "", err
	}
	return filepath.Join(path, file), nil
}

// copyDir is the directory at path in memory, for a diff that writes
// nothing to the disk.
func copyDir(path string) (*migrate.MemDir, error) {
	local, err := migrate.NewLocalDir(path)
	if err != nil {
		return nil, err
	}
	files, err := local.Files()
	if err != nil {
		return nil, err
	}
	mem := &migrate.MemDir{}
	if err := mem.CopyFiles(files); err != nil {
		return nil, err
	}
	sum, err := os.ReadFile(filepath.Join(path, migrate.HashFileName))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return mem, mem.WriteFile(migrate.HashFileName, sum)
}
