package hotline

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Rights returns what a may do with incident id's hotline; NotFound for
// anyone outside the incident.
func (s *Service) Rights(ctx context.Context, a auth.Actor, id int64) (Rights, error) {
	acc, err := s.incidents.Access(ctx, a, id)
	if err != nil {
		return Rights{}, err
	}
	return rightsFor(a, acc), nil
}

// rightsFor derives the hotline rights from the incident access and the
// desk role (see Rights). The hotline role answers and reveals, one caller
// at a time; it writes no script and changes no setting.
func rightsFor(a auth.Actor, acc incident.Access) Rights {
	if !acc.View {
		return Rights{}
	}
	r := Rights{View: true}
	switch a.Role {
	case auth.RoleAdmin, auth.RoleLead:
		r.Answer, r.Reveal, r.WriteScripts, r.ApproveScripts, r.Settings = true, true, true, true, true
	case auth.RoleComms:
		r.Answer, r.Reveal, r.WriteScripts = true, true, true
	case auth.RoleHotline:
		r.Answer, r.Reveal = true, true
	}
	if acc.IncidentLead() {
		r.Answer, r.Reveal, r.WriteScripts, r.ApproveScripts, r.Settings = true, true, true, true, true
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

// may checks one right of a in incident id.
func (s *Service) may(ctx context.Context, a auth.Actor, id int64, right func(Rights) bool, what string) (Rights, error) {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return r, err
	}
	return r, need(right(r), what)
}

func canView(r Rights) bool     { return r.View }
func canAnswer(r Rights) bool   { return r.Answer }
func canReveal(r Rights) bool   { return r.Reveal }
func canWrite(r Rights) bool    { return r.WriteScripts }
func canApprove(r Rights) bool  { return r.ApproveScripts }
func canSettings(r Rights) bool { return r.Settings }

// audit appends ev to the audit chain inside tx.
func (s *Service) audit(ctx context.Context, tx Tx, a auth.Actor, id int64, ev auth.Event) error {
	ev.IncidentID = id
	return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), ev))
}

// systemEntry records ev on the incident's timeline. Its arguments are
// IDs and counts only: the timeline is read by the whole team.
func (s *Service) systemEntry(ctx context.Context, tx Tx, a auth.Actor, id int64, ev incident.SystemEvent) error {
	now := s.now()
	e := &incident.Entry{
		IncidentID: id, OccurredAt: now, RecordedAt: now, AuthorID: a.UserID,
		Kind: incident.EntrySystem, Text: ev.English(), Event: &ev,
	}
	return tx.AppendEntry(ctx, e, nil)
}
