package hotline

// The console, inquiries, scripts and settings: contracts, filled in by
// the helper that owns them (this file goes when they are built).

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

func notBuilt() error { return errs.E(errs.Internal, "hotline: not built yet") }

// Rights returns what a may do with incident id's hotline.
func (s *Service) Rights(ctx context.Context, a auth.Actor, id int64) (Rights, error) {
	return Rights{}, notBuilt()
}

// Lookup finds callers by e-mail, phone (any format), name, customer
// number or ID number; masked.
func (s *Service) Lookup(ctx context.Context, a auth.Actor, id int64, query, lang string) (*LookupResult, error) {
	return nil, notBuilt()
}

// Caller is one person's console panel, masked.
func (s *Service) Caller(ctx context.Context, a auth.Actor, id, personID int64, lang string) (*Caller, error) {
	return nil, notBuilt()
}

// Reveal unmasks one person's contact data; audited.
func (s *Service) Reveal(ctx context.Context, a auth.Actor, id, personID int64) (*people.Contact, error) {
	return nil, notBuilt()
}

// RevealInquiry unmasks what an inquiry holds (caller's contact, notes,
// mail addresses); audited.
func (s *Service) RevealInquiry(ctx context.Context, a auth.Actor, id, inquiryID int64) (*InquiryView, error) {
	return nil, notBuilt()
}

// Resend queues a person's notification again through the ledger.
func (s *Service) Resend(ctx context.Context, a auth.Actor, id, campaignID, personID int64) error {
	return notBuilt()
}

// LogInquiry records a call or another inquiry an agent took.
func (s *Service) LogInquiry(ctx context.Context, a auth.Actor, id int64, n NewInquiry) (*Inquiry, error) {
	return nil, notBuilt()
}

// UpdateInquiry changes an inquiry.
func (s *Service) UpdateInquiry(ctx context.Context, a auth.Actor, id, inquiryID int64, ch InquiryChange) (*Inquiry, error) {
	return nil, notBuilt()
}

// Inquiry returns one inquiry with its thread, masked; the view is audited
// when it shows mail bodies.
func (s *Service) Inquiry(ctx context.Context, a auth.Actor, id, inquiryID int64) (*InquiryView, error) {
	return nil, notBuilt()
}

// Inquiries lists inquiries, masked, newest first.
func (s *Service) Inquiries(ctx context.Context, a auth.Actor, id int64, f Filter) ([]Inquiry, error) {
	return nil, notBuilt()
}

// Scripts lists the script versions, newest first.
func (s *Service) Scripts(ctx context.Context, a auth.Actor, id int64) ([]Script, error) {
	return nil, notBuilt()
}

func (s *Service) Script(ctx context.Context, a auth.Actor, id, scriptID int64) (*Script, error) {
	return nil, notBuilt()
}

// ApprovedScript is the version agents see; NotFound when none.
func (s *Service) ApprovedScript(ctx context.Context, a auth.Actor, id int64) (*Script, error) {
	return nil, notBuilt()
}

// SaveScript stores a draft; ID 0 starts a new version from the latest
// (or from the defaults).
func (s *Service) SaveScript(ctx context.Context, a auth.Actor, id int64, sc *Script) error {
	return notBuilt()
}

// ApproveScript approves a draft (four-eyes: never its author); the
// version approved before is superseded.
func (s *Service) ApproveScript(ctx context.Context, a auth.Actor, id, scriptID int64) error {
	return notBuilt()
}

// Settings returns the incident's hotline settings with the inbox password
// masked.
func (s *Service) Settings(ctx context.Context, a auth.Actor, id int64) (*Settings, error) {
	return nil, notBuilt()
}

// SaveSettings stores the settings; an inbox URL with the password masked
// keeps the stored password.
func (s *Service) SaveSettings(ctx context.Context, a auth.Actor, id int64, st Settings) error {
	return notBuilt()
}

// NewCTIToken makes a new token for the phone system's webhook and returns
// it; it is shown once, only its hash is stored.
func (s *Service) NewCTIToken(ctx context.Context, a auth.Actor, id int64) (string, error) {
	return "", notBuilt()
}
