package obligation

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// baseRules is a small valid rule file; the bad-file cases change one thing
// in it. The comments give the line numbers the cases expect.
const baseRules = `version: "1"
asap_target_hours: 24
content:
  - id: nature
    title: {en: Nature, de: Art}
rules:
  - id: a.one
    regime: X
    title: {en: One, de: Eins}
    recipient: {authority: de-bsi}
    when:
      - personal_data
    clock: aware_at
    deadline: 72h
    strength: hard
    content: [nature]
    basis: {text: Art. 1, url: "https://example.org/a"}
  - id: a.two
    regime: X
    title: {en: Two, de: Zwei}
    recipient:
      who: {en: people, de: Leute}
    clock: filed:a.one
    deadline: 1mo
    strength: hard
    basis: {text: Art. 2, url: "https://example.org/b"}
`

// mutate replaces old by repl in baseRules exactly once.
func mutate(t *testing.T, old, repl string) string {
	t.Helper()
	if strings.Count(baseRules, old) != 1 {
		t.Fatalf("%q is not in the base file exactly once", old)
	}
	return strings.Replace(baseRules, old, repl, 1)
}

func TestParseRulesAcceptsTheBaseFile(t *testing.T) {
	rs, err := ParseRules([]byte(baseRules))
	if err != nil {
		t.Fatal(err)
	}
	if rs.Version != "1" || rs.ASAPTarget != 24*time.Hour || len(rs.Rules) != 2 {
		t.Fatalf("got version %q, target %v, %d rules", rs.Version, rs.ASAPTarget, len(rs.Rules))
	}
	one := rs.Rule("a.one")
	if one.Line != 7 || one.When[0].Kind != CondPersonalData || one.When[0].Line != 12 {
		t.Errorf("lines: rule %d, condition %d", one.Line, one.When[0].Line)
	}
	if one.Deadline != (Deadline{Amount: 72, Unit: Hours}) || one.Strength != Hard {
		t.Errorf("deadline %+v, strength %q", one.Deadline, one.Strength)
	}
	if string(rs.Source) != baseRules {
		t.Error("the source is not kept")
	}
}

func TestParseRulesRefusesBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		line int
		want string // a fragment of the message of the problem on line
	}{
		{"unknown rule field", mutate(t, "    strength: hard\n    content", "    strength: hard\n    colour: red\n    content"), 16, "colour: unknown field"},
		{"unknown top-level field", mutate(t, "asap_target_hours: 24\n", "asap_target_hours: 24\nowner: me\n"), 3, "owner: unknown field"},
		{"unknown field in basis", mutate(t, `basis: {text: Art. 1, url: "https://example.org/a"}`, `basis: {text: Art. 1, url: "https://example.org/a", page: 3}`), 17, "basis.page: unknown field"},
		{"bad duration", mutate(t, "deadline: 72h", "deadline: 72 hours"), 14, `"72 hours" is not a deadline`},
		{"bad unit", mutate(t, "deadline: 72h", "deadline: 72w"), 14, "is not a deadline"},
		{"zero period", mutate(t, "deadline: 72h", "deadline: 0h"), 14, "at least 1"},
		{"calendar on hours", mutate(t, "deadline: 72h", "deadline: 72h us-federal"), 14, "only business days"},
		{"unknown calendar", mutate(t, "deadline: 72h", "deadline: 4bd uk-bank"), 14, `unknown holiday calendar "uk-bank"`},
		{"bad close of business", mutate(t, "deadline: 72h", "deadline: 4bd us-federal 25:00"), 14, "not a close of business"},
		{"missing basis", mutate(t, `    basis: {text: Art. 1, url: "https://example.org/a"}`+"\n", ""), 7, "basis: required"},
		{"missing basis url", mutate(t, `basis: {text: Art. 1, url: "https://example.org/a"}`, `basis: {text: Art. 1}`), 17, "basis.url: required"},
		{"http basis", mutate(t, `url: "https://example.org/a"`, `url: "http://example.org/a"`), 17, "https link"},
		{"missing german title", mutate(t, "title: {en: One, de: Eins}", "title: {en: One}"), 9, "title.de: required"},
		{"missing strength", mutate(t, "    strength: hard\n    content", "    content"), 7, "strength: required"},
		{"bad strength", mutate(t, "strength: hard\n    content", "strength: firm\n    content"), 15, "expected hard, soft or asap"},
		{"missing version", mutate(t, `version: "1"`+"\n", ""), 1, "version: required"},
		{"duplicate id", mutate(t, "id: a.two", "id: a.one"), 18, `"a.one" is defined twice`},
		{"bad id", mutate(t, "id: a.one", "id: A-One"), 7, "lower-case parts"},
		{"empty when", mutate(t, "    when:\n      - personal_data\n", "    when: []\n"), 11, "leave when out"},
		{"unknown condition", mutate(t, "- personal_data", "- personal_dta"), 12, `unknown condition kind "personal_dta"`},
		{"argument to a bare kind", mutate(t, "- personal_data", "- personal_data: yes"), 12, "takes no argument"},
		{"wrong argument type", mutate(t, "- personal_data", "- flag: {nis2_entity: true}"), 12, "expected a value or a list"},
		{"unknown flag", mutate(t, "- personal_data", "- flag: [nis3_entity]"), 12, `unknown flag "nis3_entity"`},
		{"bad country", mutate(t, "- personal_data", "- establishment_in: [Germany]"), 12, "not a country code"},
		{"bad risk", mutate(t, "- personal_data", "- risk: maybe"), 12, "expected authority or individuals"},
		{"min and over", mutate(t, "- personal_data", "- persons_in: {region: [US-CA], min: 5, over: 5}"), 12, "not min and over"},
		{"bad count", mutate(t, "- personal_data", "- persons_total: {min: many}"), 12, "whole number"},
		{"two kinds in one entry", mutate(t, "- personal_data", "- {flag: [processor], risk: authority}"), 12, "expected one condition"},
		{"bad zone", mutate(t, "    deadline: 1mo\n", "    deadline: 1mo\n    zone: Mars/Olympus\n"), 25, `unknown time zone "Mars/Olympus"`},
		{"unknown clock", mutate(t, "clock: aware_at", "clock: breach_at"), 13, `unknown clock "breach_at"`},
		{"filed names a missing rule", mutate(t, "clock: filed:a.one", "clock: filed:a.three"), 23, `rule "a.three", which is not in the file`},
		{"cycle", mutate(t, "clock: aware_at", "clock: filed:a.two"), 13, "form a cycle (a.one -> a.two -> a.one)"},
		{"self cycle", mutate(t, "clock: filed:a.one", "clock: filed:a.two"), 23, "form a cycle (a.two -> a.two)"},
		{"year_end of a filing", mutate(t, "clock: aware_at", "clock: year_end:filed:a.two"), 13, "year_end: takes one of"},
		{"unknown content", mutate(t, "content: [nature]", "content: [nature, ransom]"), 16, `unknown content item "ransom"`},
		{"asap strength with hours", mutate(t, "strength: hard\n    content", "strength: asap\n    content"), 15, "needs the deadline asap"},
		{"hard strength with asap", mutate(t, "deadline: 72h", "deadline: asap"), 15, "needs the strength asap"},
		{"cap on no deadline", mutate(t, "    deadline: 72h\n", "    deadline: on_request\n    cap: {clock: aware_at, deadline: 24h}\n"), 15, "a cap needs a rule with a deadline"},
		{"cap of asap", mutate(t, "    deadline: 72h\n", "    deadline: 72h\n    cap: {clock: aware_at, deadline: asap}\n"), 15, "a cap needs a period"},
		{"bad authority", mutate(t, "authority: de-bsi", "authority: BSI"), 10, "directory ID"},
		{"empty recipient", mutate(t, "recipient: {authority: de-bsi}", "recipient: {}"), 10, "give an authority"},
		{"asap target out of range", mutate(t, "asap_target_hours: 24", "asap_target_hours: 0"), 2, "from 1 to 168"},
		{"alias", strings.Replace(mutate(t, "title: {en: Two, de: Zwei}", "title: *t"), "title: {en: One", "title: &t {en: One", 1), 20, "aliases (*t) are not supported"},
		{"not yaml", mutate(t, "title: {en: One, de: Eins}", "title: {en: One, de: Eins"), 9, "not valid YAML: did not find expected ',' or '}'"},
		{"empty", "", 1, "empty"},
		{"not a mapping", "- a\n- b\n", 1, "expected a mapping"},
		{"no rules", `version: "1"` + "\nasap_target_hours: 24\nrules: []\n", 3, "no rules"},
		{"not utf-8", "version: \"1\xff\"\n", 1, "not UTF-8"},
		{"too large", baseRules + "#" + strings.Repeat("x", MaxRuleFileSize) + "\n", 1, "larger than 256 KiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := ParseRules([]byte(tc.src))
			if err == nil {
				t.Fatal("accepted")
			}
			if rs != nil {
				t.Error("a refused file returned a rule set")
			}
			re := AsRuleError(err)
			if re == nil {
				t.Fatalf("error %T is not a *RuleError", err)
			}
			for _, p := range re.Problems {
				if p.Line == tc.line && strings.Contains(p.String(), tc.want) {
					return
				}
			}
			t.Errorf("no problem on line %d with %q; got:\n%s", tc.line, tc.want, err)
		})
	}
}

