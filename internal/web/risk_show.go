package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

// riskPage is the ENISA risk assessment of an incident and the decision
// taken on it, with the history of earlier ones.
type riskPage struct {
	incidentFrame
	Assessments []obligation.Assessment
	Current     *obligation.Assessment
	Suggested   bool // the form holds a suggestion from the facts
	CanEdit     bool
}

// The factor values the form offers, with the catalog keys that explain
// them.
func (*riskPage) DPCBases() []string { return []string{"1", "2", "3", "4"} }
func (*riskPage) DPCAdjusts() []string {
	return []string{"-1", "-0.75", "-0.5", "-0.25", "0", "0.25", "0.5", "0.75", "1"}
}
func (*riskPage) EIs() []string { return []string{"0.25", "0.5", "0.75", "1"} }
func (*riskPage) CBs() []string { return []string{"0", "0.25", "0.5"} }
func (*riskPage) Advices() []obligation.Advice {
	return obligation.Advices
}

// Num writes a factor with the reader's decimal mark.
func (p *riskPage) Num(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if p.Lang == "de" {
		return strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// handleRiskShow shows the risk assessment form, filled with the newest
// assessment or, before the first, a suggestion from the facts.
func (s *Server) handleRiskShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	return s.showRisk(w, r, c, id, nil)
}

func (s *Server) showRisk(w http.ResponseWriter, r *http.Request, c *caller, id int64, refused error) error {
	v, err := s.cfg.Obligations.View(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	data := &riskPage{Assessments: v.Assessments, Current: v.Assessment(), CanEdit: v.CanDecide()}
	data.incidentFrame = incidentFrame{Inc: v.Incident, Acc: v.Access, HeadLink: true}
	data.dutiesBadge(v)
	data.page = s.newPage(r, c, "risk.title")
	data.page.Nav = "incidents"
	base := data.Current
	if base == nil {
		suggestion := obligation.SuggestAssessment(&v.Facts)
		suggestion.Compute()
		suggestion.Decision = suggestion.Advice
		base, data.Suggested = &suggestion, true
	}
	data.page.Form = assessmentValues(base)
	status := http.StatusOK
	if refused != nil {
		refillForm(data.page, r, refused)
		status = statusOfForm(refused)
	}
	s.render(w, r, status, "risk", data)
	return nil
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func assessmentValues(a *obligation.Assessment) url.Values {
	v := url.Values{}
	v.Set("dpc_base", strconv.Itoa(a.DPCBase))
	v.Set("dpc_adjust", num(a.DPCAdjust))
	v.Set("dpc_note", a.DPCNote)
	v.Set("ei", num(a.EI))
	v.Set("ei_note", a.EINote)
	v.Set("cb_confidentiality", num(a.CBConfidentiality))
	v.Set("cb_integrity", num(a.CBIntegrity))
	v.Set("cb_availability", num(a.CBAvailability))
	if a.CBMalicious {
		v.Set("cb_malicious", "on")
	}
	v.Set("cb_note", a.CBNote)
	v.Set("decision", string(a.Decision))
	v.Set("decision_reason", a.DecisionReason)
	return v
}
