package obligation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// NewFiling is what a person records when a duty was fulfilled.
type NewFiling struct {
	FiledAt   time.Time // zero: now
	Channel   string
	Recipient string // authority ID or free text; "" takes the competent one
	Reference string
	Note      string
	DocName   string
	DocType   string
	Doc       []byte // the exact document sent
}

// Limits on what is typed and uploaded with a filing.
const (
	MaxReferenceLen = 200
	MaxNoteLen      = 10_000
	MaxReasonLen    = 10_000
	MaxDocSize      = 20 << 20
)

// File records that the duty rule of incident id was fulfilled. The
// document is stored with its SHA-256 and never changes; follow-up stages
// that count from this filing start now.
func (s *Service) File(ctx context.Context, a auth.Actor, id int64, rule string, n NewFiling) (*Filing, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(acc.Manage, "record filings"); err != nil {
		return nil, err
	}
	r := s.Rules().Rule(rule)
	if r == nil {
		return nil, errs.E(errs.NotFound, "no rule %q in the active rule set", rule)
	}
	now := s.now()
	if n.FiledAt.IsZero() {
		n.FiledAt = now
	}
	f := &Filing{
		IncidentID: id, Rule: r.ID, FiledAt: n.FiledAt.UTC().Truncate(time.Microsecond), FiledBy: a.UserID,
		Channel: n.Channel, Recipient: strings.TrimSpace(n.Recipient), Reference: strings.TrimSpace(n.Reference),
		Note: strings.TrimSpace(n.Note), DocName: cleanDocName(n.DocName), DocType: n.DocType,
		DocSize: int64(len(n.Doc)), RecordedAt: now,
	}
	sum := sha256.Sum256(n.Doc)
	f.DocSHA256 = hex.EncodeToString(sum[:])
	err = s.store.Update(ctx, func(tx Tx) error {
		inc, err := tx.IncidentForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if err := checkFiling(f, n.Doc, inc, now); err != nil {
			return err
		}
		if f.Recipient == "" {
			if f.Recipient, err = s.defaultRecipient(ctx, tx, inc, r.ID); err != nil {
				return err
			}
		}
		if err := tx.AddFiling(ctx, f, n.Doc); err != nil {
			return err
		}
		ev := incident.SystemEvent{Name: "duty_filed", Args: map[string]string{
			"rule": r.ID, "recipient": f.Recipient, "channel": f.Channel, "reference": f.Reference, "sha256": f.DocSHA256[:12]}}
		if err := s.systemEntry(ctx, tx, a, id, incident.EntryRegulator, ev); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "obligation.file", ObjectType: "filing", ObjectID: f.ID,
			Detail: map[string]any{"rule": r.ID, "sha256": f.DocSHA256, "size": f.DocSize}}); err != nil {
			return err
		}
		return s.recompute(ctx, tx, a, inc)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

func checkFiling(f *Filing, doc []byte, inc *incident.Incident, now time.Time) error {
	fields := errs.Fields{}
	if !slices.Contains(Channels, f.Channel) {
		fields.Add("channel", errs.InvalidChoice)
	}
	switch {
	case f.FiledAt.After(now.Add(5 * time.Minute)):
		fields.Add("filed_at", errs.InFuture)
	case f.FiledAt.Before(inc.AwareAt.Add(-24 * time.Hour)):
		// A filing a day before awareness is a typo; shortly before is a
		// clock difference or an early report.
		fields.Add("filed_at", errs.InvalidTime)
	}
	if utf8.RuneCountInString(f.Reference) > MaxReferenceLen {
		fields.Add("reference", errs.TooLong)
	}
	if utf8.RuneCountInString(f.Note) > MaxNoteLen {
		fields.Add("note", errs.TooLong)
	}
	if utf8.RuneCountInString(f.Recipient) > MaxReferenceLen {
		fields.Add("recipient", errs.TooLong)
	}
	switch {
	case len(doc) == 0:
		fields.Add("document", errs.Required)
	case len(doc) > MaxDocSize:
		fields.Add("document", errs.TooLong)
	}
	if f.DocType == "" {
		f.DocType = "application/octet-stream"
	}
	return fields.Err()
}

// cleanDocName keeps the base name of an uploaded file, without path or
// control characters, so a download offers a sane name.
func cleanDocName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 200 {
		name = string([]rune(name)[:200])
	}
	if name == "" {
		name = "document"
	}
	return name
}

