package obligation

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Store persists facts, assessments, filings, waivers, drafts, the
// authority directory and loaded rule files. Single-row reads return an
// errs.NotFound error for a missing row, never nil, nil.
type Store interface {
	// Facts returns the incident's facts; NotFound when none were set.
	Facts(ctx context.Context, incidentID int64) (*Facts, error)
	// Assessments lists the incident's risk assessments, newest first.
	Assessments(ctx context.Context, incidentID int64) ([]Assessment, error)
	// Filings lists the incident's filings by FiledAt, then ID.
	Filings(ctx context.Context, incidentID int64) ([]Filing, error)
	// FilingDocument returns a filing and the exact document sent.
	FilingDocument(ctx context.Context, incidentID, filingID int64) (*Filing, []byte, error)
	// Waivers lists the incident's waivers by DecidedAt, then ID.
	Waivers(ctx context.Context, incidentID int64) ([]Waiver, error)
	// Drafts lists the incident's saved drafts by rule, then language.
	Drafts(ctx context.Context, incidentID int64) ([]Draft, error)
	Draft(ctx context.Context, incidentID int64, rule, lang string) (*Draft, error)
	// Authorities lists the directory by country, region, then ID.
	Authorities(ctx context.Context) ([]Authority, error)
	Authority(ctx context.Context, id string) (*Authority, error)
	// ActiveRuleFile is the newest loaded rule file; NotFound when none was
	// loaded (the embedded one applies).
	ActiveRuleFile(ctx context.Context) (*RuleFile, error)
	// RuleFiles lists loaded rule files, newest first, without Source.
	RuleFiles(ctx context.Context) ([]RuleFile, error)
	// DueStates lists the stored states of every incident in ids (all
	// incidents when ids is empty), by incident, then rule.
	DueStates(ctx context.Context, ids []int64) ([]DueState, error)
	// Update runs fn in one transaction: all of it is stored or none.
	Update(ctx context.Context, fn func(Tx) error) error
}

// Tx is what may be done inside a transaction.
type Tx interface {
	auth.AuditAppender
	// IncidentForUpdate locks the incident row, so two people changing
	// its facts at once cannot overwrite each other's change.
	IncidentForUpdate(ctx context.Context, id int64) (*incident.Incident, error)
	// AppendEntry adds a timeline entry (see incident.Tx).
	AppendEntry(ctx context.Context, e *incident.Entry, data [][]byte) error
	Facts(ctx context.Context, incidentID int64) (*Facts, error)
	// SaveFacts inserts or replaces the incident's facts.
	SaveFacts(ctx context.Context, f *Facts) error
	Assessments(ctx context.Context, incidentID int64) ([]Assessment, error)
	AddAssessment(ctx context.Context, a *Assessment) error // sets ID
	Filings(ctx context.Context, incidentID int64) ([]Filing, error)
	// AddFiling stores the filing and its document; sets ID.
	AddFiling(ctx context.Context, f *Filing, doc []byte) error
	// AcknowledgeFiling sets AckAt and AckNote once; errs.Conflict when the
	// filing was already acknowledged.
	AcknowledgeFiling(ctx context.Context, incidentID, filingID int64, at time.Time, note string) error
	Waivers(ctx context.Context, incidentID int64) ([]Waiver, error)
	AddWaiver(ctx context.Context, w *Waiver) error // sets ID
	// SaveDraft inserts or replaces the draft of (incident, rule, lang).
	SaveDraft(ctx context.Context, d *Draft) error
	// SaveAuthority inserts or replaces an authority by ID.
	SaveAuthority(ctx context.Context, a *Authority) error
	// AddRuleFile stores a loaded rule file; sets ID.
	AddRuleFile(ctx context.Context, f *RuleFile) error
	DueStates(ctx context.Context, ids []int64) ([]DueState, error)
	// ReplaceDueStates replaces every stored state of the incident.
	ReplaceDueStates(ctx context.Context, incidentID int64, states []DueState) error
}
