package hotline

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// maxList bounds a page of inquiries.
const maxList = 500

// Inquiries lists inquiries, newest first, masked: the caller's contact
// masked, the subject and notes left out.
func (s *Service) Inquiries(ctx context.Context, a auth.Actor, id int64, f Filter) ([]Inquiry, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, err
	}
	if f.Now.IsZero() {
		f.Now = s.now()
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, maxList)
	rows, err := s.store.Inquiries(ctx, id, f)
	if err != nil {
		return nil, err
	}
	out := make([]Inquiry, 0, len(rows))
	for i := range rows {
		q, err := s.openInquiry(&rows[i])
		if err != nil {
			return nil, err
		}
		q.Private = maskPrivate(q.Private, false)
		out = append(out, *q)
	}
	return out, nil
}

// Inquiry returns one inquiry with its thread: the caller's contact and
// the mail addresses masked, the notes, subjects and bodies shown. The
// view is audited when it shows any of those ("inquiry.view").
func (s *Service) Inquiry(ctx context.Context, a auth.Actor, id, inquiryID int64) (*InquiryView, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, err
	}
	v, err := s.inquiryView(ctx, a, id, inquiryID, false)
	if err != nil {
		return nil, err
	}
	if len(v.Mails) == 0 && v.Private.Notes == "" && v.Private.Subject == "" {
		return v, nil
	}
	if err := s.auditOnly(ctx, a, id, auth.Event{Action: "inquiry.view", ObjectType: "inquiry", ObjectID: inquiryID,
		Detail: map[string]any{"mails": len(v.Mails)}}); err != nil {
		return nil, err
	}
	return v, nil
}

// RevealInquiry unmasks what an inquiry holds (the caller's contact, the
// mail addresses); audited ("inquiry.reveal").
func (s *Service) RevealInquiry(ctx context.Context, a auth.Actor, id, inquiryID int64) (*InquiryView, error) {
	if _, err := s.may(ctx, a, id, canReveal, "reveal a caller's contact data"); err != nil {
		return nil, err
	}
	v, err := s.inquiryView(ctx, a, id, inquiryID, true)
	if err != nil {
		return nil, err
	}
	if err := s.auditOnly(ctx, a, id, auth.Event{Action: "inquiry.reveal", ObjectType: "inquiry", ObjectID: inquiryID,
		Detail: map[string]any{"mails": len(v.Mails)}}); err != nil {
		return nil, err
	}
	return v, nil
}

// inquiryView reads an inquiry with its mails and attachments; masked
// unless reveal.
func (s *Service) inquiryView(ctx context.Context, a auth.Actor, id, inquiryID int64, reveal bool) (*InquiryView, error) {
	row, err := s.store.Inquiry(ctx, id, inquiryID)
	if err != nil {
		return nil, err
	}
	q, err := s.openInquiry(row)
	if err != nil {
		return nil, err
	}
	if !reveal {
		q.Private = maskPrivate(q.Private, true)
	}
	v := &InquiryView{Inquiry: *q, Overdue: q.Overdue(s.now()), Attachments: map[int64][]Attachment{}}
	mails, err := s.store.Mails(ctx, id, inquiryID)
	if err != nil {
		return nil, err
	}
	for i := range mails {
		m, err := s.openMail(&mails[i])
		if err != nil {
			return nil, err
		}
		if !reveal {
			m.Private = maskMail(m.Private)
		}
		v.Mails = append(v.Mails, *m)
		atts, err := s.store.Attachments(ctx, id, m.ID)
		if err != nil {
			return nil, err
		}
		for j := range atts {
			att := atts[j].Attachment
			att.Content = nil
			v.Attachments[m.ID] = append(v.Attachments[m.ID], att)
		}
	}
	if q.PersonID != 0 {
		p, err := s.people.Person(ctx, a, id, q.PersonID, false)
		switch {
		case errs.Is(err, errs.NotFound): // erased from the register since
		case err != nil:
			return nil, err
		default:
			v.Person = p
		}
	}
	return v, nil
}

// auditOnly appends one audit entry in a transaction of its own.
func (s *Service) auditOnly(ctx context.Context, a auth.Actor, id int64, ev auth.Event) error {
	return s.store.Update(ctx, func(tx Tx) error { return s.audit(ctx, tx, a, id, ev) })
}
