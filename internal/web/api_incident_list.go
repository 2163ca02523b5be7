package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleAPIIncidentList lists the incidents the caller may see: open ones,
// or closed ones with ?closed=true; ?q= matches the title.
func (s *Server) handleAPIIncidentList(w http.ResponseWriter, r *http.Request, c *caller) error {
	f := errs.Fields{}
	closed := queryBool(r, "closed", f)
	if err := f.Err(); err != nil {
		return err
	}
	list, err := s.cfg.Incidents.List(r.Context(), c.Actor, closed, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	out := apiIncidentList{Incidents: make([]apiIncidentSummary, 0, len(list))}
	for i := range list {
		out.Incidents = append(out.Incidents, incidentSummaryJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
