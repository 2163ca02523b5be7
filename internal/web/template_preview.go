package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// templatePreviewPage shows a template rendered for one person of the
// register: the e-mail's subject, HTML and text, and the letter as a PDF.
type templatePreviewPage struct {
	notifyFrame
	Template *notify.Template
	PersonID int64
	Lang     string          // asked for; "" the person's own
	Query    string          // what was searched for (sent by POST)
	Found    []people.Person // search results, masked
	Searched bool
	CanFind  bool // the register is there to search
	Rendered *notify.Rendered
}

// PreviewCSP is the policy of the preview page: the desk's, and the
// e-mail's HTML framed from its own route.
const previewPageCSP = contentSecurityPolicy + "; frame-src 'self'"

// handleTemplatePreview renders a template for a person chosen by ID.
// Showing the rendered text shows the person's data, so the service
// audits it.
func (s *Server) handleTemplatePreview(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.showPreview(w, r, c, "")
}

// showPreview shows the preview page; query, when set, is a search of the
// register whose matches are offered to preview.
func (s *Server) showPreview(w http.ResponseWriter, r *http.Request, c *caller, query string) error {
	f, err := s.loadNotifyFrame(r, c, "preview.title", "templates")
	if err != nil {
		return err
	}
	t, err := s.loadTemplate(r, c, f.Inc.ID)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	data := &templatePreviewPage{notifyFrame: *f, Template: t, Lang: previewLang(q.Get("lang")),
		Query: query, CanFind: s.cfg.People != nil}
	status := http.StatusOK
	if query != "" && s.cfg.People != nil {
		data.Searched = true
		if data.Found, err = s.cfg.People.Lookup(r.Context(), c.Actor, f.Inc.ID, query); err != nil {
			if status, err = previewProblem(data.page, err); err != nil {
				return err
			}
		}
	}
	if p := q.Get("person"); p != "" {
		data.PersonID, err = strconv.ParseInt(p, 10, 64)
		if err != nil || data.PersonID <= 0 {
			data.PersonID = 0
			data.Errors["person"] = errs.InvalidValue
			status = http.StatusBadRequest
		}
	}
	if data.PersonID > 0 {
		if data.Rendered, err = s.cfg.Notify.Preview(r.Context(), c.Actor, f.Inc.ID, t.ID, data.PersonID, data.Lang); err != nil {
			data.Rendered = nil
			if status, err = previewProblem(data.page, err); err != nil {
				return err
			}
		}
	}
	w.Header().Set("Content-Security-Policy", previewPageCSP)
	s.render(w, r, status, "template_preview", data)
	return nil
}

// previewProblem shows a refusal that concerns the chosen person on the
// page (no such person, a placeholder they cannot fill); anything else is
// returned.
func previewProblem(p *page, err error) (int, error) {
	switch errs.CodeOf(err) {
	case errs.Invalid, errs.NotFound, errs.Conflict:
		p.Problem = errs.MessageOf(err)
		return statusOf(errs.CodeOf(err)), nil
	}
	return 0, err
}

// loadTemplate loads the template named in the path.
func (s *Server) loadTemplate(r *http.Request, c *caller, id int64) (*notify.Template, error) {
	tid, err := pathID(r, "tid", "template")
	if err != nil {
		return nil, err
	}
	return s.cfg.Notify.Template(r.Context(), c.Actor, id, tid)
}

// previewLang is a language the caller asked for, "" for the person's own.
func previewLang(lang string) string {
	for _, l := range templateLangs {
		if l == lang {
			return lang
		}
	}
	return ""
}

func previewParams(personID int64, lang string) string {
	v := url.Values{"person": {strconv.FormatInt(personID, 10)}}
	if lang != "" {
		v.Set("lang", lang)
	}
	return v.Encode()
}

// LangName names a language in itself.
func (p *templatePreviewPage) LangName(lang string) string { return langName(lang) }

// Langs are the template's languages, to preview in another one.
func (p *templatePreviewPage) Langs() []string {
	out := make([]string, 0, len(p.Template.Contents))
	for _, c := range p.Template.Contents {
		out = append(out, c.Lang)
	}
	return out
}
