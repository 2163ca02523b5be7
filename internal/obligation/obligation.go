// Package obligation is the regulator clock: which authority (or which
// people) must hear about a breach, by when, with what content — computed
// from the incident's facts and a rule file — and the proof of what was
// filed when, or why it was not.
//
// Rules are data (rules.yaml, embedded and versioned; an admin may load an
// amended file). Deadlines are computed, never typed in. The package is pure
// Go: no SQL, no HTTP; stores and the web layer live elsewhere.
package obligation

import (
	"time"
)

// Status is where a duty stands.
type Status string

const (
	StatusOpen   Status = "open"
	StatusFiled  Status = "filed"
	StatusWaived Status = "waived" // a recorded decision not to notify
)

// Strength says how binding a deadline is.
type Strength string

const (
	Hard Strength = "hard" // late is a breach of the law
	Soft Strength = "soft" // "where feasible": late filings must give reasons
	ASAP Strength = "asap" // "without undue delay": no number in the law
)

// Obligation is one rule evaluated for one incident.
type Obligation struct {
	Rule    *Rule
	Applies bool
	// Reasons say why the duty applies or, when it does not, which
	// condition failed first (so the lead can see it was considered).
	Reasons []Reason
	// Recipients are the competent authorities from the directory (IDs);
	// empty when the recipient is not an authority (data subjects, the
	// public, the controller) — Rule.Recipient then says who.
	Recipients []string
	// ClockStart is when the clock started; nil when it has not (the
	// materiality determination is not made, the stage before was not
	// filed yet).
	ClockStart *time.Time
	// DueAt is the deadline; nil for ASAP, on-request duties and clocks
	// that have not started.
	DueAt *time.Time
	// TargetAt is the internal target for ASAP duties (a policy choice,
	// shown as such), nil otherwise.
	TargetAt *time.Time
	Status   Status
	Filings  []Filing // this rule's filings, oldest first
	Waiver   *Waiver  // the decision not to notify, when Status is waived
}

// Overdue reports whether the duty applies, is open and its deadline (or,
// for ASAP duties, the internal target) has passed at now.
func (o *Obligation) Overdue(now time.Time) bool {
	if !o.Applies || o.Status != StatusOpen {
		return false
	}
	due := o.DueAt
	if due == nil {
		due = o.TargetAt
	}
	return due != nil && now.After(*due)
}

// Reason is a sentence the web layer renders in the reader's language:
// Key names a catalog entry "obligation.reason.<Key>", Args fill it.
type Reason struct {
	Key  string            `json:"key"`
	Args map[string]string `json:"args,omitempty"`
}

// Filing is the record that a duty was fulfilled: immutable once written,
// except that an acknowledgement may be added once.
type Filing struct {
	ID          int64
	IncidentID  int64
	Rule        string
	FiledAt     time.Time // when it was sent (may be before it was recorded)
	FiledBy     int64
	FiledByName string // filled by the store
	Channel     string // see Channels
	Recipient   string // authority ID from the directory, or free text
	Reference   string // the authority's reference number
	Note        string
	DocName     string // file name of the exact document sent
	DocType     string // its media type
	DocSize     int64
	DocSHA256   string // hex
	RecordedAt  time.Time
	AckAt       *time.Time // acknowledgement received
	AckNote     string
}

// Channels are the ways a filing is sent.
var Channels = []string{"portal", "email", "letter", "fax", "phone", "in_person", "other"}

// Waiver records a decision not to notify under one rule, with reasons
// (GDPR Art. 33(5) documentation). It is immutable; a later filing of the
// same rule supersedes it.
type Waiver struct {
	ID          int64
	IncidentID  int64
	Rule        string
	Reason      string
	DecidedBy   int64
	DecidedName string // filled by the store
	DecidedAt   time.Time
}

// Draft is the text prepared for one duty in one language, in Markdown.
type Draft struct {
	IncidentID    int64
	Rule          string
	Lang          string // "en" or "de"
	Body          string
	UpdatedBy     int64
	UpdatedByName string // filled by the store
	UpdatedAt     time.Time
}

// MaxDraftLen bounds a draft's text.
const MaxDraftLen = 100_000

// RuleFile is a loaded rule file, kept with its source for the record.
type RuleFile struct {
	ID       int64
	Version  string
	Source   string
	SHA256   string
	LoadedBy int64
	LoadedAt time.Time
}

// DueState is the last computed state of one duty of one incident, kept so
// the incident list can show overdue duties without evaluating every rule,
// and so a change of a due time lands on the timeline.
type DueState struct {
	IncidentID int64
	Rule       string
	Applies    bool
	DueAt      *time.Time // DueAt, or TargetAt for ASAP duties
	Status     Status
}
