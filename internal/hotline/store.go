package hotline

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Sealed values: the store never sees Inquiry.Private, Mail.Private,
// Call.Private, Attachment.Content or Settings in the clear. The service
// seals them (people.Keyring.Seal) into the Sealed fields below before a
// write and opens them after a read.

// InquiryRow is an inquiry as stored.
type InquiryRow struct {
	Inquiry        // Private is zero
	Sealed  []byte // the Private part, sealed
	// CallerKey is the blind index of the caller's e-mail or phone
	// (whichever came first): earlier inquiries of the same caller are
	// found through it, also when the register does not know them.
	CallerKey []byte
}

// MailRow is a mail as stored.
type MailRow struct {
	Mail          // Private is zero
	Sealed []byte // the MailPrivate part, sealed
}

// AttachmentRow is an attachment as stored.
type AttachmentRow struct {
	Attachment        // Content is nil
	Sealed     []byte // the content, sealed; nil in lists
}

// CallRow is a call as stored.
type CallRow struct {
	Call          // Private is zero
	Sealed []byte // the CallPrivate part, sealed
}

// ScriptRow is a script version as stored (scripts hold no personal data
// and are stored in the clear).
type ScriptRow = Script

// Filter selects inquiries. Zero fields select everything.
type Filter struct {
	Status    Status
	Channel   Channel
	Topic     string
	PersonID  int64
	CallerKey []byte
	// Overdue keeps only inquiries Overdue at Now (Now must be set: an
	// errs.Invalid error otherwise).
	Overdue bool
	// Callbacks keeps only open callbacks (Outcome Callback with a
	// CallbackDue), listed soonest due first instead of by ID.
	Callbacks  bool
	AssigneeID int64
	Now        time.Time
	Before     int64 // inquiries with a smaller ID (newest first paging)
	Limit      int   // 0: 50
}

// Dashboard counts are computed by the store: Hours and TopQuestions over
// the inquiries received since Since, the first responses over those
// answered since Since; Open, Overdue (at Now), Callbacks and Requests
// over all the incident's open inquiries, since a backlog does not age
// out of the window.
type DashboardQuery struct {
	Since time.Time
	Now   time.Time
	Top   int // how many top questions; 0: 10
}

// HourCount is how many inquiries of one channel and topic came in during
// the hour starting at Hour (UTC).
type HourCount struct {
	Hour    time.Time
	Channel Channel
	Topic   string
	N       int64
}

// DashboardCounts is what the store counts for the dashboard.
type DashboardCounts struct {
	Hours        []HourCount // by Hour
	Open         int64
	Overdue      int64
	Callbacks    int64
	Requests     int64
	TopQuestions []Count
	// FirstResponse sums the first-response times (and counts them) of the
	// inquiries answered since Since, per channel.
	FirstResponseSum   map[Channel]time.Duration
	FirstResponseCount map[Channel]int64
}

// Store persists the hotline. Single-row reads return an errs.NotFound
// error for a missing row, never nil, nil.
type Store interface {
	Inquiry(ctx context.Context, incidentID, id int64) (*InquiryRow, error)
	// Inquiries lists by ID, newest first.
	Inquiries(ctx context.Context, incidentID int64, f Filter) ([]InquiryRow, error)
	// Mails lists an inquiry's mails by ID.
	Mails(ctx context.Context, incidentID, inquiryID int64) ([]MailRow, error)
	Mail(ctx context.Context, incidentID, id int64) (*MailRow, error)
	// Attachments lists a mail's attachments by Index, without content.
	Attachments(ctx context.Context, incidentID, mailID int64) ([]AttachmentRow, error)
	// Attachment returns one attachment with its sealed content.
	Attachment(ctx context.Context, incidentID, id int64) (*AttachmentRow, error)
	// Scripts lists an incident's script versions, newest first.
	Scripts(ctx context.Context, incidentID int64) ([]Script, error)
	Script(ctx context.Context, incidentID, id int64) (*Script, error)
	// ApprovedScript is the version agents see; NotFound when none.
	ApprovedScript(ctx context.Context, incidentID int64) (*Script, error)
	Call(ctx context.Context, incidentID int64, callID string) (*CallRow, error)
	// Calls lists the calls started since since, newest first.
	Calls(ctx context.Context, incidentID int64, since time.Time) ([]CallRow, error)
	// Settings returns the incident's sealed settings; NotFound when unset.
	Settings(ctx context.Context, incidentID int64) ([]byte, error)
	// IncidentByCTIToken finds the incident whose CTI token hashes to
	// hash; NotFound otherwise.
	IncidentByCTIToken(ctx context.Context, hash []byte) (int64, error)
	// InboxCursor is where the incident's inbox poll stopped; "" at first.
	// It is kept apart from the settings: an inbox given on the command
	// line has a cursor without any settings.
	InboxCursor(ctx context.Context, incidentID int64) (string, error)
	// InboxIncidents lists the incidents with settings that name an inbox
	// (HasInbox), by ID.
	InboxIncidents(ctx context.Context) ([]int64, error)
	Dashboard(ctx context.Context, incidentID int64, q DashboardQuery) (*DashboardCounts, error)
	Update(ctx context.Context, fn func(Tx) error) error
}

