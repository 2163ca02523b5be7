package obligation

import (
	"math"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
)

func TestAssessmentCompute(t *testing.T) {
	tests := []struct {
		name   string
		a      Assessment
		score  float64
		level  Level
		advice Advice
	}{
		{"seed story: mail server taken over", Assessment{DPCBase: 2, EI: 1, CBConfidentiality: 0.5, CBAvailability: 0.25, CBMalicious: true},
			3.25, LevelHigh, AdviceIndividuals},
		{"seed story, data not restorable", Assessment{DPCBase: 2, EI: 1, CBConfidentiality: 0.5, CBAvailability: 0.5, CBMalicious: true},
			3.5, LevelHigh, AdviceIndividuals},
		{"just below 2 is low", Assessment{DPCBase: 1, EI: 1, CBConfidentiality: 0.5, CBIntegrity: 0.25},
			1.75, LevelLow, AdviceDocument},
		{"exactly 2 is medium", Assessment{DPCBase: 2, EI: 1},
			2, LevelMedium, AdviceAuthority},
		{"exactly 2 from quarters is medium", Assessment{DPCBase: 3, DPCAdjust: -0.5, EI: 0.5, CBConfidentiality: 0.5, CBIntegrity: 0.25},
			2, LevelMedium, AdviceAuthority}, // 2.5 x 0.5 + 0.75
		{"exactly 3 from quarters is high", Assessment{DPCBase: 3, DPCAdjust: 0.5, EI: 0.5, CBConfidentiality: 0.5, CBIntegrity: 0.25, CBMalicious: true},
			3, LevelHigh, AdviceIndividuals}, // 3.5 x 0.5 + 1.25
		{"exactly 4 from quarters is very high", Assessment{DPCBase: 2, DPCAdjust: 0.5, EI: 1, CBConfidentiality: 0.5, CBIntegrity: 0.5, CBMalicious: true},
			4, LevelVeryHigh, AdviceIndividuals}, // 2.5 x 1 + 1.5
		{"sixteenths stay medium", Assessment{DPCBase: 3, DPCAdjust: -0.25, EI: 0.75},
			2.0625, LevelMedium, AdviceAuthority},
		{"exactly 3 is high", Assessment{DPCBase: 3, EI: 1},
			3, LevelHigh, AdviceIndividuals},
		{"2.75 is medium", Assessment{DPCBase: 2, EI: 1, CBConfidentiality: 0.5, CBIntegrity: 0.25},
			2.75, LevelMedium, AdviceAuthority},
		{"exactly 4 is very high", Assessment{DPCBase: 4, EI: 1},
			4, LevelVeryHigh, AdviceIndividuals},
		{"3.75 is high", Assessment{DPCBase: 3, EI: 1, CBConfidentiality: 0.5, CBIntegrity: 0.25},
			3.75, LevelHigh, AdviceIndividuals},
		{"the context is capped at 4", Assessment{DPCBase: 4, DPCAdjust: 1, EI: 0.5},
			2, LevelMedium, AdviceAuthority},
		{"the context is kept at 1 or more", Assessment{DPCBase: 1, DPCAdjust: -1, EI: 1, CBAvailability: 0.25},
			1.25, LevelLow, AdviceDocument},
		{"the maximum", Assessment{DPCBase: 4, DPCAdjust: 1, EI: 1, CBConfidentiality: 0.5, CBIntegrity: 0.5, CBAvailability: 0.5, CBMalicious: true},
			6, LevelVeryHigh, AdviceIndividuals},
		{"encrypted with a safe key", Assessment{DPCBase: 4, EI: 0.25, CBConfidentiality: 0.5, CBMalicious: true},
			2, LevelMedium, AdviceAuthority},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.a
			a.Compute()
			if a.Score != tt.score || a.Level != tt.level || a.Advice != tt.advice {
				t.Errorf("got %v %s %s, want %v %s %s", a.Score, a.Level, a.Advice, tt.score, tt.level, tt.advice)
			}
		})
	}
}

func TestLevelForNotANumber(t *testing.T) {
	if got := LevelFor(math.NaN()); got != LevelVeryHigh {
		t.Errorf("LevelFor(NaN) = %s, want very_high", got)
	}
}

func validAssessment() Assessment {
	return Assessment{DPCBase: 2, DPCAdjust: 0.25, EI: 1, CBConfidentiality: 0.5, CBAvailability: 0.25, CBMalicious: true,
		Decision: AdviceIndividuals} // 2.25 + 1.25 = 3.5, high
}

func TestAssessmentValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *Assessment)
		want   map[string]string
	}{
		{"valid", func(a *Assessment) {}, nil},
		{"DPC base 0", func(a *Assessment) { a.DPCBase = 0 }, map[string]string{"dpc_base": errs.InvalidChoice}},
		{"DPC base 5", func(a *Assessment) { a.DPCBase = 5 }, map[string]string{"dpc_base": errs.InvalidChoice}},
		{"adjust -1 is fine", func(a *Assessment) { a.DPCAdjust, a.Decision = -1, AdviceAuthority }, nil}, // 1.25 + 1.25 = 2.5
		{"adjust beyond +1", func(a *Assessment) { a.DPCAdjust = 1.25 }, map[string]string{"dpc_adjust": errs.InvalidValue}},
		{"adjust not in quarters", func(a *Assessment) { a.DPCAdjust = 0.1 }, map[string]string{"dpc_adjust": errs.InvalidValue}},
		{"adjust NaN", func(a *Assessment) { a.DPCAdjust = math.NaN() }, map[string]string{"dpc_adjust": errs.InvalidValue}},
		{"EI 0", func(a *Assessment) { a.EI = 0 }, map[string]string{"ei": errs.InvalidChoice}},
		{"EI 0.3", func(a *Assessment) { a.EI = 0.3 }, map[string]string{"ei": errs.InvalidChoice}},
		{"EI 1.25", func(a *Assessment) { a.EI = 1.25 }, map[string]string{"ei": errs.InvalidChoice}},
		{"EI infinite", func(a *Assessment) { a.EI = math.Inf(1) }, map[string]string{"ei": errs.InvalidChoice}},
		{"confidentiality 0.75", func(a *Assessment) { a.CBConfidentiality = 0.75 }, map[string]string{"cb_confidentiality": errs.InvalidChoice}},
		{"integrity negative", func(a *Assessment) { a.CBIntegrity = -0.25 }, map[string]string{"cb_integrity": errs.InvalidChoice}},
		{"availability 0.2", func(a *Assessment) { a.CBAvailability = 0.2 }, map[string]string{"cb_availability": errs.InvalidChoice}},
		{"no decision", func(a *Assessment) { a.Decision = "" }, map[string]string{"decision": errs.Required}},
		{"unknown decision", func(a *Assessment) { a.Decision = "ignore" }, map[string]string{"decision": errs.InvalidChoice}},
		{"a decision against the advice needs a reason",
			func(a *Assessment) { a.Decision = AdviceAuthority },
			map[string]string{"decision_reason": errs.Required}},
		{"invalid factors give no advice to disagree with",
			func(a *Assessment) { a.EI, a.Decision = 0.3, AdviceDocument },
			map[string]string{"ei": errs.InvalidChoice}},
		{"a blank reason is no reason",
			func(a *Assessment) { a.Decision, a.DecisionReason = AdviceAuthority, "  \n" },
			map[string]string{"decision_reason": errs.Required}},
		{"a decision against the advice with a reason",
			func(a *Assessment) {
				a.Decision, a.DecisionReason = AdviceAuthority, "All recipients known and the data was deleted."
			}, nil},
		{"notes of 5000 runes", func(a *Assessment) { a.DPCNote = strings.Repeat("ä", 5000) }, nil},
		{"notes too long", func(a *Assessment) {
			a.DPCNote = strings.Repeat("ä", 5001)
			a.EINote = strings.Repeat("x", 5001)
			a.CBNote = strings.Repeat("x", 5001)
		}, map[string]string{"dpc_note": errs.TooLong, "ei_note": errs.TooLong, "cb_note": errs.TooLong}},
		{"a reason too long", func(a *Assessment) { a.Decision, a.DecisionReason = AdviceDocument, strings.Repeat("x", 5001) },
			map[string]string{"decision_reason": errs.TooLong}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAssessment()
			tt.change(&a)
			f := errs.Fields{}
			a.Validate(f)
			if !sameFieldErrors(f, tt.want) {
				t.Errorf("fields = %v, want %v", f, tt.want)
			}
		})
	}
}