// defaultRecipient is the competent recipient of the rule, as evaluated.
func (s *Service) defaultRecipient(ctx context.Context, tx Tx, inc *incident.Incident, rule string) (string, error) {
	obs, err := s.evaluateTx(ctx, tx, inc)
	if err != nil {
		return "", err
	}
	for _, o := range obs {
		if o.Rule.ID == rule && len(o.Recipients) > 0 {
			return strings.Join(o.Recipients, ", "), nil
		}
	}
	return "", nil
}

// Acknowledge records that the authority acknowledged filing filingID.
func (s *Service) Acknowledge(ctx context.Context, a auth.Actor, id, filingID int64, at time.Time, note string) error {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return err
	}
	if err := need(acc.Manage, "record acknowledgements"); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	now := s.now()
	if at.IsZero() {
		at = now
	}
	fields := errs.Fields{}
	if at.After(now.Add(5 * time.Minute)) {
		fields.Add("ack_at", errs.InFuture)
	}
	if utf8.RuneCountInString(note) > MaxNoteLen {
		fields.Add("ack_note", errs.TooLong)
	}
	if err := fields.Err(); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.IncidentForUpdate(ctx, id); err != nil {
			return err
		}
		if err := tx.AcknowledgeFiling(ctx, id, filingID, at.UTC().Truncate(time.Microsecond), note); err != nil {
			return err
		}
		ev := incident.SystemEvent{Name: "duty_acknowledged", Args: map[string]string{"filing": itoa(filingID)}}
		if err := s.systemEntry(ctx, tx, a, id, incident.EntryRegulator, ev); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "obligation.acknowledge", ObjectType: "filing", ObjectID: filingID})
	})
}

// Waive records a decision not to notify under rule, with the reasons
// (GDPR Art. 33(5)). It is kept for ever and shown in the breach register.
func (s *Service) Waive(ctx context.Context, a auth.Actor, id int64, rule, reason string) (*Waiver, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(acc.Manage, "decide not to notify"); err != nil {
		return nil, err
	}
	r := s.Rules().Rule(rule)
	if r == nil {
		return nil, errs.E(errs.NotFound, "no rule %q in the active rule set", rule)
	}
	reason = strings.TrimSpace(reason)
	fields := errs.Fields{}
	switch {
	case reason == "":
		fields.Add("reason", errs.Required)
	case utf8.RuneCountInString(reason) > MaxReasonLen:
		fields.Add("reason", errs.TooLong)
	}
	if err := fields.Err(); err != nil {
		return nil, err
	}
	w := &Waiver{IncidentID: id, Rule: r.ID, Reason: reason, DecidedBy: a.UserID, DecidedAt: s.now()}
	err = s.store.Update(ctx, func(tx Tx) error {
		inc, err := tx.IncidentForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.AddWaiver(ctx, w); err != nil {
			return err
		}
		ev := incident.SystemEvent{Name: "duty_waived", Args: map[string]string{"rule": r.ID}}
		if err := s.systemEntry(ctx, tx, a, id, incident.EntryDecision, ev); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "obligation.waive", ObjectType: "waiver", ObjectID: w.ID,
			Detail: map[string]any{"rule": r.ID}}); err != nil {
			return err
		}
		return s.recompute(ctx, tx, a, inc)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// FilingDocument returns a filing and the exact document sent; every
// download is audited.
func (s *Service) FilingDocument(ctx context.Context, a auth.Actor, id, filingID int64) (*Filing, []byte, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return nil, nil, err
	}
	f, doc, err := s.store.FilingDocument(ctx, id, filingID)
	if err != nil {
		return nil, nil, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		return s.audit(ctx, tx, a, id, auth.Event{Action: "obligation.document_view", ObjectType: "filing", ObjectID: filingID})
	})
	if err != nil {
		return nil, nil, err
	}
	return f, doc, nil
}

// Filings lists the filings of incident id.
func (s *Service) Filings(ctx context.Context, a auth.Actor, id int64) ([]Filing, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Filings(ctx, id)
}
