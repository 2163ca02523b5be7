package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

type adminAuthoritiesPage struct {
	*page
	Groups []authorityGroup
}

// authorityGroup is the directory's entries of one country.
type authorityGroup struct {
	Country     string
	Authorities []obligation.Authority
}

// authorityCountryOrder puts the countries the desk is mostly used for
// first; the rest follow by code.
var authorityCountryOrder = []string{"DE", "EU", "GB", "UK", "CN", "US"}

// handleAdminAuthorities lists the authority directory by country, with
// the links and addresses to reach each authority. Admins only.
func (s *Server) handleAdminAuthorities(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	list, err := s.cfg.Obligations.Authorities(r.Context())
	if err != nil {
		return err
	}
	p := s.newPage(r, c, "admin_authorities.title")
	p.Nav = "authorities"
	s.render(w, r, http.StatusOK, "admin_authorities", &adminAuthoritiesPage{page: p, Groups: groupAuthorities(list, p.Lang)})
	return nil
}

// groupAuthorities groups the directory by country, in
// authorityCountryOrder, and sorts each country's entries by region, then
// name in lang.
func groupAuthorities(list []obligation.Authority, lang string) []authorityGroup {
	rank := func(country string) int {
		if i := slices.Index(authorityCountryOrder, country); i >= 0 {
			return i
		}
		return len(authorityCountryOrder)
	}
	sorted := slices.Clone(list)
	slices.SortStableFunc(sorted, func(a, b obligation.Authority) int {
		return cmp.Or(cmp.Compare(rank(a.Country), rank(b.Country)), cmp.Compare(a.Country, b.Country),
			cmp.Compare(a.Region, b.Region), cmp.Compare(authorityName(a, lang), authorityName(b, lang)))
	})
	var groups []authorityGroup
	for _, a := range sorted {
		if n := len(groups); n == 0 || groups[n-1].Country != a.Country {
			groups = append(groups, authorityGroup{Country: a.Country})
		}
		g := &groups[len(groups)-1]
		g.Authorities = append(g.Authorities, a)
	}
	return groups
}

// Name is an authority's name in the reader's language.
func (p *adminAuthoritiesPage) Name(a obligation.Authority) string { return authorityName(a, p.Lang) }

// CountryName names a country group in the reader's language.
func (p *adminAuthoritiesPage) CountryName(code string) string {
	return p.Choice("admin_authorities.country.", code)
}
