package web

import (
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleAPIPersonLookup finds persons by an exact e-mail, phone, customer
// number, ID number or full name (?q=), masked. The service audits the
// lookup; the request log holds the route only, never the query.
func (s *Server) handleAPIPersonLookup(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return &errs.Error{Code: errs.Invalid, Message: "q: give an e-mail, phone, customer number, ID number or full name",
			Fields: map[string]string{"q": errs.Required}}
	}
	found, err := s.cfg.People.Lookup(r.Context(), c.Actor, id, q)
	if err != nil {
		return err
	}
	out := struct {
		Persons []personJSON `json:"persons"`
	}{Persons: []personJSON{}}
	for i := range found {
		out.Persons = append(out.Persons, newPersonJSON(&found[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
