package publish

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// ApproveStatement approves a Draft; the approver must not be its author
// (four-eyes), and the draft must say it in every language.
func (s *Service) ApproveStatement(ctx context.Context, a auth.Actor, id, statementID int64) (*Statement, error) {
	if _, err := s.may(ctx, a, id, canApprove, "approve public statements"); err != nil {
		return nil, err
	}
	var st *Statement
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		st, err = tx.Statement(ctx, id, statementID)
		if err != nil {
			return err
		}
		switch {
		case st.State != Draft:
			return errs.E(errs.Conflict, "only a draft can be approved; statement %d is %s", st.ID, st.State)
		case a.UserID == 0 || a.UserID == st.AuthorID:
			return errs.E(errs.Forbidden, "four eyes: a statement is approved by someone other than its author")
		}
		if err := checkDraft(draftOf(st), true); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, id, draftOf(st)); err != nil {
			return err
		}
		now := s.now()
		st.State, st.ApprovedBy, st.ApprovedAt, st.UpdatedAt = Approved, a.UserID, &now, now
		if err := tx.UpdateStatement(ctx, st); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "publish.statement.approve", ObjectType: "publish_statement",
			ObjectID: st.ID, Detail: map[string]any{"author": st.AuthorID}}); err != nil {
			return err
		}
		return s.systemEntry(ctx, tx, a, id, statementEvent("public_statement_approved", st.ID))
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// WithdrawStatement gives up a Draft or Approved statement. A published
// one is never withdrawn: what was said publicly stays on the record, and
// a correction is a new version that replaces it.
func (s *Service) WithdrawStatement(ctx context.Context, a auth.Actor, id, statementID int64) (*Statement, error) {
	if _, err := s.may(ctx, a, id, canWrite, "write public statements"); err != nil {
		return nil, err
	}
	var st *Statement
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		st, err = tx.Statement(ctx, id, statementID)
		if err != nil {
			return err
		}
		if st.State != Draft && st.State != Approved {
			return errs.E(errs.Conflict, "only a draft or an approved statement can be withdrawn; statement %d is %s", st.ID, st.State)
		}
		from := st.State
		st.State, st.UpdatedAt = Withdrawn, s.now()
		if err := tx.UpdateStatement(ctx, st); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "publish.statement.withdraw", ObjectType: "publish_statement",
			ObjectID: st.ID, Detail: map[string]any{"from": string(from)}}); err != nil {
			return err
		}
		return s.systemEntry(ctx, tx, a, id, statementEvent("public_statement_withdrawn", st.ID))
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}
