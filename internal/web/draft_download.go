package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleDraftMarkdown sends the draft as a Markdown file.
func (s *Server) handleDraftMarkdown(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	rule, lang := r.PathValue("rule"), draftLang(r.URL.Query().Get("lang"), c.Lang)
	d, err := s.cfg.Obligations.Draft(r.Context(), c.Actor, id, rule, lang, c.Loc)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/markdown; charset=utf-8")
	h.Set("Content-Disposition", contentDisposition(draftFileName(id, rule, lang, "md")))
	_, _ = w.Write([]byte(d.Body))
	return nil
}

// handleDraftPDF sends the draft as a PDF, fit to attach to a portal form.
func (s *Server) handleDraftPDF(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	rule, lang := r.PathValue("rule"), draftLang(r.URL.Query().Get("lang"), c.Lang)
	pdf, err := s.draftPDF(r, c, id, rule, lang)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", contentDisposition(draftFileName(id, rule, lang, "pdf")))
	h.Set("Content-Length", strconv.Itoa(len(pdf)))
	_, _ = w.Write(pdf)
	return nil
}

// draftPDF renders the current draft of rule in lang as a PDF.
func (s *Server) draftPDF(r *http.Request, c *caller, id int64, rule, lang string) ([]byte, error) {
	if s.cfg.DraftPDF == nil {
		return nil, errs.E(errs.NotFound, "PDF rendering is not available")
	}
	d, err := s.cfg.Obligations.Draft(r.Context(), c.Actor, id, rule, lang, c.Loc)
	if err != nil {
		return nil, err
	}
	title := d.Obligation.Rule.Title.In(lang)
	footer := s.cat.T(lang, "draft.pdf_footer", "incident", strconv.FormatInt(id, 10), "rule", rule)
	return s.cfg.DraftPDF(d.Body, DraftMeta{Title: title, Subject: rule, Author: "breachdesk", Footer: footer, Lang: lang,
		Created: s.cfg.Incidents.Now()})
}
