package database

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"ariga.io/atlas/sql/migrate"
	"github.com/go-sql-driver/mysql"
)

// revisionTable is the migration history, the table of the Atlas CLI (same
// name and columns), so that `atlas migrate status` reads it too.
const revisionTable = "atlas_schema_revisions"

// mysqlNoSuchTable is MySQL's error number for a missing table.
const mysqlNoSuchTable = 1146

// revisions is Atlas's migrate.RevisionReadWriter on revisionTable.
type revisions struct{ conn *sql.Conn }

var _ migrate.RevisionReadWriter = (*revisions)(nil)

func (r *revisions) create(ctx context.Context) error {
	_, err := r.conn.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS `"+revisionTable+"` ("+
		"`version` varchar(255) NOT NULL, `description` varchar(255) NOT NULL, "+
		"`type` bigint unsigned NOT NULL DEFAULT 2, `applied` bigint NOT NULL DEFAULT 0, `total` bigint NOT NULL DEFAULT 0, "+
		"`executed_at` timestamp NOT NULL, `execution_time` bigint NOT NULL, "+
		"`error` longtext NULL, `error_stmt` longtext NULL, `hash` varchar(255) NOT NULL, "+
		"`partial_hashes` json NULL, `operator_version` varchar(255) NOT NULL, "+
		"PRIMARY KEY (`version`)) CHARSET utf8mb4 COLLATE utf8mb4_bin")
	return err
}

// Ident is the history table: Atlas leaves it out when it checks that a
// database is empty.
func (r *revisions) Ident() *migrate.TableIdent {
	return &migrate.TableIdent{Name: revisionTable}
}

const revisionColumns = "`version`, `description`, `type`, `applied`, `total`, `executed_at`, `execution_time`, " +
	"COALESCE(`error`, ''), COALESCE(`error_stmt`, ''), `hash`, `partial_hashes`, `operator_version`"

func (r *revisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	rows, err := r.conn.QueryContext(ctx, "SELECT "+revisionColumns+" FROM `"+revisionTable+"` ORDER BY `version`")
	var my *mysql.MySQLError
	if errors.As(err, &my) && my.Number == mysqlNoSuchTable {
		return nil, nil // no history yet (status writes nothing, not even the table)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*migrate.Revision
	for rows.Next() {
		rev, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rev)
	}
	return out, rows.Err()
}

func (r *revisions) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	rev, err := scanRevision(r.conn.QueryRowContext(ctx, "SELECT "+revisionColumns+" FROM `"+revisionTable+"` WHERE `version` = ?", version))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, migrate.ErrRevisionNotExist
	}
	return rev, err
}

func scanRevision(row interface{ Scan(...any) error }) (*migrate.Revision, error) {
	var (
		rev      migrate.Revision
		duration int64
		partial  sql.NullString
	)
	if err := row.Scan(&rev.Version, &rev.Description, &rev.Type, &rev.Applied, &rev.Total, &rev.ExecutedAt,
		&duration, &rev.Error, &rev.ErrorStmt, &rev.Hash, &partial, &rev.OperatorVersion); err != nil {
		return nil, err
	}
	rev.ExecutionTime = time.Duration(duration)
	if partial.Valid && partial.String != "" {
		if err := json.Unmarshal([]byte(partial.String), &rev.PartialHashes); err != nil {
			return nil, err
		}
	}
	return &rev, nil
}

func (r *revisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	var partial any
	if len(rev.PartialHashes) > 0 {
		b, err := json.Marshal(rev.PartialHashes)
		if err != nil {
			return err
		}
		partial = string(b)
	}
	_, err := r.conn.ExecContext(ctx, "INSERT INTO `"+revisionTable+"` (`version`, `description`, `type`, `applied`, `total`, "+
		"`executed_at`, `execution_time`, `error`, `error_stmt`, `hash`, `partial_hashes`, `operator_version`) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), ?, ?, ?) ON DUPLICATE KEY UPDATE "+
		"`description` = VALUES(`description`), `type` = VALUES(`type`), `applied` = VALUES(`applied`), `total` = VALUES(`total`), "+
		"`executed_at` = VALUES(`executed_at`), `execution_time` = VALUES(`execution_time`), `error` = VALUES(`error`), "+
		"`error_stmt` = VALUES(`error_stmt`), `hash` = VALUES(`hash`), `partial_hashes` = VALUES(`partial_hashes`), "+
		"`operator_version` = VALUES(`operator_version`)",
		rev.Version, rev.Description, uint(rev.Type), rev.Applied, rev.Total, rev.ExecutedAt.UTC(), int64(rev.ExecutionTime),
		rev.Error, rev.ErrorStmt, rev.Hash, partial, rev.OperatorVersion)
	return err
}

func (r *revisions) DeleteRevision(ctx context.Context, version string) error {
	_, err := r.conn.ExecContext(ctx, "DELETE FROM `"+revisionTable+"` WHERE `version` = ?", version)
	return err
}
