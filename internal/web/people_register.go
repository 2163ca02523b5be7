package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// peopleRegisterPage is the register of one incident: its counts, what
// writing them into the facts would change, and a page of persons,
// masked.
type peopleRegisterPage struct {
	*peopleFrame
	Counts     *people.Counts
	Chart      barChart
	Categories []countRow
	Countries  []countRow
	Languages  []countRow
	Persons    []personRow
	Next       string // the next page's address, "" on the last
	Segment    *people.SegmentView
	Searched   bool   // the list is the answer to a search
	Search     string // what was searched for, to fill the box again
	// Changes are what writing the counts into the facts would change;
	// CanApply says whether the reader may.
	Changes  []factChange
	CanApply bool
}

// personRow is one person of the list, masked.
type personRow struct {
	ID                    int64
	Name, Email, Phone    string
	Country, Language     string
	Categories            []string
	Records               int64
	Erased, FromCRM, Post bool
}

// handlePeopleRegister shows the register: counts, a chart, and the
// persons page by page, optionally those of one segment.
func (s *Server) handlePeopleRegister(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPeopleFrame(r, c, "people.title", "register")
	if err != nil {
		return err
	}
	bad := errs.Fields{}
	q := people.ListQuery{
		After:   queryInt(r, "after", 0, 0, 1<<62, bad),
		Segment: queryInt(r, "segment", 0, 0, 1<<62, bad),
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.showRegister(w, r, c, f, q)
}

// showRegister renders the register with the persons q selects.
func (s *Server) showRegister(w http.ResponseWriter, r *http.Request, c *caller, f *peopleFrame, q people.ListQuery) error {
	ctx, a, id := r.Context(), c.Actor, f.Inc.ID
	counts, err := s.cfg.People.Summary(ctx, a, id)
	if err != nil {
		return err
	}
	list, err := s.cfg.People.List(ctx, a, id, q)
	if err != nil {
		return err
	}
	data := &peopleRegisterPage{peopleFrame: f, Counts: counts, Searched: q.Search != "", Search: q.Search}
	if q.Segment != 0 {
		if data.Segment, err = s.cfg.People.Segment(ctx, a, id, q.Segment); err != nil {
			return err
		}
	}
	data.Categories = countRows(counts.ByCategory, f.Category)
	data.Countries = countRows(counts.ByCountry, func(k string) string { return k })
	data.Languages = countRows(counts.ByLanguage, func(k string) string { return k })
	data.Chart = newBarChart(data.Categories)
	for i := range list.Persons {
		data.Persons = append(data.Persons, newPersonRow(&list.Persons[i]))
	}
	if list.Next != 0 && !data.Searched {
		data.Next = peopleURL(id) + "?after=" + strconv.FormatInt(list.Next, 10)
		if q.Segment != 0 {
			data.Next += "&segment=" + strconv.FormatInt(q.Segment, 10)
		}
	}
	if data.CanApply = f.Acc.Manage && s.cfg.Obligations != nil; data.CanApply {
		v, err := s.cfg.Obligations.View(ctx, a, id)
		if err != nil {
			return err
		}
		data.Changes = factChanges(f.page, &v.Facts, counts)
	}
	s.render(w, r, http.StatusOK, "people_register", data)
	return nil
}

func newPersonRow(p *people.Person) personRow {
	row := personRow{ID: p.ID, Name: p.Contact.Name, Country: p.Country, Language: p.Language,
		Categories: p.Categories, Records: p.RecordCount, Erased: p.Erased, FromCRM: p.FromCRM,
		Post: p.HasAddress() && !p.HasEmail()}
	if p.State != "" {
		row.Country += "-" + p.State
	}
	if len(p.Contact.Emails) > 0 {
		row.Email = p.Contact.Emails[0]
	}
	if len(p.Contact.Phones) > 0 {
		row.Phone = p.Contact.Phones[0]
	}
	return row
}
