package web

import (
	"context"
	"net/http"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// statementAction is one of the buttons on a statement: approve, publish,
// withdraw. Each checks the right, calls the service and goes back to the
// statements page with a message; a refusal (the author approving their
// own statement, a text missing) shows on that page.
type statementAction func(ctx context.Context, a auth.Actor, id, stid int64) (*publish.Statement, error)

func (s *Server) statementAction(w http.ResponseWriter, r *http.Request, c *caller, allowed func(publish.Rights) bool,
	what string, do statementAction, done string) error {
	id, err := s.publishRights(r, c, allowed, what)
	if err != nil {
		return err
	}
	stid, err := pathID(r, "stid", "statement")
	if err != nil {
		return err
	}
	if _, err := do(r.Context(), c.Actor, id, stid); err != nil {
		if code := errs.CodeOf(err); code != errs.Invalid && code != errs.Conflict {
			return err
		}
		f, ferr := s.loadPublishFrame(r, c, "publish.title")
		if ferr != nil {
			return ferr
		}
		f.page.Problem = errs.MessageOf(err)
		if fields := errs.FieldsOf(err); len(fields) > 0 {
			f.page.Problem += ": " + fieldList(fields)
		}
		return s.showPublishStatements(w, r, c, f, statusOfForm(err))
	}
	seeOther(w, r, publicURL(id)+"?done="+done+"#statements")
	return nil
}
