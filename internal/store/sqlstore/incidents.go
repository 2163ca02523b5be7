package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/incident"
)

const incidentColumns = `i.id, i.title, i.kind, i.severity, i.status, i.aware_at, i.detected_at, i.summary,
	i.affected_systems, i.created_by, i.created_at, i.updated_at, i.closed_at`

const errNoIncident = "no such incident"

func incidentDest(inc *incident.Incident) []any {
	return []any{&inc.ID, &inc.Title, &inc.Kind, &inc.Severity, &inc.Status, scanTime(&inc.AwareAt),
		scanNullTime(&inc.DetectedAt), &inc.Summary, &inc.AffectedSystems, scanID(&inc.CreatedBy),
		scanTime(&inc.CreatedAt), scanTime(&inc.UpdatedAt), scanNullTime(&inc.ClosedAt)}
}

func (c conn) incident(ctx context.Context, id int64, forUpdate bool) (*incident.Incident, error) {
	q := `SELECT ` + incidentColumns + ` FROM incidents i WHERE i.id = ?`
	if forUpdate {
		q += c.lock("i")
	}
	var inc incident.Incident
	if err := c.queryRow(ctx, q, id).Scan(incidentDest(&inc)...); err != nil {
		return nil, readErr(err, errNoIncident, "load incident %d", id)
	}
	return &inc, nil
}

func (s incidentStore) Incident(ctx context.Context, id int64) (*incident.Incident, error) {
	return s.db.reader().incident(ctx, id, false)
}

func (t *tx) IncidentForUpdate(ctx context.Context, id int64) (*incident.Incident, error) {
	return t.incident(ctx, id, true)
}

func (t *tx) CreateIncident(ctx context.Context, inc *incident.Incident) error {
	err := t.queryRow(ctx, `INSERT INTO incidents (title, kind, severity, status, aware_at, detected_at, summary,
		affected_systems, created_by, created_at, updated_at, closed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		inc.Title, string(inc.Kind), string(inc.Severity), string(inc.Status), t.time(inc.AwareAt),
		t.nullTime(inc.DetectedAt), inc.Summary, inc.AffectedSystems, idArg(inc.CreatedBy),
		t.time(inc.CreatedAt), t.time(inc.UpdatedAt), t.nullTime(inc.ClosedAt)).Scan(&inc.ID)
	if err != nil {
		return t.writeErr(err, "", "create incident")
	}
	return nil
}

// UpdateIncident stores every field but ID, CreatedBy and CreatedAt.
func (t *tx) UpdateIncident(ctx context.Context, inc *incident.Incident) error {
	err := t.execOne(ctx, errNoIncident, `UPDATE incidents SET title = ?, kind = ?, severity = ?, status = ?,
		aware_at = ?, detected_at = ?, summary = ?, affected_systems = ?, updated_at = ?, closed_at = ?
		WHERE id = ?`,
		inc.Title, string(inc.Kind), string(inc.Severity), string(inc.Status), t.time(inc.AwareAt),
		t.nullTime(inc.DetectedAt), inc.Summary, inc.AffectedSystems, t.time(inc.UpdatedAt),
		t.nullTime(inc.ClosedAt), inc.ID)
	if err != nil {
		return t.writeErr(err, "", "update incident %d", inc.ID)
	}
	return nil
}

// Incidents lists the incidents of f in one query: the task counts are
// correlated subqueries and the viewer's role a join, so a long list costs
// no query per row.
func (s incidentStore) Incidents(ctx context.Context, f incident.ListFilter) ([]incident.Summary, error) {
	c := s.db.reader()
	q, args := incidentListQuery(c, f)
	out, err := queryAll(ctx, c, scanSummary, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list incidents: %w", err)
	}
	return out, nil
}

func incidentListQuery(c conn, f incident.ListFilter) (string, []any) {
	active := `t.incident_id = i.id AND t.status IN ('` + string(incident.TaskOpen) + `', '` + string(incident.TaskDoing) + `')`
	q := `SELECT ` + incidentColumns + `,
		(SELECT count(*) FROM tasks t WHERE ` + active + `),
		(SELECT count(*) FROM tasks t WHERE ` + active + ` AND t.due_at < ?),
		COALESCE(m.role, '')
		FROM incidents i LEFT JOIN incident_members m ON m.incident_id = i.id AND m.user_id = ?`
	args := []any{c.time(f.Now), f.UserID}
	closed := `i.status = '` + string(incident.StatusClosed) + `'`
	if !f.Closed {
		closed = `i.status <> '` + string(incident.StatusClosed) + `'`
	}
	where := []string{closed}
	if f.UserID != 0 {
		where = append(where, `m.user_id IS NOT NULL`)
	}
	if query := strings.TrimSpace(f.Query); query != "" {
		where = append(where, c.d.ContainsFold("i.title"))
		args = append(args, containsPattern(query))
	}
	q += ` WHERE ` + strings.Join(where, ` AND `) +
		` ORDER BY ` + severityRank("i.severity") + ` DESC, i.aware_at DESC, i.id DESC`
	return q, args
}

func scanSummary(row rowScanner) (s incident.Summary, err error) {
	dest := append(incidentDest(&s.Incident), &s.OpenTasks, &s.OverdueTasks, &s.MyRole)
	err = row.Scan(dest...)
	return s, err
}

// severityRank is an SQL expression ranking the severity in expr as
// incident.Severity.Rank does: critical highest, unknown 0.
func severityRank(expr string) string {
	var b strings.Builder
	b.WriteString("CASE " + expr)
	for _, s := range incident.Severities {
		b.WriteString(" WHEN '" + string(s) + "' THEN " + strconv.Itoa(s.Rank()))
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}
