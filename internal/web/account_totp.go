package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
)

type accountTOTPPage struct {
	*page
	QR     template.URL // a data: URL of the QR code's PNG
	Secret string       // grouped in fours for typing
}

// handleAccountTOTPStart creates a new second-factor secret and goes on to
// the page that shows it.
func (s *Server) handleAccountTOTPStart(w http.ResponseWriter, r *http.Request, c *caller) error {
	if _, err := s.cfg.Auth.StartTOTP(r.Context(), c.Actor); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
	return nil
}

// handleAccountTOTPEnrolment shows the QR code and the secret of the
// enrolment in progress, and asks for a code from the app.
func (s *Server) handleAccountTOTPEnrolment(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.renderTOTPEnrolment(w, r, c, http.StatusOK, nil)
}

func (s *Server) renderTOTPEnrolment(w http.ResponseWriter, r *http.Request, c *caller, status int, err error) error {
	enrol, perr := s.cfg.Auth.PendingTOTP(r.Context(), c.Actor)
	if errs.Is(perr, errs.NotFound) {
		http.Redirect(w, r, "/account#totp", http.StatusSeeOther)
		return nil
	}
	if perr != nil {
		return perr
	}
	p := s.newPage(r, c, "account.totp_setup_title")
	p.Nav = "account"
	if err != nil {
		for name, key := range errs.FieldsOf(err) {
			p.Errors[name] = key
		}
		if len(p.Errors) == 0 {
			p.Problem = errs.MessageOf(err)
		}
	}
	s.render(w, r, status, "account_totp", &accountTOTPPage{
		page: p,
		// The enrolment is drawn by the desk itself; the CSP allows data:
		// images and nothing else from such a URL.
		QR:     template.URL(enrol.QRPNG),
		Secret: groupSecret(enrol.Secret),
	})
	return nil
}

// handleAccountTOTPConfirm turns the second factor on once the app shows a
// matching code.
func (s *Server) handleAccountTOTPConfirm(w http.ResponseWriter, r *http.Request, c *caller) error {
	err := s.cfg.Auth.ConfirmTOTP(r.Context(), c.Actor, r.PostFormValue("code"))
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			return s.renderTOTPEnrolment(w, r, c, http.StatusBadRequest, err)
		}
		return err
	}
	http.Redirect(w, r, "/account?done=account_totp_enabled#totp", http.StatusSeeOther)
	return nil
}

// handleAccountTOTPDisable turns the second factor off after checking the
// password.
func (s *Server) handleAccountTOTPDisable(w http.ResponseWriter, r *http.Request, c *caller) error {
	err := s.cfg.Auth.DisableTOTP(r.Context(), c.Actor, r.PostFormValue("totp_password"))
	if err != nil {
		// The service names the field current_password; this form's field
		// is its own, so the message lands next to the right input.
		if key, ok := errs.FieldsOf(err)["current_password"]; ok {
			err = errs.Fields{"totp_password": key}.Err()
		}
		return reshowOnUserError(err, func(status int) error {
			return s.renderAccount(w, r, c, status, r.PostForm, err)
		})
	}
	http.Redirect(w, r, "/account?done=account_totp_disabled#totp", http.StatusSeeOther)
	return nil
}

// groupSecret writes a base32 secret in groups of four, easier to type.
func groupSecret(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
