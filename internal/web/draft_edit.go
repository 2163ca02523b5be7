package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

// draftPage edits the draft of one duty in one language.
type draftPage struct {
	incidentFrame
	Draft *obligation.DraftView
	Duty  dutyView
	Body  string
}

// handleDraftEdit shows the draft of a duty: the saved text, or one filled
// from the incident's facts, with downloads as Markdown and PDF.
func (s *Server) handleDraftEdit(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	return s.showDraft(w, r, c, id, r.PathValue("rule"), draftLang(r.URL.Query().Get("lang"), c.Lang), nil)
}

func draftLang(asked, fallback string) string {
	switch asked {
	case "de", "en":
		return asked
	}
	if fallback == "de" {
		return "de"
	}
	return "en"
}

// showDraft shows the draft page; refused, when set, is why a save was
// refused, and the text sent is shown again.
func (s *Server) showDraft(w http.ResponseWriter, r *http.Request, c *caller, id int64, rule, lang string, refused error) error {
	d, err := s.cfg.Obligations.Draft(r.Context(), c.Actor, id, rule, lang, c.Loc)
	if err != nil {
		return err
	}
	v := d.View
	data := &draftPage{Draft: d, Body: d.Body}
	data.incidentFrame = incidentFrame{Inc: v.Incident, Acc: v.Access, HeadLink: true}
	data.dutiesBadge(v)
	data.page = s.newPage(r, c, "draft.title")
	data.page.Nav = "incidents"
	data.Duty = s.dutyView(data.page, v, d.Obligation)
	status := http.StatusOK
	if refused != nil {
		refillForm(data.page, r, refused)
		data.Body = r.PostFormValue("body")
		status = statusOfForm(refused)
	}
	s.render(w, r, status, "draft", data)
	return nil
}
