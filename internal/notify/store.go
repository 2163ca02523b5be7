package notify

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Store persists templates, campaigns, the delivery ledger, letter batches
// and the mail settings. Single-row reads return an errs.NotFound error for
// a missing row, never nil, nil.
type Store interface {
	Templates(ctx context.Context, incidentID int64) ([]Template, error) // by name, then ID
	Template(ctx context.Context, incidentID, id int64) (*Template, error)
	Campaigns(ctx context.Context, incidentID int64) ([]Campaign, error) // newest first
	Campaign(ctx context.Context, incidentID, id int64) (*Campaign, error)
	// CampaignsIn lists the campaigns of every incident in one of states,
	// by ID: the runner's work list.
	CampaignsIn(ctx context.Context, states []State) ([]Campaign, error)
	// Counts counts the campaign's ledger by state and by channel.
	Counts(ctx context.Context, campaignID int64) (byState map[DeliveryState]int64, byChannel map[Channel]int64, err error)
	// SentPerMinute counts messages sent or posted per minute since since.
	SentPerMinute(ctx context.Context, campaignID int64, since time.Time) ([]Bucket, error)
	// SentSince counts e-mails sent by all campaigns since since: the
	// hourly window survives a restart.
	SentSince(ctx context.Context, since time.Time) (int64, error)
	// Unsent counts the campaign's Pending and Sending rows on channel ch:
	// the runner is idle when no running campaign has an e-mail left.
	Unsent(ctx context.Context, campaignID int64, ch Channel) (int64, error)
	// Deliveries lists up to limit rows with ID > after, by ID; state ""
	// means any.
	Deliveries(ctx context.Context, campaignID int64, state DeliveryState, after int64, limit int) ([]Delivery, error)
	DeliveryByMessageID(ctx context.Context, messageID string) (*Delivery, error)
	// PersonDeliveries lists the ledger rows of person personID in every
	// campaign of incident incidentID, with the campaign's name, kind,
	// channel and state, newest first (queued last, then highest ID).
	PersonDeliveries(ctx context.Context, incidentID, personID int64) ([]PersonDelivery, error)
	LetterBatches(ctx context.Context, campaignID int64) ([]LetterBatch, error) // by ID
	LetterBatch(ctx context.Context, campaignID, id int64) (*LetterBatch, error)
	BatchDeliveries(ctx context.Context, batchID int64) ([]Delivery, error) // by ID
	// Setting returns a stored setting; NotFound when unset.
	Setting(ctx context.Context, key string) ([]byte, error)
	Update(ctx context.Context, fn func(Tx) error) error
}

// Tx is what may be done inside a transaction.
type Tx interface {
	auth.AuditAppender
	AppendEntry(ctx context.Context, e *incident.Entry, data [][]byte) error
	Template(ctx context.Context, incidentID, id int64) (*Template, error)
	SaveTemplate(ctx context.Context, t *Template) error // inserts when ID is 0
	// CampaignForUpdate locks the campaign row.
	CampaignForUpdate(ctx context.Context, incidentID, id int64) (*Campaign, error)
	AddCampaign(ctx context.Context, c *Campaign) error    // sets ID
	UpdateCampaign(ctx context.Context, c *Campaign) error // every field but ID, IncidentID, CreatedBy, CreatedAt
	// QueueDeliveries inserts ledger rows; a (campaign, person) already
	// queued is left as it is. It returns how many were inserted.
	QueueDeliveries(ctx context.Context, ds []Delivery) (int64, error)
	// Claim takes the campaign's next row on channel ch that is Pending
	// and due (NextAt <= now), or Sending with a lease that ran out before
	// now, lowest ID first: sets it Sending, Attempts+1, ClaimedBy by,
	// LeaseUntil leaseUntil, and returns it. NotFound when there is none.
	Claim(ctx context.Context, campaignID int64, ch Channel, by string, now, leaseUntil time.Time) (*Delivery, error)
	// SaveDelivery writes d's Channel, State, Attempts, LastError, NextAt,
	// ClaimedBy, LeaseUntil, BatchID, SentAt and UpdatedAt.
	SaveDelivery(ctx context.Context, d *Delivery) error
	// SaveClaimed is SaveDelivery for a row the caller claimed: it writes
	// only while the row is still Sending, claimed by by, at d.Attempts,
	// and reports whether it wrote (false: the lease ran out and another
	// runner took the row over; the result is theirs to record).
	SaveClaimed(ctx context.Context, d *Delivery, by string) (bool, error)
	DeliveryByMessageID(ctx context.Context, messageID string) (*Delivery, error)
	// DeliveryForUpdate locks and returns the row of (campaignID,
	// personID); NotFound when the person has none in that campaign.
	DeliveryForUpdate(ctx context.Context, campaignID, personID int64) (*Delivery, error)
	// RequeueDelivery is SaveDelivery that also writes MessageID and
	// QueuedAt: the row becomes a new message.
	RequeueDelivery(ctx context.Context, d *Delivery) error
	// Counts is Store.Counts inside the transaction.
	Counts(ctx context.Context, campaignID int64) (byState map[DeliveryState]int64, byChannel map[Channel]int64, err error)
	// Unfinished counts the campaign's Pending and Sending rows.
	Unfinished(ctx context.Context, campaignID int64) (int64, error)
	// WithdrawPending sets every Pending row of the campaign Withdrawn and
	// returns how many.
	WithdrawPending(ctx context.Context, campaignID int64, now time.Time) (int64, error)
	// AddLetterBatch stores the batch and assigns to it up to limit Pending
	// letter rows of the campaign that are in no batch, lowest ID first;
	// sets ID and Letters.
	AddLetterBatch(ctx context.Context, b *LetterBatch, limit int) error
	// MarkBatchPosted sets the batch posted and its rows Posted at at;
	// errs.Conflict when it was posted already.
	MarkBatchPosted(ctx context.Context, campaignID, batchID, by int64, at time.Time) error
	Setting(ctx context.Context, key string) ([]byte, error)
	SaveSetting(ctx context.Context, key string, value []byte) error
}
