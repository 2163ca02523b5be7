package hotline

import "github.com/breachdesk/breachdesk/internal/people"

// maskPrivate masks what an inquiry holds, as the register masks a
// person (people.MaskContact). With text false the subject and the notes
// are dropped too (lists); with text true they stay (the one inquiry an
// agent opens, which is audited).
func maskPrivate(p Private, text bool) Private {
	c := people.MaskContact(people.Contact{Name: p.CallerName, Emails: nonEmpty(p.CallerEmail), Phones: nonEmpty(p.CallerPhone)})
	out := Private{CallerName: c.Name}
	if len(c.Emails) > 0 {
		out.CallerEmail = c.Emails[0]
	}
	if len(c.Phones) > 0 {
		out.CallerPhone = c.Phones[0]
	}
	if text {
		out.Subject, out.Notes = p.Subject, p.Notes
	}
	return out
}

// maskMail masks a mail's addresses; the subject, the bodies and the
// attachment names stay (the agent reads them in an audited view).
func maskMail(m MailPrivate) MailPrivate {
	c := people.MaskContact(people.Contact{Emails: nonEmpty(m.From)})
	if len(c.Emails) > 0 {
		m.From = c.Emails[0]
	}
	c = people.MaskContact(people.Contact{Emails: nonEmpty(m.To)})
	if len(c.Emails) > 0 {
		m.To = c.Emails[0]
	}
	return m
}

func nonEmpty(v string) []string {
	if v == "" {
		return nil
	}
	return []string{v}
}
