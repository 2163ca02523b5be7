package web

import (
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/people"
)

// handlePeopleSearch finds persons by an exact e-mail, phone, customer
// number, ID number or full name, through the blind indexes. It is a
// POST so that what was searched for, a person's data, stays out of the
// address bar, the browser's history and any proxy's log.
func (s *Server) handlePeopleSearch(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPeopleFrame(r, c, "people.title", "register")
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.PostFormValue("q"))
	if q == "" {
		seeOther(w, r, peopleURL(f.Inc.ID))
		return nil
	}
	return s.showRegister(w, r, c, f, people.ListQuery{Search: q, Limit: 100})
}
