package public

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// The /api/v2 documents in the shape of Atlassian Statuspage's public API
// v2, so that its widgets and the monitors that read it work unchanged.
// Every ID is a public one; texts are in the page's default language.

type apiPage struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

type apiStatus struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

type apiComponent struct {
	ID                 string  `json:"id"`
	Name               string  `json:"name"`
	Status             string  `json:"status"`
	CreatedAt          string  `json:"created_at"`
	UpdatedAt          string  `json:"updated_at"`
	Position           int     `json:"position"`
	Description        *string `json:"description"`
	Showcase           bool    `json:"showcase"`
	StartDate          *string `json:"start_date"`
	GroupID            *string `json:"group_id"`
	PageID             string  `json:"page_id"`
	Group              bool    `json:"group"`
	OnlyShowIfDegraded bool    `json:"only_show_if_degraded"`
}

type apiAffected struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

type apiUpdate struct {
	ID                   string        `json:"id"`
	Status               string        `json:"status"`
	Body                 string        `json:"body"`
	IncidentID           string        `json:"incident_id"`
	CreatedAt            string        `json:"created_at"`
	UpdatedAt            string        `json:"updated_at"`
	DisplayAt            string        `json:"display_at"`
	AffectedComponents   []apiAffected `json:"affected_components"`
	DeliverNotifications bool          `json:"deliver_notifications"`
	CustomTweet          *string       `json:"custom_tweet"`
	TweetID              *string       `json:"tweet_id"`
}

type apiIncident struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	Status          string         `json:"status"`
	CreatedAt       string         `json:"created_at"`
	UpdatedAt       string         `json:"updated_at"`
	MonitoringAt    *string        `json:"monitoring_at"`
	ResolvedAt      *string        `json:"resolved_at"`
	Impact          string         `json:"impact"`
	Shortlink       string         `json:"shortlink"`
	StartedAt       string         `json:"started_at"`
	PageID          string         `json:"page_id"`
	IncidentUpdates []apiUpdate    `json:"incident_updates"`
	Components      []apiComponent `json:"components"`
}

// apiTime is Statuspage's time format (RFC 3339 with milliseconds).
func apiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

func apiTimePtr(t *time.Time) *string {
	if t == nil || t.IsZero() {
		return nil
	}
	s := apiTime(*t)
	return &s
}

// pageID names the page in the JSON: a hash of its address, stable and
// public (Statuspage's page IDs are 12 characters).
func (m *model) pageID() string {
	sum := sha256.Sum256([]byte("breachdesk page " + m.base))
	return hex.EncodeToString(sum[:6])
}

func (m *model) apiPage(updated time.Time) apiPage {
	url := m.base
	if url == "" {
		url = "/"
	}
	return apiPage{ID: m.pageID(), Name: m.siteName(m.defaultLang), URL: url, TimeZone: "Etc/UTC", UpdatedAt: apiTime(updated)}
}

func (m *model) apiStatus() apiStatus {
	ind := m.indicator()
	return apiStatus{Indicator: ind, Description: texts[m.defaultLang]["ind_"+ind]}
}

func (m *model) apiComponent(c publish.SiteComponent) apiComponent {
	return apiComponent{ID: c.PublicID, Name: m.pick(m.defaultLang, c.Names), Status: string(c.Status),
		CreatedAt: apiTime(c.CreatedAt), UpdatedAt: apiTime(c.UpdatedAt), Position: c.Position,
		Showcase: true, PageID: m.pageID()}
}

func (m *model) apiComponents() []apiComponent {
	out := make([]apiComponent, 0, len(m.site.Components))
	for _, c := range m.site.Components {
		out = append(out, m.apiComponent(c))
	}
	return out
}

func (m *model) apiIncident(inc publish.SiteIncident) apiIncident {
	lang := m.defaultLang
	out := apiIncident{
		ID: inc.PublicID, Name: m.pick(lang, inc.Titles), Status: string(inc.Phase),
		CreatedAt: apiTime(inc.CreatedAt), UpdatedAt: apiTime(inc.UpdatedAt), ResolvedAt: apiTimePtr(inc.ResolvedAt),
		Impact: string(inc.Impact), Shortlink: m.absolute("/" + lang + "/history#i-" + inc.PublicID),
		StartedAt: apiTime(inc.CreatedAt), PageID: m.pageID(),
		IncidentUpdates: []apiUpdate{}, Components: []apiComponent{},
	}
	if out.Impact == "" {
		out.Impact = string(publish.ImpactNone)
	}
	for _, st := range inc.Statements {
		if st.Phase == publish.Monitoring {
			// Statements are newest first: the last seen is the first.
			out.MonitoringAt = apiTimePtr(&st.PublishedAt)
		}
		out.IncidentUpdates = append(out.IncidentUpdates, m.apiUpdate(inc, st))
	}
	for _, id := range inc.Components {
		if c, ok := m.components[id]; ok {
			out.Components = append(out.Components, m.apiComponent(c))
		}
	}
	return out
}

func (m *model) apiUpdate(inc publish.SiteIncident, st publish.SiteStatement) apiUpdate {
	txt := m.text(m.defaultLang, st.Texts)
	body := txt.Body
	if txt.Title != "" {
		body = txt.Title + "\n\n" + plainText(txt.Body)
	}
	at := apiTime(st.PublishedAt)
	u := apiUpdate{ID: st.PublicID, Status: string(st.Phase), Body: body, IncidentID: inc.PublicID,
		CreatedAt: at, UpdatedAt: at, DisplayAt: at, DeliverNotifications: true}
	for _, id := range st.Components {
		c, ok := m.components[id]
		if !ok {
			continue
		}
		now := statusAt(c, st.PublishedAt)
		before := statusAt(c, st.PublishedAt.Add(-time.Minute))
		u.AffectedComponents = append(u.AffectedComponents, apiAffected{Code: c.PublicID,
			Name: m.pick(m.defaultLang, c.Names), OldStatus: string(before), NewStatus: string(now)})
	}
	return u
}

func (m *model) apiIncidents(unresolvedOnly bool) []apiIncident {
	out := []apiIncident{}
	for _, inc := range m.site.Incidents {
		if unresolvedOnly && inc.Phase == publish.Resolved {
			continue
		}
		out = append(out, m.apiIncident(inc))
	}
	return out
}

// renderAPI renders the five documents.
func renderAPI(sn *snapshot, m *model, modified time.Time) error {
	page := m.apiPage(modified)
	docs := map[string]any{
		"summary.json": map[string]any{"page": page, "status": m.apiStatus(), "components": m.apiComponents(),
			"incidents": m.apiIncidents(true), "scheduled_maintenances": []any{}},
		"status.json":               map[string]any{"page": page, "status": m.apiStatus()},
		"components.json":           map[string]any{"page": page, "components": m.apiComponents()},
		"incidents.json":            map[string]any{"page": page, "incidents": m.apiIncidents(false)},
		"incidents/unresolved.json": map[string]any{"page": page, "incidents": m.apiIncidents(true)},
	}
	for name, v := range docs {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		d := newDoc(b, "application/json", pageCache, modified, http.StatusOK)
		d.cors = true
		sn.docs["/api/v2/"+name] = d
	}
	return nil
}
