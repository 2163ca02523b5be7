package obligation

import "time"

// Level is an ENISA severity level.
type Level string

const (
	LevelLow      Level = "low"
	LevelMedium   Level = "medium"
	LevelHigh     Level = "high"
	LevelVeryHigh Level = "very_high"
)

// Advice is what to do about a breach of a given severity.
type Advice string

const (
	AdviceDocument    Advice = "document"    // record it (Art. 33(5)) only
	AdviceAuthority   Advice = "authority"   // notify the supervisory authority
	AdviceIndividuals Advice = "individuals" // the authority and the data subjects
)

// Advices lists them, mildest first.
var Advices = []Advice{AdviceDocument, AdviceAuthority, AdviceIndividuals}

// Assessment is a risk assessment after the ENISA method (SE = DPC x EI +
// CB) and the decision a person took on it. Assessments are never changed:
// a new one is added, the newest counts.
type Assessment struct {
	ID         int64
	IncidentID int64

	// DPC: data processing context. DPCBase is the category's base score
	// (1 simple, 2 behavioural, 3 financial, 4 sensitive); DPCAdjust moves
	// it for context (volume, vulnerable people: up; public or stale data:
	// down), in steps of 0.25 within -1..+1; the result is kept within 1..4.
	DPCBase   int     `json:"dpc_base"`
	DPCAdjust float64 `json:"dpc_adjust"`
	DPCNote   string  `json:"dpc_note"`
	// EI: ease of identification, 0.25, 0.5, 0.75 or 1.
	EI     float64 `json:"ei"`
	EINote string  `json:"ei_note"`
	// CB: circumstances of the breach, 0, 0.25 or 0.5 each, and +0.5 for
	// malicious intent.
	CBConfidentiality float64 `json:"cb_confidentiality"`
	CBIntegrity       float64 `json:"cb_integrity"`
	CBAvailability    float64 `json:"cb_availability"`
	CBMalicious       bool    `json:"cb_malicious"`
	CBNote            string  `json:"cb_note"`

	// Computed by Score.
	Score  float64 `json:"score"`
	Level  Level   `json:"level"`
	Advice Advice  `json:"advice"`

	// The decision: a person's, may differ from the advice with a reason.
	Decision       Advice    `json:"decision"`
	DecisionReason string    `json:"decision_reason"`
	DecidedBy      int64     `json:"-"`
	DecidedByName  string    `json:"decided_by"` // filled by the store
	DecidedAt      time.Time `json:"decided_at"`
}
