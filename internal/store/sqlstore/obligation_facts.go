package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

// An incident's facts are kept as the JSON of obligation.Facts: the rules
// read them whole, and a new fact needs no migration. The free-text facts
// may hold personal data, so no error below quotes the JSON.

const errNoFacts = "no facts were recorded for the incident"

func (c conn) facts(ctx context.Context, incidentID int64) (*obligation.Facts, error) {
	var (
		raw []byte
		by  int64
		at  time.Time
	)
	err := c.queryRow(ctx, `SELECT facts, updated_by, updated_at FROM incident_facts WHERE incident_id = ?`,
		incidentID).Scan(&raw, scanID(&by), scanTime(&at))
	if err != nil {
		return nil, readErr(err, errNoFacts, "load facts of incident %d", incidentID)
	}
	var f obligation.Facts
	if err := decodeFacts(raw, &f); err != nil {
		return nil, fmt.Errorf("sqlstore: facts of incident %d: %w", incidentID, err)
	}
	f.IncidentID, f.UpdatedBy, f.UpdatedAt = incidentID, by, at
	return &f, nil
}

// decodeFacts unmarshals stored facts. Its error names the field or the
// offset, never the text around it.
func decodeFacts(raw []byte, f *obligation.Facts) error {
	err := json.Unmarshal(raw, f)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Errorf("stored JSON has a value of the wrong type in field %q", typeErr.Field)
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return fmt.Errorf("stored JSON is malformed at byte %d", syntaxErr.Offset)
	}
	return errors.New("stored JSON does not decode")
}

// encodeFacts marshals f with its clock times in UTC, as every time is
// stored.
func encodeFacts(f *obligation.Facts) (string, error) {
	c := *f
	for _, p := range []**time.Time{&c.DORAClassifiedAt, &c.SECMaterialityAt, &c.USDiscoveredAt, &c.USDeterminedAt} {
		if *p != nil {
			utc := (*p).UTC()
			*p = &utc
		}
	}
	b, err := json.Marshal(&c)
	if err != nil {
		// Only the type of the failure: the value may be personal data.
		return "", fmt.Errorf("sqlstore: encode facts of incident %d: %T", f.IncidentID, err)
	}
	return string(b), nil
}

func (s obligationStore) Facts(ctx context.Context, incidentID int64) (*obligation.Facts, error) {
	return s.db.reader().facts(ctx, incidentID)
}

func (t *tx) Facts(ctx context.Context, incidentID int64) (*obligation.Facts, error) {
	return t.facts(ctx, incidentID)
}

// SaveFacts inserts or replaces the facts of f.IncidentID.
func (t *tx) SaveFacts(ctx context.Context, f *obligation.Facts) error {
	facts, err := encodeFacts(f)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO incident_facts (incident_id, facts, updated_by, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (incident_id) DO UPDATE SET facts = excluded.facts, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at`,
		f.IncidentID, facts, idArg(f.UpdatedBy), t.time(f.UpdatedAt))
	if err != nil {
		return t.writeErr(err, "", "save facts of incident %d", f.IncidentID)
	}
	return nil
}

// assessmentSelect reads assessments with the decider's name.
const assessmentSelect = `SELECT a.id, a.incident_id, a.dpc_base, a.dpc_adjust, a.dpc_note, a.ei, a.ei_note,
	a.cb_confidentiality, a.cb_integrity, a.cb_availability, a.cb_malicious, a.cb_note, a.score, a.level,
	a.advice, a.decision, a.decision_reason, a.decided_by, ` + userName + `, a.decided_at
	FROM risk_assessments a LEFT JOIN users u ON u.id = a.decided_by`

func scanAssessment(row rowScanner) (a obligation.Assessment, err error) {
	err = row.Scan(&a.ID, &a.IncidentID, &a.DPCBase, &a.DPCAdjust, &a.DPCNote, &a.EI, &a.EINote,
		&a.CBConfidentiality, &a.CBIntegrity, &a.CBAvailability, &a.CBMalicious, &a.CBNote, &a.Score, &a.Level,
		&a.Advice, &a.Decision, &a.DecisionReason, scanID(&a.DecidedBy), &a.DecidedByName, scanTime(&a.DecidedAt))
	return a, err
}

// Assessments lists the incident's assessments, newest decision first;
// of two decided at the same time, the later stored.
func (s obligationStore) Assessments(ctx context.Context, incidentID int64) ([]obligation.Assessment, error) {
	return s.db.reader().assessments(ctx, incidentID)
}

// Assessments is the same read inside a transaction.
func (t *tx) Assessments(ctx context.Context, incidentID int64) ([]obligation.Assessment, error) {
	return t.assessments(ctx, incidentID)
}

func (c conn) assessments(ctx context.Context, incidentID int64) ([]obligation.Assessment, error) {
	out, err := queryAll(ctx, c, scanAssessment, assessmentSelect+` WHERE a.incident_id = ?
		ORDER BY a.decided_at DESC, a.id DESC`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list risk assessments of incident %d: %w", incidentID, err)
	}
	return out, nil
}

// AddAssessment stores a, filling its ID and, as a read would,
// DecidedByName.
func (t *tx) AddAssessment(ctx context.Context, a *obligation.Assessment) error {
	err := t.queryRow(ctx, `INSERT INTO risk_assessments (incident_id, dpc_base, dpc_adjust, dpc_note, ei, ei_note,
		cb_confidentiality, cb_integrity, cb_availability, cb_malicious, cb_note, score, level, advice, decision,
		decision_reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		a.IncidentID, a.DPCBase, a.DPCAdjust, a.DPCNote, a.EI, a.EINote, a.CBConfidentiality, a.CBIntegrity,
		a.CBAvailability, t.d.Bool(a.CBMalicious), a.CBNote, a.Score, string(a.Level), string(a.Advice),
		string(a.Decision), a.DecisionReason, idArg(a.DecidedBy), t.time(a.DecidedAt)).Scan(&a.ID)
	if err != nil {
		return t.writeErr(err, "", "add risk assessment to incident %d", a.IncidentID)
	}
	a.DecidedByName, err = t.displayName(ctx, a.DecidedBy)
	return err
}
