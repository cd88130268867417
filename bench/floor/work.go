package floor

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
)

// jobNode is a job of Q3; its task shows when the viewer sees the task.
type jobNode struct {
	ID    string    `json:"id"`
	Stage string    `json:"stage"`
	State string    `json:"state"`
	Task  *taskNode `json:"task"`
}

// taskNode is a job's task; its project shows when the viewer sees it.
type taskNode struct {
	ID      string      `json:"id"`
	Name    string      `json:"name"`
	Project *projectRef `json:"project"`
}

// projectRef is a task's project.
type projectRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// memberRole finds the organization of slug and the viewer's role there:
// NOT_FOUND unless they are a member or an admin (RULES.md §2).
func (s *server) memberRole(ctx context.Context, v *viewer, slug string) (orgID int64, role string, err error) {
	var r sql.NullString
	err = s.db.QueryRowContext(ctx, `SELECT o.id, m.role FROM organizations o
		LEFT JOIN memberships m ON m.organization_id = o.id AND m.user_id = ? WHERE o.slug_key = ?`,
		v.userID, strings.ToLower(slug)).Scan(&orgID, &r)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !r.Valid && !v.admin()) {
		return 0, "", errNotFound
	}
	return orgID, r.String, err
}

// Work visibility (RULES.md §5, internal/policy's visibleProjects,
// visibleTasks, visibleJobs): staff (and admins) see all of an
// organization's work; other members see the projects they own or are
// assigned to, the tasks they own or are assigned to (also through the
// task's project), and the jobs assigned to them or of those tasks. Each
// rule is "the viewer (one parameter) is one of these users".
const (
	projectRelated = "? IN (p.owner_id, p.assignee_id)"
	taskRelated    = "? IN (t.owner_id, t.assignee_id, p.owner_id, p.assignee_id)"
	jobRelated     = "? IN (j.assignee_id, t.owner_id, t.assignee_id, p.owner_id, p.assignee_id)"
)

// myWork answers Q3 in three statements: the token, the organization with
// the viewer's role, and the first 50 visible jobs with their task and
// project (each shown when visible) and the total.
func (s *server) myWork(ctx context.Context, v *viewer, raw json.RawMessage) (any, error) {
	var vars struct {
		Organization string `json:"organization"`
	}
	_ = json.Unmarshal(raw, &vars)
	orgID, role, err := s.memberRole(ctx, v, vars.Organization)
	if err != nil {
		return nil, err
	}
	const first = 50
	taskShown, projectShown, visible := "1", "1", "1"
	var args []any
	if !v.staff(role) {
		taskShown, projectShown, visible = taskRelated, projectRelated, jobRelated
		args = []any{v.userID, v.userID}
	}
	args = append(args, orgID)
	if !v.staff(role) {
		args = append(args, v.userID)
	}
	jobs := newPage[jobNode](first)
	total := 0
	err = s.each(ctx, func(rows *sql.Rows) error {
		var (
			jid, tid int64
			n        jobNode
			tname    string
			tOK, pOK sql.NullBool
			pid      sql.NullInt64
			pname    sql.NullString
		)
		if err := rows.Scan(&jid, &n.Stage, &n.State, &tid, &tname, &tOK, &pid, &pname, &pOK, &total); err != nil {
			return err
		}
		n.ID = id(jid)
		if tOK.Bool {
			n.Task = &taskNode{ID: id(tid), Name: tname}
			if pid.Valid && pOK.Bool {
				n.Task.Project = &projectRef{ID: id(pid.Int64), Name: pname.String}
			}
		}
		jobs.add(jid, n)
		return nil
	}, `SELECT j.id, j.stage, j.state, t.id, t.name, `+taskShown+`, p.id, p.name, `+projectShown+`, COUNT(*) OVER ()
		FROM jobs j JOIN tasks t ON t.id = j.task_id LEFT JOIN projects p ON p.id = t.project_id
		WHERE j.organization_id = ? AND `+visible+` ORDER BY j.id LIMIT ?`, append(args, first+1)...)
	if err != nil {
		return nil, err
	}
	return jobs.connection(total), nil
}
