package obligation

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/incident"
)

func awareIncident(aware string) *incident.Incident {
	return &incident.Incident{ID: 1, Kind: incident.KindDataTheft, AwareAt: at(aware)}
}

func evalRule(t *testing.T, in Input, id string) Obligation {
	t.Helper()
	return obligationOf(t, Evaluate(BuiltinRules(), in), id)
}

func reasonKeys(o Obligation) []string {
	keys := make([]string, len(o.Reasons))
	for i, r := range o.Reasons {
		keys[i] = r.Key
	}
	return keys
}

func hasReason(o Obligation, key string) bool { return slices.Contains(reasonKeys(o), key) }

func TestStatuses(t *testing.T) {
	base := Input{
		Incident: awareIncident("2026-03-10T08:00:00Z"),
		Facts:    &Facts{EstablishmentCountry: "DE", DELand: "HH", PersonsTotal: 10},
	}
	waiver := Waiver{ID: 1, Rule: "gdpr.33", Reason: "no risk: the data was public", DecidedAt: at("2026-03-11T08:00:00Z")}
	newer := Waiver{ID: 2, Rule: "gdpr.33", Reason: "second thoughts", DecidedAt: at("2026-03-11T09:00:00Z")}
	filing := Filing{ID: 1, Rule: "gdpr.33", FiledAt: at("2026-03-12T08:00:00Z")}
	for _, tc := range []struct {
		name    string
		filings []Filing
		waivers []Waiver
		want    Status
		reason  string // the waiver kept, "" for none
	}{
		{"nothing recorded", nil, nil, StatusOpen, ""},
		{"filed", []Filing{filing}, nil, StatusFiled, ""},
		{"waived, newest waiver counts", nil, []Waiver{newer, waiver}, StatusWaived, "second thoughts"},
		{"a filing supersedes a waiver", []Filing{filing}, []Waiver{waiver}, StatusFiled, ""},
		{"another rule's filing does not count", []Filing{{ID: 2, Rule: "gdpr.34", FiledAt: filing.FiledAt}}, nil, StatusOpen, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := base
			in.Filings, in.Waivers = tc.filings, tc.waivers
			o := evalRule(t, in, "gdpr.33")
			if o.Status != tc.want {
				t.Errorf("status %s, want %s", o.Status, tc.want)
			}
			switch {
			case tc.reason == "" && o.Waiver != nil:
				t.Errorf("waiver %+v kept", o.Waiver)
			case tc.reason != "" && (o.Waiver == nil || o.Waiver.Reason != tc.reason):
				t.Errorf("waiver %+v, want %q", o.Waiver, tc.reason)
			}
			if len(o.Filings) != len(slices.DeleteFunc(slices.Clone(tc.filings), func(f Filing) bool { return f.Rule != "gdpr.33" })) {
				t.Errorf("filings %v", o.Filings)
			}
		})
	}
}

func TestFollowUpStagesStartAtTheFirstFiling(t *testing.T) {
	in := Input{
		Incident: awareIncident("2026-05-04T06:00:00Z"),
		Facts:    &Facts{EstablishmentCountry: "FR", NIS2Entity: "important", NIS2Significant: true},
	}
	o := evalRule(t, in, "nis2.23.final")
	if !o.Applies || o.ClockStart != nil || o.DueAt != nil {
		t.Fatalf("before the notification: applies %v, clock %v, due %v", o.Applies, o.ClockStart, o.DueAt)
	}
	if r := o.Reasons[len(o.Reasons)-1]; r.Key != "clock.waits_filing" || r.Args["rule"] != "nis2.23.notification" {
		t.Errorf("reason %+v", r)
	}
	// Filed twice (a correction the next day): the first filing counts, and
	// the month is counted in Brussels: 6 May 17:30 CEST + 1 month.
	in.Filings = []Filing{
		{ID: 9, Rule: "nis2.23.notification", FiledAt: at("2026-05-07T09:00:00Z")},
		{ID: 4, Rule: "nis2.23.notification", FiledAt: at("2026-05-06T15:30:00Z")},
	}
	o = evalRule(t, in, "nis2.23.final")
	if got := formatTime(o.ClockStart); got != "2026-05-06T15:30:00Z" {
		t.Errorf("clock start %s", got)
	}
	if got := formatTime(o.DueAt); got != "2026-06-06T15:30:00Z" {
		t.Errorf("due %s", got)
	}
	notif := evalRule(t, in, "nis2.23.notification")
	if notif.Status != StatusFiled || len(notif.Filings) != 2 || notif.Filings[0].ID != 4 {
		t.Errorf("notification: %s, filings %+v", notif.Status, notif.Filings)
	}
}

