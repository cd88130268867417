package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"ariga.io/atlas/schemahcl"
	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/mysql"
	_ "ariga.io/atlas/sql/mysql/mysqlcheck" // registers MySQL's analyzers
	"ariga.io/atlas/sql/sqlcheck"
	"ariga.io/atlas/sql/sqlclient"
)

// check fails when the directory at path is not what the ent schema needs
// (atlas.sum out of date, or a migration missing) or when a file fails the
// lint analyzers.
func check(ctx context.Context, devURL, path string, out io.Writer) error {
	dir, err := copyDir(path)
	if err != nil {
		return err
	}
	if err := migrate.Validate(dir); err != nil {
		return fmt.Errorf("%s: %w (atlas.sum must match the files: regenerate with diff, never edit a file by hand after it is committed)", path, err)
	}
	missing, err := plan(ctx, devURL, dir, "missing")
	if err != nil {
		return err
	}
	if missing != "" {
		f, _ := dir.Open(missing)
		text, _ := io.ReadAll(f)
		return fmt.Errorf("the ent schema and %s disagree; the missing migration is:\n\n%s\n"+
			"write it with: go run ./internal/database/migdev diff NAME", path, text)
	}
	fmt.Fprintf(out, "%s matches the ent schema\n", path)
	reports, err := lint(ctx, devURL, dir)
	if err != nil {
		return err
	}
	for _, r := range reports {
		fmt.Fprintln(out, filepath.Join(path, r))
	}
	if len(reports) > 0 {
		return fmt.Errorf("%d lint reports: change the migration, or accept a statement with a comment -- atlas:nolint ANALYZER above it", len(reports))
	}
	fmt.Fprintf(out, "%s passes the lint analyzers\n", path)
	return nil
}

// lint replays every file of dir on a scratch database, one statement at a
// time, recording the schema changes each makes; then runs the MySQL
// analyzers of Atlas (destructive, data-dependent, backward-incompatible,
// constraint drops) over each file. It returns one line per diagnostic,
// "FILE:LINE: CODE: text (analyzer)". A statement preceded by a comment
// "-- atlas:nolint" (all) or "-- atlas:nolint NAME..." (analyzer names or
// codes) is not reported.
func lint(ctx context.Context, devURL string, dir migrate.Dir) ([]string, error) {
	db, done, err := scratch(devURL)
	if err != nil {
		return nil, err
	}
	defer done()
	drv, err := mysql.Open(db.SQL)
	if err != nil {
		return nil, err
	}
	analyzers, err := sqlcheck.AnalyzerFor(mysql.DriverName, &schemahcl.Resource{})
	if err != nil {
		return nil, err
	}
	files, err := dir.Files()
	if err != nil {
		return nil, err
	}
	dev := &sqlclient.Client{Name: mysql.DriverName, DB: db.SQL, Driver: drv}
	var reports []string
	for _, f := range files {
		file, err := replay(ctx, drv, f)
		if err != nil {
			return nil, err
		}
		for _, a := range analyzers {
			name := "analyzer"
			if n, ok := a.(sqlcheck.NamedAnalyzer); ok {
				name = n.Name()
			}
			reported := false
			pass := &sqlcheck.Pass{File: file, Dev: dev, Reporter: sqlcheck.ReportWriterFunc(func(r sqlcheck.Report) {
				reported = true
				for _, d := range r.Diagnostics {
					if !ignored(file, d, name) {
						reports = append(reports, fmt.Sprintf("%s:%d: %s: %s (%s)", f.Name(), line(f, d.Pos), d.Code, d.Text, name))
					}
				}
			})}
			// An analyzer whose findings are errors (destructive) returns
			// an error after reporting them: the reports are the result.
			if err := a.Analyze(ctx, pass); err != nil && !reported {
				return nil, fmt.Errorf("%s: %s: %w", f.Name(), name, err)
			}
		}
	}
	return reports, nil
}

// replay runs f on drv one statement at a time and returns it with the
// schema change of each statement.
func replay(ctx context.Context, drv migrate.Driver, f migrate.File) (*sqlcheck.File, error) {
	stmts, err := migrate.FileStmtDecls(drv, f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	file := &sqlcheck.File{File: f}
	before, err := drv.InspectSchema(ctx, "", nil)
	if err != nil {
		return nil, err
	}
	for _, stmt := range stmts {
		if _, err := drv.ExecContext(ctx, stmt.Text); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", f.Name(), line(f, stmt.Pos), err)
		}
		after, err := drv.InspectSchema(ctx, "", nil)
		if err != nil {
			return nil, err
		}
		changes, err := drv.SchemaDiff(before, after)
		if err != nil {
			return nil, err
		}
		file.Changes = append(file.Changes, &sqlcheck.Change{Stmt: stmt, Changes: changes})
		file.Sum = append(file.Sum, changes...)
		before = after
	}
	return file, nil
}

// ignored reports a diagnostic of a statement that a nolint comment accepts.
func ignored(file *sqlcheck.File, d sqlcheck.Diagnostic, analyzer string) bool {
	for _, c := range file.Changes {
		if c.Stmt.Pos != d.Pos {
			continue
		}
		for _, comment := range c.Stmt.Comments {
			words := strings.Fields(strings.TrimPrefix(strings.TrimSpace(comment), "--"))
			if len(words) == 0 || words[0] != "atlas:nolint" {
				continue
			}
			if len(words) == 1 {
				return true
			}
			for _, w := range words[1:] {
				if w == analyzer || w == d.Code {
					return true
				}
			}
		}
	}
	return false
}

func line(f migrate.File, pos int) int {
	b := f.Bytes()
	return bytes.Count(b[:min(pos, len(b))], []byte("\n")) + 1
}
