package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// views holds one parsed template set per page: the layout, the partials
// and the page's own file, which defines "content".
type views struct {
	pages map[string]*template.Template
}

// parseViews parses every page at start-up. A broken template stops the
// program here, not in front of a user.
func parseViews(cat *i18n.Catalog) (*views, error) {
	base := template.New("layout").Funcs(templateFuncs)
	base, err := base.ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: make(map[string]*template.Template, len(files))}
	for _, file := range files {
		name := strings.TrimSuffix(path.Base(file), ".html")
		t, err := template.Must(base.Clone()).ParseFS(templateFS, file)
		if err != nil {
			return nil, fmt.Errorf("web: parse page %s: %w", name, err)
		}
		v.pages[name] = t
	}
	return v, nil
}

// render executes page name into a buffer first, so a template error never
// sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.views.pages[name]
	if !ok {
		s.log.Error("unknown view", "view", name, "route", r.Pattern)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	buf := s.buffers.Get().(*bytes.Buffer)
	defer s.putBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		s.log.Error("render view", "view", name, "route", r.Pattern, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// maxPooledBuffer keeps one unusually large page from pinning its memory.
const maxPooledBuffer = 8 << 20

// putBuffer returns a render buffer to the pool. Reusing buffers saves
// growing a fresh one to the size of a large incident page on every view.
func (s *Server) putBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledBuffer {
		return
	}
	buf.Reset()
	s.buffers.Put(buf)
}

// page is what every page's data embeds: who is looking, in which language
// and time zone, and the form being edited.
type page struct {
	TitleKey string
	Lang     string
	User     *auth.User
	CSRF     string
	Nav      string // the highlighted navigation item
	Path     string // the current path and query, for "next" links
	Flash    string // a message key shown once
	Bare     bool   // without navigation (login)
	Now      time.Time
	Form     url.Values
	Errors   map[string]string // field -> error key
	Problem  string            // a message about the whole form
	Version  string

	cat *i18n.Catalog
	loc *time.Location
}

func (s *Server) newPage(r *http.Request, c *caller, titleKey string) *page {
	p := &page{
		TitleKey: titleKey, Lang: c.Lang, User: c.User, Path: r.URL.RequestURI(),
		Now: s.cfg.Incidents.Now(), Form: url.Values{}, Errors: map[string]string{},
		Version: s.cfg.Version, cat: s.cat, loc: c.Loc,
	}
	if c.Session != nil {
		p.CSRF = c.Session.CSRF
	}
	if c.User == nil {
		p.Bare = true
	}
	p.Flash = r.URL.Query().Get("done")
	if !s.cat.Has(i18n.Default, "flash."+p.Flash) {
		p.Flash = ""
	}
	return p
}

// T translates key into the page's language; args are name/value pairs.
func (p *page) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// Title is the translated page title.
func (p *page) Title() string { return p.T(p.TitleKey) }

// Time shows t in the reader's zone, with the zone's abbreviation.
func (p *page) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	layout := "2 Jan 2006, 15:04 MST"
	if p.Lang == "de" {
		layout = "02.01.2006, 15:04 MST"
	}
	return t.In(p.loc).Format(layout)
}

// TimePtr is Time for an optional time.
func (p *page) TimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return p.Time(*t)
}

// ISO is t in RFC 3339, for <time datetime> and the clock script.
func (p *page) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// InputTime is t as a datetime-local input value in the reader's zone.
func (p *page) InputTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(p.loc).Format(inputTimeLayout)
}

// Zone names the reader's time zone, to label time inputs.
func (p *page) Zone() string { return p.Now.In(p.loc).Format("MST") }

// Elapsed says how long ago t was, in days, hours and minutes: "3 d 4 h".
func (p *page) Elapsed(t time.Time) string { return p.Duration(p.Now.Sub(t)) }

// Duration writes d compactly in the reader's language.
func (p *page) Duration(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	days := int(d / (24 * time.Hour))
	hours := int(d % (24 * time.Hour) / time.Hour)
	mins := int(d % time.Hour / time.Minute)
	var s string
	switch {
	case days > 0:
		s = p.T("duration.dh", "d", days, "h", hours)
	case hours > 0:
		s = p.T("duration.hm", "h", hours, "m", mins)
	default:
		s = p.T("duration.m", "m", mins)
	}
	if neg {
		return "−" + s
	}
	return s
}

// Value is the submitted value of a form field, to fill the form again.
func (p *page) Value(name string) string { return p.Form.Get(name) }

// FieldError is the translated error of a form field, or "".
func (p *page) FieldError(name string) string {
	key, ok := p.Errors[name]
	if !ok {
		return ""
	}
	return p.T("err." + key)
}

// templateFuncs are helpers that need nothing of the request.
var templateFuncs = template.FuncMap{
	"add":   func(a, b int) int { return a + b },
	"lower": strings.ToLower,
	"str":   func(v any) string { return fmt.Sprint(v) },
	"list":  func(v ...string) []string { return v },
	"deref": func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	},
}

const inputTimeLayout = "2006-01-02T15:04"
