package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// handlePublishStatementEdit shows a statement with its texts side by
// side and, while it is a draft or approved, the form to change it.
func (s *Server) handlePublishStatementEdit(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPublishFrame(r, c, "publish.edit.title")
	if err != nil {
		return err
	}
	stid, err := pathID(r, "stid", "statement")
	if err != nil {
		return err
	}
	return s.showStatementEdit(w, r, c, f, stid, http.StatusOK)
}

func (s *Server) showStatementEdit(w http.ResponseWriter, r *http.Request, c *caller, f *publishFrame, stid int64, status int) error {
	st, err := s.cfg.Publish.Statement(r.Context(), c.Actor, f.Inc.ID, stid)
	if err != nil {
		return err
	}
	pg, err := s.loadStatementsPage(r, c, f)
	if err != nil {
		return err
	}
	pg.Edit = st
	s.render(w, r, status, "publish_statement", pg)
	return nil
}

// handlePublishStatementSave changes a draft or an approved statement (an
// approved one goes back to draft: the approval was for other words).
func (s *Server) handlePublishStatementSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := s.publishRights(r, c, mayWriteStatements, "write public statements")
	if err != nil {
		return err
	}
	stid, err := pathID(r, "stid", "statement")
	if err != nil {
		return err
	}
	d, err := statementFromForm(r.PostForm)
	if err == nil {
		_, err = s.cfg.Publish.EditStatement(r.Context(), c.Actor, id, stid, d)
	}
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return err
		}
		return s.refusedStatementForm(w, r, c, err, stid)
	}
	seeOther(w, r, publicURL(id)+"?done=publish_statement_saved#statements")
	return nil
}

// StateLabel names a statement's state in the reader's language.
func (p *publishStatementsPage) StateLabel(st publish.State) string {
	return p.T("publish.state." + string(st))
}
