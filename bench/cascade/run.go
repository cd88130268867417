package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"

	"orgraph/bench/proc"
	"orgraph/internal/database"
)

// explainPlans prints how the database runs the annotations DELETE of the
// cascade and of the indexed variant.
func explainPlans(u string, orgID int) error {
	db, err := database.Open(u)
	if err != nil {
		return err
	}
	defer db.Close()
	prefix := "EXPLAIN QUERY PLAN "
	if db.Dialect == dialect.MySQL {
		prefix = "EXPLAIN "
	}
	for _, q := range []string{floorStatements[0], indexedStatements(db.Dialect)[0]} {
		rows, err := db.SQL.Query(prefix+q, orgID)
		if err != nil {
			return fmt.Errorf("%s%s: %w", prefix, q, err)
		}
		cols, table, err := proc.StringRows(rows)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "  %s%s\n    %s\n", prefix, q, strings.Join(cols, " | "))
		for _, line := range table {
			fmt.Fprintf(os.Stderr, "    %s\n", strings.Join(line, " | "))
		}
	}
	return nil
}

// fixture names what the seed created.
type fixture struct {
	victim, survivor int
	token            string
	n, survivorN     int // annotations of each
}

func oneRun(tg target, variant string, fx fixture, verbose bool) (measure, error) {
	u, cleanup, err := tg.copy()
	if err != nil {
		return measure{}, err
	}
	defer cleanup()
	if err := tg.settle(); err != nil {
		return measure{}, err
	}
	self, err := os.Executable()
	if err != nil {
		return measure{}, err
	}
	args := []string{"-child", variant, "-url", u, "-org", strconv.Itoa(fx.victim), "-token", fx.token}
	if verbose {
		args = append(args, "-v")
	}
	cmd := exec.Command(self, args...)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		return measure{}, fmt.Errorf("child: %w", err)
	}
	var m measure
	if err := json.Unmarshal(raw, &m); err != nil {
		return measure{}, fmt.Errorf("child said %q: %w", raw, err)
	}
	return m, verifyRemoval(u, fx)
}

// verifyRemoval checks that the victim is gone, entirely, and that the
// survivor still holds all of its work.
func verifyRemoval(u string, fx fixture) error {
	db, err := database.Open(u)
	if err != nil {
		return err
	}
	defer db.Close()
	count := func(q string, args ...any) (int, error) {
		var n int
		err := db.SQL.QueryRow(q, args...).Scan(&n)
		return n, err
	}
	checks := []struct {
		what string
		q    string
		org  int
		want int
	}{
		{"victim organization", "SELECT COUNT(*) FROM organizations WHERE id = ?", fx.victim, 0},
		{"victim annotations", "SELECT COUNT(*) FROM annotations a JOIN jobs j ON j.id = a.job_id WHERE j.organization_id = ?", fx.victim, 0},
		{"all annotations", "SELECT COUNT(*) FROM annotations WHERE job_id > ?", 0, fx.survivorN + personalAnnotations},
		{"survivor annotations", "SELECT COUNT(*) FROM annotations a JOIN jobs j ON j.id = a.job_id WHERE j.organization_id = ?", fx.survivor, fx.survivorN},
		{"survivor jobs", "SELECT COUNT(*) FROM jobs WHERE organization_id = ?", fx.survivor, projects * tasksPerProject * jobsPerTask},
		{"survivor members", "SELECT COUNT(*) FROM memberships WHERE organization_id = ?", fx.survivor, members + 1},
		{"survivor invitations", "SELECT COUNT(*) FROM invitations WHERE organization_id = ?", fx.survivor, invitations},
		{"survivor storages", "SELECT COUNT(*) FROM cloud_storages WHERE organization_id = ?", fx.survivor, storages},
	}
	for _, c := range checks {
		got, err := count(c.q, c.org)
		if err != nil {
			return fmt.Errorf("%s: %w", c.what, err)
		}
		if got != c.want {
			return fmt.Errorf("after the removal: %s = %d, want %d", c.what, got, c.want)
		}
	}
	return nil
}
