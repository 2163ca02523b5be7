package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// Filings and waivers are records: the schema refuses to change or delete
// them, but for a filing's one acknowledgement.

// filingSelect reads filings, without the document, with the filer's name.
const filingSelect = `SELECT f.id, f.incident_id, f.rule, f.filed_at, f.filed_by, ` + userName + `, f.channel,
	f.recipient, f.reference, f.note, f.doc_name, f.doc_type, f.doc_size, f.doc_sha256, f.recorded_at, f.ack_at,
	f.ack_note`

const filingFrom = ` FROM obligation_filings f LEFT JOIN users u ON u.id = f.filed_by`

const errNoFiling = "no such filing"

func scanFiling(row rowScanner) (f obligation.Filing, err error) {
	err = row.Scan(&f.ID, &f.IncidentID, &f.Rule, scanTime(&f.FiledAt), scanID(&f.FiledBy), &f.FiledByName,
		&f.Channel, &f.Recipient, &f.Reference, &f.Note, &f.DocName, &f.DocType, &f.DocSize, &f.DocSHA256,
		scanTime(&f.RecordedAt), scanNullTime(&f.AckAt), &f.AckNote)
	return f, err
}

func (c conn) filings(ctx context.Context, incidentID int64) ([]obligation.Filing, error) {
	out, err := queryAll(ctx, c, scanFiling, filingSelect+filingFrom+` WHERE f.incident_id = ?
		ORDER BY f.filed_at, f.id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list filings of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (s obligationStore) Filings(ctx context.Context, incidentID int64) ([]obligation.Filing, error) {
	return s.db.reader().filings(ctx, incidentID)
}

func (t *tx) Filings(ctx context.Context, incidentID int64) ([]obligation.Filing, error) {
	return t.filings(ctx, incidentID)
}

// FilingDocument is the only read of the document itself.
func (s obligationStore) FilingDocument(ctx context.Context, incidentID, filingID int64) (*obligation.Filing, []byte, error) {
	var doc []byte
	row := s.db.reader().queryRow(ctx, filingSelect+`, f.doc`+filingFrom+` WHERE f.incident_id = ? AND f.id = ?`,
		incidentID, filingID)
	f, err := scanFiling(dataScanner{row, &doc})
	if err != nil {
		return nil, nil, readErr(err, errNoFiling, "load filing %d of incident %d", filingID, incidentID)
	}
	if doc == nil {
		doc = []byte{} // an empty document is not a missing one
	}
	return &f, doc, nil
}

// AddFiling stores f and the document sent, filling f's ID and, as a read
// would, FiledByName.
func (t *tx) AddFiling(ctx context.Context, f *obligation.Filing, doc []byte) error {
	if doc == nil {
		doc = []byte{} // the column is NOT NULL
	}
	err := t.queryRow(ctx, `INSERT INTO obligation_filings (incident_id, rule, filed_at, filed_by, channel,
		recipient, reference, note, doc_name, doc_type, doc_size, doc_sha256, doc, recorded_at, ack_at, ack_note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.IncidentID, f.Rule, t.time(f.FiledAt), idArg(f.FiledBy), f.Channel, f.Recipient, f.Reference, f.Note,
		f.DocName, f.DocType, f.DocSize, f.DocSHA256, doc, t.time(f.RecordedAt), t.nullTime(f.AckAt),
		f.AckNote).Scan(&f.ID)
	if err != nil {
		return t.writeErr(err, "", "add filing of rule %q to incident %d", f.Rule, f.IncidentID)
	}
	f.FiledByName, err = t.displayName(ctx, f.FiledBy)
	return err
}

const errAcknowledged = "the filing was already acknowledged"

// AcknowledgeFiling sets the acknowledgement of a filing that has none;
// Conflict when it has one, NotFound when the incident has no such filing.
func (t *tx) AcknowledgeFiling(ctx context.Context, incidentID, filingID int64, at time.Time, note string) error {
	res, err := t.exec(ctx, `UPDATE obligation_filings SET ack_at = ?, ack_note = ?
		WHERE incident_id = ? AND id = ? AND ack_at IS NULL`, t.time(at), note, incidentID, filingID)
	if err != nil {
		return fmt.Errorf("sqlstore: acknowledge filing %d of incident %d: %w", filingID, incidentID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlstore: acknowledge filing %d of incident %d: %w", filingID, incidentID, err)
	}
	if n == 1 {
		return nil
	}
	// Nothing changed: the filing is missing or acknowledged already.
	var one int
	err = t.queryRow(ctx, `SELECT 1 FROM obligation_filings WHERE incident_id = ? AND id = ?`,
		incidentID, filingID).Scan(&one)
	if err != nil {
		return readErr(err, errNoFiling, "load filing %d of incident %d", filingID, incidentID)
	}
	return errs.E(errs.Conflict, errAcknowledged)
}

// waiverSelect reads waivers with the decider's name.
const waiverSelect = `SELECT w.id, w.incident_id, w.rule, w.reason, w.decided_by, ` + userName + `, w.decided_at
	FROM obligation_waivers w LEFT JOIN users u ON u.id = w.decided_by`

func scanWaiver(row rowScanner) (w obligation.Waiver, err error) {
	err = row.Scan(&w.ID, &w.IncidentID, &w.Rule, &w.Reason, scanID(&w.DecidedBy), &w.DecidedName,
		scanTime(&w.DecidedAt))
	return w, err
}

func (c conn) waivers(ctx context.Context, incidentID int64) ([]obligation.Waiver, error) {
	out, err := queryAll(ctx, c, scanWaiver, waiverSelect+` WHERE w.incident_id = ? ORDER BY w.decided_at, w.id`,
		incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list waivers of incident %d: %w", incidentID, err)
	}
	return out, nil
}

func (s obligationStore) Waivers(ctx context.Context, incidentID int64) ([]obligation.Waiver, error) {
	return s.db.reader().waivers(ctx, incidentID)
}

func (t *tx) Waivers(ctx context.Context, incidentID int64) ([]obligation.Waiver, error) {
	return t.waivers(ctx, incidentID)
}

// AddWaiver stores w, filling its ID and, as a read would, DecidedName.
func (t *tx) AddWaiver(ctx context.Context, w *obligation.Waiver) error {
	err := t.queryRow(ctx, `INSERT INTO obligation_waivers (incident_id, rule, reason, decided_by, decided_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		w.IncidentID, w.Rule, w.Reason, idArg(w.DecidedBy), t.time(w.DecidedAt)).Scan(&w.ID)
	if err != nil {
		return t.writeErr(err, "", "add waiver of rule %q to incident %d", w.Rule, w.IncidentID)
	}
	w.DecidedName, err = t.displayName(ctx, w.DecidedBy)
	return err
}
