package notify

// Placeholders until the campaign service is built; the helpers building
// package notify replace this file (see the comment on each).

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

var errNotBuilt = errs.E(errs.Internal, "not built yet")

// --- templates (helper "templates") ---

// Rights returns what a may do with incident id's campaigns.
func (s *Service) Rights(ctx context.Context, a auth.Actor, id int64) (Rights, error) {
	return Rights{}, errNotBuilt
}

// DefaultContents are the starting texts in German, English and Chinese,
// with the structure regulators expect.
func DefaultContents() []Content { return nil }

// Placeholders lists the placeholders a template may use, with what each
// is filled with.
func Placeholders() []string { return nil }

func (s *Service) Templates(ctx context.Context, a auth.Actor, id int64) ([]Template, error) {
	return nil, errNotBuilt
}

func (s *Service) Template(ctx context.Context, a auth.Actor, id, templateID int64) (*Template, error) {
	return nil, errNotBuilt
}

// SaveTemplate creates (ID 0) or changes a template. Campaigns approved
// with it keep their snapshot; drafts using it lose nothing.
func (s *Service) SaveTemplate(ctx context.Context, a auth.Actor, id int64, t *Template) error {
	return errNotBuilt
}

// Preview renders the template for one person of the register, in lang
// ("" the person's language); audited, as it shows the person's data.
func (s *Service) Preview(ctx context.Context, a auth.Actor, id, templateID, personID int64, lang string) (*Rendered, error) {
	return nil, errNotBuilt
}

// TestSend sends the preview for personID to the actor's own address.
func (s *Service) TestSend(ctx context.Context, a auth.Actor, id, templateID, personID int64, lang string) error {
	return errNotBuilt
}

// LetterPDF renders one person's letter of a campaign.
func (s *Service) LetterPDF(ctx context.Context, a auth.Actor, id, campaignID, personID int64) ([]byte, error) {
	return nil, errNotBuilt
}

// BatchPDF renders a letter batch as one PDF for the print house.
func (s *Service) BatchPDF(ctx context.Context, a auth.Actor, id, campaignID, batchID int64) ([]byte, error) {
	return nil, errNotBuilt
}

// BatchCSV lists a letter batch's addresses for the print house.
func (s *Service) BatchCSV(ctx context.Context, a auth.Actor, id, campaignID, batchID int64) ([]byte, error) {
	return nil, errNotBuilt
}

// --- relay settings (helper "templates") ---

// SMTP returns the relay settings with the password and DKIM key blanked,
// and whether --smtp overrides them.
func (s *Service) SMTP(ctx context.Context, a auth.Actor) (cfg *SMTPConfig, overridden bool, err error) {
	return nil, false, errNotBuilt
}

// SaveSMTP stores the relay settings; an empty Password or DKIMKey keeps
// the stored one.
func (s *Service) SaveSMTP(ctx context.Context, a auth.Actor, cfg SMTPConfig) error {
	return errNotBuilt
}

// ParseSMTPURL reads --smtp: smtp://user:pass@host:587 (STARTTLS),
// smtps://user:pass@host:465 (implicit TLS), smtp://host:25?tls=none, with
// query parameters from=, from_name=, concurrency=, per_second=,
// per_hour=, dkim_domain=, dkim_selector=, dkim_key_file=.
func ParseSMTPURL(s string) (SMTPConfig, error) { return SMTPConfig{}, errNotBuilt }
