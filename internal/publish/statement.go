package publish

import (
	"context"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Statements lists the incident's statements, newest first.
func (s *Service) Statements(ctx context.Context, a auth.Actor, id int64) ([]Statement, error) {
	if _, err := s.may(ctx, a, id, canView, "see the public statements"); err != nil {
		return nil, err
	}
	return s.store.Statements(ctx, id)
}

// Statement returns one statement.
func (s *Service) Statement(ctx context.Context, a auth.Actor, id, statementID int64) (*Statement, error) {
	if _, err := s.may(ctx, a, id, canView, "see the public statements"); err != nil {
		return nil, err
	}
	return s.store.Statement(ctx, id, statementID)
}

// CreateStatement starts a Draft (creating the incident's Listing, not
// public, with the statement's titles when it has none).
func (s *Service) CreateStatement(ctx context.Context, a auth.Actor, id int64, d StatementDraft) (*Statement, error) {
	if _, err := s.may(ctx, a, id, canWrite, "write public statements"); err != nil {
		return nil, err
	}
	d = cleanDraft(d)
	if err := checkDraft(d, false); err != nil {
		return nil, err
	}
	var st *Statement
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := checkRefs(ctx, tx, id, d); err != nil {
			return err
		}
		now := s.now()
		st = &Statement{IncidentID: id, PublicID: newPublicID(), Kind: d.Kind, Phase: d.Phase, Texts: d.Texts,
			Components: d.Components, Replaces: d.Replaces, State: Draft, AuthorID: a.UserID, CreatedAt: now, UpdatedAt: now}
		if err := tx.AddStatement(ctx, st); err != nil {
			return err
		}
		if _, err := s.ensureListing(ctx, tx, id, st); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "publish.statement.create", ObjectType: "publish_statement",
			ObjectID: st.ID, Detail: map[string]any{"kind": string(st.Kind), "replaces": st.Replaces}}); err != nil {
			return err
		}
		return s.systemEntry(ctx, tx, a, id, statementEvent("public_statement_drafted", st.ID, "kind", string(st.Kind)))
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// EditStatement changes a Draft, or an Approved statement (which goes back
// to Draft: the approval was for other words). Only its author edits it,
// as with the hotline's script: whoever approves a statement then never
// wrote any of its words. A colleague who wants other words withdraws it
// and writes a new one. An empty Kind keeps the statement's kind; another
// kind is refused (a press release that became an FAQ is a new
// statement).
func (s *Service) EditStatement(ctx context.Context, a auth.Actor, id, statementID int64, d StatementDraft) (*Statement, error) {
	if _, err := s.may(ctx, a, id, canWrite, "write public statements"); err != nil {
		return nil, err
	}
	d = cleanDraft(d)
	var st *Statement
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		st, err = tx.Statement(ctx, id, statementID)
		if err != nil {
			return err
		}
		switch {
		case st.State != Draft && st.State != Approved:
			return errs.E(errs.Conflict, "statement %d is %s and stays as it is; write a new version that replaces it", st.ID, st.State)
		case a.UserID == 0 || a.UserID != st.AuthorID:
			return errs.E(errs.Forbidden, "a statement is changed only by its author; withdraw it and write a new one")
		}
		if d.Kind == "" {
			d.Kind = st.Kind
		}
		if d.Kind != st.Kind {
			return errs.Fields{"kind": errs.InvalidChoice}.Err()
		}
		if err := checkDraft(d, false); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, id, d); err != nil {
			return err
		}
		wasApproved := st.State == Approved
		st.Phase, st.Texts, st.Components, st.Replaces = d.Phase, d.Texts, d.Components, d.Replaces
		st.State, st.ApprovedBy, st.ApprovedAt, st.UpdatedAt = Draft, 0, nil, s.now()
		if err := tx.UpdateStatement(ctx, st); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "publish.statement.edit", ObjectType: "publish_statement",
			ObjectID: st.ID, Detail: map[string]any{"approval_reset": wasApproved}}); err != nil {
			return err
		}
		return s.systemEntry(ctx, tx, a, id, statementEvent("public_statement_edited", st.ID))
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// statementEvent is a timeline event about a statement; more holds
// further name/value pairs.
func statementEvent(name string, statementID int64, more ...string) incident.SystemEvent {
	args := map[string]string{"statement": strconv.FormatInt(statementID, 10)}
	for i := 0; i+1 < len(more); i += 2 {
		args[more[i]] = more[i+1]
	}
	return incident.SystemEvent{Name: name, Args: args}
}
