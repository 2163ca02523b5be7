package people

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

const (
	defaultPage = 50
	maxPage     = 500
	// maxEraseReason bounds the reason given for an erasure.
	maxEraseReason = 2000
)

// List returns a page of the register, masked.
func (s *Service) List(ctx context.Context, a auth.Actor, id int64, q ListQuery) (*ListPage, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultPage
	}
	limit = min(limit, maxPage)
	sel, err := s.selector(ctx, id, q.Segment)
	if err != nil {
		return nil, err
	}
	var rows []Row
	next := int64(0)
	if strings.TrimSpace(q.Search) != "" {
		rows, next, err = s.searchPage(ctx, id, q, limit, sel)
	} else {
		rows, next, err = s.scanPage(ctx, id, q.After, limit, sel)
	}
	if err != nil {
		return nil, err
	}
	page := &ListPage{Next: next, Persons: make([]Person, 0, len(rows))}
	for i := range rows {
		p, err := s.unsealed(&rows[i], sel.files)
		if err != nil {
			return nil, err
		}
		p.Contact = MaskContact(p.Contact)
		page.Persons = append(page.Persons, *p)
	}
	return page, nil
}

// selector picks the members of a segment, or everyone.
type selector struct {
	rules *SegmentRules // nil: everyone, erased persons too
	files map[int64]string
}

func (sel *selector) keep(r *Row) bool {
	return sel.rules == nil || sel.rules.Match(r, sel.files)
}

func (s *Service) selector(ctx context.Context, id, segmentID int64) (*selector, error) {
	sel := &selector{}
	if segmentID != 0 {
		seg, err := s.store.Segment(ctx, id, segmentID)
		if err != nil {
			return nil, err
		}
		sel.rules = &seg.Rules
	}
	return sel, nil
}

// cover makes sure the selector knows the paths of the rows' files.
func (s *Service) cover(ctx context.Context, id int64, sel *selector, rows []Row) error {
	if sel.files != nil && covers(sel.files, rows) {
		return nil
	}
	files, err := s.filePaths(ctx, id, rows)
	sel.files = files
	return err
}

// scanPage reads the register by ID until limit persons are selected and
// one more is seen (so that Next is 0 on the last page).
func (s *Service) scanPage(ctx context.Context, id, after int64, limit int, sel *selector) ([]Row, int64, error) {
	var out []Row
	for {
		rows, err := s.store.Persons(ctx, id, after, limit+1)
		if err != nil {
			return nil, 0, err
		}
		if err := s.cover(ctx, id, sel, rows); err != nil {
			return nil, 0, err
		}
		for i := range rows {
			if !sel.keep(&rows[i]) {
				continue
			}
			if len(out) == limit {
				return out, out[len(out)-1].ID, nil
			}
			out = append(out, rows[i])
		}
		if len(rows) <= limit {
			return out, 0, nil
		}
		after = rows[len(rows)-1].ID
	}
}

// searchPage pages through the persons a search finds, reading them a
// page at a time.
func (s *Service) searchPage(ctx context.Context, id int64, q ListQuery, limit int, sel *selector) ([]Row, int64, error) {
	ids, err := s.store.Lookup(ctx, id, s.searchKeys(q.Search))
	if err != nil {
		return nil, 0, err
	}
	slices.Sort(ids)
	ids = slices.DeleteFunc(ids, func(pid int64) bool { return pid <= q.After })
	var out []Row
	for len(ids) > 0 {
		batch := ids[:min(len(ids), limit+1)]
		ids = ids[len(batch):]
		rows, err := s.store.PersonsByID(ctx, id, batch)
		if err != nil {
			return nil, 0, err
		}
		if err := s.cover(ctx, id, sel, rows); err != nil {
			return nil, 0, err
		}
		for i := range rows {
			if !sel.keep(&rows[i]) {
				continue
			}
			if len(out) == limit {
				return out, out[len(out)-1].ID, nil
			}
			out = append(out, rows[i])
		}
	}
	return out, 0, nil
}

// searchKeys are the blind indexes a search query may stand for: an
// e-mail, a phone number in any format, a customer number, an ID number
// (with or without its kind) or a full name.
func (s *Service) searchKeys(query string) []IndexKey {
	q := strings.TrimSpace(query)
	if q == "" {
		return nil
	}
	k := s.keys
	if strings.Contains(q, "@") {
		if e := NormalizeEmail(q); e != "" {
			return []IndexKey{k.Index(IndexEmail, e)}
		}
		return nil
	}
	var keys []IndexKey
	if p := NormalizePhone(q, DefaultRegion); p != "" {
		keys = append(keys, k.Index(IndexPhone, p))
	}
	if c := NormalizeCustomerNo(q); c != "" {
		keys = append(keys, k.Index(IndexCustomerNo, c))
	}
	if strings.Contains(q, ":") {
		if v := NormalizeNationalID("", q); v != "" {
			keys = append(keys, k.Index(IndexNationalID, v))
		}
	} else {
		for _, kind := range NationalIDKinds() {
			if v := NormalizeNationalID(kind, q); v != "" {
				keys = append(keys, k.Index(IndexNationalID, v))
			}
		}
	}
	if n := NormalizeName(q); n != "" {
		keys = append(keys, k.Index(IndexName, n))
	}
	return keys
}

