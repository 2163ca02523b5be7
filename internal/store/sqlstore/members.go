package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// memberSelect reads members with what the store fills from the user.
const memberSelect = `SELECT m.incident_id, m.user_id, m.role, m.added_by, m.added_at, u.name, u.email, u.disabled
	FROM incident_members m JOIN users u ON u.id = m.user_id`

const errNoMember = "not a member of this incident"

func scanMember(row rowScanner) (m incident.Member, err error) {
	err = row.Scan(&m.IncidentID, &m.UserID, &m.Role, scanID(&m.AddedBy), scanTime(&m.AddedAt), &m.Name, &m.Email, &m.Disabled)
	return m, err
}

func (s incidentStore) Member(ctx context.Context, incidentID, userID int64) (*incident.Member, error) {
	return s.db.reader().member(ctx, incidentID, userID)
}

func (c conn) member(ctx context.Context, incidentID, userID int64) (*incident.Member, error) {
	m, err := scanMember(c.queryRow(ctx, memberSelect+` WHERE m.incident_id = ? AND m.user_id = ?`, incidentID, userID))
	if err != nil {
		return nil, readErr(err, errNoMember, "load member %d of incident %d", userID, incidentID)
	}
	return &m, nil
}

// members lists the team by incident role in the order of
// incident.MemberRoles (the lead first), then by name.
func (c conn) members(ctx context.Context, incidentID int64) ([]incident.Member, error) {
	out, err := queryAll(ctx, c, scanMember, memberSelect+` WHERE m.incident_id = ?
		ORDER BY `+memberRoleRank("m.role")+`, COALESCE(NULLIF(u.name, ''), u.email), m.user_id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list members of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (s incidentStore) Members(ctx context.Context, incidentID int64) ([]incident.Member, error) {
	return s.db.reader().members(ctx, incidentID)
}

func (t *tx) Members(ctx context.Context, incidentID int64) ([]incident.Member, error) {
	return t.members(ctx, incidentID)
}

// memberRoleRank is an SQL expression ordering the roles in expr as
// incident.MemberRoles lists them; unknown roles come last.
func memberRoleRank(expr string) string {
	var b strings.Builder
	b.WriteString("CASE " + expr)
	for i, r := range incident.MemberRoles {
		b.WriteString(" WHEN '" + string(r) + "' THEN " + strconv.Itoa(i))
	}
	b.WriteString(" ELSE " + strconv.Itoa(len(incident.MemberRoles)) + " END")
	return b.String()
}

// SetMember adds the member, or changes only the role of an existing one
// (who added them and when stays). It fills Name, Email and Disabled as a
// read would.
func (t *tx) SetMember(ctx context.Context, m *incident.Member) error {
	_, err := t.exec(ctx, `INSERT INTO incident_members (incident_id, user_id, role, added_by, added_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, user_id) DO UPDATE SET role = excluded.role`,
		m.IncidentID, m.UserID, string(m.Role), idArg(m.AddedBy), t.time(m.AddedAt))
	if err != nil {
		return t.writeErr(err, "", "set member %d of incident %d", m.UserID, m.IncidentID)
	}
	stored, err := t.member(ctx, m.IncidentID, m.UserID)
	if err != nil {
		return err
	}
	m.Name, m.Email, m.Disabled = stored.Name, stored.Email, stored.Disabled
	return nil
}

func (t *tx) RemoveMember(ctx context.Context, incidentID, userID int64) error {
	err := t.execOne(ctx, errNoMember, `DELETE FROM incident_members WHERE incident_id = ? AND user_id = ?`, incidentID, userID)
	if err != nil {
		return t.writeErr(err, "", "remove member %d of incident %d", userID, incidentID)
	}
	return nil
}
