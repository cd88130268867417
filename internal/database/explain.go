package database

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// mysqlUnknownDatabase is MySQL's and MariaDB's error number for a
// database name the server does not have (ER_BAD_DB_ERROR).
const mysqlUnknownDatabase = 1049

// Explain turns the error of a database that does not exist into one that
// names it and says how to create it; other errors are returned as they
// are. The server's message carries the name: "Unknown database 'orgraph'".
func Explain(err error) error {
	var my *mysql.MySQLError
	if !errors.As(err, &my) || my.Number != mysqlUnknownDatabase {
		return err
	}
	name := my.Message
	if i, j := strings.IndexByte(name, '\''), strings.LastIndexByte(name, '\''); i >= 0 && j > i {
		name = name[i+1 : j]
	}
	return fmt.Errorf("the database %q of DATABASE_URL does not exist on its server; create it with\n\n"+
		"    CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n\n"+
		"(Orgraph creates the tables, not the database)", name, strings.ReplaceAll(name, "`", "``"))
}

// checkSQLitePath opens (or creates) the SQLite file at path for writing,
// so that a directory that does not exist or may not be written is named
// at start-up, rather than reported by SQLite as "unable to open database
// file" without the path.
func checkSQLitePath(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("DATABASE_URL: cannot create or write the SQLite database %s: %v (its directory must exist and be writable)", path, err)
	}
	return f.Close()
}