// Lookup finds persons by an e-mail, phone (any format), customer number,
// ID number or full name; masked.
func (s *Service) Lookup(ctx context.Context, a auth.Actor, id int64, query string) ([]Person, error) {
	page, err := s.List(ctx, a, id, ListQuery{Search: query, Limit: maxPage})
	if err != nil {
		return nil, err
	}
	return page.Persons, nil
}

// Person returns one person; unmasked (and audited) only when unmask is
// set and the actor's rights allow it, masked otherwise.
func (s *Service) Person(ctx context.Context, a auth.Actor, id, personID int64, unmask bool) (*Person, error) {
	rights, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, err
	}
	p, err := s.Unsealed(ctx, id, personID)
	if err != nil {
		return nil, err
	}
	if !unmask || !rights.Unmask || p.Erased {
		p.Contact = MaskContact(p.Contact)
		return p, nil
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		return s.audit(ctx, tx, a, id, auth.Event{Action: "person.view", ObjectType: "person", ObjectID: personID,
			Detail: map[string]any{"unmasked": true}})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Unsealed returns one person unsealed, without an access check or audit:
// for services that have checked and audited themselves.
func (s *Service) Unsealed(ctx context.Context, id, personID int64) (*Person, error) {
	r, err := s.store.Person(ctx, id, personID)
	if err != nil {
		return nil, err
	}
	files, err := s.filePaths(ctx, id, []Row{*r})
	if err != nil {
		return nil, err
	}
	return s.unsealed(r, files)
}

func (s *Service) unsealed(r *Row, files map[int64]string) (*Person, error) {
	e, err := s.open(r)
	if err != nil {
		return nil, err
	}
	p := e.person()
	for _, fid := range r.FileIDs {
		if path, ok := files[fid]; ok {
			p.Files = append(p.Files, path)
		}
	}
	slices.Sort(p.Files)
	return p, nil
}

// Erase removes a person's data on their request; the count and the audit
// record stay.
//
// The reason is required but not stored: it may name the person ("request
// by letter of Ms ..."), and keeping it would keep what was to be erased.
// The audit records that a reason was given; the request itself belongs in
// the company's data-subject request file.
func (s *Service) Erase(ctx context.Context, a auth.Actor, id, personID int64, reason string) error {
	if err := s.mayChange(ctx, a, id, func(r Rights) bool { return r.Erase }, "erase persons from the register"); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	f := errs.Fields{}
	switch {
	case reason == "":
		f.Add("reason", errs.Required)
	case utf8.RuneCountInString(reason) > maxEraseReason:
		f.Add("reason", errs.TooLong)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := tx.Person(ctx, id, personID)
		if err != nil {
			return err
		}
		if r.Erased {
			return errs.E(errs.Conflict, "person %d was erased already", personID)
		}
		if err := tx.ErasePerson(ctx, id, personID, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "person.erase", ObjectType: "person", ObjectID: personID,
			Detail: map[string]any{"reason_given": true}}); err != nil {
			return err
		}
		return s.systemEntry(ctx, tx, a, id, incident.SystemEvent{Name: "person_erased",
			Args: map[string]string{"person": strconv.FormatInt(personID, 10)}})
	})
}

func (s *Service) Imports(ctx context.Context, a auth.Actor, id int64) ([]Import, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Imports(ctx, id)
}

func (s *Service) Files(ctx context.Context, a auth.Actor, id int64) ([]File, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Files(ctx, id)
}

// EachMember calls fn with every person of the incident that the rules
// select, unsealed, by ID. It checks no access: it is for services that
// have checked theirs (notify renders letters with it).
func (s *Service) EachMember(ctx context.Context, id int64, rules SegmentRules, fn func(*Person) error) error {
	files, err := s.fileMap(ctx, id)
	if err != nil {
		return err
	}
	return s.store.EachPerson(ctx, id, func(r *Row) error {
		if !rules.Match(r, files) {
			return nil
		}
		p, err := s.unsealed(r, files)
		if err != nil {
			return err
		}
		return fn(p)
	})
}
