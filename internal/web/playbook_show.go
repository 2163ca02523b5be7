package web

import (
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/incident"
)

type playbookShowPage struct {
	*page
	Playbook  *incident.Playbook
	Content   string   // the language the playbook's texts are shown in
	Languages []string // the languages the playbook is written in
	Importer  string
	CanCreate bool
}

// handlePlaybookShow shows one playbook: what it is for, the contacts to
// find, and its phases of tasks with their roles, due times and checklists.
// The texts are in the reader's language unless ?lang= asks for another
// one the playbook is written in.
func (s *Server) handlePlaybookShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	pb, err := s.cfg.Incidents.Playbook(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	langs := playbookLanguages(pb)
	content := contentLanguage(langs, r.URL.Query().Get("lang"), c.Lang)
	data := &playbookShowPage{Playbook: pb, Content: content, Languages: langs, CanCreate: incident.CanCreate(c.Actor)}
	if !pb.BuiltIn {
		names, err := s.userNames(r.Context())
		if err != nil {
			return err
		}
		data.Importer = names[pb.ImportedBy]
	}
	data.page = s.newPage(r, c, "playbook.title")
	data.page.Nav = "playbooks"
	s.render(w, r, http.StatusOK, "playbook_show", data)
	return nil
}

// handlePlaybookSource serves a playbook's YAML file, to adapt it and
// import it under a new name.
func (s *Server) handlePlaybookSource(w http.ResponseWriter, r *http.Request, c *caller) error {
	pb, err := s.cfg.Incidents.Playbook(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	// The name is a checked slug, safe in a header.
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+pb.Name+`.yaml"`)
	_, _ = w.Write([]byte(pb.Source))
	return nil
}

// playbookLanguages lists the languages the playbook's title is written in
// that the desk can also show its own labels in; a plain-string title
// counts as every language.
func playbookLanguages(pb *incident.Playbook) []string {
	var langs []string
	for lang := range pb.Title {
		if i18n.Supported(lang) {
			langs = append(langs, lang)
		}
	}
	sort.Strings(langs)
	return langs
}

// contentLanguage picks the language to show a playbook in: the one asked
// for, else the reader's, else English, else any the playbook has. With no
// language of its own (plain strings), the reader's.
func contentLanguage(langs []string, asked, reader string) string {
	for _, lang := range []string{asked, reader, "en"} {
		if slices.Contains(langs, lang) {
			return lang
		}
	}
	if len(langs) > 0 {
		return langs[0]
	}
	return reader
}

// ContentText is a playbook text in the language the page shows it in.
func (p *playbookShowPage) ContentText(t incident.Text) string { return t.In(p.Content) }

// DueText says when a playbook task is due, counted from awareness: "72 h
// after awareness", "2 weeks after awareness".
func (p *playbookShowPage) DueText(d *time.Duration) string {
	if d == nil {
		return p.T("playbook.due_none")
	}
	return dueAfterAwareness(p.page, *d)
}

// dueAfterAwareness words an offset from awareness in the reader's
// language, in the unit a crisis team counts in: hours up to three days,
// whole days or weeks beyond.
func dueAfterAwareness(p *page, d time.Duration) string {
	const day = 24 * time.Hour
	var offset string
	switch {
	case d <= 0:
		return p.T("playbook.due_at_awareness")
	case d%(7*day) == 0 && d >= 14*day:
		offset = p.T("playbook.unit_weeks", "n", int(d/(7*day)))
	case d%day == 0 && d > 3*day:
		offset = p.T("playbook.unit_days", "n", int(d/day))
	case d%time.Hour == 0:
		offset = p.T("playbook.unit_hours", "n", int(d/time.Hour))
	case d < time.Hour:
		offset = p.T("playbook.unit_minutes", "n", int(d/time.Minute))
	default:
		offset = p.Duration(d)
	}
	return p.T("playbook.due_after", "offset", offset)
}

// Title names the browser tab after the playbook.
func (p *playbookShowPage) Title() string { return p.ContentText(p.Playbook.Title) }
