package hotline

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// Limits of what an agent types.
const (
	maxCallerName = 200
	maxSubject    = 500
	maxNotes      = 20_000
	maxQuestions  = 50
	maxCallID     = 200
)

// LogInquiry records a call or another inquiry an agent took. A phone call
// counts as answered on the call; a data-subject request starts its
// one-month clock; an escalation goes to the assignee (the DPO unless the
// agent names someone) and tells them by mail. The inquiry comes back
// with its contact data masked.
func (s *Service) LogInquiry(ctx context.Context, a auth.Actor, id int64, n NewInquiry) (*Inquiry, error) {
	if _, err := s.may(ctx, a, id, canAnswer, "log inquiries"); err != nil {
		return nil, err
	}
	st, err := s.loadSettings(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	q := &Inquiry{
		IncidentID: id, Channel: n.Channel, Status: Open, Outcome: n.Outcome, Request: n.Request, Match: n.Match,
		PersonID: n.PersonID, Lang: n.Lang, Topic: strings.TrimSpace(n.Topic), Questions: n.Questions, Answer: n.Answer,
		ScriptVersion: n.ScriptVersion, Private: n.Private, CallID: strings.TrimSpace(n.CallID), AssigneeID: n.AssigneeID,
		AgentID: a.UserID, CallbackDue: n.CallbackDue, ReceivedAt: now, CreatedBy: a.UserID, UpdatedAt: now,
	}
	if q.Outcome == Escalated && q.AssigneeID == 0 {
		q.AssigneeID = st.DPOUserID
	}
	if n.ReceivedAt != nil {
		q.ReceivedAt = n.ReceivedAt.UTC().Truncate(time.Microsecond)
		if q.ReceivedAt.After(now) {
			return nil, errs.Fields{"received_at": errs.InFuture}.Err()
		}
		if q.ReceivedAt.Before(now.AddDate(-1, 0, 0)) {
			return nil, errs.Fields{"received_at": errs.InvalidTime}.Err()
		}
	}
	if err := s.checkInquiry(ctx, id, q, true); err != nil {
		return nil, err
	}
	if q.ScriptVersion == 0 {
		if sc, err := s.store.ApprovedScript(ctx, id); err == nil {
			q.ScriptVersion = sc.Version
		} else if !errs.Is(err, errs.NotFound) {
			return nil, err
		}
	}
	startClocks(q, st)
	closeIfAnswered(q, now)
	row, err := s.sealInquiry(q, s.callerKey(&q.Private))
	if err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.AddInquiry(ctx, row); err != nil {
			return err
		}
		q.ID = row.ID
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "inquiry.create", ObjectType: "inquiry", ObjectID: q.ID,
			Detail: map[string]any{"channel": q.Channel, "outcome": q.Outcome, "person_id": q.PersonID, "script_version": q.ScriptVersion}}); err != nil {
			return err
		}
		return s.afterChange(ctx, tx, a, nil, q, st)
	})
	if err != nil {
		return nil, err
	}
	out := *q
	out.Private = maskPrivate(q.Private, true)
	return &out, nil
}

// UpdateInquiry changes an inquiry: its outcome, topic, questions, the
// person linked, the assignee, the callback; notes are added with the time
// and the agent. The inquiry comes back masked.
func (s *Service) UpdateInquiry(ctx context.Context, a auth.Actor, id, inquiryID int64, ch InquiryChange) (*Inquiry, error) {
	if _, err := s.may(ctx, a, id, canAnswer, "answer inquiries"); err != nil {
		return nil, err
	}
	st, err := s.loadSettings(ctx, id)
	if err != nil {
		return nil, err
	}
	var q *Inquiry
	err = s.store.Update(ctx, func(tx Tx) error {
		row, err := tx.Inquiry(ctx, id, inquiryID)
		if err != nil {
			return err
		}
		before, err := s.openInquiry(row)
		if err != nil {
			return err
		}
		q = cloneInquiry(before)
		changed := applyChange(q, &ch, a, s.now())
		if q.Outcome == Escalated && q.AssigneeID == 0 {
			q.AssigneeID = st.DPOUserID
		}
		if err := s.checkInquiry(ctx, id, q, false); err != nil {
			return err
		}
		setRequestDue(q)
		if q.Outcome != NoOutcome && q.FirstResponseAt == nil {
			at := q.UpdatedAt
			q.FirstResponseAt = &at
		}
		if ch.Status == nil {
			closeIfAnswered(q, q.UpdatedAt)
		}
		next, err := s.sealInquiry(q, row.CallerKey)
		if err != nil {
			return err
		}
		if err := tx.UpdateInquiry(ctx, next); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "inquiry.update", ObjectType: "inquiry", ObjectID: q.ID,
			Detail: map[string]any{"fields": changed, "outcome": q.Outcome, "status": q.Status}}); err != nil {
			return err
		}
		return s.afterChange(ctx, tx, a, before, q, st)
	})
	if err != nil {
		return nil, err
	}
	out := *q
	out.Private = maskPrivate(q.Private, true)
	return &out, nil
}

