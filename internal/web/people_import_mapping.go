package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePeopleImportMapping imports the held CRM export with the mapping
// the user chose. A refused mapping shows the dialog again; the file stays
// held until it is imported or expires.
func (s *Server) handlePeopleImportMapping(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPeopleFrame(r, c, "people.mapping.title", "import")
	if err != nil {
		return err
	}
	if err := requireRight(f.Rights.Import, "import into the register"); err != nil {
		return err
	}
	token := r.PostFormValue("token")
	held, ok := s.heldCRM.get(token, c.User.ID, f.Inc.ID)
	if !ok {
		return s.showImports(w, r, c, f, http.StatusGone, nil, f.T("people.mapping.expired"))
	}
	cols, _, err := s.cfg.People.CRMColumns(r.Context(), c.Actor, f.Inc.ID, held.name, held.data)
	if err != nil {
		return err
	}
	m := mappingFromForm(r.PostForm, cols)
	res, err := s.cfg.People.ImportCRM(r.Context(), c.Actor, f.Inc.ID, held.name, held.data, m)
	if err != nil {
		if errs.CodeOf(err) != errs.Invalid {
			return err
		}
		page := newMappingPage(f, token, held.name, cols, m)
		page.page.Problem = errs.MessageOf(err)
		s.render(w, r, http.StatusBadRequest, "people_mapping", page)
		return nil
	}
	s.heldCRM.drop(token)
	return s.showImports(w, r, c, f, http.StatusOK, res, "")
}
