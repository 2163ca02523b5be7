package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

const deliveryColumns = `id, campaign_id, incident_id, person_id, channel, state, lang, message_id, attempts,
	last_error, next_at, claimed_by, lease_until, batch_id, queued_at, sent_at, updated_at`

const deliverySelect = `SELECT ` + deliveryColumns + ` FROM notify_deliveries`

const errNoDelivery = "no such delivery"

func scanDelivery(row rowScanner) (d notify.Delivery, err error) {
	err = row.Scan(&d.ID, &d.CampaignID, &d.IncidentID, &d.PersonID, &d.Channel, &d.State, &d.Lang, &d.MessageID,
		&d.Attempts, &d.LastError, scanTime(&d.NextAt), &d.ClaimedBy, scanNullTime(&d.LeaseUntil), scanID(&d.BatchID),
		scanTime(&d.QueuedAt), scanNullTime(&d.SentAt), scanTime(&d.UpdatedAt))
	return d, err
}

func (s notifyStore) Deliveries(ctx context.Context, campaignID int64, state notify.DeliveryState, after int64, limit int) ([]notify.Delivery, error) {
	q := deliverySelect + ` WHERE campaign_id = ? AND id > ?`
	args := []any{campaignID, after}
	if state != "" {
		q += ` AND state = ?`
		args = append(args, string(state))
	}
	q += ` ORDER BY id LIMIT ?`
	args = append(args, limit)
	out, err := queryAll(ctx, s.db.reader(), scanDelivery, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list deliveries of campaign %d: %w", campaignID, err)
	}
	return out, nil
}

func (c conn) deliveryByMessageID(ctx context.Context, messageID string) (*notify.Delivery, error) {
	d, err := scanDelivery(c.queryRow(ctx, deliverySelect+` WHERE message_id = ?`, messageID))
	if err != nil {
		// The Message-ID came from outside (a bounce); it is not ours to
		// repeat in an error.
		return nil, readErr(err, errNoDelivery, "load delivery by Message-ID")
	}
	return &d, nil
}

func (s notifyStore) DeliveryByMessageID(ctx context.Context, messageID string) (*notify.Delivery, error) {
	return s.db.reader().deliveryByMessageID(ctx, messageID)
}

func (t *tx) DeliveryByMessageID(ctx context.Context, messageID string) (*notify.Delivery, error) {
	return t.deliveryByMessageID(ctx, messageID)
}

func (s notifyStore) Counts(ctx context.Context, campaignID int64) (map[notify.DeliveryState]int64, map[notify.Channel]int64, error) {
	return s.db.reader().counts(ctx, campaignID)
}

func (t *tx) Counts(ctx context.Context, campaignID int64) (map[notify.DeliveryState]int64, map[notify.Channel]int64, error) {
	return t.counts(ctx, campaignID)
}

func (c conn) counts(ctx context.Context, campaignID int64) (map[notify.DeliveryState]int64, map[notify.Channel]int64, error) {
	byState := map[notify.DeliveryState]int64{}
	byChannel := map[notify.Channel]int64{}
	rows, err := c.query(ctx, `SELECT state, channel, COUNT(*) FROM notify_deliveries
		WHERE campaign_id = ? GROUP BY state, channel`, campaignID)
	if err != nil {
		return nil, nil, fmt.Errorf("sqlstore: count deliveries of campaign %d: %w", campaignID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var st notify.DeliveryState
		var ch notify.Channel
		var n int64
		if err := rows.Scan(&st, &ch, &n); err != nil {
			return nil, nil, fmt.Errorf("sqlstore: count deliveries of campaign %d: %w", campaignID, err)
		}
		byState[st] += n
		byChannel[ch] += n
	}
	return byState, byChannel, rows.Err()
}

// minuteLayout is how Dialect.Minute spells a minute.
const minuteLayout = "2006-01-02T15:04"

func (s notifyStore) SentPerMinute(ctx context.Context, campaignID int64, since time.Time) ([]notify.Bucket, error) {
	r := s.db.reader()
	minute := r.d.Minute("sent_at")
	out, err := queryAll(ctx, r, scanBucket, `SELECT `+minute+`, COUNT(*) FROM notify_deliveries
		WHERE campaign_id = ? AND sent_at >= ? AND state IN ('sent', 'posted', 'bounced')
		GROUP BY `+minute+` ORDER BY `+minute, campaignID, r.time(since))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: count sent messages of campaign %d: %w", campaignID, err)
	}
	return out, nil
}

