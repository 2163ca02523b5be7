package notify

// Placeholders until the campaign service is built; the helpers building
// package notify replace this file (see the comment on each).

import (
	"context"
	"time"

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

// --- campaigns and ledger (helper "ledger") ---

func (s *Service) Campaigns(ctx context.Context, a auth.Actor, id int64) ([]CampaignView, error) {
	return nil, errNotBuilt
}

// Campaign returns one campaign with its progress.
func (s *Service) Campaign(ctx context.Context, a auth.Actor, id, campaignID int64) (*CampaignView, error) {
	return nil, errNotBuilt
}

func (s *Service) CreateCampaign(ctx context.Context, a auth.Actor, id int64, n NewCampaign) (*Campaign, error) {
	return nil, errNotBuilt
}

// Check runs the checker over the campaign's current recipients.
func (s *Service) Check(ctx context.Context, a auth.Actor, id, campaignID int64) (*CheckReport, error) {
	return nil, errNotBuilt
}

// Approve is the second pair of eyes: another user than the creator, with
// the lead or comms role (or the incident lead), approves; the template is
// frozen into the campaign. Refused while the checker finds problems.
func (s *Service) Approve(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	return errNotBuilt
}

// Start queues the ledger (one row per recipient, Message-ID fixed) and
// sets the campaign running; a public notice is published instead.
func (s *Service) Start(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	return errNotBuilt
}

func (s *Service) Pause(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	return errNotBuilt
}

func (s *Service) Resume(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	return errNotBuilt
}

// Cancel stops the campaign: pending rows are withdrawn.
func (s *Service) Cancel(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	return errNotBuilt
}

// Deliveries lists ledger rows (no personal data: person IDs, states).
func (s *Service) Deliveries(ctx context.Context, a auth.Actor, id, campaignID int64, state DeliveryState, after int64, limit int) ([]Delivery, error) {
	return nil, errNotBuilt
}

// CreateLetterBatch puts up to size pending letters into a new batch.
func (s *Service) CreateLetterBatch(ctx context.Context, a auth.Actor, id, campaignID int64, size int) (*LetterBatch, error) {
	return nil, errNotBuilt
}

// MarkPosted records that the print house posted the batch.
func (s *Service) MarkPosted(ctx context.Context, a auth.Actor, id, campaignID, batchID int64) error {
	return errNotBuilt
}

// ProcessBounce reads one message from the bounce mailbox; when it is a
// delivery status notification for one of our messages, the recipient is
// marked bounced (and gets a letter if the campaign falls back). It
// reports whether the message matched.
func (s *Service) ProcessBounce(ctx context.Context, raw []byte) (bool, error) {
	return false, errNotBuilt
}

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

// RunnerOptions tune a Runner.
type RunnerOptions struct {
	// ID names this process in the ledger's ClaimedBy ("host:pid" when
	// empty); each connection appends its number.
	ID string
	// Lease is how long a claimed row is held before another runner may
	// take it as abandoned (2 minutes when 0).
	Lease time.Duration
	// Poll is how often the runner looks for work when idle (1 s when 0).
	Poll time.Duration
}

// Runner sends the running campaigns' messages: per campaign, up to the
// relay's Concurrency connections, each claiming one row at a time, paced
// by PerSecond and the sliding PerHour window.
type Runner struct {
	svc *Service
	opt RunnerOptions
}

// NewRunner returns a runner over the service's ledger.
func (s *Service) NewRunner(opt RunnerOptions) *Runner { return &Runner{svc: s, opt: opt} }

// Run sends until ctx is cancelled.
func (r *Runner) Run(ctx context.Context) error { return errNotBuilt }

// RunUntilIdle sends until no running campaign has an e-mail row left to
// send (or ctx is cancelled).
func (r *Runner) RunUntilIdle(ctx context.Context) error { return errNotBuilt }

// PollBounces fetches bounce messages from src every interval until ctx is
// cancelled, remembering how far it read in the settings.
func (s *Service) PollBounces(ctx context.Context, src BounceSource, interval time.Duration) error {
	return errNotBuilt
}