func TestParseRulesReportsEveryProblemInLineOrder(t *testing.T) {
	src := mutate(t, "deadline: 1mo", "deadline: 1 month")
	src = strings.Replace(src, "clock: aware_at", "clock: never", 1)
	src = strings.Replace(src, "- personal_data", "- nonsense", 1)
	_, err := ParseRules([]byte(src))
	re := AsRuleError(err)
	if re == nil || len(re.Problems) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
	for i, want := range []int{12, 13, 24} {
		if re.Problems[i].Line != want {
			t.Errorf("problem %d on line %d, want %d", i, re.Problems[i].Line, want)
		}
	}
	if !strings.HasPrefix(err.Error(), "line 12: rules[0](a.one).when[0].nonsense: unknown condition kind") {
		t.Errorf("message: %s", err)
	}
}

func TestParseDeadlineForms(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for src, want := range map[string]Deadline{
		"72h":                  {Amount: 72, Unit: Hours, Zone: ny},
		"30d":                  {Amount: 30, Unit: Days, Zone: ny},
		"1mo":                  {Amount: 1, Unit: Months, Zone: ny},
		"4bd":                  {Amount: 4, Unit: BusinessDays, Zone: ny},
		"4bd us-federal":       {Amount: 4, Unit: BusinessDays, Calendar: "us-federal", Zone: ny},
		"4bd us-federal 17:30": {Amount: 4, Unit: BusinessDays, Calendar: "us-federal", CloseOfBusiness: "17:30", Zone: ny},
		"4bd 17:30":            {Amount: 4, Unit: BusinessDays, CloseOfBusiness: "17:30", Zone: ny},
		"asap":                 {Unit: NoDeadline, Zone: ny},
		"on_request":           {Unit: NoDeadline, Zone: ny},
		"none":                 {Unit: NoDeadline, Zone: ny},
	} {
		got, err := parseDeadline(src, ny)
		if err != nil || got != want {
			t.Errorf("parseDeadline(%q) = %+v, %v; want %+v", src, got, err, want)
		}
	}
	for _, bad := range []string{"", "h", "72", "-1h", "1.5d", "72 h", "10000h", "401d", "25mo", "4bd us-federal 17:30 extra", "4bd 5pm", "ASAP"} {
		if _, err := parseDeadline(bad, time.UTC); err == nil {
			t.Errorf("parseDeadline(%q) accepted", bad)
		}
	}
}

func TestBuiltinRules(t *testing.T) {
	rs, err := ParseRules(builtinRulesYAML)
	if err != nil {
		t.Fatalf("the embedded rules.yaml does not parse:\n%s", err)
	}
	if rs.Version == "" || rs.ASAPTarget != 24*time.Hour {
		t.Errorf("version %q, ASAP target %v", rs.Version, rs.ASAPTarget)
	}
	first, again := BuiltinRules(), BuiltinRules()
	if first != again || first.Version != rs.Version {
		t.Error("BuiltinRules does not return the one parsed embedded set")
	}
	if !bytes.Equal(BuiltinRules().Source, builtinRulesYAML) {
		t.Error("the source is not kept")
	}
	for _, r := range rs.Rules {
		if r.Note.EN == "" || r.Note.DE == "" {
			t.Errorf("%s: every shipped rule explains itself in a note", r.ID)
		}
		if r.Recipient.Authority == "" && r.Recipient.Who.EN == "" {
			t.Errorf("%s: no recipient", r.ID)
		}
	}
}