func TestAssessmentValidateRecomputes(t *testing.T) {
	a := validAssessment()
	a.Score, a.Level, a.Advice = 1, LevelLow, AdviceDocument // stale or forged
	a.DPCNote = "  contacts and mail bodies  "
	a.Validate(errs.Fields{})
	if a.Score != 3.5 || a.Level != LevelHigh || a.Advice != AdviceIndividuals {
		t.Errorf("got %v %s %s, want 3.5 high individuals", a.Score, a.Level, a.Advice)
	}
	if a.DPCNote != "contacts and mail bodies" {
		t.Errorf("note not trimmed: %q", a.DPCNote)
	}
}

func sameFieldErrors(got errs.Fields, want map[string]string) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func TestSuggestAssessment(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name               string
		facts              *Facts
		dpc                int
		ei                 float64
		conf, integ, avail float64
		malicious          bool
		level              Level
		noteHas            []string // in DPCNote + EINote + CBNote
	}{
		{"nothing known", nil, 2, 1, 0, 0, 0, false, LevelMedium,
			[]string{"unknown", "Not known yet", "No breach type", "Malicious intent not known"}},
		{"seed story: contacts, exfiltrated and encrypted by extortionists",
			&Facts{DataCategories: []string{"email", "name", "phone"}, BreachTypes: []string{"availability", "confidentiality"}, Malicious: &yes},
			1, 1, 0.5, 0, 0.25, true, LevelMedium, // 1 x 1 + 1.25 = 2.25; a person raises DPC for the mail bodies
			[]string{"Simple data", "Names", "Confidentiality: 0.5", "Availability: 0.25", "Malicious intent: +0.5"}},
		{"health data is sensitive",
			&Facts{DataCategories: []string{"email", "health", "payment_card"}, BreachTypes: []string{"confidentiality"}, Malicious: &no},
			4, 0.75, 0.5, 0, 0, false, LevelHigh, // 4 x 0.75 + 0.5 = 3.5
			[]string{"Sensitive data (health)"}},
		{"cards and IBANs are financial",
			&Facts{DataCategories: []string{"iban", "ip_address"}, BreachTypes: []string{"integrity"}},
			3, 0.75, 0, 0.25, 0, false, LevelMedium, // 2.25 + 0.25 = 2.5
			[]string{"Financial data (iban)", "Integrity: 0.25"}},
		{"IP addresses alone",
			&Facts{DataCategories: []string{"ip_address"}, BreachTypes: []string{"confidentiality"}},
			2, 0.5, 0.5, 0, 0, false, LevelLow, // 1 + 0.5 = 1.5
			[]string{"Behavioural", "only with other data"}},
		{"national IDs, encrypted with a safe key",
			&Facts{DataCategories: []string{"national_id"}, BreachTypes: []string{"confidentiality"}, Encrypted: true, KeySafe: true, Malicious: &yes},
			1, 0.25, 0.5, 0, 0, true, LevelLow, // 0.25 + 1 = 1.25
			[]string{"key was not compromised"}},
		{"national IDs, encrypted but the key is gone",
			&Facts{DataCategories: []string{"national_id"}, BreachTypes: []string{"confidentiality"}, Encrypted: true, Malicious: &yes},
			1, 1, 0.5, 0, 0, true, LevelMedium, // 1 + 1 = 2
			[]string{"key may be compromised"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := SuggestAssessment(tt.facts)
			if a.DPCBase != tt.dpc || a.DPCAdjust != 0 || a.EI != tt.ei || a.CBConfidentiality != tt.conf ||
				a.CBIntegrity != tt.integ || a.CBAvailability != tt.avail || a.CBMalicious != tt.malicious {
				t.Errorf("got DPC %d%+v EI %v CB %v/%v/%v malicious %v, want DPC %d EI %v CB %v/%v/%v malicious %v",
					a.DPCBase, a.DPCAdjust, a.EI, a.CBConfidentiality, a.CBIntegrity, a.CBAvailability, a.CBMalicious,
					tt.dpc, tt.ei, tt.conf, tt.integ, tt.avail, tt.malicious)
			}
			if a.Level != tt.level || a.Decision != a.Advice {
				t.Errorf("level %s decision %s advice %s, want level %s and the advice preset", a.Level, a.Decision, a.Advice, tt.level)
			}
			notes := a.DPCNote + " " + a.EINote + " " + a.CBNote
			for _, s := range tt.noteHas {
				if !strings.Contains(notes, s) {
					t.Errorf("notes %q lack %q", notes, s)
				}
			}
			f := errs.Fields{}
			a.Validate(f)
			if len(f) != 0 {
				t.Errorf("a suggestion does not validate: %v", f)
			}
		})
	}
}
