package publish

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Rights returns what a may do with incident id's public side; NotFound
// for anyone outside the incident.
func (s *Service) Rights(ctx context.Context, a auth.Actor, id int64) (Rights, error) {
	acc, err := s.incidents.Access(ctx, a, id)
	if err != nil {
		return Rights{}, err
	}
	return rightsFor(a, acc), nil
}

// rightsFor derives the rights from the incident access and the desk role
// (see Rights). Responders and hotline agents read what goes out but write
// none of it; viewers only read.
func rightsFor(a auth.Actor, acc incident.Access) Rights {
	if !acc.View {
		return Rights{}
	}
	r := Rights{View: true}
	switch a.Role {
	case auth.RoleAdmin, auth.RoleLead:
		r.Write, r.Approve, r.Publish = true, true, true
	case auth.RoleComms:
		r.Write, r.Publish = true, true
	}
	if acc.IncidentLead() {
		r.Write, r.Approve, r.Publish = true, true, true
	}
	return r
}

// DeskRights returns what a may do with components and the page.
func (s *Service) DeskRights(a auth.Actor) DeskRights {
	switch a.Role {
	case auth.RoleAdmin, auth.RoleLead:
		return DeskRights{ViewComponents: true, Components: true, Page: true}
	case auth.RoleComms, auth.RoleResponder:
		return DeskRights{ViewComponents: true, Components: true}
	case auth.RoleHotline, auth.RoleViewer:
		// The components are on the public site anyway; the desk shows
		// them to everyone signed in.
		return DeskRights{ViewComponents: true}
	}
	return DeskRights{}
}

// need refuses with Forbidden when ok is false.
func need(ok bool, what string) error {
	if !ok {
		return errs.E(errs.Forbidden, "your role does not allow you to %s", what)
	}
	return nil
}

// may checks one right of a in incident id.
func (s *Service) may(ctx context.Context, a auth.Actor, id int64, right func(Rights) bool, what string) (Rights, error) {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return r, err
	}
	return r, need(right(r), what)
}

// mayDesk checks one desk-wide right of a.
func (s *Service) mayDesk(a auth.Actor, right func(DeskRights) bool, what string) error {
	return need(right(s.DeskRights(a)), what)
}

func canView(r Rights) bool    { return r.View }
func canWrite(r Rights) bool   { return r.Write }
func canApprove(r Rights) bool { return r.Approve }
func canPublish(r Rights) bool { return r.Publish }

func canViewComponents(r DeskRights) bool { return r.ViewComponents }
func canComponents(r DeskRights) bool     { return r.Components }
func canPage(r DeskRights) bool           { return r.Page }

// audit appends ev to the audit chain inside tx; id is the incident (0 for
// the desk-wide settings and components).
func (s *Service) audit(ctx context.Context, tx Tx, a auth.Actor, id int64, ev auth.Event) error {
	ev.IncidentID = id
	return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), ev))
}

// systemEntry records ev on incident id's timeline. Its arguments are IDs
// and counts only: the timeline is read by the whole team, and the
// statements' words are in the statements.
func (s *Service) systemEntry(ctx context.Context, tx Tx, a auth.Actor, id int64, ev incident.SystemEvent) error {
	now := s.now()
	e := &incident.Entry{
		IncidentID: id, OccurredAt: now, RecordedAt: now, AuthorID: a.UserID,
		Kind: incident.EntrySystem, Text: ev.English(), Event: &ev,
	}
	return tx.AppendEntry(ctx, e, nil)
}
