package people

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// Counts sums up the register. Erased persons count as affected (by
// category, country, language and in records): they were, and the
// authorities are told so; they are left out of the reach counts and the
// segments, since nobody writes to them.
//
// Everything but BySegment comes from the tallies the store keeps with
// every change, without reading the register. BySegment depends on the
// segments' rules: it is counted by one pass over the register when the
// register or a segment changed since the last count, and cached by the
// register's version otherwise (see segmentCounts). Pages that need no
// segment counts call Summary.
func (s *Service) Counts(ctx context.Context, a auth.Actor, id int64) (*Counts, error) {
	c, version, err := s.summary(ctx, a, id)
	if err != nil {
		return nil, err
	}
	segs, err := s.store.Segments(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.BySegment, err = s.segmentCounts(ctx, id, version, segs); err != nil {
		return nil, err
	}
	return c, nil
}

// Summary is Counts without BySegment (left empty): a few rows read
// however large the register.
func (s *Service) Summary(ctx context.Context, a auth.Actor, id int64) (*Counts, error) {
	c, _, err := s.summary(ctx, a, id)
	return c, err
}

func (s *Service) summary(ctx context.Context, a auth.Actor, id int64) (*Counts, int64, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, 0, err
	}
	ts, err := s.store.Tallies(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	c, version := countsOf(ts)
	return c, version, nil
}

// recount counts the register by reading every row: what the tallies
// must always equal (the tests compare them).
func (s *Service) recount(ctx context.Context, id int64) (*Counts, error) {
	c := newCounts()
	err := s.store.EachPerson(ctx, id, func(r *Row) error {
		c.add(r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ApplyCounts writes the register's counts into the incident's facts
// (persons in total and by country, data categories, records). Special
// categories (health, ...) set by hand stay; the scanner's categories are
// replaced by those in the register.
func (s *Service) ApplyCounts(ctx context.Context, a auth.Actor, id int64) error {
	c, err := s.Summary(ctx, a, id)
	if err != nil {
		return err
	}
	_, err = s.obligations.SetFacts(ctx, a, id, func(f *obligation.Facts) error {
		c.IntoFacts(f)
		return nil
	})
	return err
}

// IntoFacts writes the counts into f, as ApplyCounts does: persons
// (erased ones still count: they were affected), records and persons by
// country from the register; the scanner's categories replaced by the
// register's, special categories set by hand kept. The register page uses
// it to show what ApplyCounts would change.
func (c *Counts) IntoFacts(f *obligation.Facts) {
	f.PersonsTotal = c.Persons + c.Erased
	f.RecordsTotal = c.Records
	f.PersonsByCountry = map[string]int64{}
	for k, n := range c.ByCountry {
		if ValidCountry(k) {
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
}

// ValidCountry accepts an ISO 3166-1 alpha-2 country, or "US-XX" for a US
// state, DC or territory: exactly the keys the incident facts take, so it
// asks the facts' own check rather than keeping a second table.
func ValidCountry(c string) bool {
	if len(c) != 2 && len(c) != 5 {
		return false
	}
	probe := obligation.Facts{PersonsByCountry: map[string]int64{c: 0}}
	return probe.Check(time.Time{}, nil, time.Time{}) == nil && strings.ToUpper(c) == c
}
