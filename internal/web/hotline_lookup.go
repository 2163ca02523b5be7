package web

import (
	"net/http"
	"strings"
)

// handleHotlineLookup finds a caller by e-mail, phone (any format), name,
// customer number or ID number through the register's blind indexes. It
// is a POST so that what was searched for stays out of the address bar,
// the browser's history and any proxy's log; the service audits it.
func (s *Server) handleHotlineLookup(w http.ResponseWriter, r *http.Request, c *caller) error {
	data, err := s.newConsole(r, c)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.PostFormValue("q"))
	if q == "" {
		seeOther(w, r, hotlineURL(data.Inc.ID))
		return nil
	}
	if call := r.PostFormValue("call_id"); call != "" {
		data.Form.Set("call_id", call)
	}
	res, err := s.cfg.Hotline.Lookup(r.Context(), c.Actor, data.Inc.ID, q, c.Lang)
	if err != nil {
		return err
	}
	data.Searched = true
	data.Form.Set("q", q)
	if res.Script != nil {
		data.Script = res.Script
		data.Content = scriptContent(res.Script, c.Lang)
	}
	switch {
	case res.NotFound || len(res.Callers) == 0:
		data.showNotFound()
		queryContact(data.Form, q)
	case len(res.Callers) == 1:
		data.showCaller(&res.Callers[0])
	default:
		data.Callers = res.Callers
	}
	s.renderConsole(w, r, data)
	return nil
}
