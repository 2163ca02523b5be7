package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// The template editor: one section per language with subject and body,
// the placeholders explained beside it, and the template's own fields
// (company, hotline, inbox, updates page, letterhead). The form posts
// every language at once; "langs" lists the sections it holds.

// templateLangs are the languages a template can have a text in: those
// the renderer knows (names of the data categories, dates, greetings).
var templateLangs = notify.Languages()

// templateLangNames name the languages in themselves, as pickers do.
var templateLangNames = map[string]string{"de": "Deutsch", "en": "English", "zh": "中文"}

// templateEditPage is the editor of one template (ID 0: a new one).
type templateEditPage struct {
	notifyFrame
	Template     *notify.Template
	Sections     []langSection
	AddLangs     []string // languages without a section yet
	Placeholders []placeholderView
	Letterhead   string // one sender line per line
}

// langSection is one language of the template in the editor.
type langSection struct {
	Lang       string
	Name       string
	Subject    string
	Body       string
	SubjectErr string // translated field error
	BodyErr    string
	// Problem is the compiler's message for this language: what is wrong
	// and on which line.
	Problem string
}

// placeholderView is a placeholder and what it is filled with.
type placeholderView struct {
	Name string // without braces
	Help string
}

// LangName names a language in itself.
func (p *templateEditPage) LangName(lang string) string { return langName(lang) }

func langName(lang string) string {
	if n, ok := templateLangNames[lang]; ok {
		return n
	}
	return lang
}

// placeholders lists notify.Placeholders with their explanations in the
// reader's language. A placeholder string may carry its own English
// explanation after a colon; the catalog's wins when it has one.
func (s *Server) placeholders(p *page) []placeholderView {
	var out []placeholderView
	for _, ph := range notify.Placeholders() {
		name, help, _ := strings.Cut(ph, ":")
		name = strings.Trim(strings.TrimSpace(name), "{}")
		if key := "notify.ph." + name; s.cat.Has(p.Lang, key) {
			help = p.T(key)
		}
		out = append(out, placeholderView{Name: name, Help: strings.TrimSpace(help)})
	}
	return out
}

// newTemplateEditPage fills the editor from t, with the languages of
// extra added as empty sections (or with the standard text, when
// standard is set).
func (s *Server) newTemplateEditPage(f *notifyFrame, t *notify.Template) *templateEditPage {
	data := &templateEditPage{notifyFrame: *f, Template: t, Placeholders: s.placeholders(f.page),
		Letterhead: strings.Join(t.Letterhead, "\n")}
	for _, c := range t.Contents {
		data.Sections = append(data.Sections, langSection{Lang: c.Lang, Name: langName(c.Lang), Subject: c.Subject, Body: c.Body})
	}
	data.fillAddLangs()
	return data
}

func (data *templateEditPage) fillAddLangs() {
	data.AddLangs = data.AddLangs[:0]
	for _, l := range templateLangs {
		if !data.hasLang(l) {
			data.AddLangs = append(data.AddLangs, l)
		}
	}
}

func (data *templateEditPage) hasLang(lang string) bool {
	return slices.ContainsFunc(data.Sections, func(s langSection) bool { return s.Lang == lang })
}

// applyQuery adds what the editor's links ask for: ?add=fr adds a
// section, ?standard=de fills a section with the standard text (every
// language with ?standard=all).
func (data *templateEditPage) applyQuery(q url.Values) {
	if add := q.Get("add"); slices.Contains(templateLangs, add) && !data.hasLang(add) {
		data.Sections = append(data.Sections, langSection{Lang: add, Name: langName(add)})
	}
	std := q.Get("standard")
	if std == "" {
		return
	}
	for _, c := range notify.DefaultContents() {
		if std != "all" && std != c.Lang {
			continue
		}
		i := slices.IndexFunc(data.Sections, func(s langSection) bool { return s.Lang == c.Lang })
		if i < 0 {
			data.Sections = append(data.Sections, langSection{Lang: c.Lang, Name: langName(c.Lang)})
			i = len(data.Sections) - 1
		}
		data.Sections[i].Subject, data.Sections[i].Body = c.Subject, c.Body
	}
	data.fillAddLangs()
}

