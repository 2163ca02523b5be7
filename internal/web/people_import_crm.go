package web

import (
	"io"
	"mime/multipart"
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handlePeopleImportCRM takes a CRM export (CSV or XLSX), holds it in
// memory (see heldFiles) and shows the column mapping dialog, filled with
// the mapping guessed from the column names.
func (s *Server) handlePeopleImportCRM(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPeopleFrame(r, c, "people.mapping.title", "import")
	if err != nil {
		return err
	}
	if err := requireRight(f.Rights.Import, "import into the register"); err != nil {
		return err
	}
	if err := parseUploadInMemory(r, s.cfg.MaxUpload); err != nil {
		return err
	}
	fh := uploadedFile(r, "crm")
	if fh == nil {
		return s.showImports(w, r, c, f, http.StatusBadRequest, nil, f.T("people.import.choose_file"))
	}
	data, err := readUploaded(fh, s.cfg.MaxUpload)
	if err != nil {
		return err
	}
	cols, guess, err := s.cfg.People.CRMColumns(r.Context(), c.Actor, f.Inc.ID, fh.Filename, data)
	if err != nil {
		if errs.CodeOf(err) != errs.Invalid {
			return err
		}
		return s.showImports(w, r, c, f, http.StatusBadRequest, nil, errs.MessageOf(err))
	}
	token := s.heldCRM.put(c.User.ID, f.Inc.ID, fh.Filename, data)
	s.render(w, r, http.StatusOK, "people_mapping", newMappingPage(f, token, fh.Filename, cols, guess))
	return nil
}

// readUploaded reads an uploaded file whole; the route's limit bounds it.
func readUploaded(fh *multipart.FileHeader, max int64) ([]byte, error) {
	file, err := fh.Open()
	if err != nil {
		return nil, errs.E(errs.Invalid, "the uploaded file could not be read")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, max+1))
	if err != nil {
		return nil, errs.E(errs.Invalid, "the uploaded file could not be read")
	}
	if int64(len(data)) > max {
		return nil, errs.E(errs.TooLarge, "the file is larger than the limit of %d MiB", max>>20)
	}
	return data, nil
}
