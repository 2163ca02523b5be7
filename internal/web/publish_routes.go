package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// publishRoutes are the desk's pages of the public side: statements with
// their four-eyes approval, the systems status, the page's settings. The
// public site itself is internal/web/public, on its own listener.
func (s *Server) publishRoutes() {
	if s.cfg.Publish == nil {
		return
	}
	s.page("GET /incidents/{id}/public", s.handlePublishStatements)
	s.form("POST /incidents/{id}/public/statements", s.handlePublishStatementCreate)
	s.page("GET /incidents/{id}/public/statements/{stid}", s.handlePublishStatementEdit)
	s.form("POST /incidents/{id}/public/statements/{stid}", s.handlePublishStatementSave)
	s.form("POST /incidents/{id}/public/statements/{stid}/approve", s.handlePublishStatementApprove)
	s.form("POST /incidents/{id}/public/statements/{stid}/publish", s.handlePublishStatementPublish)
	s.form("POST /incidents/{id}/public/statements/{stid}/withdraw", s.handlePublishStatementWithdraw)
	s.form("POST /incidents/{id}/public/listing", s.handlePublishListingSave)

	s.page("GET /public/status", s.handlePublishStatus)
	s.form("POST /public/components", s.handlePublishComponentAdd)
	s.form("POST /public/components/{comp}", s.handlePublishComponentEdit)
	s.form("POST /public/components/{comp}/status", s.handlePublishComponentStatus)

	s.page("GET /public/settings", s.handlePublishSettings)
	s.form("POST /public/settings", s.handlePublishSettingsSave)
	s.upload("POST /public/settings/passwords", s.handlePublishPasswords)
}

// publishFrame is what every page of an incident's public side shows: the
// incident's head and what the reader may do there.
type publishFrame struct {
	incidentFrame
	Rights publish.Rights
	Desk   publish.DeskRights
	// FormName names the form that failed (its fields are refilled).
	FormName string
}

// loadPublishFrame loads the incident of the path and the reader's rights
// over its public side. A non-member hears "not found".
func (s *Server) loadPublishFrame(r *http.Request, c *caller, titleKey string) (*publishFrame, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return nil, err
	}
	inc, acc, err := s.cfg.Incidents.Get(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	rights, err := s.cfg.Publish.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	f := &publishFrame{Rights: rights, Desk: s.cfg.Publish.DeskRights(c.Actor)}
	f.incidentFrame = incidentFrame{Inc: inc, Acc: acc, HeadLink: true}
	f.page = s.newPage(r, c, titleKey)
	f.page.Nav = "incidents"
	if r.Method != http.MethodGet {
		// The answer to a POST stands for the statements page; the
		// language switch must not send the POST again.
		f.page.Path = publicURL(id)
	}
	if err := s.loadDutiesBadge(r, &f.incidentFrame); err != nil {
		return nil, err
	}
	return f, nil
}

// Title is the page's own title before the incident's, for the browser tab.
func (f *publishFrame) Title() string { return f.T(f.TitleKey) + " · " + f.Inc.Title }

// publishRights loads the reader's rights over incident id's public side
// and refuses a reader without the one allowed checks. Form handlers call
// it before reading the form, so that an outsider hears "not found" and a
// member without the right "forbidden", whatever the form holds.
func (s *Server) publishRights(r *http.Request, c *caller, allowed func(publish.Rights) bool, what string) (int64, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return 0, err
	}
	rights, err := s.cfg.Publish.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return 0, err
	}
	if !rights.View {
		return 0, errs.E(errs.NotFound, "no such incident")
	}
	if !allowed(rights) {
		return 0, errForbidden(what)
	}
	return id, nil
}

func mayWriteStatements(r publish.Rights) bool   { return r.Write }
func mayApproveStatements(r publish.Rights) bool { return r.Approve }
func mayPublishStatements(r publish.Rights) bool { return r.Publish }

func publicURL(id int64) string { return incidentURL(id) + "/public" }

const (
	publicStatusURL   = "/public/status"
	publicSettingsURL = "/public/settings"
)