func scanBucket(row rowScanner) (b notify.Bucket, err error) {
	var minute string
	if err = row.Scan(&minute, &b.Count); err != nil {
		return b, err
	}
	b.At, err = time.Parse(minuteLayout, minute)
	return b, err
}

func (s notifyStore) SentSince(ctx context.Context, since time.Time) (int64, error) {
	r := s.db.reader()
	var n int64
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM notify_deliveries
		WHERE sent_at >= ? AND channel = 'email' AND state IN ('sent', 'bounced')`, r.time(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count e-mails sent: %w", err)
	}
	return n, nil
}

func (s notifyStore) Unsent(ctx context.Context, campaignID int64, ch notify.Channel) (int64, error) {
	var n int64
	err := s.db.reader().queryRow(ctx, `SELECT COUNT(*) FROM notify_deliveries
		WHERE campaign_id = ? AND channel = ? AND state IN ('pending', 'sending')`, campaignID, string(ch)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count unsent deliveries of campaign %d: %w", campaignID, err)
	}
	return n, nil
}

func (t *tx) Unfinished(ctx context.Context, campaignID int64) (int64, error) {
	var n int64
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM notify_deliveries
		WHERE campaign_id = ? AND state IN ('pending', 'sending')`, campaignID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count unfinished deliveries of campaign %d: %w", campaignID, err)
	}
	return n, nil
}

// queueRows is how many rows one INSERT carries: 17 arguments each stay
// well under both databases' limits on arguments per statement.
const queueRows = 500

// QueueDeliveries inserts ds in multi-row statements; a (campaign, person)
// already in the ledger is skipped, so queueing again after a crash adds
// only who is missing.
func (t *tx) QueueDeliveries(ctx context.Context, ds []notify.Delivery) (int64, error) {
	var total int64
	for len(ds) > 0 {
		n := min(len(ds), queueRows)
		added, err := t.queueChunk(ctx, ds[:n])
		if err != nil {
			return total, err
		}
		total += added
		ds = ds[n:]
	}
	return total, nil
}

const queueInsert = `INSERT INTO notify_deliveries (campaign_id, incident_id, person_id, channel, state, lang,
	message_id, attempts, last_error, next_at, claimed_by, lease_until, batch_id, queued_at, sent_at, updated_at) VALUES `

// queueQuery is the INSERT of n rows.
func queueQuery(n int) string {
	var b strings.Builder
	b.Grow(len(queueInsert) + n*52 + 64)
	b.WriteString(queueInsert)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
	}
	b.WriteString(" ON CONFLICT (campaign_id, person_id) DO NOTHING")
	return b.String()
}

// queueFullQuery inserts a full chunk of queueRows rows. It is prepared
// once (see notifyStore.Update): parsing a statement of 8,000 arguments
// for every chunk was a fifth of the time to queue a million rows.
var queueFullQuery = queueQuery(queueRows)

func (t *tx) queueChunk(ctx context.Context, ds []notify.Delivery) (int64, error) {
	args := make([]any, 0, 16*len(ds))
	for i := range ds {
		d := &ds[i]
		args = append(args, d.CampaignID, d.IncidentID, d.PersonID, string(d.Channel), string(d.State), d.Lang,
			d.MessageID, d.Attempts, d.LastError, t.time(d.NextAt), d.ClaimedBy, t.nullTime(d.LeaseUntil),
			idArg(d.BatchID), t.time(d.QueuedAt), t.nullTime(d.SentAt), t.time(d.UpdatedAt))
	}
	var res sql.Result
	var err error
	if len(ds) == queueRows {
		res, err = t.execPrepared(ctx, queueFullQuery, args...)
	} else {
		res, err = t.exec(ctx, queueQuery(len(ds)), args...)
	}
	if err != nil {
		return 0, t.writeErr(err, "", "queue %d deliveries of campaign %d", len(ds), ds[0].CampaignID)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlstore: queue deliveries of campaign %d: %w", ds[0].CampaignID, err)
	}
	return n, nil
}

