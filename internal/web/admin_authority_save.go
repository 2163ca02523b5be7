package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// handleAdminAuthorityCreate adds an entry to the directory. Admins only.
func (s *Server) handleAdminAuthorityCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	a := authorityFromForm(r.PostForm)
	f := checkAuthority(a)
	if _, ok := f["id"]; !ok {
		_, err := s.cfg.Obligations.Authority(r.Context(), a.ID)
		switch {
		case err == nil:
			f.Add("id", errs.Taken)
		case !errs.Is(err, errs.NotFound):
			return err
		}
	}
	return s.saveAuthority(w, r, c, "", a, f)
}

// handleAdminAuthorityUpdate saves an admin's edit of a directory entry;
// the edited entry wins over the shipped one from then on. Admins only.
func (s *Server) handleAdminAuthorityUpdate(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	old, err := s.cfg.Obligations.Authority(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	a := authorityFromForm(r.PostForm)
	a.ID = old.ID
	return s.saveAuthority(w, r, c, old.ID, a, checkAuthority(a))
}

// saveAuthority stores a when the form had no mistakes and the service
// accepts it; otherwise the form comes back with the errors.
func (s *Server) saveAuthority(w http.ResponseWriter, r *http.Request, c *caller, id string, a *obligation.Authority, f errs.Fields) error {
	err := f.Err()
	if err == nil {
		err = s.cfg.Obligations.SaveAuthority(r.Context(), c.Actor, a)
	}
	if err != nil {
		if len(errs.FieldsOf(err)) == 0 && !errs.Is(err, errs.Invalid) {
			return err
		}
		s.renderAdminAuthority(w, r, c, http.StatusBadRequest, id, r.PostForm, err)
		return nil
	}
	http.Redirect(w, r, "/admin/authorities?done=authority_saved#authority-"+url.PathEscape(a.ID), http.StatusSeeOther)
	return nil
}

// authorityFromForm reads the form, trimmed.
func authorityFromForm(form url.Values) *obligation.Authority {
	v := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	return &obligation.Authority{
		ID: strings.ToLower(v("id")), Country: strings.ToUpper(v("country")), Region: strings.ToUpper(v("region")),
		Kind: v("kind"), Name: v("name"), NameDE: v("name_de"), Website: v("website"), Portal: v("portal"),
		Email: v("email"), Phone: v("phone"), Address: v("address"), Zone: v("zone"), Notes: v("notes"),
	}
}

var (
	authorityIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
	countryPattern     = regexp.MustCompile(`^[A-Z]{2}$`)
	regionPattern      = regexp.MustCompile(`^[A-Z0-9]{1,3}$`)
)

// Lengths of the directory's texts.
const (
	maxAuthorityLine = 200
	maxAuthorityURL  = 2000
	maxAuthorityText = 4000
)

// checkAuthority finds every mistake of the form at once, before anything
// is stored; the service checks the entry again.
func checkAuthority(a *obligation.Authority) errs.Fields {
	f := errs.Fields{}
	switch {
	case a.ID == "":
		f.Add("id", errs.Required)
	case !authorityIDPattern.MatchString(a.ID):
		f.Add("id", errs.InvalidValue)
	}
	switch {
	case a.Country == "":
		f.Add("country", errs.Required)
	case !countryPattern.MatchString(a.Country):
		f.Add("country", errs.InvalidValue)
	}
	if a.Region != "" && !regionPattern.MatchString(a.Region) {
		f.Add("region", errs.InvalidValue)
	}
	if !slices.Contains(obligation.AuthorityKinds, a.Kind) {
		f.Add("kind", errs.InvalidChoice)
	}
	if a.Name == "" {
		f.Add("name", errs.Required)
	}
	for name, value := range map[string]string{"name": a.Name, "name_de": a.NameDE, "phone": a.Phone, "email": a.Email, "zone": a.Zone} {
		if utf8.RuneCountInString(value) > maxAuthorityLine {
			f.Add(name, errs.TooLong)
		}
	}
	for name, value := range map[string]string{"website": a.Website, "portal": a.Portal} {
		switch {
		case value == "":
		case len(value) > maxAuthorityURL:
			f.Add(name, errs.TooLong)
		case !webURL(value):
			f.Add(name, errs.InvalidValue)
		}
	}
	if a.Email != "" && !auth.ValidEmail(a.Email) {
		f.Add("email", errs.InvalidEmail)
	}
	if a.Zone != "" {
		if _, err := time.LoadLocation(a.Zone); err != nil || a.Zone == "Local" {
			f.Add("zone", errs.InvalidValue)
		}
	}
	for name, value := range map[string]string{"address": a.Address, "notes": a.Notes} {
		if utf8.RuneCountInString(value) > maxAuthorityText {
			f.Add(name, errs.TooLong)
		}
	}
	return f
}

// webURL reports whether s is an absolute http or https address with a
// host: what a link on the page may point to.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil &&
		!strings.ContainsAny(s, " \t\r\n")
}
