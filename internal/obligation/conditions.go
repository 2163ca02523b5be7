package obligation

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// The condition kinds of a rule's `when` list. Every condition must hold for
// a rule to apply; the first that does not gives the reason why not. The
// YAML syntax of each kind is in the header of rules.yaml.
//
//	personal_data          personal data is affected (see personalData)
//	establishment_in       the controller is established in one of the
//	                       countries (ISO alpha-2, or the groups EEA, EU)
//	establishment_not_in   ... in none of them
//	territorial            established in, or affected persons in, one of
//	                       the regions (the reach of GDPR Art. 3, PIPL Art. 3)
//	persons_in             at least Number affected persons in the regions
//	                       together ("US-*": in one US state)
//	persons_total          at least Number persons in total (Values[0]
//	                       "min"), or fewer than Number ("under")
//	flag                   every listed entity flag is set
//	not_flag               none of the listed entity flags is set
//	risk                   the decided advice is at least Values[0]
//	                       (authority or individuals); provisionally true
//	                       while no assessment is decided
//	not_exempt_34_3_a      not (encrypted and key safe): GDPR Art. 34(3)(a)
//	unsecured_data         not (encrypted and key safe): the encryption safe
//	                       harbour of HIPAA ("unsecured PHI") and US state laws
//	cn_grade_at_least      the CAC grade is at least Values[0]; provisionally
//	                       true while the incident is not graded
const (
	CondPersonalData       = "personal_data"
	CondEstablishmentIn    = "establishment_in"
	CondEstablishmentNotIn = "establishment_not_in"
	CondTerritorial        = "territorial"
	CondPersonsIn          = "persons_in"
	CondPersonsTotal       = "persons_total"
	CondFlag               = "flag"
	CondNotFlag            = "not_flag"
	CondRisk               = "risk"
	CondNotExempt34_3a     = "not_exempt_34_3_a"
	CondUnsecuredData      = "unsecured_data"
	CondCNGradeAtLeast     = "cn_grade_at_least"
)

// ConditionKinds lists the kinds in the order of the documentation.
var ConditionKinds = []string{
	CondPersonalData, CondEstablishmentIn, CondEstablishmentNotIn, CondTerritorial,
	CondPersonsIn, CondPersonsTotal, CondFlag, CondNotFlag, CondRisk,
	CondNotExempt34_3a, CondUnsecuredData, CondCNGradeAtLeast,
}

// Flags are the entity flags the flag and not_flag conditions test, in the
// order the desk shows them.
var Flags = []string{
	"nis2_entity", "nis2_significant", "dora_financial_entity", "sec_registrant",
	"hipaa_covered_entity", "hipaa_business_associate", "cn_cii_operator",
	"public_body", "processor", "ny_dfs_covered", "uk_pecr_provider",
}

// flagSet reports whether the facts set the named flag.
func flagSet(f *Facts, name string) bool {
	switch name {
	case "nis2_entity":
		return f.NIS2Entity != ""
	case "nis2_significant":
		return f.NIS2Significant
	case "dora_financial_entity":
		return f.DORAFinancialEntity
	case "sec_registrant":
		return f.SECRegistrant
	case "hipaa_covered_entity":
		return f.HIPAA == "covered_entity"
	case "hipaa_business_associate":
		return f.HIPAA == "business_associate"
	case "cn_cii_operator":
		return f.CNCIIOperator
	case "public_body":
		return f.PublicBody
	case "processor":
		return f.Processor
	case "ny_dfs_covered":
		return f.NYDFSCovered
	case "uk_pecr_provider":
		return f.UKPECRProvider
	}
	return false
}

// Region groups usable wherever a country is: the EU's 27 member states,
// and the EEA (the EU with Iceland, Liechtenstein and Norway).
const (
	GroupEU  = "EU"
	GroupEEA = "EEA"
	// AnyUSState in persons_in counts the US state with the most affected
	// persons ("more than 500 residents of a State", HIPAA media notice).
	AnyUSState = "US-*"
)

