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
