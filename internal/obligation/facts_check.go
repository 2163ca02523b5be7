package obligation

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// MaxFactsTextLen bounds each of the facts' texts.
const MaxFactsTextLen = 10_000

// factsClockSlack tolerates clocks that differ a little between a browser
// and the server; factsEarliest catches typed years such as 0026.
const factsClockSlack = 5 * time.Minute

var factsEarliest = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// Check normalises the facts and checks them, naming every bad field by its
// JSON name in an errs.Invalid error; nil when they are fine.
//
// Normalising: codes are trimmed and upper-cased, choices and texts
// trimmed, lists cleared of blanks, de-duplicated and sorted, clocks set to
// UTC.
//
// The clocks (dora_classified_at, sec_materiality_at, us_discovered_at,
// us_determined_at) may not be in the future (now + 5 minutes) nor before
// detected, the breach's detection, when it is known. aware is no bound: a
// US "discovery" (the day the breach was known or should reasonably have
// been known) may come before the GDPR awareness.
//
// persons_by_country holds ISO 3166-1 alpha-2 countries and "US-XX" states,
// DC and territories. The countries add up to at most persons_total, when
// that is known (above 0). The states add up to at most the "US" count;
// when "US" is missing, the states' sum counts as the US (see PersonsIn).
func (f *Facts) Check(aware time.Time, detected *time.Time, now time.Time) error {
	fields := errs.Fields{}
	var problems []string
	problem := func(field, key, sentence string) {
		if _, taken := fields[field]; !taken {
			problems = append(problems, field+": "+sentence)
		}
		fields.Add(field, key)
	}
	f.normalise()

	if f.EstablishmentCountry != "" && !isCountryCode(f.EstablishmentCountry) {
		fields.Add("establishment_country", errs.InvalidChoice)
	}
	if f.DELand != "" {
		switch {
		case f.EstablishmentCountry != "DE":
			problem("de_land", errs.InvalidValue, "a German Land is only given for an establishment in Germany")
		case !slices.Contains(DELands, f.DELand):
			fields.Add("de_land", errs.InvalidChoice)
		}
	}
	checkChoice(fields, "nis2_entity", f.NIS2Entity, NIS2Entities)
	checkChoice(fields, "nis2_sector", f.NIS2Sector, NIS2Sectors)
	if f.NIS2Entity != "" && f.NIS2Sector == "" {
		fields.Add("nis2_sector", errs.Required)
	}
	checkChoice(fields, "hipaa", f.HIPAA, HIPAARoles)
	checkChoice(fields, "cn_grade", f.CNGrade, CNGrades)
	for _, t := range f.BreachTypes {
		checkChoice(fields, "breach_types", t, BreachTypes)
	}
	for _, c := range f.DataCategories {
		if !slices.Contains(ScannerCategories, c) && !slices.Contains(SpecialCategories, c) {
			fields.Add("data_categories", errs.InvalidChoice)
		}
	}
	if f.KeySafe && !f.Encrypted {
		problem("key_safe", errs.InvalidValue, "a key can only be safe when the data was encrypted")
	}

	if f.PersonsTotal < 0 {
		fields.Add("persons_total", errs.InvalidValue)
	}
	if f.RecordsTotal < 0 {
		fields.Add("records_total", errs.InvalidValue)
	}
	f.checkPersonsByCountry(fields, problem)

	for _, c := range []struct {
		field string
		at    **time.Time
	}{
		{"dora_classified_at", &f.DORAClassifiedAt},
		{"sec_materiality_at", &f.SECMaterialityAt},
		{"us_discovered_at", &f.USDiscoveredAt},
		{"us_determined_at", &f.USDeterminedAt},
	} {
		if *c.at == nil {
			continue
		}
		at := (*c.at).UTC()
		*c.at = &at
		switch {
		case at.Before(factsEarliest):
			fields.Add(c.field, errs.InvalidTime)
		case detected != nil && at.Before(*detected):
			problem(c.field, errs.InvalidTime, "a clock cannot start before the breach was detected")
		case at.After(now.Add(factsClockSlack)):
			fields.Add(c.field, errs.InFuture)
		}
	}

	for _, t := range []struct {
		field string
		text  string
	}{
		{"contact_point", f.ContactPoint},
		{"consequences", f.Consequences},
		{"measures_taken", f.MeasuresTaken},
		{"measures_proposed", f.MeasuresProposed},
		{"delay_reasons", f.DelayReasons},
	} {
		if utf8.RuneCountInString(t.text) > MaxFactsTextLen {
			fields.Add(t.field, errs.TooLong)
		}
	}

	if len(fields) == 0 {
		return nil
	}
	msg := "some fields are not valid"
	if len(problems) > 0 {
		msg += ": " + strings.Join(problems, "; ")
	}
	return &errs.Error{Code: errs.Invalid, Message: msg, Fields: fields}
}

