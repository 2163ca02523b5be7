package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePeopleImportFindings reads a findings file (the JSON lines of
// `breachdesk scan --findings`) into the register. The upload stays in
// memory (see checkCSRF) and goes to the service as a stream.
func (s *Server) handlePeopleImportFindings(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPeopleFrame(r, c, "people.import.title", "import")
	if err != nil {
		return err
	}
	if err := requireRight(f.Rights.Import, "import into the register"); err != nil {
		return err
	}
	if err := parseUploadInMemory(r, s.cfg.MaxUpload); err != nil {
		return err
	}
	fh := uploadedFile(r, "findings")
	if fh == nil {
		return s.showImports(w, r, c, f, http.StatusBadRequest, nil, f.T("people.import.choose_file"))
	}
	file, err := fh.Open()
	if err != nil {
		return errs.E(errs.Invalid, "the uploaded file could not be read")
	}
	defer file.Close()
	res, err := s.cfg.People.ImportFindings(r.Context(), c.Actor, f.Inc.ID, "findings", fh.Filename, file)
	if err != nil {
		if errs.CodeOf(err) != errs.Invalid {
			return err
		}
		return s.showImports(w, r, c, f, http.StatusBadRequest, nil, errs.MessageOf(err))
	}
	return s.showImports(w, r, c, f, http.StatusOK, res, "")
}

// parseUploadInMemory parses a multipart form without spilling a file to
// disk: the route's body limit (max) bounds what is held.
func parseUploadInMemory(r *http.Request, max int64) error {
	if r.MultipartForm != nil {
		return nil
	}
	if err := r.ParseMultipartForm(max); err != nil {
		return bodyError(err)
	}
	return nil
}