// Tx is what may be done inside a transaction.
type Tx interface {
	auth.AuditAppender
	AppendEntry(ctx context.Context, e *incident.Entry, data [][]byte) error

	Inquiry(ctx context.Context, incidentID, id int64) (*InquiryRow, error)
	AddInquiry(ctx context.Context, q *InquiryRow) error    // sets ID
	UpdateInquiry(ctx context.Context, q *InquiryRow) error // every field but ID, IncidentID, Channel, ReceivedAt, CreatedBy

	// AddMail inserts a mail; sets ID. An inbound mail whose RawSHA256 the
	// incident has already, or any mail whose MessageID it has already, is
	// an errs.Conflict: fetching a mail twice stores it once. The
	// transaction stays usable after that conflict (as after SaveCall's).
	AddMail(ctx context.Context, m *MailRow) error
	// MailByMessageID finds the incident's mail with that Message-ID.
	MailByMessageID(ctx context.Context, incidentID int64, messageID string) (*MailRow, error)
	AddAttachment(ctx context.Context, a *AttachmentRow) error // sets ID
	// ClaimMail takes the next outbound mail of any incident that is
	// Queued and due (NextAt <= now), or Sending with a lease that ran out
	// before now, lowest ID first: sets it Sending, Attempts+1, LeaseUntil
	// leaseUntil. NotFound when there is none.
	ClaimMail(ctx context.Context, now, leaseUntil time.Time) (*MailRow, error)
	// SaveMailResult stores State, Attempts, LastError, NextAt, LeaseUntil
	// and SentAt of an outbound mail.
	SaveMailResult(ctx context.Context, m *MailRow) error

	Script(ctx context.Context, incidentID, id int64) (*Script, error)
	ApprovedScript(ctx context.Context, incidentID int64) (*Script, error)
	// AddScript inserts a new version; sets ID and Version (the incident's
	// highest plus one). Two versions added at once may meet at the same
	// number: the later is an errs.Conflict (try again).
	AddScript(ctx context.Context, s *Script) error
	// UpdateScript stores State, Contents, UpdatedAt, ApprovedBy,
	// ApprovedAt. An incident has at most one ScriptApproved version:
	// approving one while another is approved is an errs.Conflict, so
	// supersede the old one first, in the same transaction.
	UpdateScript(ctx context.Context, s *Script) error

	Call(ctx context.Context, incidentID int64, callID string) (*CallRow, error)
	// SaveCall inserts the call (ID 0; errs.Conflict when the incident
	// has the CallID already) or updates it.
	SaveCall(ctx context.Context, c *CallRow) error

	// SaveSettings stores the sealed settings, whether they name an inbox,
	// and the hash of the CTI token (nil keeps the stored one; another
	// incident's is an errs.Conflict).
	SaveSettings(ctx context.Context, incidentID int64, sealed []byte, hasInbox bool, ctiTokenHash []byte) error
	SetInboxCursor(ctx context.Context, incidentID int64, cursor string) error
}
