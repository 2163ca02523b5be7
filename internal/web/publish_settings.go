package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// publishSettingsPage shows and edits the public site's settings, with
// the numbers of subscribers and mails (never an address) and the upload
// of the leaked password list.
type publishSettingsPage struct {
	*page
	Settings  *publish.Page
	Counts    *publish.Counts
	Incidents []incident.Summary
	Languages []string
	// Imported is how many hashes the last upload stored, -1 for none.
	Imported int
	// FormName names the refused form: "settings" or "passwords".
	FormName string
}

// handlePublishSettings shows the page settings; admins and leads only.
func (s *Server) handlePublishSettings(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.showPublishSettings(w, r, c, s.newPage(r, c, "publish.settings.title"), http.StatusOK, "", -1)
}

func (s *Server) showPublishSettings(w http.ResponseWriter, r *http.Request, c *caller, p *page, status int, form string, imported int) error {
	if !s.cfg.Publish.DeskRights(c.Actor).Page {
		return errForbidden("change the public site's settings")
	}
	ctx := r.Context()
	settings, err := s.cfg.Publish.Page(ctx, c.Actor)
	if err != nil {
		return err
	}
	counts, err := s.cfg.Publish.Counts(ctx, c.Actor)
	if err != nil {
		return err
	}
	incs, err := s.cfg.Incidents.List(ctx, c.Actor, false, "")
	if err != nil {
		return err
	}
	p.Nav = "public"
	if r.Method != http.MethodGet {
		p.Path = publicSettingsURL
	}
	pg := &publishSettingsPage{page: p, Settings: settings, Counts: counts, Incidents: incs,
		Languages: publish.Languages, Imported: imported, FormName: form}
	s.render(w, r, status, "publish_settings", pg)
	return nil
}

// Field is the settings form's value of name: the refused input, else
// the stored setting.
func (p *publishSettingsPage) Field(name string) string {
	if p.FormName == "settings" {
		return p.Form.Get(name)
	}
	st := p.Settings
	switch name {
	case "url":
		return st.URL
	case "default_lang":
		return st.DefaultLang
	case "press_name":
		return st.PressName
	case "press_email":
		return st.PressEmail
	case "press_phone":
		return st.PressPhone
	case "hotline_phone":
		return st.HotlinePhone
	case "hotline_email":
		return st.HotlineEmail
	case "sender_email":
		return st.SenderEmail
	case "range_incident_id":
		return strconv.FormatInt(st.RangeIncidentID, 10)
	}
	for _, lang := range publish.Languages {
		if name == "names."+lang {
			return st.Names[lang]
		}
	}
	return ""
}

// SelfCheck is whether the form shows the self-check switched on.
func (p *publishSettingsPage) SelfCheck() bool {
	if p.FormName == "settings" {
		return p.Form.Get("self_check") != ""
	}
	return p.Settings.SelfCheck
}

// Subscribers counts the subscribers in state.
func (p *publishSettingsPage) Subscribers(state publish.SubscriberState) int {
	return p.Counts.Subscribers[state]
}

// Mails counts the mails of kind in state.
func (p *publishSettingsPage) Mails(kind publish.MailKind, state publish.MailState) int {
	return p.Counts.Mails[kind][state]
}

// MailKinds and MailStates are the rows and columns of the mail counts.
func (p *publishSettingsPage) MailKinds() []publish.MailKind {
	return []publish.MailKind{publish.ConfirmMail, publish.UpdateMail, publish.SelfCheckMail}
}

func (p *publishSettingsPage) MailStates() []publish.MailState {
	return []publish.MailState{publish.MailQueued, publish.MailSending, publish.MailSent, publish.MailFailed, publish.MailDropped}
}

// SubscriberStates are the states the counts show.
func (p *publishSettingsPage) SubscriberStates() []publish.SubscriberState {
	return []publish.SubscriberState{publish.Pending, publish.Confirmed, publish.Unsubscribed}
}
