package obligation

import "time"

// RuleSet is a parsed rule file.
type RuleSet struct {
	Version string
	// ASAPTarget is the internal target for "without undue delay" duties:
	// a policy choice of the company, not law, and shown as such.
	ASAPTarget time.Duration
	// Content describes the content items rules refer to, by ID.
	Content map[string]ContentItem
	Rules   []*Rule
	Source  []byte // the file as loaded
}

// Rule returns the rule with the ID, or nil.
func (rs *RuleSet) Rule(id string) *Rule {
	for _, r := range rs.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Text is a text in English and German.
type Text struct {
	EN string `json:"en"`
	DE string `json:"de"`
}

// In returns the text in lang, English when there is no German.
func (t Text) In(lang string) string {
	if lang == "de" && t.DE != "" {
		return t.DE
	}
	return t.EN
}

// ContentItem is something a notification must contain.
type ContentItem struct {
	ID    string
	Title Text
	Hint  Text // what to write
}

// Rule is one duty to notify.
type Rule struct {
	ID     string // "gdpr.33"
	Regime string // "EU GDPR", the group shown in the UI
	Title  Text
	// Recipient says who must hear. Authority is a directory ID, or one of
	// the resolvers "competent_dpa" (the DPA of the establishment; for
	// Germany the Land's) and "resident_dpas" (the DPAs of every EEA
	// country with affected residents: EDPB 9/2022 para. 73 for
	// controllers outside the EEA). Who names non-authority recipients
	// (data subjects, the public, media) in words.
	Recipient Recipient
	// When holds the conditions, all of which must hold.
	When []Condition
	// Clock names where the clock starts: "aware_at", "detected_at", a
	// facts clock ("dora_classified_at", "sec_materiality_at",
	// "us_discovered_at", "us_determined_at"), "filed:<rule id>" (the
	// first filing of another rule) or "year_end:<clock>" (the end of
	// the calendar year of that clock).
	Clock    string
	Deadline Deadline
	// Cap, when set, is a second deadline from another clock; the earlier
	// of the two counts (DORA: 4 h after classification, at most 24 h
	// after awareness).
	Cap      *Cap
	Strength Strength
	Content  []string // content item IDs
	Basis    Basis
	Note     Text // shown with the rule: conventions, uncertainties
	Line     int  // where the rule starts in its file
}

// Recipient is who must be notified.
type Recipient struct {
	Authority string
	Who       Text
}

// Cap is a second deadline; see Rule.Cap.
type Cap struct {
	Clock    string
	Deadline Deadline
}

// Basis is the legal basis with a link to its text.
type Basis struct {
	Text string
	URL  string
}

// Condition is one test on the facts. Kind names the test; Values and
// Number are its arguments. See the rule file's header for the kinds.
type Condition struct {
	Kind   string
	Values []string
	Number int64
	Line   int
}

// Unit is the unit of a deadline.
type Unit string

const (
	Hours        Unit = "hours"
	Days         Unit = "days"          // calendar days
	BusinessDays Unit = "business_days" // with a holiday calendar
	Months       Unit = "months"        // clamped to the month's end
	NoDeadline   Unit = "none"          // ASAP, or on the authority's request
)

// Deadline is a period after a clock start.
type Deadline struct {
	Amount int
	Unit   Unit
	// Calendar names the holiday calendar for business days: "us-federal",
	// or "" for weekends only.
	Calendar string
	// Zone is where days and months are counted (the authority's zone):
	// "30 days" ends at the same wall-clock time 30 local days later,
	// across a DST change. Hours are absolute. nil means UTC.
	Zone *time.Location
	// CloseOfBusiness, for business days, is the local time of day when
	// the last day ends, "17:30" for EDGAR; "" keeps the start's time.
	CloseOfBusiness string
}
