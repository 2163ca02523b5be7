package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

const batchSelect = `SELECT id, campaign_id, incident_id, letters, created_by, created_at, posted_by, posted_at
	FROM notify_batches`

const errNoBatch = "no such letter batch"

func scanBatch(row rowScanner) (b notify.LetterBatch, err error) {
	err = row.Scan(&b.ID, &b.CampaignID, &b.IncidentID, &b.Letters, scanID(&b.CreatedBy), scanTime(&b.CreatedAt),
		scanID(&b.PostedBy), scanNullTime(&b.PostedAt))
	return b, err
}

func (s notifyStore) LetterBatches(ctx context.Context, campaignID int64) ([]notify.LetterBatch, error) {
	out, err := queryAll(ctx, s.db.reader(), scanBatch, batchSelect+` WHERE campaign_id = ? ORDER BY id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list letter batches of campaign %d: %w", campaignID, err)
	}
	return out, nil
}

func (c conn) letterBatch(ctx context.Context, campaignID, id int64) (*notify.LetterBatch, error) {
	b, err := scanBatch(c.queryRow(ctx, batchSelect+` WHERE campaign_id = ? AND id = ?`, campaignID, id))
	if err != nil {
		return nil, readErr(err, errNoBatch, "load letter batch %d of campaign %d", id, campaignID)
	}
	return &b, nil
}

func (s notifyStore) LetterBatch(ctx context.Context, campaignID, id int64) (*notify.LetterBatch, error) {
	return s.db.reader().letterBatch(ctx, campaignID, id)
}

func (s notifyStore) BatchDeliveries(ctx context.Context, batchID int64) ([]notify.Delivery, error) {
	out, err := queryAll(ctx, s.db.reader(), scanDelivery, deliverySelect+` WHERE batch_id = ? ORDER BY id`, batchID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list deliveries of letter batch %d: %w", batchID, err)
	}
	return out, nil
}

// AddLetterBatch stores b and moves up to limit unbatched pending letters
// of its campaign into it, lowest ID first.
func (t *tx) AddLetterBatch(ctx context.Context, b *notify.LetterBatch, limit int) error {
	err := t.queryRow(ctx, `INSERT INTO notify_batches (campaign_id, incident_id, letters, created_by, created_at,
		posted_by, posted_at) VALUES (?, ?, 0, ?, ?, ?, ?) RETURNING id`,
		b.CampaignID, b.IncidentID, idArg(b.CreatedBy), t.time(b.CreatedAt), idArg(b.PostedBy),
		t.nullTime(b.PostedAt)).Scan(&b.ID)
	if err != nil {
		return t.writeErr(err, "", "add letter batch to campaign %d", b.CampaignID)
	}
	res, err := t.exec(ctx, `UPDATE notify_deliveries SET batch_id = ?, updated_at = ? WHERE id IN (
		SELECT id FROM notify_deliveries WHERE campaign_id = ? AND channel = 'letter' AND state = 'pending'
		AND batch_id IS NULL ORDER BY id LIMIT ?)`, b.ID, t.time(b.CreatedAt), b.CampaignID, limit)
	if err != nil {
		return fmt.Errorf("sqlstore: fill letter batch %d: %w", b.ID, err)
	}
	if b.Letters, err = res.RowsAffected(); err != nil {
		return fmt.Errorf("sqlstore: fill letter batch %d: %w", b.ID, err)
	}
	if _, err := t.exec(ctx, `UPDATE notify_batches SET letters = ? WHERE id = ?`, b.Letters, b.ID); err != nil {
		return fmt.Errorf("sqlstore: count letter batch %d: %w", b.ID, err)
	}
	return nil
}

const errPosted = "the letter batch was marked posted already"

// MarkBatchPosted marks the batch posted and its pending letters Posted;
// letters withdrawn meanwhile stay withdrawn.
func (t *tx) MarkBatchPosted(ctx context.Context, campaignID, batchID, by int64, at time.Time) error {
	b, err := t.letterBatch(ctx, campaignID, batchID)
	if err != nil {
		return err
	}
	if b.PostedAt != nil {
		return errs.E(errs.Conflict, errPosted)
	}
	res, err := t.exec(ctx, `UPDATE notify_batches SET posted_by = ?, posted_at = ? WHERE id = ? AND posted_at IS NULL`,
		idArg(by), t.time(at), batchID)
	if err != nil {
		return fmt.Errorf("sqlstore: mark letter batch %d posted: %w", batchID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.E(errs.Conflict, errPosted)
	}
	_, err = t.exec(ctx, `UPDATE notify_deliveries SET state = 'posted', sent_at = ?, claimed_by = '',
		lease_until = NULL, updated_at = ? WHERE batch_id = ? AND state IN ('pending', 'sending')`,
		t.time(at), t.time(at), batchID)
	if err != nil {
		return fmt.Errorf("sqlstore: mark letters of batch %d posted: %w", batchID, err)
	}
	return nil
}
