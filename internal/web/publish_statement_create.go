package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePublishStatementCreate starts a draft from the statement form; a
// refusal shows the form again with the field that was wrong.
func (s *Server) handlePublishStatementCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := s.publishRights(r, c, mayWriteStatements, "write public statements")
	if err != nil {
		return err
	}
	d, err := statementFromForm(r.PostForm)
	if err == nil {
		_, err = s.cfg.Publish.CreateStatement(r.Context(), c.Actor, id, d)
	}
	if err != nil {
		return s.refusedStatementForm(w, r, c, err, 0)
	}
	seeOther(w, r, publicURL(id)+"?done=publish_statement_created#statements")
	return nil
}

// refusedStatementForm shows the statements page (or, for stid != 0, the
// statement's edit page) again with the form's input and its problems;
// errors that are no refusal of the input go to the error page.
func (s *Server) refusedStatementForm(w http.ResponseWriter, r *http.Request, c *caller, err error, stid int64) error {
	if code := errs.CodeOf(err); code != errs.Invalid && code != errs.Conflict {
		return err
	}
	f, ferr := s.loadPublishFrame(r, c, "publish.title")
	if ferr != nil {
		return ferr
	}
	refillForm(f.page, r, err)
	f.FormName = "statement"
	if stid == 0 {
		return s.showPublishStatements(w, r, c, f, statusOfForm(err))
	}
	f.TitleKey = "publish.edit.title"
	return s.showStatementEdit(w, r, c, f, stid, statusOfForm(err))
}
