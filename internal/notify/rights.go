package notify

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Rights returns what a may do with incident id's campaigns; NotFound for
// anyone outside the incident.
func (s *Service) Rights(ctx context.Context, a auth.Actor, id int64) (Rights, error) {
	acc, err := s.incidents.Access(ctx, a, id)
	if err != nil {
		return Rights{}, err
	}
	return rightsFor(a, acc), nil
}

// rightsFor derives the rights from the actor's role and their place in
// the incident's team.
func rightsFor(a auth.Actor, acc incident.Access) Rights {
	if !acc.View {
		return Rights{}
	}
	incidentLead := acc.IncidentLead()
	r := Rights{View: true}
	switch a.Role {
	case auth.RoleAdmin, auth.RoleLead, auth.RoleComms:
		r.Edit = true
	}
	r.Edit = r.Edit || incidentLead
	r.Approve = a.Role == auth.RoleLead || a.Role == auth.RoleComms || incidentLead
	// The hotline answers the person on the phone and sends their
	// notification again when it did not arrive; a viewer or responder
	// does not.
	switch a.Role {
	case auth.RoleHotline, auth.RoleComms, auth.RoleLead, auth.RoleAdmin:
		r.Resend = true
	}
	r.Resend = r.Resend || incidentLead
	return r
}

// need returns errs.Forbidden unless ok.
func need(ok bool, what string) error {
	if !ok {
		return errs.E(errs.Forbidden, "your role does not allow you to %s", what)
	}
	return nil
}

// editRights checks that a may write templates and campaigns of incident
// id.
func (s *Service) editRights(ctx context.Context, a auth.Actor, id int64, what string) error {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return err
	}
	return need(r.Edit, what)
}