func cloneInquiry(q *Inquiry) *Inquiry {
	c := *q
	c.Questions = slices.Clone(q.Questions)
	return &c
}

// applyChange applies ch to q and returns the names of the fields changed
// (for the audit; never their values).
func applyChange(q *Inquiry, ch *InquiryChange, a auth.Actor, now time.Time) []string {
	var changed []string
	if ch.Status != nil {
		q.Status = *ch.Status
		changed = append(changed, "status")
		if q.Status == Closed && q.ClosedAt == nil {
			q.ClosedAt = &now
		}
		if q.Status == Open {
			q.ClosedAt = nil
		}
	}
	if ch.Outcome != nil {
		q.Outcome = *ch.Outcome
		changed = append(changed, "outcome")
	}
	if ch.Request != nil {
		q.Request = *ch.Request
		changed = append(changed, "request")
	}
	if ch.Topic != nil {
		q.Topic = strings.TrimSpace(*ch.Topic)
		changed = append(changed, "topic")
	}
	if ch.Questions != nil {
		q.Questions = slices.Clone(*ch.Questions)
		changed = append(changed, "questions")
	}
	if ch.Answer != nil {
		q.Answer = *ch.Answer
		changed = append(changed, "answer")
	}
	if ch.PersonID != nil {
		q.PersonID = *ch.PersonID
		changed = append(changed, "person_id")
		switch {
		case q.PersonID != 0:
			q.Match = Affected
		case q.Match == Affected:
			q.Match = Unchecked
		}
	}
	if ch.AssigneeID != nil {
		q.AssigneeID = *ch.AssigneeID
		changed = append(changed, "assignee_id")
	}
	if ch.ClearCallback {
		q.CallbackDue = nil
		changed = append(changed, "callback_due")
	} else if ch.CallbackDue != nil {
		due := ch.CallbackDue.UTC()
		q.CallbackDue = &due
		changed = append(changed, "callback_due")
	}
	if notes := strings.TrimSpace(ch.Notes); notes != "" {
		stamp := fmt.Sprintf("[%s, user #%d]", now.Format("2006-01-02 15:04 MST"), a.UserID)
		if q.Private.Notes != "" {
			q.Private.Notes += "\n\n"
		}
		q.Private.Notes += stamp + " " + notes
		changed = append(changed, "notes")
	}
	q.AgentID, q.UpdatedAt = a.UserID, now
	return changed
}

// closeIfAnswered closes an inquiry answered, and opens again one that
// needs someone (a callback, the DPO, a request's answer).
func closeIfAnswered(q *Inquiry, now time.Time) {
	switch q.Outcome {
	case Answered:
		if q.Status != Closed {
			q.Status, q.ClosedAt = Closed, &now
		}
	case Callback, Escalated, DataRequest:
		q.Status, q.ClosedAt = Open, nil
	}
}

