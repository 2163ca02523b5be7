package public

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"
	"time"
)

//go:embed templates static
var files embed.FS

// pages are the page templates; each is parsed with the layout.
var pages = []string{"home", "statement", "status", "history", "form", "message", "action"}

// parseViews parses every page at start, so a broken template stops New
// instead of a page view.
func parseViews() (map[string]*template.Template, error) {
	funcs := template.FuncMap{"tel": telURI}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("public: parse layout: %w", err)
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		t, err := template.Must(base.Clone()).ParseFS(files, "templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("public: parse %s: %w", p, err)
		}
		out[p] = t
	}
	return out, nil
}

// telURI keeps the digits and a leading plus of a phone number.
func telURI(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// layout is what every page's frame shows.
type layout struct {
	Lang, SwitchLang, SwitchURL string
	T                           map[string]string
	SiteName, Title, Nav        string
	SelfCheck                   bool
	// Script loads /static/pow.js (pages with a form).
	Script   bool
	Contacts contacts
	Body     any
}

type contacts struct {
	PressName, PressEmail, PressPhone, HotlinePhone, HotlineEmail string
}

// execute renders page with data into bytes.
func (s *Server) execute(page string, data *layout) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.views[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("public: render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// formatTime shows a time the way the language writes it, in UTC.
func formatTime(lang string, t time.Time) string {
	t = t.UTC()
	if lang == "de" {
		return t.Format("02.01.2006, 15:04") + " UTC"
	}
	return t.Format("2 January 2006, 15:04") + " UTC"
}

func formatDay(lang string, t time.Time) string {
	if lang == "de" {
		return t.Format("02.01.2006")
	}
	return t.Format("2 Jan 2006")
}
