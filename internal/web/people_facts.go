package web

import (
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

// factChanges lists what writing the counts into the facts would change.
func factChanges(p *page, now *obligation.Facts, c *people.Counts) []factChange {
	next := *now
	c.IntoFacts(&next)
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
