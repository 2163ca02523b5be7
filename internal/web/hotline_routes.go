package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// hotlineRoutes are the agent console and the inquiries of an incident's
// hotline: look a caller up, say the approved thing, log the call; work
// through the inquiries (callbacks, escalations, mails) and answer them.
// The dashboard, the script editor, the settings and the phone system's
// webhook are registered by hotlineAdminRoutes. Without the hotline
// service they are left out.
//
// What was searched for, a person's data, is only ever sent in a POST's
// body, never in a path or query; a call opens the console by the phone
// system's call ID, whose number the server looks up.
func (s *Server) hotlineRoutes() {
	if s.cfg.Hotline == nil {
		return
	}
	s.page("GET /incidents/{id}/hotline", s.handleHotlineConsole)
	s.form("POST /incidents/{id}/hotline/lookup", s.handleHotlineLookup)
	s.form("POST /incidents/{id}/hotline/reveal", s.handleHotlineReveal)
	s.form("POST /incidents/{id}/hotline/resend", s.handleHotlineResend)
	s.page("GET /incidents/{id}/hotline/inquiries", s.handleHotlineInquiryList)
	s.form("POST /incidents/{id}/hotline/inquiries", s.handleHotlineInquiryLog)
	s.form("POST /incidents/{id}/hotline/bulk-reply", s.handleHotlineBulkReply)
	s.page("GET /incidents/{id}/hotline/inquiries/{iid}", s.handleHotlineInquiryShow)
	s.form("POST /incidents/{id}/hotline/inquiries/{iid}", s.handleHotlineInquiryUpdate)
	s.form("POST /incidents/{id}/hotline/inquiries/{iid}/reveal", s.handleHotlineInquiryReveal)
	s.form("POST /incidents/{id}/hotline/inquiries/{iid}/reply", s.handleHotlineInquiryReply)
	s.page("GET /incidents/{id}/hotline/attachments/{aid}", s.handleHotlineAttachment)

	s.api("GET /api/v1/incidents/{id}/inquiries", s.handleAPIInquiryList)
	s.api("POST /api/v1/incidents/{id}/inquiries", s.handleAPIInquiryCreate)
	s.api("GET /api/v1/incidents/{id}/inquiries/{iid}", s.handleAPIInquiryShow)
	s.api("PATCH /api/v1/incidents/{id}/inquiries/{iid}", s.handleAPIInquiryUpdate)

	s.hotlineAdminRoutes()
}

// hotlineFrame is what every hotline page shows: the incident's head, the
// hotline's tabs, and what the reader may do there.
type hotlineFrame struct {
	incidentFrame
	Rights hotline.Rights
	Tab    string // "console", "inquiries", or one of AdminTabs
	// AdminTabs are the admin pages of the hotline that the server has
	// (dashboard, scripts, settings), by their path below /hotline/.
	AdminTabs []string
}

// loadHotlineFrame loads the incident of the path and the reader's rights
// over its hotline. A non-member hears "not found", whatever else the path
// names.
func (s *Server) loadHotlineFrame(r *http.Request, c *caller, titleKey, tab string) (*hotlineFrame, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return nil, err
	}
	inc, acc, err := s.cfg.Incidents.Get(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	rights, err := s.cfg.Hotline.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	f := &hotlineFrame{Rights: rights, Tab: tab}
	for _, name := range hotlineAdminTabs {
		if s.hasRoute(http.MethodGet, "/incidents/{id}/hotline/"+name) && (name != "settings" || rights.Settings) {
			f.AdminTabs = append(f.AdminTabs, name)
		}
	}
	f.incidentFrame = incidentFrame{Inc: inc, Acc: acc, HeadLink: true}
	f.page = s.newPage(r, c, titleKey)
	f.page.Nav = "incidents"
	if r.Method != http.MethodGet {
		// The answer to a POST stands for the page it came from; a link
		// back (the language switch) must not send the POST again.
		f.page.Path = hotlineURL(id)
		if tab == "inquiries" {
			f.page.Path = inquiriesURL(id)
			if iid := r.PathValue("iid"); iid != "" {
				f.page.Path += "/" + iid
			}
		}
	}
	if err := s.loadDutiesBadge(r, &f.incidentFrame); err != nil {
		return nil, err
	}
	return f, nil
}

