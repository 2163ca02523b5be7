package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// apiNewFiling is the body of a filing; without a document, the draft in
// draft_lang is rendered as a PDF and stored as the document sent.
type apiNewFiling struct {
	FiledAt   *string      `json:"filed_at"`
	Channel   string       `json:"channel"`
	Recipient string       `json:"recipient"`
	Reference string       `json:"reference"`
	Note      string       `json:"note"`
	DraftLang string       `json:"draft_lang"`
	Document  *apiDocument `json:"document"`
}

type apiDocument struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	DataBase64  string `json:"data_base64"`
}

// handleAPIFilingCreate records that a duty was fulfilled.
func (s *Server) handleAPIFilingCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "record filings")
	if err != nil {
		return err
	}
	var in apiNewFiling
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f := errs.Fields{}
	n := obligation.NewFiling{Channel: in.Channel, Recipient: in.Recipient, Reference: in.Reference, Note: in.Note}
	if at := parseTimePtr("filed_at", in.FiledAt, f); at != nil {
		n.FiledAt = *at
	}
	rule := r.PathValue("rule")
	if in.Document != nil {
		data, derr := decodeBase64(in.Document.DataBase64)
		if derr != nil {
			return &errs.Error{Code: errs.Invalid, Message: "document.data_base64 is not valid base64",
				Fields: map[string]string{"document": errs.InvalidValue}}
		}
		n.Doc, n.DocName, n.DocType = data, in.Document.Name, in.Document.ContentType
	} else if len(f) == 0 {
		lang := draftLang(in.DraftLang, apiLang(c))
		if n.Doc, err = s.draftPDF(r, c, inc.ID, rule, lang); err != nil {
			return err
		}
		n.DocName, n.DocType = draftFileName(inc.ID, rule, lang, "pdf"), "application/pdf"
	}
	if err := f.Err(); err != nil {
		return err
	}
	filing, err := s.cfg.Obligations.File(r.Context(), c.Actor, inc.ID, rule, n)
	if err != nil {
		return err
	}
	created(w, apiPath("/incidents/%d/obligations", inc.ID), filingJSON(filing))
	return nil
}
