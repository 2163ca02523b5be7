package obligation

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// The ENISA severity method (2013): SE = DPC x EI + CB. Every factor is a
// multiple of 0.25, so a score is a multiple of 1/16 and binary floating
// point holds it exactly: the level boundaries 2, 3 and 4 compare exactly.

// MaxAssessmentNoteLen bounds each note and the decision's reason.
const MaxAssessmentNoteLen = 5_000

// Compute sets Score, Level and Advice from the factors. The data processing
// context DPCBase + DPCAdjust is kept within 1..4; malicious intent adds 0.5
// to the circumstances.
func (a *Assessment) Compute() {
	dpc := min(max(float64(a.DPCBase)+a.DPCAdjust, 1), 4)
	cb := a.CBConfidentiality + a.CBIntegrity + a.CBAvailability
	if a.CBMalicious {
		cb += 0.5
	}
	a.Score = dpc*a.EI + cb
	a.Level = LevelFor(a.Score)
	a.Advice = AdviceFor(a.Level)
}

// LevelFor returns the ENISA level of a score: below 2 low, below 3 medium,
// below 4 high, else very high. A score that is not a number is very high,
// so that garbage never looks harmless.
func LevelFor(score float64) Level {
	switch {
	case score < 2:
		return LevelLow
	case score < 3:
		return LevelMedium
	case score < 4:
		return LevelHigh
	}
	return LevelVeryHigh
}

// AdviceFor maps a level to the common practice (not law): low -> document,
// medium -> the authority, high and very high -> the authority and the
// data subjects.
func AdviceFor(l Level) Advice {
	switch l {
	case LevelLow:
		return AdviceDocument
	case LevelMedium:
		return AdviceAuthority
	}
	return AdviceIndividuals
}

// Validate checks the factors and the decision, collecting every problem by
// JSON field name. It trims the notes and recomputes Score, Level and
// Advice, so that a decision that differs from the advice is caught: such a
// decision needs a reason (asked for only once the factors are valid).
func (a *Assessment) Validate(f errs.Fields) {
	// Only valid factors give an advice worth disagreeing with.
	factorsValid := true
	invalid := func(field, key string) {
		f.Add(field, key)
		factorsValid = false
	}
	if a.DPCBase < 1 || a.DPCBase > 4 {
		invalid("dpc_base", errs.InvalidChoice)
	}
	if q, ok := quarters(a.DPCAdjust); !ok || q < -4 || q > 4 {
		invalid("dpc_adjust", errs.InvalidValue)
	}
	if q, ok := quarters(a.EI); !ok || q < 1 || q > 4 {
		invalid("ei", errs.InvalidChoice)
	}
	for _, cb := range []struct {
		field string
		value float64
	}{
		{"cb_confidentiality", a.CBConfidentiality},
		{"cb_integrity", a.CBIntegrity},
		{"cb_availability", a.CBAvailability},
	} {
		if q, ok := quarters(cb.value); !ok || q < 0 || q > 2 {
			invalid(cb.field, errs.InvalidChoice)
		}
	}
	a.Compute()
	decisionValid := false
	switch {
	case a.Decision == "":
		f.Add("decision", errs.Required)
	case !slices.Contains(Advices, a.Decision):
		f.Add("decision", errs.InvalidChoice)
	default:
		decisionValid = true
	}
	for _, n := range []struct {
		field string
		text  *string
	}{
		{"dpc_note", &a.DPCNote},
		{"ei_note", &a.EINote},
		{"cb_note", &a.CBNote},
		{"decision_reason", &a.DecisionReason},
	} {
		*n.text = strings.TrimSpace(*n.text)
		if utf8.RuneCountInString(*n.text) > MaxAssessmentNoteLen {
			f.Add(n.field, errs.TooLong)
		}
	}
	if factorsValid && decisionValid && a.Decision != a.Advice && a.DecisionReason == "" {
		f.Add("decision_reason", errs.Required)
	}
}

// quarters returns x in quarters when x is a whole number of quarters.
func quarters(x float64) (int, bool) {
	q := x * 4
	if math.IsNaN(q) || math.IsInf(q, 0) || math.Abs(q) > 1<<20 || q != math.Trunc(q) {
		return 0, false
	}
	return int(q), true
}

