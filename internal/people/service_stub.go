package people

// Placeholders until the register service is built; the helper building
// package people replaces this file.

import (
	"context"
	"io"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

var errNotBuilt = errs.E(errs.Internal, "not built yet")

// Rights returns what a may do with incident id's register.
func (s *Service) Rights(ctx context.Context, a auth.Actor, id int64) (Rights, error) {
	return Rights{}, errNotBuilt
}

// ImportFindings reads a findings file (the scanner's --findings JSON
// lines) into the register: values found in the same record link into one
// person, and persons already in the register are found through their
// identifiers and updated. kind is "scan" or "findings".
func (s *Service) ImportFindings(ctx context.Context, a auth.Actor, id int64, kind, name string, r io.Reader) (*ImportResult, error) {
	return nil, errNotBuilt
}

// CRMColumns returns the header of a CRM export (CSV or XLSX), for the
// mapping dialog, and a mapping guessed from the column names.
func (s *Service) CRMColumns(ctx context.Context, a auth.Actor, id int64, name string, data []byte) ([]string, Mapping, error) {
	return nil, Mapping{}, errNotBuilt
}

// ImportCRM enriches the register from a CRM export (CSV or XLSX).
func (s *Service) ImportCRM(ctx context.Context, a auth.Actor, id int64, name string, data []byte, m Mapping) (*ImportResult, error) {
	return nil, errNotBuilt
}

// List returns a page of the register, masked.
func (s *Service) List(ctx context.Context, a auth.Actor, id int64, q ListQuery) (*ListPage, error) {
	return nil, errNotBuilt
}

// Person returns one person; unmasked (and audited) only when unmask is
// set and the actor's rights allow it, masked otherwise.
func (s *Service) Person(ctx context.Context, a auth.Actor, id, personID int64, unmask bool) (*Person, error) {
	return nil, errNotBuilt
}

// Lookup finds persons by an e-mail, phone (any format), customer number,
// ID number or full name; masked.
func (s *Service) Lookup(ctx context.Context, a auth.Actor, id int64, query string) ([]Person, error) {
	return nil, errNotBuilt
}

// Erase removes a person's data on their request; the count and the audit
// record stay.
func (s *Service) Erase(ctx context.Context, a auth.Actor, id, personID int64, reason string) error {
	return errNotBuilt
}

// Counts sums up the register.
func (s *Service) Counts(ctx context.Context, a auth.Actor, id int64) (*Counts, error) {
	return nil, errNotBuilt
}

// ApplyCounts writes the register's counts into the incident's facts
// (persons in total and by country, data categories, records).
func (s *Service) ApplyCounts(ctx context.Context, a auth.Actor, id int64) error {
	return errNotBuilt
}

func (s *Service) Imports(ctx context.Context, a auth.Actor, id int64) ([]Import, error) {
	return nil, errNotBuilt
}

func (s *Service) Files(ctx context.Context, a auth.Actor, id int64) ([]File, error) {
	return nil, errNotBuilt
}

// Segments lists the incident's segments with their member counts.
func (s *Service) Segments(ctx context.Context, a auth.Actor, id int64) ([]SegmentView, error) {
	return nil, errNotBuilt
}

func (s *Service) Segment(ctx context.Context, a auth.Actor, id, segmentID int64) (*SegmentView, error) {
	return nil, errNotBuilt
}

// SaveSegment creates (ID 0) or changes a segment.
func (s *Service) SaveSegment(ctx context.Context, a auth.Actor, id int64, seg *Segment) error {
	return errNotBuilt
}

func (s *Service) DeleteSegment(ctx context.Context, a auth.Actor, id, segmentID int64) error {
	return errNotBuilt
}

// EachMember calls fn with every person of the incident that the rules
// select, unsealed, by ID. It checks no access: it is for services that
// have checked theirs (notify renders letters with it).
func (s *Service) EachMember(ctx context.Context, id int64, rules SegmentRules, fn func(*Person) error) error {
	return errNotBuilt
}

// Unsealed returns one person unsealed, without an access check or audit:
// for services that have checked and audited themselves.
func (s *Service) Unsealed(ctx context.Context, id, personID int64) (*Person, error) {
	return nil, errNotBuilt
}

// MaskContact hides all but a hint of each value: "m***@example.com",
// "+49 *** *** 67", the first letter of each name part.
func MaskContact(c Contact) Contact { return Contact{} }
