package web

import (
	"net/http"
	"slices"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// handlePublishComponentStatus sets a component's status; the change goes
// into its history and onto the public site at once.
func (s *Server) handlePublishComponentStatus(w http.ResponseWriter, r *http.Request, c *caller) error {
	if !s.cfg.Publish.DeskRights(c.Actor).Components {
		return errForbidden("change the systems status")
	}
	cid, err := pathID(r, "comp", "component")
	if err != nil {
		return err
	}
	st := publish.ComponentStatus(r.PostForm.Get("status"))
	if !slices.Contains(publish.ComponentStatuses, st) {
		err = errs.Fields{"status": errs.InvalidChoice}.Err()
	} else {
		_, err = s.cfg.Publish.SetComponentStatus(r.Context(), c.Actor, cid, st)
	}
	if err != nil {
		return s.refusedComponentForm(w, r, c, err, cid)
	}
	seeOther(w, r, publicStatusURL+"?done=publish_component_status_set")
	return nil
}