func TestDORA(t *testing.T) {
	aware := "2026-02-02T08:00:00Z"
	facts := func(classified string) *Facts {
		f := &Facts{EstablishmentCountry: "DE", DELand: "HE", DORAFinancialEntity: true}
		if classified != "" {
			f.DORAClassifiedAt = atPtr(classified)
		}
		return f
	}
	for _, tc := range []struct {
		name, classified, due, clock, reason string
	}{
		{"classified early: 4 hours after classification", "2026-02-02T10:00:00Z", "2026-02-02T14:00:00Z", "2026-02-02T10:00:00Z", ""},
		{"classified late: capped at 24 hours after awareness", "2026-02-03T06:00:00Z", "2026-02-03T08:00:00Z", "2026-02-03T06:00:00Z", "deadline.capped"},
		{"exactly at the cap", "2026-02-03T04:00:00Z", "2026-02-03T08:00:00Z", "2026-02-03T04:00:00Z", ""},
		{"not classified yet: the cap runs", "", "2026-02-03T08:00:00Z", "", "deadline.cap_only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := evalRule(t, Input{Incident: awareIncident(aware), Facts: facts(tc.classified)}, "dora.19.initial")
			if !o.Applies || formatTime(o.DueAt) != tc.due || formatTime(o.ClockStart) != tc.clock {
				t.Errorf("applies %v, clock %s, due %s; want clock %s, due %s", o.Applies, formatTime(o.ClockStart), formatTime(o.DueAt), tc.clock, tc.due)
			}
			if tc.reason != "" && !hasReason(o, tc.reason) {
				t.Errorf("reasons %v lack %s", reasonKeys(o), tc.reason)
			}
			if tc.classified == "" && !hasReason(o, "clock.not_started.dora_classified_at") {
				t.Errorf("reasons %v lack the missing classification", reasonKeys(o))
			}
		})
	}
	// The stages after: 72 hours after the initial notification's filing,
	// and a month after the LATEST intermediate report.
	in := Input{Incident: awareIncident(aware), Facts: facts("2026-02-02T10:00:00Z"), Filings: []Filing{
		{ID: 1, Rule: "dora.19.initial", FiledAt: at("2026-02-02T12:00:00Z")},
		{ID: 2, Rule: "dora.19.intermediate", FiledAt: at("2026-02-04T12:00:00Z")},
		{ID: 3, Rule: "dora.19.intermediate", FiledAt: at("2026-02-20T12:00:00Z")},
	}}
	if got := formatTime(evalRule(t, in, "dora.19.intermediate").DueAt); got != "2026-02-05T12:00:00Z" {
		t.Errorf("intermediate due %s", got)
	}
	if got := formatTime(evalRule(t, in, "dora.19.final").DueAt); got != "2026-03-20T12:00:00Z" {
		t.Errorf("final due %s", got)
	}
}

