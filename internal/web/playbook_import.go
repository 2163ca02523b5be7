package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

type playbookImportPage struct {
	*page
	Problems []incident.Problem
}

// handlePlaybookImportForm shows the form to upload or paste a playbook.
// Only leads and admins import playbooks.
func (s *Server) handlePlaybookImportForm(w http.ResponseWriter, r *http.Request, c *caller) error {
	if !incident.CanImport(c.Actor) {
		return errs.E(errs.Forbidden, "only leads and admins import playbooks")
	}
	s.renderPlaybookImport(w, r, c, http.StatusOK, nil, nil)
	return nil
}

// handlePlaybookImport checks an uploaded or pasted playbook and adds it to
// the library. A file with mistakes comes back with every problem listed by
// line and field, and its text in the form to fix it in place.
func (s *Server) handlePlaybookImport(w http.ResponseWriter, r *http.Request, c *caller) error {
	if !incident.CanImport(c.Actor) {
		return errs.E(errs.Forbidden, "only leads and admins import playbooks")
	}
	src, err := playbookSource(r)
	if err != nil {
		return err
	}
	form := url.Values{"source": {string(src)}}
	if len(strings.TrimSpace(string(src))) == 0 {
		s.renderPlaybookImport(w, r, c, http.StatusBadRequest, form, errs.Fields{"source": errs.Required}.Err())
		return nil
	}
	// Parsing first gives the problems as a list to show one by one; the
	// service parses again and says only "invalid".
	if _, err := incident.ParsePlaybook(src); err != nil {
		s.renderPlaybookImport(w, r, c, http.StatusBadRequest, form, err)
		return nil
	}
	pb, err := s.cfg.Incidents.ImportPlaybook(r.Context(), c.Actor, src)
	if err != nil {
		code := errs.CodeOf(err)
		if code != errs.Invalid && code != errs.Conflict {
			return err
		}
		s.renderPlaybookImport(w, r, c, statusOf(code), form, err)
		return nil
	}
	http.Redirect(w, r, "/playbooks/"+pb.Name+"?done=playbook_imported", http.StatusSeeOther)
	return nil
}

// playbookSource is the uploaded file when there is one, else the pasted
// text. One byte more than the limit is read, so that the parser can say
// the file is too large instead of reading a cut-off file.
func playbookSource(r *http.Request) ([]byte, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return nil, bodyError(err)
		}
		f, hdr, err := r.FormFile("file")
		switch {
		case err == nil:
			defer f.Close()
			if hdr.Size > 0 {
				src, err := io.ReadAll(io.LimitReader(f, incident.MaxPlaybookSize+1))
				if err != nil {
					return nil, bodyError(err)
				}
				return src, nil
			}
		case !errors.Is(err, http.ErrMissingFile):
			return nil, bodyError(err)
		}
	}
	src := r.FormValue("source")
	if len(src) > incident.MaxPlaybookSize+1 {
		src = src[:incident.MaxPlaybookSize+1]
	}
	// Browsers send text areas with CRLF line ends; YAML does not mind, but
	// the stored source should look like a file.
	return []byte(strings.ReplaceAll(src, "\r\n", "\n")), nil
}

// renderPlaybookImport shows the import form, with the problems of a
// failed import: each line of a playbook file, or the service's message.
func (s *Server) renderPlaybookImport(w http.ResponseWriter, r *http.Request, c *caller, status int, form url.Values, err error) {
	p := s.newPage(r, c, "playbook_import.title")
	p.Nav = "playbooks"
	data := &playbookImportPage{page: p}
	if form != nil {
		p.Form = form
	}
	if pe := incident.AsPlaybookError(err); pe != nil {
		data.Problems = pe.Problems
		p.Problem = p.T("playbook_import.problems", "count", len(pe.Problems))
		p.Errors["source"] = errs.InvalidValue
	} else if err != nil {
		p.Problem = errs.MessageOf(err)
		if key, ok := errs.FieldsOf(err)["source"]; ok {
			p.Errors["source"] = key
			p.Problem = ""
		}
	}
	s.render(w, r, status, "playbook_import", data)
}
