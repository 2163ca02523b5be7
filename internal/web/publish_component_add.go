package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePublishComponentAdd adds a system to the status page, operational.
func (s *Server) handlePublishComponentAdd(w http.ResponseWriter, r *http.Request, c *caller) error {
	if !s.cfg.Publish.DeskRights(c.Actor).Components {
		return errForbidden("change the systems status")
	}
	e, err := componentFromForm(r.PostForm)
	if err == nil {
		_, err = s.cfg.Publish.AddComponent(r.Context(), c.Actor, e)
	}
	if err != nil {
		return s.refusedComponentForm(w, r, c, err, -1)
	}
	seeOther(w, r, publicStatusURL+"?done=publish_component_added")
	return nil
}

// refusedComponentForm shows the status page again with the refused
// form's input and problem beside that form (failed: the component, -1
// for the add form).
func (s *Server) refusedComponentForm(w http.ResponseWriter, r *http.Request, c *caller, err error, failed int64) error {
	if code := errs.CodeOf(err); code != errs.Invalid && code != errs.Conflict {
		return err
	}
	p := s.newPage(r, c, "publish.status.title")
	refillForm(p, r, err)
	return s.showPublishStatus(w, r, c, p, statusOfForm(err), failed)
}