func TestClocksNotStarted(t *testing.T) {
	// SEC: the duty shows as soon as the company is a registrant, without
	// a due time until materiality is determined.
	o := evalRule(t, Input{Incident: awareIncident("2026-09-01T12:00:00Z"), Facts: &Facts{EstablishmentCountry: "US", SECRegistrant: true}}, "us.sec.8k")
	if !o.Applies || o.ClockStart != nil || o.DueAt != nil || !hasReason(o, "clock.not_started.sec_materiality_at") {
		t.Errorf("SEC before the determination: applies %v, clock %v, due %v, reasons %v", o.Applies, o.ClockStart, o.DueAt, reasonKeys(o))
	}
	if o.Overdue(at("2030-01-01T00:00:00Z")) {
		t.Error("a duty whose clock has not started is overdue")
	}
	// No awareness time: nothing is due.
	in := Input{Incident: &incident.Incident{Kind: incident.KindDataTheft}, Facts: &Facts{EstablishmentCountry: "DE", DELand: "SN"}}
	o = evalRule(t, in, "gdpr.33")
	if !o.Applies || o.ClockStart != nil || o.DueAt != nil || !hasReason(o, "clock.not_started.aware_at") {
		t.Errorf("without awareness: clock %v, due %v, reasons %v", o.ClockStart, o.DueAt, reasonKeys(o))
	}
}

func TestClockFallbacksAndDetection(t *testing.T) {
	inc := awareIncident("2026-07-01T12:00:00Z")
	f := &Facts{EstablishmentCountry: "US", PersonsByCountry: map[string]int64{"US": 40, "US-NY": 40}}
	o := evalRule(t, Input{Incident: inc, Facts: f}, "us.ny.residents")
	if formatTime(o.ClockStart) != "2026-07-01T12:00:00Z" || !hasReason(o, "clock.fallback.us_discovered_at") {
		t.Errorf("fallback: clock %s, reasons %v", formatTime(o.ClockStart), reasonKeys(o))
	}
	if got := formatTime(o.DueAt); got != "2026-07-31T12:00:00Z" {
		t.Errorf("NY due %s", got)
	}
	// CAC counts from detection when it is recorded.
	detected := at("2026-07-01T09:00:00Z")
	inc.DetectedAt = &detected
	o = evalRule(t, Input{Incident: inc, Facts: &Facts{EstablishmentCountry: "CN", CNGrade: "relatively_major"}}, "cn.cac.2025")
	if got := formatTime(o.DueAt); got != "2026-07-01T13:00:00Z" || hasReason(o, "clock.fallback.detected_at") {
		t.Errorf("CAC due %s, reasons %v", got, reasonKeys(o))
	}
}

func TestHIPAAYearEnd(t *testing.T) {
	in := Input{
		Incident: awareIncident("2026-05-04T14:00:00Z"),
		Facts: &Facts{
			EstablishmentCountry: "US", HIPAA: "covered_entity", PersonsTotal: 120,
			PersonsByCountry: map[string]int64{"US": 120, "US-MA": 120},
			USDiscoveredAt:   atPtr("2026-05-04T14:00:00Z"),
		},
	}
	log := evalRule(t, in, "us.hipaa.hhs.log")
	// The year ends at midnight in New York (05:00 UTC); 60 days from
	// 1 January 2027 end at 00:00 on 2 March, the end of 1 March.
	if formatTime(log.ClockStart) != "2027-01-01T05:00:00Z" || formatTime(log.DueAt) != "2027-03-02T05:00:00Z" {
		t.Errorf("log: clock %s, due %s", formatTime(log.ClockStart), formatTime(log.DueAt))
	}
	if big := evalRule(t, in, "us.hipaa.hhs"); big.Applies || big.Reasons[0].Key != "persons_total.below" {
		t.Errorf("HHS 500+ with 120 persons: %v", reasonKeys(big))
	}
	if got := formatTime(evalRule(t, in, "us.hipaa.individuals").DueAt); got != "2026-07-03T14:00:00Z" {
		t.Errorf("individuals due %s", got)
	}
	in.Facts.Encrypted, in.Facts.KeySafe = true, true
	if o := evalRule(t, in, "us.hipaa.individuals"); o.Applies || o.Reasons[0].Key != "encrypted_safe_harbour" {
		t.Errorf("encrypted PHI: %v", reasonKeys(o))
	}
}

