package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// notifyRoutes are the pages and API of the notification campaigns: the
// templates with their preview, the campaigns with approval, progress,
// ledger and letters, and the mail relay's settings. Without the notify
// service they are left out.
func (s *Server) notifyRoutes() {
	if s.cfg.Notify == nil {
		return
	}
	s.page("GET /incidents/{id}/templates", s.handleTemplateList)
	s.page("GET /incidents/{id}/templates/new", s.handleTemplateNew)
	s.form("POST /incidents/{id}/templates", s.handleTemplateCreate)
	s.page("GET /incidents/{id}/templates/{tid}", s.handleTemplateEdit)
	s.form("POST /incidents/{id}/templates/{tid}", s.handleTemplateUpdate)
	s.page("GET /incidents/{id}/templates/{tid}/preview", s.handleTemplatePreview)
	s.form("POST /incidents/{id}/templates/{tid}/preview", s.handleTemplatePreviewSearch)
	s.page("GET /incidents/{id}/templates/{tid}/preview.html", s.handleTemplatePreviewHTML)
	s.page("GET /incidents/{id}/templates/{tid}/preview.pdf", s.handleLetterPreviewPDF)
	s.form("POST /incidents/{id}/templates/{tid}/test", s.handleTemplateTestSend)

	s.page("GET /incidents/{id}/campaigns", s.handleCampaignList)
	s.page("GET /incidents/{id}/campaigns/new", s.handleCampaignNew)
	s.form("POST /incidents/{id}/campaigns", s.handleCampaignCreate)
	s.page("GET /incidents/{id}/campaigns/{cid}", s.handleCampaignShow)
	s.form("POST /incidents/{id}/campaigns/{cid}/approve", s.handleCampaignApprove)
	s.form("POST /incidents/{id}/campaigns/{cid}/start", s.handleCampaignStart)
	s.form("POST /incidents/{id}/campaigns/{cid}/pause", s.handleCampaignPause)
	s.form("POST /incidents/{id}/campaigns/{cid}/resume", s.handleCampaignResume)
	s.form("POST /incidents/{id}/campaigns/{cid}/cancel", s.handleCampaignCancel)
	s.form("POST /incidents/{id}/campaigns/{cid}/batches", s.handleLetterBatchCreate)
	s.page("GET /incidents/{id}/campaigns/{cid}/batches/{batch}/letters.pdf", s.handleLetterBatchPDF)
	s.page("GET /incidents/{id}/campaigns/{cid}/batches/{batch}/addresses.csv", s.handleLetterBatchCSV)
	s.form("POST /incidents/{id}/campaigns/{cid}/batches/{batch}/posted", s.handleLetterBatchPosted)
	s.page("GET /incidents/{id}/campaigns/{cid}/persons/{person}/letter.pdf", s.handleLetterPersonPDF)

	s.page("GET /admin/smtp", s.handleAdminSMTP)
	s.form("POST /admin/smtp", s.handleAdminSMTPSave)
	s.form("POST /admin/smtp/test", s.handleAdminSMTPTestMail)

	s.api("GET /api/v1/incidents/{id}/templates", s.handleAPITemplateList)
	s.api("POST /api/v1/incidents/{id}/templates", s.handleAPITemplateCreate)
	s.api("GET /api/v1/incidents/{id}/campaigns", s.handleAPICampaignList)
	s.api("POST /api/v1/incidents/{id}/campaigns", s.handleAPICampaignCreate)
	s.api("GET /api/v1/incidents/{id}/campaigns/{cid}", s.handleAPICampaignShow)
	s.api("POST /api/v1/incidents/{id}/campaigns/{cid}/approve", s.handleAPICampaignApprove)
	s.api("POST /api/v1/incidents/{id}/campaigns/{cid}/start", s.handleAPICampaignStart)
	s.api("POST /api/v1/incidents/{id}/campaigns/{cid}/pause", s.handleAPICampaignPause)
	s.api("POST /api/v1/incidents/{id}/campaigns/{cid}/resume", s.handleAPICampaignResume)
	s.api("POST /api/v1/incidents/{id}/campaigns/{cid}/cancel", s.handleAPICampaignCancel)
}

// notifyFrame is what every campaign and template page shows: the
// incident's head, a tab bar between templates and campaigns, and what the
// reader may do with them.
type notifyFrame struct {
	incidentFrame
	Rights notify.Rights
	Tab    string // "templates" or "campaigns"
}

// loadNotifyFrame loads the incident of the path and the reader's rights
// over its campaigns. A non-member hears "not found", whatever else the
// path names.
func (s *Server) loadNotifyFrame(r *http.Request, c *caller, titleKey, tab string) (*notifyFrame, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return nil, err
	}
	inc, acc, err := s.cfg.Incidents.Get(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	rights, err := s.cfg.Notify.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	f := &notifyFrame{Rights: rights, Tab: tab}
	f.incidentFrame = incidentFrame{Inc: inc, Acc: acc, HeadLink: true}
	f.page = s.newPage(r, c, titleKey)
	f.page.Nav = "incidents"
	if err := s.loadDutiesBadge(r, &f.incidentFrame); err != nil {
		return nil, err
	}
	return f, nil
}

// Title is the page's own title before the incident's, for the browser tab.
func (f *notifyFrame) Title() string { return f.T(f.TitleKey) + " · " + f.Inc.Title }

// notifyRights loads the reader's rights over incident id's campaigns
// and refuses a reader without the one allowed checks. Handlers of forms
// call it before reading the form.
func (s *Server) notifyRights(r *http.Request, c *caller, allowed func(notify.Rights) bool, what string) (int64, notify.Rights, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return 0, notify.Rights{}, err
	}
	rights, err := s.cfg.Notify.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return 0, rights, err
	}
	if allowed != nil && !allowed(rights) {
		return 0, rights, errForbidden(what)
	}
	return id, rights, nil
}

func mayEditCampaigns(r notify.Rights) bool { return r.Edit }

func templatesURL(id int64) string { return incidentURL(id) + "/templates" }
func campaignsURL(id int64) string { return incidentURL(id) + "/campaigns" }

func templateURL(id, tid int64) string { return templatesURL(id) + "/" + strconv.FormatInt(tid, 10) }
func campaignURL(id, cid int64) string { return campaignsURL(id) + "/" + strconv.FormatInt(cid, 10) }

func errForbidden(what string) error {
	return errs.E(errs.Forbidden, "your role does not allow you to %s", what)
}
