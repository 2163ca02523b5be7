package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleContactSave adds an outside contact (POST .../contacts) or fills
// in and changes one (POST .../contacts/{contact}), such as the police unit
// or the insurer's hotline that a playbook asked for.
func (s *Server) handleContactSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canEditTasks, "change contacts")
	if err != nil {
		return err
	}
	var contactID int64
	formID := "contact-new"
	if r.PathValue("contact") != "" {
		if contactID, err = pathID(r, "contact", "contact"); err != nil {
			return err
		}
		formID = "contact-" + strconv.FormatInt(contactID, 10)
	}
	in := incident.Contact{
		ID: contactID, Role: r.PostFormValue("role"), Label: r.PostFormValue("label"),
		Name: r.PostFormValue("name"), Organization: r.PostFormValue("organization"),
		Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"), Notes: r.PostFormValue("notes"),
	}
	saved, err := s.cfg.Incidents.SaveContact(r.Context(), c.Actor, inc.ID, in)
	if err != nil {
		ff := refusedForm(formID, r, err)
		if ff == nil {
			return err
		}
		return s.showIncident(w, r, c, inc.ID, statusOfForm(err), ff)
	}
	seeOther(w, r, incidentURL(inc.ID)+"?done=contact_saved#contact-"+strconv.FormatInt(saved.ID, 10))
	return nil
}
