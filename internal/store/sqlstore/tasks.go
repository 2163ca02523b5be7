package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// taskSelect reads tasks with their owner's name (or e-mail when the name
// is empty).
const taskSelect = `SELECT t.id, t.incident_id, t.title, t.description, t.phase, t.position, t.owner_id,
	COALESCE(NULLIF(u.name, ''), u.email, ''), t.role, t.due_at, t.due_after_aware, t.status, t.drop_reason,
	t.checklist, t.created_by, t.created_at, t.updated_at, t.done_at
	FROM tasks t LEFT JOIN users u ON u.id = t.owner_id`

const errNoTask = "no such task"

func scanTask(row rowScanner) (t incident.Task, err error) {
	var afterAware sql.NullInt64
	err = row.Scan(&t.ID, &t.IncidentID, &t.Title, &t.Description, &t.Phase, &t.Position, scanID(&t.OwnerID),
		&t.OwnerName, &t.Role, scanNullTime(&t.Due.At), &afterAware, &t.Status, &t.DropReason,
		scanJSON(&t.Checklist), scanID(&t.CreatedBy), scanTime(&t.CreatedAt), scanTime(&t.UpdatedAt),
		scanNullTime(&t.DoneAt))
	if afterAware.Valid {
		d := time.Duration(afterAware.Int64) * time.Second
		t.Due.AfterAware = &d
	}
	if len(t.Checklist) == 0 {
		t.Checklist = nil // "[]" and a missing list read alike
	}
	return t, err
}

func (s incidentStore) Tasks(ctx context.Context, incidentID int64) ([]incident.Task, error) {
	out, err := queryAll(ctx, s.db.reader(), scanTask, taskSelect+` WHERE t.incident_id = ?
		ORDER BY t.position, t.id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list tasks of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (c conn) task(ctx context.Context, incidentID, taskID int64, forUpdate bool) (*incident.Task, error) {
	q := taskSelect + ` WHERE t.incident_id = ? AND t.id = ?`
	if forUpdate {
		q += c.lock("t") // not the owner: the join's users row stays free
	}
	t, err := scanTask(c.queryRow(ctx, q, incidentID, taskID))
	if err != nil {
		return nil, readErr(err, errNoTask, "load task %d of incident %d", taskID, incidentID)
	}
	return &t, nil
}

func (s incidentStore) Task(ctx context.Context, incidentID, taskID int64) (*incident.Task, error) {
	return s.db.reader().task(ctx, incidentID, taskID, false)
}

func (t *tx) TaskForUpdate(ctx context.Context, incidentID, taskID int64) (*incident.Task, error) {
	return t.task(ctx, incidentID, taskID, true)
}

// taskArgs are the stored fields of task in the column order of the
// INSERT and UPDATE statements below, from title to done_at.
func (t *tx) taskArgs(task *incident.Task) ([]any, error) {
	checklist := task.Checklist
	if checklist == nil {
		checklist = []incident.ChecklistItem{}
	}
	list, err := jsonArg(checklist)
	if err != nil {
		return nil, err
	}
	var afterAware any
	if d := task.Due.AfterAware; d != nil {
		afterAware = int64(*d / time.Second)
	}
	return []any{task.Title, task.Description, task.Phase, task.Position, idArg(task.OwnerID), string(task.Role),
		t.nullTime(task.Due.At), afterAware, string(task.Status), task.DropReason, list, idArg(task.CreatedBy),
		t.time(task.CreatedAt), t.time(task.UpdatedAt), t.nullTime(task.DoneAt)}, nil
}

// CreateTask stores task, filling its ID and, as a read would, OwnerName.
func (t *tx) CreateTask(ctx context.Context, task *incident.Task) error {
	args, err := t.taskArgs(task)
	if err != nil {
		return err
	}
	err = t.queryRow(ctx, `INSERT INTO tasks (title, description, phase, position, owner_id, role, due_at,
		due_after_aware, status, drop_reason, checklist, created_by, created_at, updated_at, done_at, incident_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		append(args, task.IncidentID)...).Scan(&task.ID)
	if err != nil {
		return t.writeErr(err, "", "create task in incident %d", task.IncidentID)
	}
	task.OwnerName, err = t.displayName(ctx, task.OwnerID)
	return err
}

// UpdateTask stores every field but ID and IncidentID, and refreshes
// OwnerName.
func (t *tx) UpdateTask(ctx context.Context, task *incident.Task) error {
	args, err := t.taskArgs(task)
	if err != nil {
		return err
	}
	err = t.execOne(ctx, errNoTask, `UPDATE tasks SET title = ?, description = ?, phase = ?, position = ?,
		owner_id = ?, role = ?, due_at = ?, due_after_aware = ?, status = ?, drop_reason = ?, checklist = ?,
		created_by = ?, created_at = ?, updated_at = ?, done_at = ? WHERE id = ? AND incident_id = ?`,
		append(args, task.ID, task.IncidentID)...)
	if err != nil {
		return t.writeErr(err, "", "update task %d of incident %d", task.ID, task.IncidentID)
	}
	task.OwnerName, err = t.displayName(ctx, task.OwnerID)
	return err
}

func (t *tx) NextTaskPosition(ctx context.Context, incidentID int64) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COALESCE(max(position), 0) + 1 FROM tasks WHERE incident_id = ?`, incidentID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: next task position in incident %d: %w", incidentID, err)
	}
	return n, nil
}

// ShiftRelativeDues reads the relative dues and writes them back resolved
// against awareAt. Computing in Go keeps one version of the date
// arithmetic for both databases; an incident has tens of tasks, not
// thousands.
func (t *tx) ShiftRelativeDues(ctx context.Context, incidentID int64, awareAt time.Time) error {
	type relative struct{ id, seconds int64 }
	dues, err := queryAll(ctx, t.conn, func(row rowScanner) (r relative, err error) {
		err = row.Scan(&r.id, &r.seconds)
		return r, err
	}, `SELECT id, due_after_aware FROM tasks WHERE incident_id = ? AND due_after_aware IS NOT NULL ORDER BY id`, incidentID)
	if err != nil {
		return fmt.Errorf("sqlstore: read relative dues of incident %d: %w", incidentID, err)
	}
	for _, r := range dues {
		at := awareAt.Add(time.Duration(r.seconds) * time.Second)
		if _, err := t.exec(ctx, `UPDATE tasks SET due_at = ? WHERE id = ?`, t.time(at), r.id); err != nil {
			return fmt.Errorf("sqlstore: shift due of task %d: %w", r.id, err)
		}
	}
	return nil
}
