// Command migdev is the developers' side of Orgraph's versioned migrations
// (docs/OPERATIONS.md, "Migrations"): it writes a new migration file from
// the ent schema, and checks that the committed directory matches the
// schema and passes Atlas's lint analyzers. It needs a MySQL/MariaDB server
// (the "dev database"): it works in a scratch database it creates there and
// drops afterwards.
//
//	go run ./internal/database/migdev diff NAME   # write the next migration file
//	go run ./internal/database/migdev check       # drift and lint (CI)
//
// The server is -dev-url, else MIGRATE_DEV_URL, else
// ORGRAPH_TEST_DATABASE_URL, else mysql://root@127.0.0.1:3306/test (only
// its host and credentials are used).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
)

// dirPath is the migration directory, from the module root (go run's
// working directory in the documented commands).
const dirPath = "internal/database/migrations/mysql"

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "migdev:", err)
			os.Exit(1)
		}
	}
}

const usage = `Usage:
  go run ./internal/database/migdev [-dev-url URL] [-dir DIR] diff NAME
      writes DIR/VERSION_NAME.sql (and atlas.sum) with the changes from the
      migrations to the ent schema; writes nothing when they agree
  go run ./internal/database/migdev [-dev-url URL] [-dir DIR] check
      fails when the ent schema and the migrations disagree (printing the
      missing migration) or when a migration fails Atlas's lint analyzers

`

// validName is what a migration's name may be: it becomes part of a file name.
var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migdev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	devURL := fs.String("dev-url", firstSet(getenv("MIGRATE_DEV_URL"), getenv("ORGRAPH_TEST_DATABASE_URL"), "mysql://root@127.0.0.1:3306/test"),
		"a MySQL/MariaDB server to work on, mysql://USER:PASS@HOST:PORT/ANY (MIGRATE_DEV_URL); it creates and drops a scratch database there")
	dir := fs.String("dir", dirPath, "the migration directory")
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch cmd := fs.Arg(0); {
	case cmd == "diff" && fs.NArg() == 2 && validName.MatchString(fs.Arg(1)):
		name, err := diff(ctx, *devURL, *dir, fs.Arg(1))
		switch {
		case err != nil:
			return err
		case name == "":
			fmt.Fprintln(stdout, "the migrations match the ent schema: nothing written")
		default:
			fmt.Fprintf(stdout, "wrote %s: review it, run check, commit it with atlas.sum\n", name)
		}
		return nil
	case cmd == "diff":
		return errors.New("diff needs one NAME of lower-case letters, digits and _ (e.g. add_audit_log)")
	case cmd == "check" && fs.NArg() == 1:
		return check(ctx, *devURL, *dir, stdout)
	default:
		fs.Usage()
		return errors.New("want diff NAME or check")
	}
}

func firstSet(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
