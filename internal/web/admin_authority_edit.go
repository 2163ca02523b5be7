package web

import (
	"net/http"
	"net/url"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

type adminAuthorityPage struct {
	*page
	// ID is the entry being edited; "" for a new one.
	ID    string
	Kinds []string
}

// handleAdminAuthorityEdit shows the form to edit a directory entry.
// Admins only.
func (s *Server) handleAdminAuthorityEdit(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	a, err := s.cfg.Obligations.Authority(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	s.renderAdminAuthority(w, r, c, http.StatusOK, a.ID, authorityForm(a), nil)
	return nil
}

// handleAdminAuthorityNew shows the form to add an entry to the directory.
// Admins only.
func (s *Server) handleAdminAuthorityNew(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	s.renderAdminAuthority(w, r, c, http.StatusOK, "", url.Values{"kind": {"dpa"}}, nil)
	return nil
}

// authorityFields are the form's fields, named as the directory's JSON, so
// that the service's field errors land on them.
var authorityFields = []string{"id", "country", "region", "kind", "name", "name_de", "website", "portal",
	"email", "phone", "address", "zone", "notes"}

// authorityForm fills the form with an entry.
func authorityForm(a *obligation.Authority) url.Values {
	return url.Values{
		"id": {a.ID}, "country": {a.Country}, "region": {a.Region}, "kind": {a.Kind}, "name": {a.Name},
		"name_de": {a.NameDE}, "website": {a.Website}, "portal": {a.Portal}, "email": {a.Email},
		"phone": {a.Phone}, "address": {a.Address}, "zone": {a.Zone}, "notes": {a.Notes},
	}
}

// renderAdminAuthority shows the edit form (id set) or the form for a new
// entry, with the field errors of a refused save.
func (s *Server) renderAdminAuthority(w http.ResponseWriter, r *http.Request, c *caller, status int, id string, form url.Values, err error) {
	title := "admin_authority.new_title"
	if id != "" {
		title = "admin_authority.edit_title"
	}
	p := s.newPage(r, c, title)
	p.Nav = "authorities"
	for _, name := range authorityFields {
		p.Form.Set(name, form.Get(name))
	}
	if id != "" {
		p.Form.Set("id", id)
	}
	if err != nil {
		for name, key := range errs.FieldsOf(err) {
			p.Errors[name] = key
		}
		if len(p.Errors) == 0 {
			p.Problem = errs.MessageOf(err)
		}
	}
	s.render(w, r, status, "admin_authority", &adminAuthorityPage{page: p, ID: id, Kinds: obligation.AuthorityKinds})
}
