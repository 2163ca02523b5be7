package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/people"
)

// peopleImportsPage offers the two imports and lists what came in before;
// after an import it shows what the import did.
type peopleImportsPage struct {
	*peopleFrame
	Imports []people.Import
	Result  *importResultView
}

// importResultView is an import's result; More counts the problems beyond
// those listed.
type importResultView struct {
	*people.ImportResult
	More int64
}

// handlePeopleImports shows the import forms and the history.
func (s *Server) handlePeopleImports(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPeopleFrame(r, c, "people.import.title", "import")
	if err != nil {
		return err
	}
	return s.showImports(w, r, c, f, http.StatusOK, nil, "")
}

// showImports renders the imports page, with an import's result or a
// problem of the form when there is one.
func (s *Server) showImports(w http.ResponseWriter, r *http.Request, c *caller, f *peopleFrame, status int, res *people.ImportResult, problem string) error {
	imports, err := s.cfg.People.Imports(r.Context(), c.Actor, f.Inc.ID)
	if err != nil {
		return err
	}
	f.page.Problem = problem
	data := &peopleImportsPage{peopleFrame: f, Imports: imports}
	if res != nil {
		data.Result = &importResultView{ImportResult: res, More: res.Import.Problems - int64(len(res.Problems))}
	}
	s.render(w, r, status, "people_import", data)
	return nil
}