// referenceTable maps every row of table A.1 of the reference
// (notification-duties.md) to the rules that implement it.
var referenceTable = map[string][]string{
	"gdpr.33.sa":        {"gdpr.33", "gdpr.33.non_eea"},
	"gdpr.33.proc":      {"gdpr.33.processor"},
	"gdpr.33.doc":       {"gdpr.33.5"},
	"gdpr.34.ds":        {"gdpr.34"},
	"nis2.23.ew":        {"nis2.23.early_warning", "de.bsig.32.initial"},
	"nis2.23.notif":     {"nis2.23.notification", "de.bsig.32.notification"},
	"nis2.23.inter":     {"nis2.23.intermediate", "de.bsig.32.intermediate"},
	"nis2.23.final":     {"nis2.23.final", "de.bsig.32.final"},
	"nis2.23.recip":     {"nis2.23.recipients"},
	"de.bsig.32":        {"de.bsig.32.initial", "de.bsig.32.notification", "de.bsig.32.intermediate", "de.bsig.32.final"},
	"dora.19.init":      {"dora.19.initial"},
	"dora.19.inter":     {"dora.19.intermediate"},
	"dora.19.final":     {"dora.19.final"},
	"cn.pipl.57":        {"cn.pipl.57", "cn.pipl.57.individuals"},
	"cn.cac.2025.cii":   {"cn.cac.2025.cii"},
	"cn.cac.2025.gov":   {"cn.cac.2025.gov"},
	"cn.cac.2025.other": {"cn.cac.2025"},
	"us.sec.8k105":      {"us.sec.8k"},
	"us.sec.8k105c":     {"us.sec.8k.delay"},
	"us.hipaa.404":      {"us.hipaa.individuals"},
	"us.hipaa.406":      {"us.hipaa.media"},
	"us.hipaa.408":      {"us.hipaa.hhs", "us.hipaa.hhs.log"},
	"us.hipaa.410":      {"us.hipaa.business_associate"},
	"us.ca.1798.82":     {"us.ca.residents"},
	"us.ca.ag":          {"us.ca.ag"},
	"us.ny.899aa":       {"us.ny.residents"},
	"us.ny.regulators":  {"us.ny.regulators.ag", "us.ny.regulators.dos", "us.ny.regulators.police", "us.ny.cra"},
	"us.ny.dfs500":      {"us.ny.dfs"},
	"us.tx.521":         {"us.tx.individuals"},
	"us.tx.ag":          {"us.tx.ag"},
	"us.tx.cra":         {"us.tx.cra"},
	"uk.gdpr.33":        {"uk.gdpr.33"},
	"uk.gdpr.34":        {"uk.gdpr.34"},
	"uk.pecr":           {"uk.pecr"},
}

// referenceIDs are the ids of table A.1, in its order.
var referenceIDs = []string{
	"gdpr.33.sa", "gdpr.33.proc", "gdpr.33.doc", "gdpr.34.ds", "nis2.23.ew", "nis2.23.notif",
	"nis2.23.inter", "nis2.23.final", "nis2.23.recip", "de.bsig.32", "dora.19.init",
	"dora.19.inter", "dora.19.final", "cn.pipl.57", "cn.cac.2025.cii", "cn.cac.2025.gov",
	"cn.cac.2025.other", "us.sec.8k105", "us.sec.8k105c", "us.hipaa.404", "us.hipaa.406",
	"us.hipaa.408", "us.hipaa.410", "us.ca.1798.82", "us.ca.ag", "us.ny.899aa",
	"us.ny.regulators", "us.ny.dfs500", "us.tx.521", "us.tx.ag", "us.tx.cra", "uk.gdpr.33",
	"uk.gdpr.34", "uk.pecr",
}

func TestEveryReferenceRowHasARule(t *testing.T) {
	rs := BuiltinRules()
	covered := map[string]bool{}
	for _, ref := range referenceIDs {
		ids, ok := referenceTable[ref]
		if !ok || len(ids) == 0 {
			t.Errorf("reference row %s has no rule", ref)
		}
		for _, id := range ids {
			if rs.Rule(id) == nil {
				t.Errorf("reference row %s: rule %s is missing from rules.yaml", ref, id)
			}
			covered[id] = true
		}
	}
	if len(referenceTable) != len(referenceIDs) {
		t.Errorf("the mapping has %d rows, the reference %d", len(referenceTable), len(referenceIDs))
	}
	for _, r := range rs.Rules {
		if !covered[r.ID] {
			t.Errorf("rule %s implements no row of the reference table", r.ID)
		}
	}
}

func TestRuleErrorIsAnError(t *testing.T) {
	var err error = &RuleError{[]Problem{{Line: 3, Field: "rules[0].id", Message: "required"}, {Line: 9, Message: "x"}}}
	if err.Error() != "line 3: rules[0].id: required\nline 9: x" {
		t.Errorf("got %q", err.Error())
	}
	if AsRuleError(errors.New("other")) != nil {
		t.Error("AsRuleError matched a foreign error")
	}
}

func TestBuiltinRecipientsAreInTheDirectory(t *testing.T) {
	known := map[string]bool{ResolverCompetentDPA: true, ResolverResidentDPAs: true}
	for _, a := range BuiltinAuthorities() {
		known[a.ID] = true
	}
	for _, r := range BuiltinRules().Rules {
		if a := r.Recipient.Authority; a != "" && !known[a] {
			t.Errorf("%s: recipient %q is not in authorities.yaml", r.ID, a)
		}
	}
}
