package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// hotlineSettingsPage shows and edits an incident's hotline settings. The
// inbox URL comes with its password masked; sending the mask back keeps
// the stored password.
type hotlineSettingsPage struct {
	*hotlineFrame
	Settings *hotline.Settings
	Users    []auth.User
	Channels []hotline.Channel
	// Token is a new phone system token, shown this once, with the
	// webhook URL to paste into the phone system.
	Token      string
	WebhookURL string
}

// Inbox is the inbox URL as the form shows it: the password masked, the
// mask written plainly (a URL escapes its stars).
func (p *hotlineSettingsPage) Inbox() string {
	if p.Form.Has("inbox") {
		return p.Form.Get("inbox")
	}
	escaped := url.UserPassword("", hotline.MaskedPassword).String()[1:]
	return strings.Replace(p.Settings.Inbox, escaped, hotline.MaskedPassword, 1)
}

// SLAHours is a channel's SLA as the form's hours.
func (p *hotlineSettingsPage) SLAHours(ch hotline.Channel) string {
	if v := p.Form.Get("sla_" + string(ch)); v != "" || p.Form.Has("sla_"+string(ch)) {
		return v
	}
	d, ok := p.Settings.SLA[ch]
	if !ok {
		d = hotline.DefaultSLA[ch]
	}
	return strconv.FormatFloat(d.Hours(), 'f', -1, 64)
}

func (s *Server) handleHotlineSettings(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadHotlineFrame(r, c, "hotline_admin.settings.title", "settings")
	if err != nil {
		return err
	}
	if !f.Rights.Settings {
		return errForbidden("change the hotline's settings")
	}
	return s.showHotlineSettings(w, r, c, f, http.StatusOK, "")
}

func (s *Server) showHotlineSettings(w http.ResponseWriter, r *http.Request, c *caller, f *hotlineFrame, status int, token string) error {
	st, err := s.cfg.Hotline.Settings(r.Context(), c.Actor, f.Inc.ID)
	if err != nil {
		return err
	}
	users, err := s.cfg.Auth.ActiveUsers(r.Context())
	if err != nil {
		return err
	}
	pg := &hotlineSettingsPage{hotlineFrame: f, Settings: st, Users: users, Channels: hotline.Channels, Token: token}
	if token != "" {
		pg.WebhookURL = s.baseURL(r) + "/api/v1/cti/" + url.PathEscape(token)
	}
	s.render(w, r, status, "hotline_settings", pg)
	return nil
}

// baseURL is how the browser reached the desk, for the webhook URL the
// phone system is to call.
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if s.isTLS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) handleHotlineSettingsSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	if _, _, err := s.hotlineRights(r, c, mayChangeHotline, "change the hotline's settings"); err != nil {
		return err
	}
	f, err := s.loadHotlineFrame(r, c, "hotline_admin.settings.title", "settings")
	if err != nil {
		return err
	}
	st, err := settingsFromForm(r.PostForm)
	if err == nil {
		err = s.cfg.Hotline.SaveSettings(r.Context(), c.Actor, f.Inc.ID, *st)
	}
	if err != nil {
		if code := errs.CodeOf(err); code != errs.Invalid && code != errs.Conflict {
			return err
		}
		refillForm(f.page, r, err)
		// A typed inbox URL holds a password: it is not sent back; the
		// stored one shows, masked.
		f.page.Form.Del("inbox")
		return s.showHotlineSettings(w, r, c, f, statusOfForm(err), "")
	}
	seeOther(w, r, hotlineSettingsURL(f.Inc.ID)+"?done=hotline_settings_saved")
	return nil
}

// settingsFromForm reads the settings form. Field errors name the field.
func settingsFromForm(form url.Values) (*hotline.Settings, error) {
	fields := errs.Fields{}
	st := &hotline.Settings{SLA: map[hotline.Channel]time.Duration{},
		Inbox:        strings.TrimSpace(form.Get("inbox")),
		InboxAddress: strings.TrimSpace(form.Get("inbox_address")),
		FromName:     strings.TrimSpace(form.Get("from_name")),
		Acknowledge:  form.Get("acknowledge") != "",
		Press:        strings.TrimSpace(form.Get("press")),
	}
	for _, ch := range hotline.Channels {
		name := "sla_" + string(ch)
		v := strings.TrimSpace(strings.ReplaceAll(form.Get(name), ",", "."))
		if v == "" {
			st.SLA[ch] = hotline.DefaultSLA[ch]
			continue
		}
		h, err := strconv.ParseFloat(v, 64)
		if err != nil || h < 0 || h > 24*31 {
			fields.Add(name, errs.InvalidValue)
			continue
		}
		st.SLA[ch] = time.Duration(h * float64(time.Hour)).Round(time.Minute)
	}
	if v := form.Get("dpo"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			fields.Add("dpo", errs.InvalidChoice)
		}
		st.DPOUserID = id
	}
	if err := fields.Err(); err != nil {
		return nil, err
	}
	return st, nil
}

// handleHotlineCTIToken makes a new token for the phone system's webhook
// and shows it once; the token it replaces stops working.
func (s *Server) handleHotlineCTIToken(w http.ResponseWriter, r *http.Request, c *caller) error {
	if _, _, err := s.hotlineRights(r, c, mayChangeHotline, "change the hotline's settings"); err != nil {
		return err
	}
	f, err := s.loadHotlineFrame(r, c, "hotline_admin.settings.title", "settings")
	if err != nil {
		return err
	}
	token, err := s.cfg.Hotline.NewCTIToken(r.Context(), c.Actor, f.Inc.ID)
	if err != nil {
		return err
	}
	f.page.Flash = "hotline_cti_token_created"
	return s.showHotlineSettings(w, r, c, f, http.StatusOK, token)
}
