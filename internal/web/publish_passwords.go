package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePublishPasswords replaces an incident's leaked password list (the
// file field "passwords": SHA-1 hashes, optionally ":count", or plain
// passwords, one a line) that the range endpoint answers from. The file
// is read in memory only (the route's body limit bounds it), never
// written to disk in clear.
func (s *Server) handlePublishPasswords(w http.ResponseWriter, r *http.Request, c *caller) error {
	if !s.cfg.Publish.DeskRights(c.Actor).Page {
		return errForbidden("change the public site's settings")
	}
	n, err := s.importPasswords(r, c)
	if err != nil {
		if code := errs.CodeOf(err); code != errs.Invalid && code != errs.Conflict && code != errs.NotFound {
			return err
		}
		pg := s.newPage(r, c, "publish.settings.title")
		refillForm(pg, r, err)
		if _, named := pg.Errors["incident"]; errs.Is(err, errs.NotFound) && !named {
			// An incident the admin does not see, or none: the field
			// was wrong, not the page.
			pg.Problem, pg.Errors = "", map[string]string{"incident": errs.InvalidChoice}
		}
		return s.showPublishSettings(w, r, c, pg, statusOfForm(err), "passwords", -1)
	}
	pg := s.newPage(r, c, "publish.settings.title")
	pg.Flash = "publish_passwords_imported"
	return s.showPublishSettings(w, r, c, pg, http.StatusOK, "", n)
}

func (s *Server) importPasswords(r *http.Request, c *caller) (int, error) {
	id, err := strconv.ParseInt(r.FormValue("incident"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.Fields{"incident": errs.InvalidChoice}.Err()
	}
	f, _, err := r.FormFile("passwords")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return 0, errs.Fields{"passwords": errs.Required}.Err()
	}
	if err != nil {
		return 0, bodyError(err)
	}
	defer f.Close()
	return s.cfg.Publish.ImportPasswords(r.Context(), c.Actor, id, f)
}
