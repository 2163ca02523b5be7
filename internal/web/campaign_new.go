package web

import (
	"net/http"
	"net/url"

	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// campaignNewPage is the form of a new campaign.
type campaignNewPage struct {
	notifyFrame
	campaignChoices
	Segments  []people.SegmentView // nil without the register: the form asks for an ID
	Templates []notify.Template
	HasPeople bool
}

// handleCampaignNew shows the form of a new campaign: name, kind,
// segment, template, channel and the letter fallback.
func (s *Server) handleCampaignNew(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.showCampaignNew(w, r, c, nil)
}

// showCampaignNew shows the form; refused, when set, is why a create was
// refused, and the form is filled again.
func (s *Server) showCampaignNew(w http.ResponseWriter, r *http.Request, c *caller, refused error) error {
	f, err := s.loadNotifyFrame(r, c, "campaign.title_new", "campaigns")
	if err != nil {
		return err
	}
	if !f.Rights.Edit {
		return errForbidden("create campaigns")
	}
	data := &campaignNewPage{notifyFrame: *f, HasPeople: s.cfg.People != nil}
	if data.Templates, err = s.cfg.Notify.Templates(r.Context(), c.Actor, f.Inc.ID); err != nil {
		return err
	}
	if s.cfg.People != nil {
		if data.Segments, err = s.cfg.People.Segments(r.Context(), c.Actor, f.Inc.ID); err != nil {
			return err
		}
	}
	data.page.Form = url.Values{"kind": {string(notify.Individual)}, "channel": {string(notify.ByEmail)}, "letter_fallback": {"1"}}
	if q := r.URL.Query().Get("template"); q != "" {
		data.page.Form.Set("template", q)
	}
	status := http.StatusOK
	if refused != nil {
		refillForm(data.page, r, refused)
		status = statusOfForm(refused)
	}
	s.render(w, r, status, "campaign_new", data)
	return nil
}
