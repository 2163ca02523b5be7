package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleAPIIncidentCreate opens an incident, optionally applying a playbook
// right away. The caller joins its team as incident lead.
func (s *Server) handleAPIIncidentCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in apiIncidentCreate
	err := decodeJSON(r, &in)
	if err != nil {
		return err
	}
	f := errs.Fields{}
	n := incident.NewIncident{
		Title: in.Title, Kind: incident.Kind(in.Kind), Severity: incident.Severity(in.Severity),
		AwareAt: parseTime("aware_at", in.AwareAt, f), DetectedAt: parseTimePtr("detected_at", in.DetectedAt, f),
		Summary: in.Summary, AffectedSystems: in.AffectedSystems, Playbook: in.Playbook, Language: in.Language,
	}
	if err := f.Err(); err != nil {
		return err
	}
	if n.Language, err = apiLanguage(in.Language, c); err != nil {
		return err
	}
	inc, err := s.cfg.Incidents.Create(r.Context(), c.Actor, n)
	if err != nil {
		return err
	}
	created(w, apiPath("/incidents/%d", inc.ID), incidentJSON(inc))
	return nil
}
