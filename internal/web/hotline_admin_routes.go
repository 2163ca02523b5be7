package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/hotline"
)

// hotlineAdminRoutes are the hotline's pages for those who run it: the
// dashboard, the call script and FAQ with their approval, the settings
// (SLA, inbox, DPO, the phone system's token); the stream of call events
// the open consoles listen to; and the phone system's webhook, which has
// no session: the token in its path names the incident.
func (s *Server) hotlineAdminRoutes() {
	if s.cfg.Hotline == nil {
		return
	}
	s.ctiLimit = newCTILimiter()
	s.add(KindOpen, "POST /api/v1/cti/{token}", maxCTIBody, http.HandlerFunc(s.handleCTIWebhook))
	s.page("GET /incidents/{id}/hotline/calls/events", s.handleHotlineCallEvents)

	s.page("GET /incidents/{id}/hotline/dashboard", s.handleHotlineDashboard)

	s.page("GET /incidents/{id}/hotline/scripts", s.handleHotlineScripts)
	s.form("POST /incidents/{id}/hotline/scripts", s.handleHotlineScriptNew)
	s.page("GET /incidents/{id}/hotline/scripts/{sid}", s.handleHotlineScript)
	s.form("POST /incidents/{id}/hotline/scripts/{sid}", s.handleHotlineScriptSave)
	s.form("POST /incidents/{id}/hotline/scripts/{sid}/approve", s.handleHotlineScriptApprove)

	s.page("GET /incidents/{id}/hotline/settings", s.handleHotlineSettings)
	s.form("POST /incidents/{id}/hotline/settings", s.handleHotlineSettingsSave)
	s.form("POST /incidents/{id}/hotline/settings/cti-token", s.handleHotlineCTIToken)
}

func mayWriteScripts(r hotline.Rights) bool  { return r.WriteScripts }
func mayChangeHotline(r hotline.Rights) bool { return r.Settings }

func hotlineScriptsURL(id int64) string  { return hotlineURL(id) + "/scripts" }
func hotlineSettingsURL(id int64) string { return hotlineURL(id) + "/settings" }
func hotlineScriptURL(id, sid int64) string {
	return hotlineScriptsURL(id) + "/" + strconv.FormatInt(sid, 10)
}
