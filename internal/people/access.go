package people

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Rights returns what a may do with incident id's register.
func (s *Service) Rights(ctx context.Context, a auth.Actor, id int64) (Rights, error) {
	acc, err := s.incidents.Access(ctx, a, id)
	if err != nil {
		return Rights{}, err
	}
	return rightsFor(a, acc), nil
}

// rightsFor derives the register rights from the incident access and the
// desk role (see Rights).
func rightsFor(a auth.Actor, acc incident.Access) Rights {
	if !acc.View {
		return Rights{}
	}
	incidentLead := acc.IncidentLead()
	r := Rights{View: true}
	switch a.Role {
	case auth.RoleAdmin, auth.RoleLead:
		r.Unmask, r.Import, r.Segments, r.Erase = true, true, true, true
	case auth.RoleComms:
		r.Unmask, r.Import, r.Segments = true, true, true
	case auth.RoleResponder:
		r.Import = true
	}
	if incidentLead {
		r.Unmask, r.Import, r.Segments, r.Erase = true, true, true, true
	}
	return r
}

// need refuses with Forbidden when ok is false.
func need(ok bool, what string) error {
	if !ok {
		return errs.E(errs.Forbidden, "your role does not allow you to %s", what)
	}
	return nil
}

// mayChange checks a right for a change and that the incident exists (an
// admin outside the team gets access to any ID; the register's rows need
// a real incident).
func (s *Service) mayChange(ctx context.Context, a auth.Actor, id int64, right func(Rights) bool, what string) error {
	acc, err := s.incidents.Access(ctx, a, id)
	if err != nil {
		return err
	}
	if err := need(right(rightsFor(a, acc)), what); err != nil {
		return err
	}
	if acc.Member == nil {
		if _, _, err := s.incidents.Get(ctx, a, id); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) audit(ctx context.Context, tx Tx, a auth.Actor, id int64, ev auth.Event) error {
	ev.IncidentID = id
	return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), ev))
}

// systemEntry records ev on the incident's timeline. Its arguments are
// counts and IDs only: the timeline is read by the whole team.
func (s *Service) systemEntry(ctx context.Context, tx Tx, a auth.Actor, id int64, ev incident.SystemEvent) error {
	now := s.now()
	e := &incident.Entry{
		IncidentID: id, OccurredAt: now, RecordedAt: now, AuthorID: a.UserID,
		Kind: incident.EntrySystem, Text: ev.English(), Event: &ev,
	}
	return tx.AppendEntry(ctx, e, nil)
}