// Claim takes the lowest due row: a Pending row whose time has come, or a
// Sending row whose claimer's lease ran out. Each kind is found by its own
// walk of the claim index in ID order, which stops at the first hit; one
// statement finds and takes the row. On PostgreSQL each walk passes over
// rows that concurrent claimers hold.
func (t *tx) Claim(ctx context.Context, campaignID int64, ch notify.Channel, by string, now, leaseUntil time.Time) (*notify.Delivery, error) {
	d, err := scanDelivery(t.queryRowPrepared(ctx, claimQuery(t.d),
		by, t.time(leaseUntil), t.time(now), campaignID, string(ch), t.time(now), campaignID, string(ch), t.time(now)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "nothing to claim")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: claim a delivery of campaign %d: %w", campaignID, err)
	}
	return &d, nil
}

// claimQuery takes the lowest claimable row in one statement.
func claimQuery(d Dialect) string {
	skip := d.SkipLocked()
	return `UPDATE notify_deliveries SET state = 'sending', attempts = attempts + 1,
		claimed_by = ?, lease_until = ?, updated_at = ? WHERE id = (SELECT MIN(id) FROM (
			SELECT id FROM (SELECT id FROM notify_deliveries WHERE campaign_id = ? AND channel = ? AND state = 'pending'
				AND next_at <= ? ORDER BY id LIMIT 1` + skip + `) due
			UNION ALL
			SELECT id FROM (SELECT id FROM notify_deliveries WHERE campaign_id = ? AND channel = ? AND state = 'sending'
				AND lease_until < ? ORDER BY id LIMIT 1` + skip + `) abandoned) claimable)
		RETURNING ` + deliveryColumns
}

func (t *tx) SaveDelivery(ctx context.Context, d *notify.Delivery) error {
	err := t.execOne(ctx, errNoDelivery, `UPDATE notify_deliveries SET channel = ?, state = ?, attempts = ?,
		last_error = ?, next_at = ?, claimed_by = ?, lease_until = ?, batch_id = ?, sent_at = ?, updated_at = ?
		WHERE id = ?`,
		string(d.Channel), string(d.State), d.Attempts, d.LastError, t.time(d.NextAt), d.ClaimedBy,
		t.nullTime(d.LeaseUntil), idArg(d.BatchID), t.nullTime(d.SentAt), t.time(d.UpdatedAt), d.ID)
	if err != nil {
		return t.writeErr(err, "", "save delivery %d", d.ID)
	}
	return nil
}

// saveClaimedQuery writes a claimed row's result, if the claim still holds.
const saveClaimedQuery = `UPDATE notify_deliveries SET channel = ?, state = ?, attempts = ?, last_error = ?,
	next_at = ?, claimed_by = ?, lease_until = ?, batch_id = ?, sent_at = ?, updated_at = ?
	WHERE id = ? AND state = 'sending' AND claimed_by = ? AND attempts = ?`

func (t *tx) SaveClaimed(ctx context.Context, d *notify.Delivery, by string) (bool, error) {
	res, err := t.execPrepared(ctx, saveClaimedQuery,
		string(d.Channel), string(d.State), d.Attempts, d.LastError, t.time(d.NextAt), d.ClaimedBy,
		t.nullTime(d.LeaseUntil), idArg(d.BatchID), t.nullTime(d.SentAt), t.time(d.UpdatedAt), d.ID, by, d.Attempts)
	if err != nil {
		return false, fmt.Errorf("sqlstore: save claimed delivery %d: %w", d.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlstore: save claimed delivery %d: %w", d.ID, err)
	}
	return n == 1, nil
}

func (t *tx) WithdrawPending(ctx context.Context, campaignID int64, now time.Time) (int64, error) {
	res, err := t.exec(ctx, `UPDATE notify_deliveries SET state = 'withdrawn', updated_at = ?
		WHERE campaign_id = ? AND state = 'pending'`, t.time(now), campaignID)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: withdraw deliveries of campaign %d: %w", campaignID, err)
	}
	return res.RowsAffected()
}