// checkInquiry validates q; field names are those of the API. Nothing the
// agent typed appears in the error.
func (s *Service) checkInquiry(ctx context.Context, id int64, q *Inquiry, isNew bool) error {
	f := errs.Fields{}
	if isNew && !slices.Contains(Channels, q.Channel) {
		f.Add("channel", errs.InvalidChoice)
	}
	if q.Status != Open && q.Status != Closed {
		f.Add("status", errs.InvalidChoice)
	}
	switch q.Outcome {
	case NoOutcome, Answered:
	case Callback:
		if q.CallbackDue == nil {
			f.Add("callback_due", errs.Required)
		}
	case Escalated:
		if q.AssigneeID == 0 {
			f.Add("assignee_id", errs.Required)
		}
	case DataRequest:
		if q.Request == NoRequest {
			f.Add("request", errs.Required)
		}
	default:
		f.Add("outcome", errs.InvalidChoice)
	}
	switch q.Request {
	case NoRequest, AccessRequest, ErasureReq, Objection:
	default:
		f.Add("request", errs.InvalidChoice)
	}
	if q.Outcome != DataRequest && q.Request != NoRequest && isNew {
		f.Add("request", errs.InvalidChoice)
	}
	if q.Lang == "" {
		q.Lang = "de"
	}
	if !validLang(q.Lang) {
		f.Add("lang", errs.InvalidChoice)
	}
	if q.Topic != "" && !validKey(q.Topic) {
		f.Add("topic", errs.InvalidChoice)
	}
	if q.Answer != "" && !validKey(q.Answer) {
		f.Add("answer", errs.InvalidChoice)
	}
	if len(q.Questions) > maxQuestions {
		f.Add("questions", errs.TooLong)
	}
	for _, k := range q.Questions {
		if !validKey(k) {
			f.Add("questions", errs.InvalidChoice)
		}
	}
	if q.ScriptVersion < 0 {
		f.Add("script_version", errs.InvalidValue)
	}
	if len(q.CallID) > maxCallID {
		f.Add("call_id", errs.TooLong)
	}
	checkPrivate(f, &q.Private)
	switch q.Match {
	case Unchecked, NotFound, Affected:
	default:
		f.Add("match", errs.InvalidChoice)
	}
	if q.PersonID < 0 {
		f.Add("person_id", errs.InvalidChoice)
	} else if q.PersonID > 0 {
		q.Match = Affected
		if _, err := s.people.Unsealed(ctx, id, q.PersonID); errs.Is(err, errs.NotFound) {
			f.Add("person_id", errs.InvalidChoice)
		} else if err != nil {
			return err
		}
	} else if q.Match == Affected {
		f.Add("person_id", errs.Required)
	}
	if q.AssigneeID < 0 {
		f.Add("assignee_id", errs.InvalidChoice)
	} else if q.AssigneeID > 0 {
		if err := s.checkAssignee(ctx, id, q.AssigneeID); errs.Is(err, errs.NotFound) {
			f.Add("assignee_id", errs.InvalidChoice)
		} else if err != nil {
			return err
		}
	}
	return f.Err()
}

// checkAssignee: an enabled user who may see the incident. NotFound
// otherwise.
func (s *Service) checkAssignee(ctx context.Context, id, userID int64) error {
	u, err := s.users.User(ctx, userID)
	if err != nil {
		return err
	}
	if u.Disabled {
		return errs.E(errs.NotFound, "no such user")
	}
	acc, err := s.incidents.Access(ctx, auth.ActorFor(u, auth.ViaSystem, ""), id)
	if err != nil {
		return err
	}
	if !acc.View {
		return errs.E(errs.NotFound, "no such user on the team")
	}
	return nil
}

// checkPrivate normalizes and bounds the caller's data.
func checkPrivate(f errs.Fields, p *Private) {
	p.CallerName = strings.TrimSpace(p.CallerName)
	if utf8.RuneCountInString(p.CallerName) > maxCallerName {
		f.Add("caller_name", errs.TooLong)
	}
	if v := strings.TrimSpace(p.CallerEmail); v != "" {
		if p.CallerEmail = people.NormalizeEmail(v); p.CallerEmail == "" {
			f.Add("caller_email", errs.InvalidEmail)
		}
	} else {
		p.CallerEmail = ""
	}
	if v := strings.TrimSpace(p.CallerPhone); v != "" {
		if p.CallerPhone = people.NormalizePhone(v, people.DefaultRegion); p.CallerPhone == "" {
			f.Add("caller_phone", errs.InvalidValue)
		}
	} else {
		p.CallerPhone = ""
	}
	if utf8.RuneCountInString(p.Subject) > maxSubject {
		f.Add("subject", errs.TooLong)
	}
	if utf8.RuneCountInString(p.Notes) > maxNotes {
		f.Add("notes", errs.TooLong)
	}
}
