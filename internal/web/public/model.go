package public

import (
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// model is a site read for rendering: lookups every page needs.
type model struct {
	site        *publish.Site
	defaultLang string
	base        string // absolute base URL without the trailing slash; "" when unknown
	now         time.Time
	components  map[string]publish.SiteComponent
}

func newModel(site *publish.Site, fallbackURL string, now time.Time) *model {
	m := &model{site: site, now: now, components: map[string]publish.SiteComponent{}}
	m.defaultLang = publish.Languages[0]
	for _, l := range publish.Languages {
		if site.Page.DefaultLang == l {
			m.defaultLang = l
		}
	}
	m.base = strings.TrimRight(site.Page.URL, "/")
	if m.base == "" {
		m.base = strings.TrimRight(fallbackURL, "/")
	}
	for _, c := range site.Components {
		m.components[c.PublicID] = c
	}
	return m
}

// pick is lang's entry of a per-language map, else the default
// language's, else any.
func (m *model) pick(lang string, by map[string]string) string {
	if v := by[lang]; v != "" {
		return v
	}
	if v := by[m.defaultLang]; v != "" {
		return v
	}
	for _, l := range publish.Languages {
		if v := by[l]; v != "" {
			return v
		}
	}
	return ""
}

func (m *model) text(lang string, by map[string]publish.Text) publish.Text {
	if t, ok := by[lang]; ok && (t.Title != "" || t.Body != "") {
		return t
	}
	if t, ok := by[m.defaultLang]; ok {
		return t
	}
	for _, l := range publish.Languages {
		if t, ok := by[l]; ok {
			return t
		}
	}
	return publish.Text{}
}

// siteName is the page's name in lang.
func (m *model) siteName(lang string) string {
	if n := m.pick(lang, m.site.Page.Names); n != "" {
		return n
	}
	return texts[lang]["status"]
}

// severity orders component states for "the worst of a day".
func severity(st publish.ComponentStatus) int {
	switch st {
	case publish.UnderMaintenance:
		return 1
	case publish.Degraded:
		return 2
	case publish.PartialOutage:
		return 3
	case publish.MajorOutage:
		return 4
	}
	return 0
}

var impactRank = map[publish.Impact]int{publish.ImpactNone: 0, publish.ImpactMinor: 1, publish.ImpactMajor: 2, publish.ImpactCritical: 3}
var rankImpact = []string{"none", "minor", "major", "critical"}

// indicator is Statuspage's page status: the worst of the unresolved
// incidents' impact and the components' states.
func (m *model) indicator() string {
	worst := 0
	for _, c := range m.site.Components {
		r := 0
		switch c.Status {
		case publish.Degraded, publish.PartialOutage:
			r = 1
		case publish.MajorOutage:
			r = 2
		}
		worst = max(worst, r)
	}
	for _, inc := range m.site.Incidents {
		if inc.Phase != publish.Resolved {
			worst = max(worst, impactRank[inc.Impact])
		}
	}
	return rankImpact[worst]
}

// current reports whether a statement is its newest version.
func current(st publish.SiteStatement) bool { return st.SupersededBy == "" }

// statementByID finds a statement and its incident.
func (m *model) statementByID(id string) (*publish.SiteIncident, *publish.SiteStatement) {
	for i := range m.site.Incidents {
		inc := &m.site.Incidents[i]
		for j := range inc.Statements {
			if inc.Statements[j].PublicID == id {
				return inc, &inc.Statements[j]
			}
		}
	}
	return nil, nil
}

// statusAt is a component's state at t by its history (newest first),
// its current state when the history says nothing before t.
func statusAt(c publish.SiteComponent, t time.Time) publish.ComponentStatus {
	for _, ch := range c.History {
		if !ch.At.After(t) {
			return ch.Status
		}
	}
	if n := len(c.History); n > 0 {
		// Before the oldest change we know of: assume it was working.
		return publish.Operational
	}
	return c.Status
}

// absolute makes a site path absolute when the base URL is known.
func (m *model) absolute(path string) string { return m.base + path }
