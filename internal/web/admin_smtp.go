package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// adminSMTPPage is the mail relay's settings form.
type adminSMTPPage struct {
	*page
	// Overridden: --smtp is set and wins over what is stored here.
	Overridden bool
	TLSModes   []string
}

// handleAdminSMTP shows the relay settings. The password and the DKIM key
// are never shown: the form only replaces them.
func (s *Server) handleAdminSMTP(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.showAdminSMTP(w, r, c, nil)
}

func (s *Server) showAdminSMTP(w http.ResponseWriter, r *http.Request, c *caller, refused error) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	cfg, overridden, err := s.cfg.Notify.SMTP(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	data := &adminSMTPPage{page: s.newPage(r, c, "smtp.title"), Overridden: overridden, TLSModes: []string{"starttls", "tls", "none"}}
	data.Nav = "smtp"
	data.Form = smtpValues(cfg)
	status := http.StatusOK
	if refused != nil {
		if _, sent := r.PostForm["host"]; sent {
			refillForm(data.page, r, refused)
			// Write-only: what was typed is not sent back.
			data.Form.Del("password")
			data.Form.Del("dkim_key")
		} else {
			data.Problem = errs.MessageOf(refused)
		}
		status = statusOfForm(refused)
	}
	s.render(w, r, status, "admin_smtp", data)
	return nil
}

// smtpValues fills the form from the stored settings, without secrets.
func smtpValues(cfg *notify.SMTPConfig) url.Values {
	if cfg == nil {
		cfg = &notify.SMTPConfig{}
	}
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	v := url.Values{
		"host": {cfg.Host}, "port": {num(cfg.Port)}, "tls": {cfg.TLS}, "username": {cfg.Username},
		"from": {cfg.From}, "from_name": {cfg.FromName}, "reply_to": {cfg.ReplyTo}, "helo_name": {cfg.HeloName},
		"dkim_domain": {cfg.DKIMDomain}, "dkim_selector": {cfg.DKIMSelector},
		"concurrency": {num(cfg.Concurrency)}, "per_second": {num(cfg.PerSecond)}, "per_hour": {num(cfg.PerHour)},
	}
	if cfg.TLS == "" {
		v.Set("tls", "starttls")
	}
	if cfg.InsecureSkipVerify {
		v.Set("insecure_skip_verify", "1")
	}
	return v
}
