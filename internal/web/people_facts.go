package web

import (
	"slices"
	"strings"

	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
)

// factChange is one fact that writing the register's counts into the
// facts would change, as it is and as it would be.
type factChange struct {
	Field    string // the facts field's JSON name
	Label    string
	Now, New string
}

// countedFacts are the facts as people.Service.ApplyCounts leaves them:
// persons (erased ones still count: they were affected), records and
// persons by country from the register; the scanner's categories replaced
// by the register's, special categories set by hand kept.
func countedFacts(f obligation.Facts, c *people.Counts) obligation.Facts {
	f.PersonsTotal = c.Persons + c.Erased
	f.RecordsTotal = c.Records
	f.PersonsByCountry = map[string]int64{}
	for k, n := range c.ByCountry {
		if validCountryKey(k) {
			f.PersonsByCountry[k] = n
		}
	}
	var cats []string
	for _, cat := range f.DataCategories {
		if slices.Contains(obligation.SpecialCategories, cat) {
			cats = append(cats, cat)
		}
	}
	for cat := range c.ByCategory {
		if slices.Contains(obligation.ScannerCategories, cat) {
			cats = append(cats, cat)
		}
	}
	slices.Sort(cats)
	f.DataCategories = slices.Compact(cats)
	return f
}

// factChanges lists what writing the counts into the facts would change.
func factChanges(p *page, now *obligation.Facts, c *people.Counts) []factChange {
	next := countedFacts(*now, c)
	num := func(n int64) string { return formatCount(p.Lang, n) }
	cats := func(cs []string) string {
		names := make([]string, len(cs))
		for i, c := range cs {
			names[i] = categoryName(p, c)
		}
		return strings.Join(names, ", ")
	}
	countries := func(m map[string]int64) string {
		return strings.ReplaceAll(strings.TrimSpace(formatCountryCounts(m)), "\n", "; ")
	}
	var out []factChange
	add := func(field, label, before, after string) {
		if before != after {
			out = append(out, factChange{Field: field, Label: p.T(label), Now: before, New: after})
		}
	}
	add("persons_total", "facts.persons_total", num(now.PersonsTotal), num(next.PersonsTotal))
	add("records_total", "facts.records_total", num(now.RecordsTotal), num(next.RecordsTotal))
	add("persons_by_country", "facts.persons_by_country", countries(now.PersonsByCountry), countries(next.PersonsByCountry))
	add("data_categories", "facts.data_categories", cats(now.DataCategories), cats(next.DataCategories))
	return out
}

// validCountryKey is a key the facts take: a country, or "US-XX".
func validCountryKey(k string) bool {
	country, state, _ := strings.Cut(k, "-")
	return len(country) == 2 && (state == "" || (country == "US" && len(state) == 2))
}
