package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/people"
)

// personPage is one affected person: masked, or unmasked for a role that
// writes to them, after they asked.
type personPage struct {
	*peopleFrame
	Person   *people.Person
	Unmasked bool
	Segments []people.SegmentView // the segments the person is in
}

// handlePersonShow shows a person masked: how to reach them only as a
// hint, which of their data was found and where.
func (s *Server) handlePersonShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.showPerson(w, r, c, false)
}

// showPerson renders a person's page, unmasked when asked (the service
// checks the right and audits the view).
func (s *Server) showPerson(w http.ResponseWriter, r *http.Request, c *caller, unmask bool) error {
	f, err := s.loadPeopleFrame(r, c, "person.title", "register")
	if err != nil {
		return err
	}
	if unmask {
		// The service would answer masked; the reader is told instead.
		if err := requireRight(f.Rights.Unmask, "see affected persons' contact data"); err != nil {
			return err
		}
	}
	pid, err := pathID(r, "pid", "person")
	if err != nil {
		return err
	}
	p, err := s.cfg.People.Person(r.Context(), c.Actor, f.Inc.ID, pid, unmask)
	if err != nil {
		return err
	}
	data := &personPage{peopleFrame: f, Person: p, Unmasked: unmask && !p.Erased}
	if !p.Erased {
		if data.Segments, err = s.personSegments(r, c, f.Inc.ID, p); err != nil {
			return err
		}
	}
	if data.Unmasked {
		// Said again here, where it matters most: no copy of this page
		// may be kept by the browser or anything in between.
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, http.StatusOK, "people_person", data)
	return nil
}

// personSegments are the segments whose rules select p.
func (s *Server) personSegments(r *http.Request, c *caller, id int64, p *people.Person) ([]people.SegmentView, error) {
	all, err := s.cfg.People.Segments(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	var in []people.SegmentView
	for _, seg := range all {
		if segmentSelects(seg.Rules, p) {
			in = append(in, seg)
		}
	}
	return in, nil
}
