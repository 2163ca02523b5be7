package publish

import (
	"context"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// PublishStatement publishes an Approved statement: it becomes public with
// its date, the one it Replaces becomes Superseded, the listing becomes
// public, and one update mail per confirmed subscriber is queued in the
// same transaction. So either all of it happened or none: no public
// statement whose subscribers were never told, no mail for a statement
// that is not public.
func (s *Service) PublishStatement(ctx context.Context, a auth.Actor, id, statementID int64) (*Statement, error) {
	if _, err := s.may(ctx, a, id, canPublish, "publish statements"); err != nil {
		return nil, err
	}
	domain, err := s.mailDomain(ctx)
	if err != nil {
		return nil, err
	}
	var st *Statement
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		st, err = tx.Statement(ctx, id, statementID)
		if err != nil {
			return err
		}
		if st.State != Approved {
			return errs.E(errs.Conflict, "only an approved statement is published; statement %d is %s", st.ID, st.State)
		}
		// Checked again: a component may have been hidden, or the
		// statement replaced may have been replaced by another since.
		if err := checkDraft(draftOf(st), true); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, id, draftOf(st)); err != nil {
			return err
		}
		now := s.now()
		st.State, st.PublishedBy, st.PublishedAt, st.UpdatedAt = Published, a.UserID, &now, now
		if err := tx.UpdateStatement(ctx, st); err != nil {
			return err
		}
		if err := s.supersede(ctx, tx, a, id, st); err != nil {
			return err
		}
		if err := s.listPublicly(ctx, tx, a, id, st); err != nil {
			return err
		}
		queued, err := tx.QueueUpdate(ctx, st.ID, domain, now)
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "publish.statement.publish", ObjectType: "publish_statement",
			ObjectID: st.ID, Detail: map[string]any{"replaces": st.Replaces, "queued": queued}}); err != nil {
			return err
		}
		return s.systemEntry(ctx, tx, a, id, statementEvent("public_statement_published", st.ID, "queued", strconv.Itoa(queued)))
	})
	if err != nil {
		return nil, err
	}
	s.changed()
	return st, nil
}

// supersede marks the statement st replaces Superseded.
func (s *Service) supersede(ctx context.Context, tx Tx, a auth.Actor, id int64, st *Statement) error {
	if st.Replaces == 0 {
		return nil
	}
	old, err := tx.Statement(ctx, id, st.Replaces)
	if err != nil {
		return err
	}
	old.State, old.UpdatedAt = Superseded, s.now()
	if err := tx.UpdateStatement(ctx, old); err != nil {
		return err
	}
	return s.systemEntry(ctx, tx, a, id, statementEvent("public_statement_superseded", old.ID, "by", strconv.FormatInt(st.ID, 10)))
}

// listPublicly makes the incident's listing public (creating it from the
// statement's titles when it has none): a published statement is meant to
// be read.
func (s *Service) listPublicly(ctx context.Context, tx Tx, a auth.Actor, id int64, st *Statement) error {
	l, err := s.ensureListing(ctx, tx, id, st)
	if err != nil || l.Public {
		return err
	}
	l.Public, l.UpdatedAt = true, s.now()
	if err := tx.SaveListing(ctx, l); err != nil {
		return err
	}
	return s.systemEntry(ctx, tx, a, id, listingEvent(l))
}

// mailDomain is the right-hand side of the update mails' Message-IDs: the
// sender's domain (the page's sender, else its hotline address), else the
// service's.
func (s *Service) mailDomain(ctx context.Context) (string, error) {
	p, err := s.store.Page(ctx)
	if errs.Is(err, errs.NotFound) {
		return s.domain, nil
	}
	if err != nil {
		return "", err
	}
	for _, addr := range []string{p.SenderEmail, p.HotlineEmail} {
		if at := strings.LastIndexByte(addr, '@'); at >= 0 && at < len(addr)-1 {
			return addr[at+1:], nil
		}
	}
	return s.domain, nil
}
