package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// qualifiedDeliveryColumns are deliveryColumns of the table aliased d.
var qualifiedDeliveryColumns = func() string {
	cols := strings.Split(deliveryColumns, ",")
	for i, c := range cols {
		cols[i] = "d." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}()

// PersonDeliveries reads the person's row of each of the incident's
// campaigns: the campaigns by their incident index, each row by the
// (campaign, person) key.
func (s notifyStore) PersonDeliveries(ctx context.Context, incidentID, personID int64) ([]notify.PersonDelivery, error) {
	out, err := queryAll(ctx, s.db.reader(), scanPersonDelivery, `SELECT `+qualifiedDeliveryColumns+`,
		c.name, c.kind, c.channel, c.state
		FROM notify_campaigns c JOIN notify_deliveries d ON d.campaign_id = c.id AND d.person_id = ?
		WHERE c.incident_id = ?
		ORDER BY d.queued_at DESC, d.id DESC`, personID, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list deliveries of person %d of incident %d: %w", personID, incidentID, err)
	}
	return out, nil
}

func scanPersonDelivery(row rowScanner) (pd notify.PersonDelivery, err error) {
	d := &pd.Delivery
	err = row.Scan(&d.ID, &d.CampaignID, &d.IncidentID, &d.PersonID, &d.Channel, &d.State, &d.Lang, &d.MessageID,
		&d.Attempts, &d.LastError, scanTime(&d.NextAt), &d.ClaimedBy, scanNullTime(&d.LeaseUntil), scanID(&d.BatchID),
		scanTime(&d.QueuedAt), scanNullTime(&d.SentAt), scanTime(&d.UpdatedAt),
		&pd.CampaignName, &pd.CampaignKind, &pd.CampaignChannel, &pd.CampaignState)
	return pd, err
}

func (t *tx) DeliveryForUpdate(ctx context.Context, campaignID, personID int64) (*notify.Delivery, error) {
	d, err := scanDelivery(t.queryRow(ctx, `SELECT `+qualifiedDeliveryColumns+` FROM notify_deliveries d
		WHERE d.campaign_id = ? AND d.person_id = ?`+t.lock("d"), campaignID, personID))
	if err != nil {
		return nil, readErr(err, "the person has no message in this campaign", "load delivery of person %d in campaign %d", personID, campaignID)
	}
	return &d, nil
}

func (t *tx) RequeueDelivery(ctx context.Context, d *notify.Delivery) error {
	err := t.execOne(ctx, errNoDelivery, `UPDATE notify_deliveries SET channel = ?, state = ?, message_id = ?,
		attempts = ?, last_error = ?, next_at = ?, claimed_by = ?, lease_until = ?, batch_id = ?, queued_at = ?,
		sent_at = ?, updated_at = ?
		WHERE id = ?`,
		string(d.Channel), string(d.State), d.MessageID, d.Attempts, d.LastError, t.time(d.NextAt), d.ClaimedBy,
		t.nullTime(d.LeaseUntil), idArg(d.BatchID), t.time(d.QueuedAt), t.nullTime(d.SentAt), t.time(d.UpdatedAt), d.ID)
	if err != nil {
		return t.writeErr(err, "the new Message-ID is taken; try again", "requeue delivery %d", d.ID)
	}
	return nil
}
