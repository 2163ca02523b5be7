package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// handleAdminSMTPSave stores the relay settings. An empty password or DKIM
// key keeps the stored one. Admins only.
func (s *Server) handleAdminSMTPSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	f := errs.Fields{}
	cfg := smtpFromForm(r.PostForm, f)
	err := f.Err()
	if err == nil {
		err = s.cfg.Notify.SaveSMTP(r.Context(), c.Actor, cfg)
	}
	if err != nil {
		if !errs.Is(err, errs.Invalid) {
			return err
		}
		return s.showAdminSMTP(w, r, c, err)
	}
	seeOther(w, r, "/admin/smtp?done=smtp_saved")
	return nil
}

// smtpFromForm reads the settings form; numbers that do not read are
// errors on their fields.
func smtpFromForm(form url.Values, f errs.Fields) notify.SMTPConfig {
	num := func(name string) int {
		v := strings.TrimSpace(form.Get(name))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			f.Add(name, errs.InvalidValue)
			return 0
		}
		return n
	}
	str := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	return notify.SMTPConfig{
		Host: str("host"), Port: num("port"), TLS: form.Get("tls"), Username: str("username"),
		Password: form.Get("password"), From: str("from"), FromName: str("from_name"), ReplyTo: str("reply_to"),
		HeloName: str("helo_name"), DKIMDomain: str("dkim_domain"), DKIMSelector: str("dkim_selector"),
		DKIMKey: strings.TrimSpace(form.Get("dkim_key")), Concurrency: num("concurrency"), PerSecond: num("per_second"),
		PerHour: num("per_hour"), InsecureSkipVerify: form.Get("insecure_skip_verify") != "",
	}
}