func TestRiskCondition(t *testing.T) {
	in := Input{Incident: awareIncident("2026-04-01T10:00:00Z"), Facts: &Facts{EstablishmentCountry: "AT", PersonsTotal: 3}}
	for _, tc := range []struct {
		name                  string
		decision              *Assessment
		sa, individuals       bool
		saReason, indivReason string
	}{
		{"no assessment: both apply provisionally", nil, true, true, "risk.provisional", "risk.provisional"},
		{"document only", decided(AdviceDocument), false, false, "risk.decided.document", "risk.decided.document"},
		{"authority", decided(AdviceAuthority), true, false, "risk.decided.authority", "risk.decided.authority"},
		{"individuals", decided(AdviceIndividuals), true, true, "risk.decided.individuals", "risk.decided.individuals"},
		{"no decision yet: the computed advice counts", &Assessment{Advice: AdviceAuthority}, true, false, "risk.decided.authority", "risk.decided.authority"},
		{"neither: provisional", &Assessment{}, true, true, "risk.provisional", "risk.provisional"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in.Decision = tc.decision
			sa, ind := evalRule(t, in, "gdpr.33"), evalRule(t, in, "gdpr.34")
			if sa.Applies != tc.sa || !hasReason(sa, tc.saReason) {
				t.Errorf("gdpr.33 applies %v, reasons %v", sa.Applies, reasonKeys(sa))
			}
			if ind.Applies != tc.individuals || !hasReason(ind, tc.indivReason) {
				t.Errorf("gdpr.34 applies %v, reasons %v", ind.Applies, reasonKeys(ind))
			}
			if sa.Applies && !slices.Equal(sa.Recipients, []string{"at-dpa"}) {
				t.Errorf("recipients %v", sa.Recipients)
			}
		})
	}
}

func TestPersonalDataBeforeTheFactsAreKnown(t *testing.T) {
	for _, tc := range []struct {
		kind  incident.Kind
		facts *Facts
		holds bool
		key   string
	}{
		{incident.KindDataTheft, nil, true, "personal_data.assumed"},
		{incident.KindRansomware, &Facts{EstablishmentCountry: "DE"}, true, "personal_data.assumed"},
		{incident.KindOther, nil, false, "personal_data.no"},
		{incident.KindOther, &Facts{DataCategories: []string{"email"}}, true, "personal_data.yes"},
		{incident.KindOther, &Facts{PersonsByCountry: map[string]int64{"FR": 2}}, true, "personal_data.yes"},
	} {
		e := &env{incident: &incident.Incident{Kind: tc.kind}, facts: tc.facts}
		if got := e.personalData(); got.holds != tc.holds || got.reason.Key != tc.key {
			t.Errorf("%s, facts %+v: %+v", tc.kind, tc.facts, got)
		}
	}
	// Without facts, the GDPR clock runs: a fresh incident on the desk is
	// taken to be in the EEA until the establishment is recorded.
	o := evalRule(t, Input{Incident: awareIncident("2026-04-01T10:00:00Z")}, "gdpr.33")
	if !o.Applies || o.DueAt == nil || !slices.Contains(reasonKeys(o), "establishment.assumed_eea") {
		t.Errorf("gdpr.33 without facts: applies %v, due %v, %v", o.Applies, o.DueAt, reasonKeys(o))
	}
}

