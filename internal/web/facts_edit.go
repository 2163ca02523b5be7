package web

import (
	"net/http"
	"slices"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

// factsPage is the form of an incident's facts.
type factsPage struct {
	incidentFrame
	factsChoices
	CanEdit bool
}

// factsChoices offers the lists of values of the facts form.
type factsChoices struct{}

func (factsChoices) Lands() []string             { return obligation.DELands }
func (factsChoices) NIS2Entities() []string      { return obligation.NIS2Entities }
func (factsChoices) NIS2Sectors() []string       { return obligation.NIS2Sectors }
func (factsChoices) HIPAARoles() []string        { return obligation.HIPAARoles }
func (factsChoices) CNGrades() []string          { return obligation.CNGrades }
func (factsChoices) BreachTypes() []string       { return obligation.BreachTypes }
func (factsChoices) ScanCategories() []string    { return obligation.ScannerCategories }
func (factsChoices) SpecialCategories() []string { return obligation.SpecialCategories }

// Checked reports whether value is among the form's values of name.
func (p *factsPage) Checked(name, value string) bool { return slices.Contains(p.Form[name], value) }

// handleFactsEdit shows the facts the duties are computed from.
func (s *Server) handleFactsEdit(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	return s.showFacts(w, r, c, id, nil)
}

func (s *Server) showFacts(w http.ResponseWriter, r *http.Request, c *caller, id int64, refused error) error {
	v, err := s.cfg.Obligations.View(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	data := &factsPage{CanEdit: v.CanDecide()}
	data.incidentFrame = incidentFrame{Inc: v.Incident, Acc: v.Access, HeadLink: true}
	data.dutiesBadge(v)
	data.page = s.newPage(r, c, "facts.title")
	data.page.Nav = "incidents"
	data.page.Form = factsValues(&v.Facts, c.Loc)
	status := http.StatusOK
	if refused != nil {
		refillForm(data.page, r, refused)
		status = statusOfForm(refused)
	}
	s.render(w, r, status, "facts", data)
	return nil
}
