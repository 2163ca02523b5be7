package web

import "net/http"

// handleAPIObligationList returns every duty of the incident, applying or
// not, with the reason.
func (s *Server) handleAPIObligationList(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	v, err := s.cfg.Obligations.View(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	lang := apiLang(c)
	out := make([]apiObligation, 0, len(v.Obligations))
	for i := range v.Obligations {
		out = append(out, s.obligationJSON(v, &v.Obligations[i], lang))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