func TestRecipients(t *testing.T) {
	in := Input{Incident: awareIncident("2026-04-01T10:00:00Z"), Facts: &Facts{EstablishmentCountry: "DE", PersonsTotal: 5}}
	o := evalRule(t, in, "gdpr.33")
	if !o.Applies || len(o.Recipients) != 0 || !hasReason(o, "recipient.set_land") {
		t.Errorf("DE without a Land: applies %v, recipients %v, reasons %v", o.Applies, o.Recipients, reasonKeys(o))
	}
	in.Facts = &Facts{EstablishmentCountry: "BR", PersonsByCountry: map[string]int64{"FR": 10, "DE": 5, "DE-NI": 5, "BR": 900}}
	o = evalRule(t, in, "gdpr.33.non_eea")
	if !o.Applies || !slices.Equal(o.Recipients, []string{"de-ni-dpa", "fr-dpa"}) {
		t.Errorf("outside the EEA: applies %v, recipients %v, reasons %v", o.Applies, o.Recipients, reasonKeys(o))
	}
}

func TestThresholds(t *testing.T) {
	for _, tc := range []struct {
		rule    string
		persons map[string]int64
		total   int64
		applies bool
		key     string
	}{
		{"us.ca.ag", map[string]int64{"US-CA": 500}, 500, false, "persons.below"},
		{"us.ca.ag", map[string]int64{"US-CA": 501}, 501, true, "persons.in"},
		{"us.tx.ag", map[string]int64{"US-TX": 249}, 249, false, "persons.below"},
		{"us.tx.ag", map[string]int64{"US-TX": 250}, 250, true, "persons.in"},
		{"us.ny.cra", map[string]int64{"US-NY": 5001}, 5001, true, "persons.in"},
		{"us.tx.cra", map[string]int64{"US-TX": 10}, 10_001, true, "persons_total.at_least"},
		{"us.tx.cra", map[string]int64{"US-TX": 10}, 0, false, "persons_total.unknown"},
		{"us.hipaa.hhs", nil, 500, true, "persons_total.at_least"},
		{"us.hipaa.hhs.log", nil, 499, true, "persons_total.under"},
		{"us.hipaa.hhs.log", nil, 500, false, "persons_total.not_under"},
		{"us.hipaa.media", map[string]int64{"US-CA": 400, "US-NV": 501}, 901, true, "persons.in"},
		{"us.hipaa.media", map[string]int64{"US-CA": 400, "US-NV": 400}, 800, false, "persons.below"},
	} {
		f := &Facts{EstablishmentCountry: "US", HIPAA: "covered_entity", PersonsTotal: tc.total, PersonsByCountry: tc.persons}
		o := evalRule(t, Input{Incident: awareIncident("2026-04-01T10:00:00Z"), Facts: f}, tc.rule)
		if o.Applies != tc.applies || !hasReason(o, tc.key) {
			t.Errorf("%s with %v / %d: applies %v, reasons %+v", tc.rule, tc.persons, tc.total, o.Applies, o.Reasons)
		}
	}
	// The HIPAA media notice names the state that crossed the threshold.
	f := &Facts{HIPAA: "covered_entity", PersonsTotal: 901, PersonsByCountry: map[string]int64{"US-CA": 400, "US-NV": 501}}
	o := evalRule(t, Input{Incident: awareIncident("2026-04-01T10:00:00Z"), Facts: f}, "us.hipaa.media")
	if r := o.Reasons[2]; r.Args["region"] != "US-NV" || r.Args["count"] != "501" {
		t.Errorf("media reason %+v", r)
	}
}

func TestCNGrade(t *testing.T) {
	for grade, want := range map[string]string{
		"":                   "cn_grade.unknown",
		"general":            "cn_grade.below",
		"relatively_major":   "cn_grade.at_least",
		"particularly_major": "cn_grade.at_least",
	} {
		o := evalRule(t, Input{Incident: awareIncident("2026-04-01T10:00:00Z"), Facts: &Facts{EstablishmentCountry: "CN", CNGrade: grade}}, "cn.cac.2025")
		if o.Applies != (want != "cn_grade.below") || !hasReason(o, want) {
			t.Errorf("grade %q: applies %v, reasons %v", grade, o.Applies, reasonKeys(o))
		}
	}
}