// templateFromForm reads the editor's form onto t.
func templateFromForm(form url.Values, t *notify.Template) {
	t.Name = strings.TrimSpace(form.Get("name"))
	t.Fallback = form.Get("fallback")
	t.Company = strings.TrimSpace(form.Get("company"))
	t.Hotline = strings.TrimSpace(form.Get("hotline"))
	t.Inbox = strings.TrimSpace(form.Get("inbox"))
	t.UpdatesURL = strings.TrimSpace(form.Get("updates_url"))
	t.Letterhead = nil
	for _, line := range strings.Split(strings.ReplaceAll(form.Get("letterhead"), "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			t.Letterhead = append(t.Letterhead, line)
		}
	}
	t.Contents = nil
	for _, lang := range form["langs"] {
		if !slices.Contains(templateLangs, lang) || slices.ContainsFunc(t.Contents, func(c notify.Content) bool { return c.Lang == lang }) {
			continue
		}
		subject, body := form.Get("subject_"+lang), strings.ReplaceAll(form.Get("body_"+lang), "\r\n", "\n")
		if form.Get("remove_"+lang) != "" || strings.TrimSpace(subject) == "" && strings.TrimSpace(body) == "" {
			continue
		}
		t.Contents = append(t.Contents, notify.Content{Lang: lang, Subject: subject, Body: body})
	}
}

// saveTemplate stores the template the form describes; a refusal shows the
// editor again with each problem at its language's field.
func (s *Server) saveTemplate(w http.ResponseWriter, r *http.Request, c *caller, t *notify.Template) error {
	id, _, err := s.notifyRights(r, c, mayEditCampaigns, "write templates")
	if err != nil {
		return err
	}
	templateFromForm(r.PostForm, t)
	err = s.cfg.Notify.SaveTemplate(r.Context(), c.Actor, id, t)
	if err == nil {
		seeOther(w, r, templateURL(id, t.ID)+"?done=template_saved")
		return nil
	}
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		return err
	}
	f, ferr := s.loadNotifyFrame(r, c, "template.title_edit", "templates")
	if ferr != nil {
		return ferr
	}
	data := s.newTemplateEditPage(f, t)
	for _, lang := range r.PostForm["langs"] {
		if slices.Contains(templateLangs, lang) && !data.hasLang(lang) && r.PostForm.Get("remove_"+lang) == "" {
			data.Sections = append(data.Sections, langSection{Lang: lang, Name: langName(lang)})
		}
	}
	data.fillAddLangs()
	refillForm(data.page, r, err)
	data.markProblems(err, t)
	s.render(w, r, statusOfForm(err), "template_edit", data)
	return nil
}

// markProblems puts the service's refusal at the fields it names: a
// content's fields are "contents[i].subject" and "contents[i].body", i
// indexing t.Contents. The compiler names no field; its message says
// which language's text is wrong and on which line ("the de text, line 3:
// ..."), and goes beside that language's fields.
func (data *templateEditPage) markProblems(err error, t *notify.Template) {
	fields := errs.FieldsOf(err)
	msg := errs.MessageOf(err)
	for i, c := range t.Contents {
		sec := data.section(c.Lang)
		if sec == nil {
			continue
		}
		field := "contents[" + strconv.Itoa(i) + "]."
		if key, ok := fields[field+"subject"]; ok {
			sec.SubjectErr = data.T("err." + key)
		}
		if key, ok := fields[field+"body"]; ok {
			sec.BodyErr = data.T("err." + key)
		}
	}
	if len(fields) > 0 {
		return
	}
	for i := range data.Sections {
		if mentionsLang(msg, data.Sections[i].Lang) {
			data.Sections[i].Problem = msg
			return
		}
	}
}

func (data *templateEditPage) section(lang string) *langSection {
	for i := range data.Sections {
		if data.Sections[i].Lang == lang {
			return &data.Sections[i]
		}
	}
	return nil
}

// mentionsLang reports whether a compiler message names lang as a word
// ("de: line 3: unknown placeholder {{nam}}", "content de, line 3: ...").
func mentionsLang(msg, lang string) bool {
	for _, w := range strings.FieldsFunc(msg, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		if w == lang {
			return true
		}
	}
	return false
}
