package hotline

import (
	"context"
	"slices"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// maxCallers bounds the callers a lookup shows with their whole panel (a
// name shared by many): the agent narrows the search instead.
const maxCallers = 20

// maxQuery bounds a lookup's query.
const maxQuery = 500

// earlierInquiries bounds the earlier inquiries a caller's panel lists.
const earlierInquiries = 20

// Lookup finds callers by e-mail, phone (any format), name, customer
// number or ID number, through the register's blind indexes; masked. When
// nobody matches, NotFound says so honestly: "not found in the data
// analysed so far". The lookup is audited without its query.
func (s *Service) Lookup(ctx context.Context, a auth.Actor, id int64, query, lang string) (*LookupResult, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, err
	}
	query = strings.TrimSpace(query)
	switch {
	case query == "":
		return nil, errs.Fields{"q": errs.Required}.Err()
	case len(query) > maxQuery:
		return nil, errs.Fields{"q": errs.TooLong}.Err()
	}
	script, err := s.approved(ctx, id)
	if err != nil {
		return nil, err
	}
	found, err := s.people.Lookup(ctx, a, id, query)
	if err != nil {
		return nil, err
	}
	res := &LookupResult{Query: query, Script: script, NotFound: len(found) == 0, Callers: []Caller{}}
	for i := range found[:min(len(found), maxCallers)] {
		c, err := s.caller(ctx, a, id, &found[i], script, lang)
		if err != nil {
			return nil, err
		}
		res.Callers = append(res.Callers, *c)
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		return s.audit(ctx, tx, a, id, auth.Event{Action: "hotline.lookup", ObjectType: "incident", ObjectID: id,
			Detail: map[string]any{"matches": len(found)}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// approved is the approved script, nil when there is none.
func (s *Service) approved(ctx context.Context, id int64) (*Script, error) {
	sc, err := s.store.ApprovedScript(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	return sc, err
}

// Caller is one person's console panel, masked.
func (s *Service) Caller(ctx context.Context, a auth.Actor, id, personID int64, lang string) (*Caller, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, err
	}
	p, err := s.people.Person(ctx, a, id, personID, false)
	if err != nil {
		return nil, err
	}
	script, err := s.approved(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.caller(ctx, a, id, p, script, lang)
}

// caller fills the panel of masked person p.
func (s *Service) caller(ctx context.Context, a auth.Actor, id int64, p *people.Person, script *Script, lang string) (*Caller, error) {
	c := &Caller{Person: *p}
	var err error
	if c.Deliveries, err = s.personDeliveries(ctx, a, id, p.ID); err != nil {
		return nil, err
	}
	if c.Inquiries, err = s.earlier(ctx, id, p.ID); err != nil {
		return nil, err
	}
	c.Situations = situations(p)
	c.Suggestions = suggestions(script, lang, c.Situations)
	return c, nil
}

// earlier lists the person's earlier inquiries: those linked to them, and
// those whose caller wrote or called from one of their addresses or
// numbers, newest first, masked.
func (s *Service) earlier(ctx context.Context, id, personID int64) ([]Inquiry, error) {
	filters := []Filter{{PersonID: personID, Limit: earlierInquiries}}
	full, err := s.people.Unsealed(ctx, id, personID)
	if err != nil {
		return nil, err
	}
	for _, e := range full.Contact.Emails {
		if k := s.emailKey(e); k != nil {
			filters = append(filters, Filter{CallerKey: k, Limit: earlierInquiries})
		}
	}
	for _, ph := range full.Contact.Phones {
		if k := s.phoneKey(ph); k != nil {
			filters = append(filters, Filter{CallerKey: k, Limit: earlierInquiries})
		}
	}
	seen := map[int64]bool{}
	var out []Inquiry
	for _, f := range filters {
		rows, err := s.store.Inquiries(ctx, id, f)
		if err != nil {
			return nil, err
		}
		for i := range rows {
			if seen[rows[i].ID] {
				continue
			}
			seen[rows[i].ID] = true
			q, err := s.openInquiry(&rows[i])
			if err != nil {
				return nil, err
			}
			q.Private = maskPrivate(q.Private, false)
			out = append(out, *q)
		}
	}
	slices.SortFunc(out, func(a, b Inquiry) int { return int(b.ID - a.ID) })
	return out[:min(len(out), earlierInquiries)], nil
}

// Categories that make a caller's situation one the script has answers
// for.
var (
	bankCategories = []string{"iban", "payment_card", "bank_account", "credit_card"}
	idCategories   = []string{"national_id", "passport", "id_card", "tax_id", "social_security", "driving_licence", "drivers_license"}
)

// situations derives a found person's situations from their categories.
func situations(p *people.Person) []Situation {
	out := []Situation{AffectedAny}
	for _, c := range p.Categories {
		if slices.Contains(bankCategories, c) && !slices.Contains(out, AffectedBank) {
			out = append(out, AffectedBank)
		}
		if slices.Contains(idCategories, c) && !slices.Contains(out, AffectedID) {
			out = append(out, AffectedID)
		}
	}
	return out
}

// suggestions are the FAQ entries of the approved script (in lang, else
// English) for the situations, the most specific first (see specificity),
// in the script's order within each.
func suggestions(script *Script, lang string, sits []Situation) []FAQEntry {
	c := script.content(lang)
	if c == nil {
		return nil
	}
	type ranked struct {
		e    FAQEntry
		rank int
	}
	var out []ranked
	for _, e := range c.FAQ {
		rank := -1
		for _, sit := range e.Situations {
			if sit == AnySituation || slices.Contains(sits, sit) {
				rank = max(rank, specificity(sit))
			}
		}
		if rank >= 0 {
			out = append(out, ranked{e, rank})
		}
	}
	slices.SortStableFunc(out, func(a, b ranked) int { return b.rank - a.rank })
	entries := make([]FAQEntry, len(out))
	for i := range out {
		entries[i] = out[i].e
	}
	return entries
}

// specificity orders suggestions: the answers for bank or ID data (or a
// journalist, or someone not found) before those for anyone affected,
// before those for any caller.
func specificity(s Situation) int {
	switch s {
	case AnySituation:
		return 0
	case AffectedAny:
		return 1
	}
	return 2
}

// Suggestions are the approved answers for a caller who was not found in
// the register (NotAffected) or a journalist (PressCaller), in lang.
func (s *Service) Suggestions(ctx context.Context, a auth.Actor, id int64, sit Situation, lang string) ([]FAQEntry, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, err
	}
	if !validSituation(sit) {
		return nil, errs.Fields{"situation": errs.InvalidChoice}.Err()
	}
	script, err := s.approved(ctx, id)
	if err != nil {
		return nil, err
	}
	return suggestions(script, lang, []Situation{sit}), nil
}

// Reveal unmasks one person's contact data for an agent on the phone;
// audited ("person.reveal"). Nothing is exported: one person at a time.
func (s *Service) Reveal(ctx context.Context, a auth.Actor, id, personID int64) (*people.Contact, error) {
	if _, err := s.may(ctx, a, id, canReveal, "reveal a caller's contact data"); err != nil {
		return nil, err
	}
	p, err := s.people.Unsealed(ctx, id, personID)
	if err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		return s.audit(ctx, tx, a, id, auth.Event{Action: "person.reveal", ObjectType: "person", ObjectID: personID,
			Detail: map[string]any{"via": "hotline"}})
	})
	if err != nil {
		return nil, err
	}
	c := p.Contact
	return &c, nil
}

// Resend queues a person's notification of a campaign again, through the
// ledger (notify decides whether it may and how).
func (s *Service) Resend(ctx context.Context, a auth.Actor, id, campaignID, personID int64) error {
	if _, err := s.may(ctx, a, id, canAnswer, "resend a notification"); err != nil {
		return err
	}
	return s.resendNotification(ctx, a, id, campaignID, personID)
}

// personDeliveries lists the person's ledger rows across campaigns.
func (s *Service) personDeliveries(ctx context.Context, a auth.Actor, id, personID int64) ([]notify.PersonDelivery, error) {
	return s.notify.PersonDeliveries(ctx, a, id, personID)
}

// resendNotification queues the person's message again through the
// ledger: notify checks its own rights and the campaign's state, audits
// it and puts it on the timeline.
func (s *Service) resendNotification(ctx context.Context, a auth.Actor, id, campaignID, personID int64) error {
	return s.notify.Resend(ctx, a, id, campaignID, personID)
}
