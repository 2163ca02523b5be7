package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// handleRiskSave records a risk assessment and the decision on it; the
// score, level and advice are computed by the service.
func (s *Server) handleRiskSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canManage, "decide on the risk of this incident")
	if err != nil {
		return err
	}
	bad := errs.Fields{}
	a := assessmentFromForm(r.PostForm, bad)
	if err := bad.Err(); err != nil {
		return s.showRisk(w, r, c, inc.ID, err)
	}
	if _, err := s.cfg.Obligations.Assess(r.Context(), c.Actor, inc.ID, a); err != nil {
		if refusedForm("risk", r, err) == nil {
			return err
		}
		return s.showRisk(w, r, c, inc.ID, err)
	}
	seeOther(w, r, obligationsURL(inc.ID)+"?done=risk_saved")
	return nil
}

func assessmentFromForm(form url.Values, bad errs.Fields) obligation.Assessment {
	a := obligation.Assessment{
		DPCNote: form.Get("dpc_note"), EINote: form.Get("ei_note"), CBNote: form.Get("cb_note"),
		CBMalicious: form.Get("cb_malicious") != "", Decision: obligation.Advice(form.Get("decision")),
		DecisionReason: form.Get("decision_reason"),
	}
	base, err := strconv.Atoi(form.Get("dpc_base"))
	if err != nil {
		bad.Add("dpc_base", errs.InvalidChoice)
	}
	a.DPCBase = base
	a.DPCAdjust = formFloat(form, "dpc_adjust", bad)
	a.EI = formFloat(form, "ei", bad)
	a.CBConfidentiality = formFloat(form, "cb_confidentiality", bad)
	a.CBIntegrity = formFloat(form, "cb_integrity", bad)
	a.CBAvailability = formFloat(form, "cb_availability", bad)
	return a
}

// formFloat reads a factor; a German decimal comma is accepted.
func formFloat(form url.Values, name string, bad errs.Fields) float64 {
	v := strings.ReplaceAll(strings.TrimSpace(form.Get(name)), ",", ".")
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		bad.Add(name, errs.InvalidChoice)
		return 0
	}
	return f
}
