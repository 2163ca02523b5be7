package web

import "net/http"

// handlePublishComponentEdit renames, moves or hides a component; a hidden
// one leaves the public site but keeps its history.
func (s *Server) handlePublishComponentEdit(w http.ResponseWriter, r *http.Request, c *caller) error {
	if !s.cfg.Publish.DeskRights(c.Actor).Components {
		return errForbidden("change the systems status")
	}
	cid, err := pathID(r, "comp", "component")
	if err != nil {
		return err
	}
	e, err := componentFromForm(r.PostForm)
	if err == nil {
		_, err = s.cfg.Publish.EditComponent(r.Context(), c.Actor, cid, e)
	}
	if err != nil {
		return s.refusedComponentForm(w, r, c, err, cid)
	}
	seeOther(w, r, publicStatusURL+"?done=publish_component_saved")
	return nil
}
