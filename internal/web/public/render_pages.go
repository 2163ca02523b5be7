package public

import (
	"html/template"
	"net/http"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

const (
	htmlType   = "text/html; charset=utf-8"
	pageCache  = "public, max-age=30"
	neverCache = "no-store"
	// statementsOnHome bounds the home page: the history has them all.
	statementsOnHome = 20
)

// stmtView is a statement as a page shows it.
type stmtView struct {
	PublicID, URL, Kind, Phase, Title string
	Body                              template.HTML
	PublishedLabel, Published         string
	PublishedISO                      string
	AffectedLabel                     string
	Components                        []string
	Superseded                        bool
}

type incView struct {
	PublicID, Title, Phase string
	Statements             []stmtView
}

type compView struct {
	PublicID, Name, Status, StatusText string
	Days                               []dayView
	Changes                            []changeView
}

type dayView struct{ Date, Status, Text string }
type changeView struct{ At, ISO, Text string }

type homeBody struct {
	Indicator, IndicatorText string
	Incidents                []incView
	Components               []compView
}

type statementBody struct {
	Incident, IncidentID string
	Statement            stmtView
	Earlier              []stmtView
	CurrentURL           string
}

type formBody struct {
	Heading, Intro, Note, Action, Button string
	Email, Error                         string
	Busy                                 bool
	Challenge                            string
}

type messageBody struct {
	Heading string
	Lines   []string
}

type actionBody struct{ Heading, Intro, Action, Button string }

// frame is the layout of a page in lang for the snapshot's site.
func frame(m *model, lang, nav, title, path string, body any) *layout {
	other := publish.Languages[0]
	for _, l := range publish.Languages {
		if l != lang {
			other = l
			break
		}
	}
	p := m.site.Page
	return &layout{
		Lang: lang, SwitchLang: other, SwitchURL: "/" + other + path, T: texts[lang],
		SiteName: m.siteName(lang), Title: title, Nav: nav, SelfCheck: p.SelfCheck,
		Contacts: contacts{PressName: p.PressName, PressEmail: p.PressEmail, PressPhone: p.PressPhone,
			HotlinePhone: p.HotlinePhone, HotlineEmail: p.HotlineEmail},
		Body: body,
	}
}

// renderPages renders every page in every language.
func (s *Server) renderPages(sn *snapshot, m *model, modified time.Time) error {
	for _, lang := range publish.Languages {
		if err := s.renderLangPages(sn, m, lang, modified); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) renderLangPages(sn *snapshot, m *model, lang string, modified time.Time) error {
	T := texts[lang]
	add := func(path, page string, l *layout, cache string, status int) (*doc, error) {
		b, err := s.execute(page, l)
		if err != nil {
			return nil, err
		}
		d := newDoc(b, htmlType, cache, modified, status)
		if path != "" {
			sn.docs[path] = d
		}
		return d, nil
	}
	pages := []struct {
		path, page, nav, title string
		body                   any
	}{
		{"/", "home", "home", "", homeView(m, lang)},
		{"/status", "status", "status", T["status"], statusView(m, lang)},
		{"/history", "history", "history", T["history"], historyView(m, lang)},
		{"/subscribe", "form", "subscribe", T["subscribe"], subscribeForm(lang, "", "")},
	}
	if m.site.Page.SelfCheck {
		pages = append(pages, struct {
			path, page, nav, title string
			body                   any
		}{"/check", "form", "check", T["check"], checkForm(lang, "", "")})
	}
	for _, p := range pages {
		l := frame(m, lang, p.nav, p.title, p.path, p.body)
		l.Script = p.page == "form"
		if _, err := add("/"+lang+p.path, p.page, l, pageCache, http.StatusOK); err != nil {
			return err
		}
	}
	for _, inc := range m.site.Incidents {
		for _, st := range inc.Statements {
			path := "/statements/" + st.PublicID
			body := statementView(m, lang, &inc, st)
			if _, err := add("/"+lang+path, "statement", frame(m, lang, "history", body.Statement.Title, path, body), pageCache, http.StatusOK); err != nil {
				return err
			}
		}
	}
	var err error
	msg := func(heading string, lines ...string) *messageBody {
		return &messageBody{Heading: heading, Lines: lines}
	}
	if sn.notFound[lang], err = add("", "message", frame(m, lang, "", T["not_found_title"], "/", msg(T["not_found_title"], T["not_found"])), neverCache, http.StatusNotFound); err != nil {
		return err
	}
	if sn.checkDone[lang], err = add("", "message", frame(m, lang, "check", T["check"], "/check", msg(T["check"], T["check_done"], T["check_done_more"])), neverCache, http.StatusOK); err != nil {
		return err
	}
	sn.subDone[lang], err = add("", "message", frame(m, lang, "subscribe", T["subscribe"], "/subscribe", msg(T["subscribe"], T["subscribe_done"])), neverCache, http.StatusOK)
	return err
}

func checkForm(lang, email, problem string) *formBody {
	T := texts[lang]
	return &formBody{Heading: T["check"], Intro: T["check_intro"], Note: T["check_no_phone"],
		Action: "/" + lang + "/check", Button: T["check_button"], Email: email, Error: problem}
}

func subscribeForm(lang, email, problem string) *formBody {
	T := texts[lang]
	return &formBody{Heading: T["subscribe"], Intro: T["subscribe_intro"],
		Action: "/" + lang + "/subscribe", Button: T["subscribe_button"], Email: email, Error: problem}
}

func (m *model) stmtView(lang string, st publish.SiteStatement) stmtView {
	T := texts[lang]
	txt := m.text(lang, st.Texts)
	v := stmtView{
		PublicID: st.PublicID, URL: "/" + lang + "/statements/" + st.PublicID,
		Kind: T["kind_"+string(st.Kind)], Phase: T["phase_"+string(st.Phase)], Title: txt.Title,
		Body: markdownHTML(txt.Body), PublishedLabel: T["published"],
		Published: formatTime(lang, st.PublishedAt), PublishedISO: st.PublishedAt.UTC().Format(time.RFC3339),
		AffectedLabel: T["affected_systems"], Superseded: !current(st),
	}
	if v.Kind == "" {
		v.Kind = string(st.Kind)
	}
	for _, id := range st.Components {
		if c, ok := m.components[id]; ok {
			v.Components = append(v.Components, m.pick(lang, c.Names))
		}
	}
	return v
}

func homeView(m *model, lang string) *homeBody {
	ind := m.indicator()
	b := &homeBody{Indicator: ind, IndicatorText: texts[lang]["ind_"+ind], Components: componentViews(m, lang, false)}
	n := 0
	for _, inc := range m.site.Incidents {
		iv := incView{PublicID: inc.PublicID, Title: m.pick(lang, inc.Titles), Phase: texts[lang]["phase_"+string(inc.Phase)]}
		for _, st := range inc.Statements {
			if current(st) && n < statementsOnHome {
				iv.Statements = append(iv.Statements, m.stmtView(lang, st))
				n++
			}
		}
		if len(iv.Statements) > 0 {
			b.Incidents = append(b.Incidents, iv)
		}
	}
	return b
}

func historyView(m *model, lang string) *homeBody {
	b := &homeBody{}
	for _, inc := range m.site.Incidents {
		iv := incView{PublicID: inc.PublicID, Title: m.pick(lang, inc.Titles), Phase: texts[lang]["phase_"+string(inc.Phase)]}
		for _, st := range inc.Statements {
			iv.Statements = append(iv.Statements, m.stmtView(lang, st))
		}
		b.Incidents = append(b.Incidents, iv)
	}
	return b
}

func statusView(m *model, lang string) *homeBody {
	ind := m.indicator()
	return &homeBody{Indicator: ind, IndicatorText: texts[lang]["ind_"+ind], Components: componentViews(m, lang, true)}
}

// statementView is a statement with the versions it replaced, newest
// first, and a pointer to the current version when it is an old one.
func statementView(m *model, lang string, inc *publish.SiteIncident, st publish.SiteStatement) *statementBody {
	b := &statementBody{Incident: m.pick(lang, inc.Titles), IncidentID: inc.PublicID, Statement: m.stmtView(lang, st)}
	seen := map[string]bool{st.PublicID: true}
	for prev := st.Replaces; prev != "" && !seen[prev]; {
		seen[prev] = true
		_, old := m.statementByID(prev)
		if old == nil {
			break
		}
		b.Earlier = append(b.Earlier, m.stmtView(lang, *old))
		prev = old.Replaces
	}
	newest := st
	for newest.SupersededBy != "" && !seen[newest.SupersededBy] {
		seen[newest.SupersededBy] = true
		_, next := m.statementByID(newest.SupersededBy)
		if next == nil {
			break
		}
		newest = *next
	}
	if newest.PublicID != st.PublicID {
		b.CurrentURL = "/" + lang + "/statements/" + newest.PublicID
	}
	return b
}

// componentViews lists the public components in order; with history, each
// with its last 90 days.
func componentViews(m *model, lang string, history bool) []compView {
	T := texts[lang]
	var out []compView
	for _, c := range m.site.Components {
		v := compView{PublicID: c.PublicID, Name: m.pick(lang, c.Names), Status: string(c.Status), StatusText: T["st_"+string(c.Status)]}
		if history {
			v.Days = days(m, lang, c)
			for _, ch := range c.History {
				v.Changes = append(v.Changes, changeView{At: formatTime(lang, ch.At), ISO: ch.At.UTC().Format(time.RFC3339), Text: T["st_"+string(ch.Status)]})
			}
		}
		out = append(out, v)
	}
	return out
}

// days are the last 90 days of a component, oldest first, each with the
// worst state it had that day.
func days(m *model, lang string, c publish.SiteComponent) []dayView {
	T := texts[lang]
	today := m.now.UTC().Truncate(24 * time.Hour)
	created := c.CreatedAt.UTC().Truncate(24 * time.Hour)
	out := make([]dayView, 0, 90)
	for i := 89; i >= 0; i-- {
		start := today.AddDate(0, 0, -i)
		end := start.Add(24 * time.Hour)
		dv := dayView{Date: formatDay(lang, start)}
		if !c.CreatedAt.IsZero() && start.Before(created) {
			dv.Status, dv.Text = "none", T["no_data"]
			out = append(out, dv)
			continue
		}
		worst := statusAt(c, start)
		for _, ch := range c.History {
			if !ch.At.Before(start) && ch.At.Before(end) && severity(ch.Status) > severity(worst) {
				worst = ch.Status
			}
		}
		dv.Status, dv.Text = string(worst), T["st_"+string(worst)]
		out = append(out, dv)
	}
	return out
}
