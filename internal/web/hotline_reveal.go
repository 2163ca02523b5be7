package web

import (
	"net/http"
	"strconv"
)

// handleHotlineReveal shows the caller's contact data to an agent who
// asked, one person at a time. It is a POST with the form's token, so that
// no link, prefetch or stray reload can unmask anyone; the service audits
// every reveal, and the answer is stored by no cache.
func (s *Server) handleHotlineReveal(w http.ResponseWriter, r *http.Request, c *caller) error {
	if _, _, err := s.hotlineRights(r, c, mayReveal, "see a caller's contact data"); err != nil {
		return err
	}
	pid, err := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	if err != nil || pid <= 0 {
		return errNoPerson
	}
	data, err := s.newConsole(r, c)
	if err != nil {
		return err
	}
	if call := r.PostFormValue("call_id"); call != "" {
		data.Form.Set("call_id", call)
	}
	if err := s.openCaller(r, c, data, pid); err != nil {
		return err
	}
	if data.Revealed, err = s.cfg.Hotline.Reveal(r.Context(), c.Actor, data.Inc.ID, pid); err != nil {
		return err
	}
	s.renderConsole(w, r, data)
	return nil
}
