package web

import (
	"time"

	"github.com/breachdesk/breachdesk/internal/people"
)

// personJSON is a person in the API: always masked, since the API has no
// unmasking (a program that needs addresses is a campaign, which renders
// them itself).
type personJSON struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Emails      []string   `json:"emails"`
	Phones      []string   `json:"phones"`
	Address     []string   `json:"address"`
	CustomerNos []string   `json:"customer_nos"`
	Language    string     `json:"language"`
	Country     string     `json:"country"`
	State       string     `json:"state"`
	Categories  []string   `json:"categories"`
	Files       []string   `json:"files"`
	RecordCount int64      `json:"record_count"`
	FromCRM     bool       `json:"from_crm"`
	Erased      bool       `json:"erased"`
	ErasedAt    *time.Time `json:"erased_at,omitempty"`
}

func newPersonJSON(p *people.Person) personJSON {
	c := p.Contact
	return personJSON{ID: p.ID, Name: c.Name, Emails: orEmpty(c.Emails), Phones: orEmpty(c.Phones),
		Address: orEmpty(c.Address), CustomerNos: orEmpty(c.CustomerNos), Language: p.Language,
		Country: p.Country, State: p.State, Categories: orEmpty(p.Categories), Files: orEmpty(p.Files),
		RecordCount: p.RecordCount, FromCRM: p.FromCRM, Erased: p.Erased, ErasedAt: p.ErasedAt}
}

func orEmpty(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// countsJSON is the register summed up.
type countsJSON struct {
	Persons     int64            `json:"persons"`
	Erased      int64            `json:"erased"`
	Records     int64            `json:"records"`
	ByCategory  map[string]int64 `json:"by_category"`
	ByCountry   map[string]int64 `json:"by_country"`
	ByLanguage  map[string]int64 `json:"by_language"`
	BySegment   map[string]int64 `json:"by_segment"`
	WithEmail   int64            `json:"with_email"`
	WithPhone   int64            `json:"with_phone"`
	PostalOnly  int64            `json:"postal_only"`
	Unreachable int64            `json:"unreachable"`
}

func newCountsJSON(c *people.Counts) countsJSON {
	out := countsJSON{Persons: c.Persons, Erased: c.Erased, Records: c.Records, ByCategory: orEmptyMap(c.ByCategory),
		ByCountry: orEmptyMap(c.ByCountry), ByLanguage: orEmptyMap(c.ByLanguage), BySegment: map[string]int64{},
		WithEmail: c.WithEmail, WithPhone: c.WithPhone, PostalOnly: c.PostalOnly, Unreachable: c.Unreachable}
	for id, n := range c.BySegment {
		out.BySegment[formatInt64(id)] = n
	}
	return out
}

func orEmptyMap(m map[string]int64) map[string]int64 {
	if m == nil {
		return map[string]int64{}
	}
	return m
}

// importJSON is what an import did.
type importJSON struct {
	ID        int64         `json:"id"`
	Kind      string        `json:"kind"`
	Name      string        `json:"name"`
	SHA256    string        `json:"sha256"`
	Lines     int64         `json:"lines"`
	Created   int64         `json:"created"`
	Updated   int64         `json:"updated"`
	Unchanged int64         `json:"unchanged"`
	Problems  int64         `json:"problems"`
	Unlinked  int64         `json:"unlinked"`
	Unmatched int64         `json:"unmatched"`
	At        time.Time     `json:"at"`
	Details   []problemJSON `json:"problem_details"`
}

type problemJSON struct {
	Where  string `json:"where"`
	Reason string `json:"reason"`
}

func newImportJSON(res *people.ImportResult) importJSON {
	im := res.Import
	out := importJSON{ID: im.ID, Kind: im.Kind, Name: im.Name, SHA256: im.SHA256, Lines: im.Lines, Created: im.Created,
		Updated: im.Updated, Unchanged: im.Unchanged, Problems: im.Problems, Unlinked: res.Unlinked, Unmatched: res.Unmatched,
		At: im.At, Details: []problemJSON{}}
	for _, p := range res.Problems {
		out.Details = append(out.Details, problemJSON{Where: p.Where, Reason: p.Reason})
	}
	return out
}

// segmentJSON is a segment with its member count.
type segmentJSON struct {
	ID        int64               `json:"id"`
	Name      string              `json:"name"`
	Rules     people.SegmentRules `json:"rules"`
	Members   int64               `json:"members"`
	CreatedAt time.Time           `json:"created_at"`
	UpdatedAt time.Time           `json:"updated_at"`
}

func newSegmentJSON(v people.SegmentView) segmentJSON {
	return segmentJSON{ID: v.ID, Name: v.Name, Rules: v.Rules, Members: v.Members, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
}
