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
func (s *Service) Counts(ctx context.Context, a auth.Actor, id int64) (*Counts, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	segs, err := s.store.Segments(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.count(ctx, id, segs)
}

// count reads the register once and counts everything, segments included.
func (s *Service) count(ctx context.Context, id int64, segs []Segment) (*Counts, error) {
	files, err := s.fileMap(ctx, id)
	if err != nil {
		return nil, err
	}
	c := &Counts{ByCategory: map[string]int64{}, ByCountry: map[string]int64{}, ByLanguage: map[string]int64{},
		BySegment: map[int64]int64{}}
	for _, seg := range segs {
		c.BySegment[seg.ID] = 0
	}
	err = s.store.EachPerson(ctx, id, func(r *Row) error {
		c.add(r)
		for i := range segs {
			if segs[i].Rules.Match(r, files) {
				c.BySegment[segs[i].ID]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Counts) add(r *Row) {
	c.Records += r.RecordCount
	for _, cat := range r.Categories {
		c.ByCategory[cat]++
	}
	if r.Country != "" {
		c.ByCountry[r.Country]++
		if r.Country == "US" && r.State != "" {
			c.ByCountry["US-"+r.State]++
		}
	}
	if r.Language != "" {
		c.ByLanguage[r.Language]++
	}
	if r.Erased {
		c.Erased++
		return
	}
	c.Persons++
	switch {
	case r.HasEmail:
		c.WithEmail++
	case r.HasAddress:
		c.PostalOnly++
	default:
		c.Unreachable++
	}
	if r.HasPhone {
		c.WithPhone++
	}
}

// ApplyCounts writes the register's counts into the incident's facts
// (persons in total and by country, data categories, records). Special
// categories (health, ...) set by hand stay; the scanner's categories are
// replaced by those in the register.
func (s *Service) ApplyCounts(ctx context.Context, a auth.Actor, id int64) error {
	c, err := s.Counts(ctx, a, id)
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
