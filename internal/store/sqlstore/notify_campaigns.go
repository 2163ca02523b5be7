package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/breachdesk/breachdesk/internal/notify"
)

const campaignSelect = `SELECT c.id, c.incident_id, c.name, c.kind, c.segment_id, c.template_id, c.channel,
	c.letter_fallback, c.state, c.snapshot, c.snapshot_hash, c.created_by, c.created_at, c.approved_by,
	c.approved_at, c.started_at, c.finished_at, c.updated_at, c.queued FROM notify_campaigns c`

const errNoCampaign = "no such campaign"

func scanCampaign(row rowScanner) (c notify.Campaign, err error) {
	var snapshot *notify.Template
	err = row.Scan(&c.ID, &c.IncidentID, &c.Name, &c.Kind, &c.SegmentID, &c.TemplateID, &c.Channel,
		&c.LetterFallback, &c.State, scanJSON(&snapshot), &c.SnapshotHash, scanID(&c.CreatedBy),
		scanTime(&c.CreatedAt), scanID(&c.ApprovedBy), scanNullTime(&c.ApprovedAt), scanNullTime(&c.StartedAt),
		scanNullTime(&c.FinishedAt), scanTime(&c.UpdatedAt), &c.Queued)
	c.Snapshot = snapshot
	return c, err
}

func (s notifyStore) Campaigns(ctx context.Context, incidentID int64) ([]notify.Campaign, error) {
	out, err := queryAll(ctx, s.db.reader(), scanCampaign, campaignSelect+` WHERE c.incident_id = ?
		ORDER BY c.created_at DESC, c.id DESC`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list campaigns of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (s notifyStore) Campaign(ctx context.Context, incidentID, id int64) (*notify.Campaign, error) {
	c, err := scanCampaign(s.db.reader().queryRow(ctx, campaignSelect+` WHERE c.incident_id = ? AND c.id = ?`,
		incidentID, id))
	if err != nil {
		return nil, readErr(err, errNoCampaign, "load campaign %d of incident %d", id, incidentID)
	}
	return &c, nil
}

func (s notifyStore) CampaignsIn(ctx context.Context, states []notify.State) ([]notify.Campaign, error) {
	if len(states) == 0 {
		return nil, nil
	}
	args := make([]any, len(states))
	for i, st := range states {
		args[i] = string(st)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(states)), ", ")
	out, err := queryAll(ctx, s.db.reader(), scanCampaign, campaignSelect+` WHERE c.state IN (`+marks+`)
		ORDER BY c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list campaigns by state: %w", err)
	}
	return out, nil
}

func (t *tx) CampaignForUpdate(ctx context.Context, incidentID, id int64) (*notify.Campaign, error) {
	c, err := scanCampaign(t.queryRow(ctx, campaignSelect+` WHERE c.incident_id = ? AND c.id = ?`+t.lock("c"),
		incidentID, id))
	if err != nil {
		return nil, readErr(err, errNoCampaign, "load campaign %d of incident %d", id, incidentID)
	}
	return &c, nil
}

// snapshotArg is the snapshot's JSON, or NULL when there is none.
func snapshotArg(tpl *notify.Template) (any, error) {
	if tpl == nil {
		return nil, nil
	}
	return jsonArg(tpl)
}

func (t *tx) AddCampaign(ctx context.Context, c *notify.Campaign) error {
	snapshot, err := snapshotArg(c.Snapshot)
	if err != nil {
		return err
	}
	err = t.queryRow(ctx, `INSERT INTO notify_campaigns (incident_id, name, kind, segment_id, template_id, channel,
		letter_fallback, state, snapshot, snapshot_hash, created_by, created_at, approved_by, approved_at, started_at,
		finished_at, updated_at, queued) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.IncidentID, c.Name, string(c.Kind), c.SegmentID, c.TemplateID, string(c.Channel), t.d.Bool(c.LetterFallback),
		string(c.State), snapshot, c.SnapshotHash, idArg(c.CreatedBy), t.time(c.CreatedAt), idArg(c.ApprovedBy),
		t.nullTime(c.ApprovedAt), t.nullTime(c.StartedAt), t.nullTime(c.FinishedAt), t.time(c.UpdatedAt),
		c.Queued).Scan(&c.ID)
	if err != nil {
		return t.writeErr(err, "", "add campaign to incident %d", c.IncidentID)
	}
	return nil
}

func (t *tx) UpdateCampaign(ctx context.Context, c *notify.Campaign) error {
	snapshot, err := snapshotArg(c.Snapshot)
	if err != nil {
		return err
	}
	err = t.execOne(ctx, errNoCampaign, `UPDATE notify_campaigns SET name = ?, kind = ?, segment_id = ?,
		template_id = ?, channel = ?, letter_fallback = ?, state = ?, snapshot = ?, snapshot_hash = ?, approved_by = ?,
		approved_at = ?, started_at = ?, finished_at = ?, updated_at = ?, queued = ? WHERE incident_id = ? AND id = ?`,
		c.Name, string(c.Kind), c.SegmentID, c.TemplateID, string(c.Channel), t.d.Bool(c.LetterFallback),
		string(c.State), snapshot, c.SnapshotHash, idArg(c.ApprovedBy), t.nullTime(c.ApprovedAt),
		t.nullTime(c.StartedAt), t.nullTime(c.FinishedAt), t.time(c.UpdatedAt), c.Queued, c.IncidentID, c.ID)
	if err != nil {
		return t.writeErr(err, "", "save campaign %d of incident %d", c.ID, c.IncidentID)
	}
	return nil
}