// SuggestAssessment proposes factors from the facts, each with a short
// English note saying why: a starting point that a person then changes.
// Score, Level and Advice are computed, and Decision is preset to the
// advice; nothing is decided until a person saves it. A nil f is taken as
// facts with nothing known.
func SuggestAssessment(f *Facts) Assessment {
	if f == nil {
		f = &Facts{}
	}
	var a Assessment
	a.DPCBase, a.DPCNote = suggestDPC(f.DataCategories)
	a.EI, a.EINote = suggestEI(f)
	suggestCB(f, &a)
	a.Compute()
	a.Decision = a.Advice
	return a
}

// suggestDPC takes the highest ENISA base score of the categories: simple
// 1, behavioural 2, financial 3, sensitive 4. Credentials and secrets unlock
// data of unknown kind, so they count as behavioural until someone knows
// better; so does a breach whose categories are not known yet.
func suggestDPC(categories []string) (int, string) {
	financial := []string{"iban", "payment_card"}
	behavioural := []string{"ip_address", "credential", "secret"}
	pick := func(of []string) []string {
		var found []string
		for _, c := range categories {
			if slices.Contains(of, c) && !slices.Contains(found, c) {
				found = append(found, c)
			}
		}
		return found
	}
	if found := pick(SpecialCategories); len(found) > 0 {
		return 4, "Sensitive data (" + strings.Join(found, ", ") + "): the highest category counts."
	}
	if found := pick(financial); len(found) > 0 {
		return 3, "Financial data (" + strings.Join(found, ", ") + ")."
	}
	if found := pick(behavioural); len(found) > 0 {
		return 2, "Behavioural data or access to data of unknown kind (" + strings.Join(found, ", ") + ")."
	}
	if len(categories) == 0 {
		return 2, "No data categories recorded yet: the contents are unknown."
	}
	return 1, "Simple data only (" + strings.Join(categories, ", ") + ")." +
		" Raise for volume or vulnerable people; lower for public or outdated data."
}

// suggestEI rates how easily the data identifies people: names and
// national IDs directly, contact and account data with little effort.
func suggestEI(f *Facts) (float64, string) {
	direct := []string{"name", "national_id"}
	indirect := []string{"email", "phone", "postal_address", "iban", "payment_card", "date_of_birth"}
	has := func(of []string) bool {
		return slices.ContainsFunc(f.DataCategories, func(c string) bool { return slices.Contains(of, c) })
	}
	switch {
	case f.Encrypted && f.KeySafe:
		return 0.25, "The data was encrypted and the key was not compromised: identification is negligible."
	case len(f.DataCategories) == 0:
		return 1, "Not known yet what was taken: assume people are easy to identify."
	case has(direct):
		return 1, "Names or national ID numbers identify people directly." + encryptedKeyLost(f)
	case has(indirect):
		return 0.75, "Contact or account data identify people with little effort." + encryptedKeyLost(f)
	}
	return 0.5, "The data identifies people only with other data." + encryptedKeyLost(f)
}

func encryptedKeyLost(f *Facts) string {
	if f.Encrypted {
		return " The data was encrypted, but the key may be compromised, so that does not lower EI."
	}
	return ""
}

func suggestCB(f *Facts, a *Assessment) {
	var notes []string
	if slices.Contains(f.BreachTypes, "confidentiality") {
		a.CBConfidentiality = 0.5
		notes = append(notes, "Confidentiality: 0.5, disclosed to unknown recipients (0.25 if they are known).")
	}
	if slices.Contains(f.BreachTypes, "integrity") {
		a.CBIntegrity = 0.25
		notes = append(notes, "Integrity: 0.25, altered but recoverable (0.5 if not).")
	}
	if slices.Contains(f.BreachTypes, "availability") {
		a.CBAvailability = 0.25
		notes = append(notes, "Availability: 0.25, temporary (0.5 if the data cannot be restored).")
	}
	if len(notes) == 0 {
		notes = append(notes, "No breach type recorded yet.")
	}
	switch {
	case f.Malicious == nil:
		notes = append(notes, "Malicious intent not known yet.")
	case *f.Malicious:
		a.CBMalicious = true
		notes = append(notes, "Malicious intent: +0.5.")
	}
	a.CBNote = strings.Join(notes, " ")
}
