package hotline

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// RecentCalls is how far back the console's call list reaches.
const RecentCalls = 24 * time.Hour

// Calls lists the incident's calls of the last day, newest first, with
// the numbers masked and the person the register found for each (masked).
func (s *Service) Calls(ctx context.Context, a auth.Actor, id int64) ([]CallView, error) {
	rights, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !rights.View {
		return nil, errs.E(errs.Forbidden, "your role does not allow you to see the hotline")
	}
	rows, err := s.store.Calls(ctx, id, s.now().Add(-RecentCalls))
	if err != nil {
		return nil, err
	}
	persons := map[int64]*people.Person{}
	out := make([]CallView, 0, len(rows))
	for i := range rows {
		c, err := s.openCall(&rows[i])
		if err != nil {
			return nil, err
		}
		v := CallView{Call: *c}
		v.Private = maskCall(c.Private)
		if c.PersonID != 0 {
			p, ok := persons[c.PersonID]
			if !ok {
				p, err = s.people.Unsealed(ctx, id, c.PersonID)
				switch {
				case errs.Is(err, errs.NotFound): // merged or deleted since the call
					p = nil
				case err != nil:
					return nil, err
				default:
					p.Contact = people.MaskContact(p.Contact)
				}
				persons[c.PersonID] = p
			}
			if p != nil {
				v.Person = p
				v.Affected = !p.Erased
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// maskCall hides the numbers of a call as the register masks a phone
// number: the country code and the last two digits. The agent's name as
// the phone system gives it is a colleague's and stays.
func maskCall(p CallPrivate) CallPrivate {
	m := people.MaskContact(people.Contact{Phones: []string{p.From, p.To, p.AnsweringNumber}}).Phones
	out := CallPrivate{User: p.User}
	for i, dst := range []*string{&out.From, &out.To, &out.AnsweringNumber} {
		if v := []string{p.From, p.To, p.AnsweringNumber}[i]; v != "" {
			*dst = m[i]
		}
	}
	return out
}
