package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

type accountPage struct {
	*page
	Tokens   []auth.Token
	Zones    []string
	DeskZone string
	// NewToken is a token just created: shown once, never again.
	NewToken     string
	NewTokenName string
}

// handleAccount shows the user's own account: profile, password, second
// factor and API tokens.
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.renderAccount(w, r, c, http.StatusOK, nil, nil)
}

// renderAccount shows the account page. With form, the form that was sent
// is shown again with the error's field messages; passwords are never sent
// back.
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, c *caller, status int, form url.Values, err error) error {
	data, lerr := s.accountPageFor(r, c)
	if lerr != nil {
		return lerr
	}
	p := data.page
	for name, values := range form {
		if !isPasswordField(name) && name != "csrf" {
			p.Form[name] = values
		}
	}
	if err != nil {
		for name, key := range errs.FieldsOf(err) {
			p.Errors[name] = key
		}
		if len(p.Errors) == 0 {
			p.Problem = errs.MessageOf(err)
		}
	}
	data.Zones = zoneChoices(p.Form.Get("time_zone"), c.User.TimeZone)
	s.render(w, r, status, "account", data)
	return nil
}

// accountPageFor is the account page as stored: the profile form filled
// from the user, and their tokens.
func (s *Server) accountPageFor(r *http.Request, c *caller) (*accountPage, error) {
	tokens, err := s.cfg.Auth.Tokens(r.Context(), c.Actor, c.User.ID)
	if err != nil {
		return nil, err
	}
	p := s.newPage(r, c, "account.title")
	p.Nav = "account"
	p.Form = url.Values{"name": {c.User.Name}, "language": {c.User.Language}, "time_zone": {c.User.TimeZone}}
	return &accountPage{
		page: p, Tokens: tokens, Zones: zoneChoices(c.User.TimeZone),
		DeskZone: s.cfg.Location.String(),
	}, nil
}

// reshowOnUserError shows the form again for an error in the user's input
// (invalid, conflict) and hands any other error back for the error page.
func reshowOnUserError(err error, show func(status int) error) error {
	switch errs.CodeOf(err) {
	case errs.Invalid:
		return show(http.StatusBadRequest)
	case errs.Conflict:
		return show(http.StatusConflict)
	}
	return err
}

func isPasswordField(name string) bool {
	switch name {
	case "password", "password2", "current_password", "new_password", "new_password2", "totp_password":
		return true
	}
	return false
}

// commonZones are offered in the time zone select: where breachdesk's users
// and the authorities they report to mostly sit.
var commonZones = []string{
	"UTC",
	"Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "Europe/Amsterdam", "Europe/Brussels",
	"Europe/Luxembourg", "Europe/Paris", "Europe/Madrid", "Europe/Lisbon", "Europe/Rome",
	"Europe/London", "Europe/Dublin", "Europe/Copenhagen", "Europe/Stockholm", "Europe/Oslo",
	"Europe/Helsinki", "Europe/Warsaw", "Europe/Prague", "Europe/Budapest", "Europe/Athens",
	"Europe/Bucharest", "Europe/Istanbul",
	"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
	"America/Toronto", "America/Sao_Paulo",
	"Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai", "Asia/Hong_Kong",
	"Asia/Tokyo", "Australia/Sydney",
}

// zoneChoices are the common zones plus the user's current one and the one
// just sent, when they are valid zones not on the list.
func zoneChoices(extra ...string) []string {
	zones := slices.Clone(commonZones)
	for _, z := range extra {
		if z != "" && !slices.Contains(zones, z) && auth.ValidTimeZone(z) {
			zones = append(zones, z)
		}
	}
	return zones
}
