package obligation

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// FuzzParseRules checks that no rule file makes the parser panic, that
// every refusal is a *RuleError whose problems have lines, and that every
// accepted file evaluates without panic on empty and on blank facts.
func FuzzParseRules(f *testing.F) {
	f.Add(builtinRulesYAML)
	f.Add([]byte(baseRules))
	f.Add([]byte(mutateOnce(baseRules, "clock: aware_at", "clock: filed:a.two")))
	f.Add([]byte(mutateOnce(baseRules, "deadline: 72h", "deadline: 4bd us-federal 17:30")))
	f.Add([]byte(mutateOnce(baseRules, "- personal_data", "- persons_in: {region: [US-*], over: 500}")))
	f.Add([]byte(mutateOnce(baseRules, "    deadline: 72h\n", "    deadline: 4h\n    cap: {clock: aware_at, deadline: 24h}\n")))
	f.Add([]byte(mutateOnce(baseRules, "clock: aware_at", "clock: year_end:us_discovered_at")))
	f.Add([]byte("rules: [&a {id: x}, *a]\n"))
	f.Add([]byte("version: 1\nrules:\n  - id: a\n    when: [{persons_total: {under: 0}}]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		rs, err := ParseRules(src)
		if err != nil {
			re := AsRuleError(err)
			if re == nil {
				t.Fatalf("error %T is not a *RuleError: %v", err, err)
			}
			if rs != nil || len(re.Problems) == 0 {
				t.Fatalf("a refusal returned a rule set or no problems: %v", err)
			}
			for _, p := range re.Problems {
				if p.Line < 1 || p.Message == "" {
					t.Fatalf("problem without a line or message: %+v", p)
				}
			}
			return
		}
		aware := at("2026-03-01T12:00:00Z")
		for _, in := range []Input{
			{},
			{Incident: &incident.Incident{Kind: incident.KindDataTheft, AwareAt: aware}, Facts: &Facts{}},
			{Incident: &incident.Incident{Kind: incident.KindOther, AwareAt: aware}, Facts: &Facts{
				EstablishmentCountry: "DE", PersonsTotal: 1, PersonsByCountry: map[string]int64{"US-CA": 1, "DE": 1},
				DORAClassifiedAt: &aware, SECMaterialityAt: &aware,
			}, Decision: &Assessment{Decision: AdviceIndividuals}},
		} {
			if obs := Evaluate(rs, in); len(obs) != len(rs.Rules) {
				t.Fatalf("%d obligations for %d rules", len(obs), len(rs.Rules))
			}
		}
	})
}

// mutateOnce is mutate without a *testing.T, for seeds.
func mutateOnce(src, old, repl string) string {
	for i := 0; i+len(old) <= len(src); i++ {
		if src[i:i+len(old)] == old {
			return src[:i] + repl + src[i+len(old):]
		}
	}
	return src
}
