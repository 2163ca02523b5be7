package web

import (
	"slices"
	"strings"

	"github.com/breachdesk/breachdesk/internal/people"
)

// segmentSelects reports whether rules select p, for the person's page:
// which segments (and so which campaigns) reach them.
func segmentSelects(rules people.SegmentRules, p *people.Person) bool {
	if p.Erased {
		return false
	}
	for _, c := range rules.AllCategories {
		if !slices.Contains(p.Categories, c) {
			return false
		}
	}
	if len(rules.AnyCategories) > 0 && !slices.ContainsFunc(rules.AnyCategories, func(c string) bool { return slices.Contains(p.Categories, c) }) {
		return false
	}
	if len(rules.Files) > 0 && !slices.ContainsFunc(rules.Files, func(f string) bool { return foundIn(p.Files, f) }) {
		return false
	}
	if len(rules.Countries) > 0 && !slices.ContainsFunc(rules.Countries, func(c string) bool {
		return c == p.Country || (p.State != "" && c == p.Country+"-"+p.State)
	}) {
		return false
	}
	if len(rules.Languages) > 0 && !slices.Contains(rules.Languages, p.Language) {
		return false
	}
	return reachedBy(rules.Reach, p)
}

// foundIn reports whether one of files is rule: the path itself, or below
// it when rule ends in "/".
func foundIn(files []string, rule string) bool {
	return slices.ContainsFunc(files, func(f string) bool {
		return f == rule || (strings.HasSuffix(rule, "/") && strings.HasPrefix(f, rule))
	})
}

func reachedBy(r people.Reach, p *people.Person) bool {
	switch r {
	case people.ReachEmail:
		return p.HasEmail()
	case people.ReachPostal:
		return p.HasAddress()
	case people.ReachPostalOnly:
		return p.HasAddress() && !p.HasEmail()
	case people.ReachNone:
		return !p.HasEmail() && !p.HasAddress()
	}
	return true
}