var euCountries = []string{
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
	"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}

// inRegion reports whether the country or state code belongs to region.
// A state key ("US-CA") belongs to its own region only; the country's
// count ("US") already includes it.
func inRegion(code, region string) bool {
	switch region {
	case GroupEU:
		return len(code) == 2 && contains(euCountries, code)
	case GroupEEA:
		return len(code) == 2 && EEACountry(code)
	}
	return code == region
}

func inAnyRegion(code string, regions []string) bool {
	for _, r := range regions {
		if inRegion(code, r) {
			return true
		}
	}
	return false
}

// conditionResult is one condition tested: whether it holds and the reason
// to show either way.
type conditionResult struct {
	holds  bool
	reason Reason
}

// env is what conditions test: the incident, its facts (nil when none were
// recorded) and the decided assessment (nil when none).
type env struct {
	incident *incident.Incident
	facts    *Facts
	decision *Assessment
}

func reason(key string, args ...string) Reason {
	r := Reason{Key: key}
	if len(args) > 1 {
		r.Args = make(map[string]string, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			r.Args[args[i]] = args[i+1]
		}
	}
	return r
}

// test tests one condition. Conditions that need facts fail with
// facts.missing while none are recorded, except those whose safe reading
// without facts is "applies".
func (e *env) test(c Condition) conditionResult {
	switch c.Kind {
	case CondPersonalData:
		return e.personalData()
	case CondRisk:
		return e.risk(c)
	case CondNotExempt34_3a:
		if e.facts != nil && e.facts.Encrypted && e.facts.KeySafe {
			return conditionResult{false, reason("exempt_34_3_a")}
		}
		return conditionResult{true, reason("not_encrypted")}
	case CondUnsecuredData:
		if e.facts != nil && e.facts.Encrypted && e.facts.KeySafe {
			return conditionResult{false, reason("encrypted_safe_harbour")}
		}
		return conditionResult{true, reason("not_encrypted")}
	}
	if c.Kind == CondEstablishmentIn && (e.facts == nil || e.facts.EstablishmentCountry == "") && assumesEEA(c.Values) {
		// The desk's home is the EEA: until the establishment is recorded,
		// the GDPR clock runs, so a fresh incident shows its 72 hours.
		return conditionResult{true, reason("establishment.assumed_eea")}
	}
	f := e.facts
	if f == nil && c.Kind == CondNotFlag {
		f = &Facts{} // no flag is set before the facts are recorded
	}
	if f == nil {
		return conditionResult{false, reason("facts.missing")}
	}
	switch c.Kind {
	case CondEstablishmentIn, CondEstablishmentNotIn:
		return establishment(f, c)
	case CondTerritorial:
		return territorial(f, c)
	case CondPersonsIn:
		return personsIn(f, c)
	case CondPersonsTotal:
		return personsTotal(f, c)
	case CondFlag, CondNotFlag:
		want := c.Kind == CondFlag
		var held []Reason
		for _, name := range c.Values {
			set := flagSet(f, name)
			r := reason(flagReasonKey(name, set))
			if set != want {
				return conditionResult{false, r}
			}
			held = append(held, r)
		}
		if len(held) == 0 {
			return conditionResult{true, reason("applies.always")}
		}
		return conditionResult{true, held[len(held)-1]}
	case CondCNGradeAtLeast:
		if f.CNGrade == "" {
			return conditionResult{true, reason("cn_grade.unknown")}
		}
		if gradeRank(f.CNGrade) >= gradeRank(firstValue(c)) {
			return conditionResult{true, reason("cn_grade.at_least")}
		}
		return conditionResult{false, reason("cn_grade.below")}
	}
	return conditionResult{false, reason("condition.unknown", "kind", c.Kind)}
}

// personalData decides whether personal data is affected. The facts say
// so when they count persons, name data categories or count persons by
// country. Until they do, a data theft, ransomware or account compromise
// is assumed to affect personal data (the conservative reading: the GDPR
// clock runs from awareness, not from the end of the count); an incident
// of kind "other" is not.
func (e *env) personalData() conditionResult {
	if f := e.facts; f != nil {
		if f.PersonsTotal > 0 || len(f.DataCategories) > 0 || anyPersons(f.PersonsByCountry) {
			return conditionResult{true, reason("personal_data.yes")}
		}
	}
	if e.incident != nil && e.incident.Kind != incident.KindOther && e.incident.Kind != "" {
		return conditionResult{true, reason("personal_data.assumed")}
	}
	return conditionResult{false, reason("personal_data.no")}
}

func anyPersons(m map[string]int64) bool {
	for _, v := range m {
		if v > 0 {
			return true
		}
	}
	return false
}

// risk holds when the decided advice of the newest assessment is at least
// the condition's. Without a decided assessment the duty applies
// provisionally: the clock runs while the risk is being assessed.
func (e *env) risk(c Condition) conditionResult {
	decided := decidedAdvice(e.decision)
	if decided == "" {
		return conditionResult{true, reason("risk.provisional")}
	}
	r := reason("risk.decided." + string(decided))
	return conditionResult{adviceRank(decided) >= adviceRank(Advice(firstValue(c))), r}
}

// decidedAdvice is the person's decision, or the computed advice when the
// assessment carries no decision.
func decidedAdvice(a *Assessment) Advice {
	if a == nil {
		return ""
	}
	for _, adv := range []Advice{a.Decision, a.Advice} {
		if adviceRank(adv) > 0 {
			return adv
		}
	}
	return ""
}

func adviceRank(a Advice) int {
	for i, known := range Advices {
		if a == known {
			return i + 1
		}
	}
	return 0
}

func gradeRank(g string) int {
	for i, known := range CNGrades {
		if g == known {
			return i + 1
		}
	}
	return 0
}

func firstValue(c Condition) string {
	if len(c.Values) == 0 {
		return ""
	}
	return c.Values[0]
}

func establishment(f *Facts, c Condition) conditionResult {
	cc := f.EstablishmentCountry
	if cc == "" {
		return conditionResult{false, reason("establishment.unknown")}
	}
	in := inAnyRegion(cc, c.Values)
	switch {
	case c.Kind == CondEstablishmentIn && !in:
		return conditionResult{false, reason("establishment.outside", "country", cc, "regions", strings.Join(c.Values, ", "))}
	case c.Kind == CondEstablishmentNotIn && in:
		return conditionResult{false, reason("establishment.excluded", "country", cc)}
	}
	return conditionResult{true, reason("establishment.in", "country", cc)}
}

func territorial(f *Facts, c Condition) conditionResult {
	if cc := f.EstablishmentCountry; cc != "" && inAnyRegion(cc, c.Values) {
		return conditionResult{true, reason("establishment.in", "country", cc)}
	}
	if n := countIn(f, c.Values); n > 0 {
		return conditionResult{true, reason("persons.in", "region", strings.Join(c.Values, ", "), "count", strconv.FormatInt(n, 10))}
	}
	if f.EstablishmentCountry == "" {
		return conditionResult{false, reason("establishment.unknown")}
	}
	return conditionResult{false, reason("territorial.no", "country", f.EstablishmentCountry, "regions", strings.Join(c.Values, ", "))}
}

// countIn sums the affected persons in the regions; AnyUSState counts the
// state with the most, and a single country or state is read as
// Facts.PersonsIn reads it ("US" is the sum of its states when not given).
func countIn(f *Facts, regions []string) int64 {
	var n int64
	for _, r := range regions {
		switch r {
		case AnyUSState:
			_, most := largestUSState(f.PersonsByCountry)
			n = addCapped(n, most)
		case GroupEU, GroupEEA:
			for code, v := range f.PersonsByCountry {
				if v > 0 && inRegion(code, r) {
					n = addCapped(n, v)
				}
			}
		default:
			n = addCapped(n, max(f.PersonsIn(r), 0))
		}
	}
	return n
}

func largestUSState(byCountry map[string]int64) (string, int64) {
	codes := make([]string, 0, len(byCountry))
	for code := range byCountry {
		if strings.HasPrefix(code, "US-") {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes) // ties go to the first state by code, every time
	best, most := "", int64(0)
	for _, code := range codes {
		if v := byCountry[code]; v > most {
			best, most = code, v
		}
	}
	return best, most
}

func personsIn(f *Facts, c Condition) conditionResult {
	n := countIn(f, c.Values)
	region := strings.Join(c.Values, ", ")
	if len(c.Values) == 1 && c.Values[0] == AnyUSState {
		if state, _ := largestUSState(f.PersonsByCountry); state != "" {
			region = state
		}
	}
	count := strconv.FormatInt(n, 10)
	switch {
	case n <= 0:
		return conditionResult{false, reason("persons.none", "region", region)}
	case n < c.Number:
		return conditionResult{false, reason("persons.below", "region", region, "count", count, "min", strconv.FormatInt(c.Number, 10))}
	}
	return conditionResult{true, reason("persons.in", "region", region, "count", count)}
}

// personsTotal compares PersonsTotal with the threshold; a total of zero is
// "not counted yet" and fails either way, so neither the rule above nor
// the rule below a threshold applies until someone records the count.
func personsTotal(f *Facts, c Condition) conditionResult {
	if f.PersonsTotal <= 0 {
		return conditionResult{false, reason("persons_total.unknown")}
	}
	count, limit := strconv.FormatInt(f.PersonsTotal, 10), strconv.FormatInt(c.Number, 10)
	if firstValue(c) == "under" {
		if f.PersonsTotal < c.Number {
			return conditionResult{true, reason("persons_total.under", "count", count, "max", limit)}
		}
		return conditionResult{false, reason("persons_total.not_under", "count", count, "max", limit)}
	}
	if f.PersonsTotal >= c.Number {
		return conditionResult{true, reason("persons_total.at_least", "count", count, "min", limit)}
	}
	return conditionResult{false, reason("persons_total.below", "count", count, "min", limit)}
}

func flagReasonKey(name string, set bool) string {
	if set {
		return "flag." + name + ".yes"
	}
	return "flag." + name + ".no"
}

// ReasonKeys lists every key a Reason of this package may carry, without
// the catalog prefix "obligation.reason.", sorted.
func ReasonKeys() []string {
	keys := []string{
		"facts.missing", "condition.unknown",
		"personal_data.yes", "personal_data.assumed", "personal_data.no",
		"establishment.in", "establishment.outside", "establishment.excluded", "establishment.unknown", "establishment.assumed_eea",
		"territorial.no",
		"persons.in", "persons.none", "persons.below",
		"persons_total.at_least", "persons_total.below", "persons_total.under", "persons_total.not_under", "persons_total.unknown",
		"risk.provisional",
		"exempt_34_3_a", "encrypted_safe_harbour", "not_encrypted",
		"cn_grade.unknown", "cn_grade.at_least", "cn_grade.below",
		"applies.always",
		"recipient.set_land", "recipient.no_dpa", "recipient.no_resident_dpa",
		"clock.not_started.aware_at", "clock.not_started.dora_classified_at", "clock.not_started.sec_materiality_at",
		"clock.fallback.detected_at", "clock.fallback.us_discovered_at", "clock.fallback.us_determined_at",
		"clock.waits_filing", "clock.year_end",
		"deadline.capped", "deadline.cap_only",
	}
	for _, a := range Advices {
		keys = append(keys, "risk.decided."+string(a))
	}
	for _, name := range Flags {
		keys = append(keys, flagReasonKey(name, true), flagReasonKey(name, false))
	}
	sort.Strings(keys)
	return keys
}

// ReasonCatalogKey is the i18n catalog key of a reason.
func ReasonCatalogKey(key string) string { return "obligation.reason." + key }

// checkConditionArgs checks a condition's arguments as parsed; it returns
// a message for the first wrong one, or "".
func checkConditionArgs(c Condition) string {
	switch c.Kind {
	case CondEstablishmentIn, CondEstablishmentNotIn:
		for _, v := range c.Values {
			if v != GroupEU && v != GroupEEA && !countryPattern.MatchString(v) {
				return fmt.Sprintf("%q is not a country code (ISO 3166-1 alpha-2, as DE) or a group (EEA, EU)", v)
			}
		}
	case CondTerritorial, CondPersonsIn:
		for _, v := range c.Values {
			if v == AnyUSState {
				if c.Kind != CondPersonsIn || len(c.Values) != 1 {
					return fmt.Sprintf("%s stands alone, in persons_in only", AnyUSState)
				}
				continue
			}
			if v != GroupEU && v != GroupEEA && !regionPattern.MatchString(v) {
				return fmt.Sprintf("%q is not a region: a country (DE), a US state (US-CA), EEA or EU", v)
			}
		}
	case CondFlag, CondNotFlag:
		for _, v := range c.Values {
			if !contains(Flags, v) {
				return fmt.Sprintf("unknown flag %q; known are %s", v, strings.Join(Flags, ", "))
			}
		}
	case CondRisk:
		if v := firstValue(c); v != string(AdviceAuthority) && v != string(AdviceIndividuals) {
			return fmt.Sprintf("expected authority or individuals, not %q", v)
		}
	case CondCNGradeAtLeast:
		if v := firstValue(c); !contains(CNGrades, v) {
			return fmt.Sprintf("expected one of %s, not %q", strings.Join(CNGrades, ", "), v)
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// assumesEEA reports whether a condition names the EEA or the EU, which an
// unrecorded establishment is taken to be in.
func assumesEEA(values []string) bool {
	for _, v := range values {
		if v == "EEA" || v == "EU" {
			return true
		}
	}
	return false
}
