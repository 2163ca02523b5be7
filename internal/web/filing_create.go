package web

import (
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// handleFilingCreate records that a duty was fulfilled, with the exact
// document sent: an uploaded file, or, when none is chosen, the draft as a
// PDF, rendered now and stored with its SHA-256.
func (s *Server) handleFilingCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "record filings")
	if err != nil {
		return err
	}
	if err := parseUpload(r); err != nil {
		return err
	}
	rule := r.PathValue("rule")
	f := errs.Fields{}
	n := obligation.NewFiling{
		FiledAt:   parseInputTime("filed_at", r.PostFormValue("filed_at"), c.Loc, f),
		Channel:   r.PostFormValue("channel"),
		Reference: r.PostFormValue("reference"),
		Note:      r.PostFormValue("note"),
	}
	if fh := uploadedFile(r, "document"); fh != nil {
		if fh.Size > obligation.MaxDocSize {
			f.Add("document", errFileTooLarge)
		} else if data, rerr := readFile(fh); rerr != nil {
			f.Add("document", errs.InvalidValue)
		} else {
			n.Doc, n.DocName, n.DocType = data, fh.Filename, fh.Header.Get("Content-Type")
		}
	} else if len(f) == 0 {
		lang := r.PostFormValue("draft_lang")
		if lang != "de" {
			lang = "en"
		}
		if n.Doc, err = s.draftPDF(r, c, inc.ID, rule, lang); err != nil {
			return err
		}
		n.DocName, n.DocType = draftFileName(inc.ID, rule, lang, "pdf"), "application/pdf"
	}
	filing, err := s.cfg.Obligations.File(r.Context(), c.Actor, inc.ID, rule, n)
	if err = withFormErrors(f, err); err != nil {
		ff := refusedForm("duty-"+strings.ReplaceAll(rule, ".", "-"), r, err)
		if ff == nil {
			return err
		}
		return s.showObligations(w, r, c, inc.ID, statusOfForm(err), ff)
	}
	seeOther(w, r, obligationsURL(inc.ID)+"?done=duty_filed#filing-"+strconv.FormatInt(filing.ID, 10))
	return nil
}

func obligationsURL(id int64) string { return incidentURL(id) + "/obligations" }

// uploadedFile is the file of input name, nil when none was chosen
// (browsers send an empty part then).
func uploadedFile(r *http.Request, name string) *multipart.FileHeader {
	if r.MultipartForm == nil {
		return nil
	}
	for _, fh := range r.MultipartForm.File[name] {
		if fh.Filename != "" || fh.Size > 0 {
			return fh
		}
	}
	return nil
}

// draftFileName names a draft download: incident-7-gdpr.33-de.pdf.
func draftFileName(id int64, rule, lang, ext string) string {
	return "incident-" + strconv.FormatInt(id, 10) + "-" + rule + "-" + lang + "." + ext
}