func TestEvaluateOrderAndNilSafety(t *testing.T) {
	rs := BuiltinRules()
	if Evaluate(nil, Input{}) != nil {
		t.Error("a nil rule set gives obligations")
	}
	obs := Evaluate(rs, Input{})
	for i, o := range obs {
		if o.Rule != rs.Rules[i] {
			t.Fatalf("obligation %d is %s, not in rule file order", i, o.Rule.ID)
		}
		if o.Status != StatusOpen || len(o.Reasons) == 0 {
			t.Errorf("%s: status %s, reasons %v", o.Rule.ID, o.Status, o.Reasons)
		}
	}
}

func TestEvaluateDoesNotChangeItsInput(t *testing.T) {
	filings := []Filing{
		{ID: 2, Rule: "de.bsig.32.notification", FiledAt: at("2026-01-31T10:00:00Z")},
		{ID: 1, Rule: "de.bsig.32.notification", FiledAt: at("2026-01-30T10:00:00Z")},
	}
	in := scenarios()[1].in
	in.Filings = filings
	Evaluate(BuiltinRules(), in)
	if filings[0].ID != 2 {
		t.Error("Evaluate sorted the caller's filings")
	}
}

// TestEveryReasonHasTexts checks that every reason the package gives has
// English and German texts, and the catalog has no texts for reasons that
// no longer exist.
func TestEveryReasonHasTexts(t *testing.T) {
	cat := i18n.MustLoad()
	known := map[string]bool{}
	for _, k := range ReasonKeys() {
		known[k] = true
		for _, lang := range i18n.Languages {
			if !cat.Has(lang, ReasonCatalogKey(k)) {
				t.Errorf("%s lacks %s", lang, ReasonCatalogKey(k))
			}
		}
	}
	for _, k := range cat.Keys("en") {
		if rest, ok := strings.CutPrefix(k, "obligation.reason."); ok && !known[rest] {
			t.Errorf("the catalog has %s, which no reason uses", k)
		}
	}
	// Every reason given in the scenarios and tests above is a known key.
	var inputs []Input
	for _, sc := range scenarios() {
		inputs = append(inputs, sc.in)
	}
	inputs = append(inputs, Input{}, Input{Incident: awareIncident("2026-01-01T00:00:00Z"), Facts: &Facts{}})
	for _, in := range inputs {
		for _, o := range Evaluate(BuiltinRules(), in) {
			for _, r := range o.Reasons {
				if !known[r.Key] {
					t.Errorf("%s gives the unknown reason %q", o.Rule.ID, r.Key)
				}
			}
		}
	}
}

func TestHandBuiltRuleSets(t *testing.T) {
	// A rule set built in code (not parsed) with an unknown condition kind
	// does not apply, and says why; a rule without conditions always does.
	rs := &RuleSet{ASAPTarget: 12 * time.Hour, Rules: []*Rule{
		{ID: "x.odd", When: []Condition{{Kind: "moon_phase"}}, Clock: ClockAwareAt, Deadline: Deadline{Unit: NoDeadline}, Strength: ASAP},
		{ID: "x.always", Clock: ClockAwareAt, Deadline: Deadline{Unit: NoDeadline}, Strength: ASAP},
	}}
	obs := Evaluate(rs, Input{Incident: awareIncident("2026-01-01T00:00:00Z"), Facts: &Facts{}})
	if obs[0].Applies || obs[0].Reasons[0].Key != "condition.unknown" {
		t.Errorf("odd: %+v", obs[0].Reasons)
	}
	if !obs[1].Applies || obs[1].Reasons[0].Key != "applies.always" || formatTime(obs[1].TargetAt) != "2026-01-01T12:00:00Z" {
		t.Errorf("always: %+v, target %s", obs[1].Reasons, formatTime(obs[1].TargetAt))
	}
}
