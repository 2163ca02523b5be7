package web

import (
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// handleAPIPeopleImport imports into the register: a findings file as the
// body (JSON lines, Content-Type application/x-ndjson; ?name= names it in
// the history), or a CRM export as multipart/form-data with the file in
// "file" and the column mapping as JSON in "mapping". Neither touches the
// disk: the findings are read as a stream, the export in memory.
func (s *Server) handleAPIPeopleImport(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	rights, err := s.cfg.People.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	if err := requireRight(rights.Import, "import into the register"); err != nil {
		return err
	}
	media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var res *people.ImportResult
	switch media {
	case "application/x-ndjson", "application/jsonl", "application/json":
		name := strings.TrimSpace(r.URL.Query().Get("name"))
		if name == "" {
			name = "findings.jsonl"
		}
		res, err = s.cfg.People.ImportFindings(r.Context(), c.Actor, id, "findings", name, r.Body)
	case "multipart/form-data":
		res, err = s.importCRMPart(r, c, id)
	default:
		return errs.E(errs.Invalid, "body: send findings as application/x-ndjson, or a CRM export as multipart/form-data with the parts file and mapping")
	}
	if err != nil {
		return err
	}
	created(w, "", newImportJSON(res))
	return nil
}

// importCRMPart imports the multipart request's CRM export with its
// mapping.
func (s *Server) importCRMPart(r *http.Request, c *caller, id int64) (*people.ImportResult, error) {
	if err := parseUploadInMemory(r, s.cfg.MaxUpload); err != nil {
		return nil, err
	}
	fh := uploadedFile(r, "file")
	if fh == nil {
		return nil, &errs.Error{Code: errs.Invalid, Message: "file: the CRM export is missing", Fields: map[string]string{"file": errs.Required}}
	}
	var m people.Mapping
	raw := r.PostFormValue("mapping")
	if raw == "" {
		return nil, &errs.Error{Code: errs.Invalid, Message: "mapping: the column mapping is missing", Fields: map[string]string{"mapping": errs.Required}}
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, errs.E(errs.Invalid, "mapping: %s", errs.MessageOf(jsonProblem(err)))
	}
	data, err := readUploaded(fh, s.cfg.MaxUpload)
	if err != nil {
		return nil, err
	}
	return s.cfg.People.ImportCRM(r.Context(), c.Actor, id, fh.Filename, data, m)
}
