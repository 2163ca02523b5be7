package web

import (
	"encoding/json"
	"net/http"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

// handleAPIFactsUpdate sets the fields present in the body; the others stay.
// A map or list sent replaces the stored one whole.
func (s *Server) handleAPIFactsUpdate(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "change the facts of this incident")
	if err != nil {
		return err
	}
	var present map[string]json.RawMessage
	if err := decodeJSON(r, &present); err != nil {
		return err
	}
	raw, _ := json.Marshal(present)
	f, err := s.cfg.Obligations.SetFacts(r.Context(), c.Actor, inc.ID, func(f *obligation.Facts) error {
		if _, ok := present["persons_by_country"]; ok {
			f.PersonsByCountry = nil
		}
		return decodeJSONBytes(raw, f)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, factsJSON(*f))
	return nil
}

// factsJSON gives empty lists and maps rather than null, so clients need
// not tell the two apart.
func factsJSON(f obligation.Facts) obligation.Facts {
	if f.BreachTypes == nil {
		f.BreachTypes = []string{}
	}
	if f.DataCategories == nil {
		f.DataCategories = []string{}
	}
	if f.PersonsByCountry == nil {
		f.PersonsByCountry = map[string]int64{}
	}
	return f
}
