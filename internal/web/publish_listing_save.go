package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePublishListingSave changes how the incident is listed on the
// public site: its public titles (never the desk's title), its impact and
// whether it is shown at all.
func (s *Server) handlePublishListingSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := s.publishRights(r, c, mayWriteStatements, "change the public listing")
	if err != nil {
		return err
	}
	ch, err := listingFromForm(r.PostForm)
	if err == nil {
		_, err = s.cfg.Publish.SaveListing(r.Context(), c.Actor, id, ch)
	}
	if err != nil {
		if code := errs.CodeOf(err); code != errs.Invalid && code != errs.Conflict {
			return err
		}
		f, ferr := s.loadPublishFrame(r, c, "publish.title")
		if ferr != nil {
			return ferr
		}
		refillForm(f.page, r, err)
		f.FormName = "listing"
		return s.showPublishStatements(w, r, c, f, statusOfForm(err))
	}
	seeOther(w, r, publicURL(id)+"?done=publish_listing_saved#listing")
	return nil
}
