package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleAPIIncidentUpdate changes the fields present in the body; null for
// detected_at clears it. Changes of status, severity, kind and awareness go
// on the timeline.
func (s *Server) handleAPIIncidentUpdate(w http.ResponseWriter, r *http.Request, c *caller) error {
	// Access first, so that an outsider hears "not found" and a member
	// without the right "forbidden", whatever the body holds.
	inc, _, err := s.loadIncidentFor(r, c, canManage, "change this incident")
	if err != nil {
		return err
	}
	id := inc.ID
	var in apiIncidentPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := incidentPatch(&in)
	if err != nil {
		return err
	}
	inc, err = s.cfg.Incidents.Update(r.Context(), c.Actor, id, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, incidentJSON(inc))
	return nil
}

func incidentPatch(in *apiIncidentPatch) (incident.Patch, error) {
	f := errs.Fields{}
	p := incident.Patch{
		Title:           in.Title.ptr("title", f),
		Kind:            (*incident.Kind)(in.Kind.ptr("kind", f)),
		Severity:        (*incident.Severity)(in.Severity.ptr("severity", f)),
		Status:          (*incident.Status)(in.Status.ptr("status", f)),
		AwareAt:         parseTimePtr("aware_at", in.AwareAt.ptr("aware_at", f), f),
		Summary:         in.Summary.ptr("summary", f),
		AffectedSystems: in.AffectedSystems.ptr("affected_systems", f),
	}
	if in.DetectedAt.Set {
		if in.DetectedAt.Null {
			p.ClearDetectedAt = true
		} else {
			p.DetectedAt = parseTimePtr("detected_at", &in.DetectedAt.Value, f)
		}
	}
	return p, f.Err()
}