// PersonsIn returns the number of affected persons in a country or US
// state ("DE", "US", "US-CA"), by the normalised PersonsByCountry. For "US"
// without a "US" entry it is the sum of the "US-XX" entries.
func (f *Facts) PersonsIn(code string) int64 {
	if n, ok := f.PersonsByCountry[code]; ok || code != "US" {
		return n
	}
	var states int64
	for k, n := range f.PersonsByCountry {
		if strings.HasPrefix(k, "US-") && n > 0 {
			states = addCapped(states, n)
		}
	}
	return states
}

func (f *Facts) normalise() {
	code := func(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
	f.EstablishmentCountry = code(f.EstablishmentCountry)
	f.DELand = code(f.DELand)
	for _, s := range []*string{&f.NIS2Entity, &f.NIS2Sector, &f.HIPAA, &f.CNGrade,
		&f.ContactPoint, &f.Consequences, &f.MeasuresTaken, &f.MeasuresProposed, &f.DelayReasons} {
		*s = strings.TrimSpace(*s)
	}
	f.BreachTypes = normaliseList(f.BreachTypes)
	f.DataCategories = normaliseList(f.DataCategories)
}

// normaliseList trims the entries, drops blank ones, sorts and de-duplicates.
func normaliseList(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func checkChoice(fields errs.Fields, field, value string, choices []string) {
	if value != "" && !slices.Contains(choices, value) {
		fields.Add(field, errs.InvalidChoice)
	}
}

// checkPersonsByCountry normalises the keys and checks keys, counts and sums.
func (f *Facts) checkPersonsByCountry(fields errs.Fields, problem func(field, key, sentence string)) {
	const field = "persons_by_country"
	if len(f.PersonsByCountry) == 0 {
		return
	}
	byCode := make(map[string]int64, len(f.PersonsByCountry))
	var countries, states int64
	for k, n := range f.PersonsByCountry {
		code := strings.ToUpper(strings.TrimSpace(k))
		if _, dup := byCode[code]; dup {
			problem(field, errs.InvalidValue, "two entries name the same country")
			continue
		}
		byCode[code] = n
		state, isState := strings.CutPrefix(code, "US-")
		switch {
		case isState && !isUSStateCode(state), !isState && !isCountryCode(code):
			fields.Add(field, errs.InvalidChoice)
		case n < 0:
			fields.Add(field, errs.InvalidValue)
		case isState:
			states = addCapped(states, n)
		default:
			countries = addCapped(countries, n)
		}
	}
	f.PersonsByCountry = byCode
	if us, ok := byCode["US"]; ok {
		if states > us {
			problem(field, errs.InvalidValue, "the US states add up to more than the US count")
		}
	} else {
		countries = addCapped(countries, states)
	}
	if f.PersonsTotal > 0 && countries > f.PersonsTotal {
		problem(field, errs.InvalidValue, "the countries add up to more than persons_total")
	}
}

// addCapped adds two counts of 0 or more, stopping at the largest int64.
func addCapped(a, b int64) int64 {
	if a > 1<<63-1-b {
		return 1<<63 - 1
	}
	return a + b
}

// isCountryCode reports whether s is an officially assigned ISO 3166-1
// alpha-2 code. "UK" and "EL" (the EU's short forms) and "XK" (Kosovo,
// user-assigned) are not.
func isCountryCode(s string) bool {
	return isUpper2(s) && strings.Contains(iso3166Alpha2, s)
}

// isUSStateCode reports whether s is the ISO 3166-2:US subdivision code of
// a state, DC or an outlying area (AS, GU, MP, PR, UM, VI).
func isUSStateCode(s string) bool {
	return isUpper2(s) && strings.Contains(usSubdivisions, s)
}

// isUpper2 reports whether s is two ASCII capital letters, so that a
// substring search of the tables below, whose codes are separated by
// spaces, can only match a whole code.
func isUpper2(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

// The 249 officially assigned ISO 3166-1 alpha-2 codes.
const iso3166Alpha2 = "" +
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
	"HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY " +
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ OM " +
	"PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"

// The 50 states, DC and the six outlying areas of ISO 3166-2:US.
const usSubdivisions = "" +
	"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD " +
	"MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC " +
	"SD TN TX UT VT VA WA WV WI WY " +
	"DC AS GU MP PR UM VI"