// Title is the page's own title before the incident's, for the browser tab.
func (f *hotlineFrame) Title() string { return f.T(f.TitleKey) + " · " + f.Inc.Title }

// Channel names a channel in the reader's language.
func (f *hotlineFrame) Channel(ch hotline.Channel) string {
	return f.T("inquiry.channel." + string(ch))
}

// Outcome names an outcome in the reader's language.
func (f *hotlineFrame) Outcome(o hotline.Outcome) string {
	if o == hotline.NoOutcome {
		return f.T("inquiry.outcome.none")
	}
	return f.T("inquiry.outcome." + string(o))
}

// Category names a scanner category in the reader's language.
func (f *hotlineFrame) Category(c string) string { return categoryName(f.page, c) }

// hotlineRights loads the reader's rights over incident id's hotline and
// refuses a reader without the one allowed checks. Handlers of forms call
// it before reading the form, so that an outsider hears "not found" and a
// member without the right "forbidden", whatever the form holds.
func (s *Server) hotlineRights(r *http.Request, c *caller, allowed func(hotline.Rights) bool, what string) (int64, hotline.Rights, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return 0, hotline.Rights{}, err
	}
	rights, err := s.cfg.Hotline.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return 0, rights, err
	}
	if !rights.View {
		// The service answers an outsider with "not found" itself; this
		// is for a caller it let through without any right.
		return 0, rights, errs.E(errs.NotFound, "no such incident")
	}
	if allowed != nil && !allowed(rights) {
		return 0, rights, errForbidden(what)
	}
	return id, rights, nil
}

// hotlineAdminTabs are the hotline's admin pages, in the tabs' order.
var hotlineAdminTabs = []string{"dashboard", "scripts", "settings"}

// hasRoute reports whether the server registered method path.
func (s *Server) hasRoute(method, path string) bool {
	for _, r := range s.routes {
		if r.Method == method && r.Path == path {
			return true
		}
	}
	return false
}

func mayAnswer(r hotline.Rights) bool { return r.Answer }
func mayReveal(r hotline.Rights) bool { return r.Reveal }

// approvedScript is the script version agents see, or nil when none is
// approved yet.
func (s *Server) approvedScript(r *http.Request, c *caller, id int64) (*hotline.Script, error) {
	sc, err := s.cfg.Hotline.ApprovedScript(r.Context(), c.Actor, id)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	return sc, err
}

// scriptContent is a script's text in lang, else in English, else the
// first it has; nil without a script.
func scriptContent(sc *hotline.Script, lang string) *hotline.ScriptContent {
	if sc == nil || len(sc.Contents) == 0 {
		return nil
	}
	for _, want := range []string{lang, "en"} {
		for i := range sc.Contents {
			if sc.Contents[i].Lang == want {
				return &sc.Contents[i]
			}
		}
	}
	return &sc.Contents[0]
}

// teamChoices are the active members of the team, to escalate to or to
// call back.
func (s *Server) teamChoices(r *http.Request, c *caller, id int64) ([]incident.Member, error) {
	members, err := s.cfg.Incidents.Members(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	var out []incident.Member
	for _, m := range members {
		if !m.Disabled {
			out = append(out, m)
		}
	}
	return out, nil
}

func hotlineURL(id int64) string      { return incidentURL(id) + "/hotline" }
func inquiriesURL(id int64) string    { return hotlineURL(id) + "/inquiries" }
func inquiryURL(id, iid int64) string { return inquiriesURL(id) + "/" + strconv.FormatInt(iid, 10) }

var (
	errNoPerson = errs.E(errs.NotFound, "no such person")
	errNoCall   = errs.E(errs.NotFound, "no such call: it may have ended long ago; search for the caller instead")
)
