// Package hotline is the hotline and the inquiry inbox of an incident:
// every call, mail and web question becomes an inquiry, linked to the
// affected person where the register knows them, answered from an approved
// call script and FAQ, on time (an SLA per channel, a callback queue, the
// one-month clock of a data-subject request).
//
// An agent with a caller on the line looks the caller up through the
// register's blind indexes and sees at once whether they are affected, which
// categories of their data, which notifications went out and how they were
// delivered, and their earlier inquiries. Contact data stays masked until
// the agent reveals it, and every reveal is audited.
//
// Mail comes from one dedicated mailbox: each new thread is an inquiry,
// acknowledged once; replies go out with the threading headers. What an
// inquiry holds that could name or reach a person (the caller's name,
// number and address, the agent's notes, mail subjects, bodies and
// attachments) is only ever stored sealed with the register's key.
package hotline

import "time"

// Channel is how an inquiry came in.
type Channel string

const (
	ByPhone Channel = "phone"
	ByMail  Channel = "mail"
	ByWeb   Channel = "web" // a web form, or the public self-check
)

// Channels lists the channels, in the order pages show them.
var Channels = []Channel{ByPhone, ByMail, ByWeb}

// Status is whether an inquiry still needs someone.
type Status string

const (
	Open   Status = "open"   // waiting for an answer, a callback or the DPO
	Closed Status = "closed" // answered, nothing left to do
)

// Outcome is what came of an inquiry.
type Outcome string

const (
	NoOutcome   Outcome = ""             // not yet answered (a new mail)
	Answered    Outcome = "answered"     // answered; closes the inquiry
	Callback    Outcome = "callback"     // we call back by CallbackDue
	Escalated   Outcome = "escalated"    // handed to the assignee (the DPO)
	DataRequest Outcome = "data_request" // a data-subject request; Request says which
)

// RequestKind is the kind of a data-subject request (GDPR Art. 15, 17, 21).
type RequestKind string

const (
	NoRequest     RequestKind = ""
	AccessRequest RequestKind = "access"
	ErasureReq    RequestKind = "erasure"
	Objection     RequestKind = "objection"
)

// Match says what the register said about the person an inquiry is about.
type Match string

const (
	Unchecked Match = ""          // nobody looked yet
	Affected  Match = "affected"  // PersonID is set
	NotFound  Match = "not_found" // "not found in the data analysed so far"
)

// Private is what an inquiry holds that may name or reach a person. It is
// only ever stored sealed.
type Private struct {
	CallerName  string `json:"caller_name,omitempty"`
	CallerPhone string `json:"caller_phone,omitempty"` // E.164 where it parses
	CallerEmail string `json:"caller_email,omitempty"` // normalized
	Subject     string `json:"subject,omitempty"`      // of the first mail
	// Notes are the agent's own words: what was asked, what was said.
	Notes string `json:"notes,omitempty"`
}

// Inquiry is one call, mail thread or web question.
type Inquiry struct {
	ID         int64
	IncidentID int64
	Channel    Channel
	Status     Status
	Outcome    Outcome
	Request    RequestKind // set when Outcome is DataRequest
	// RequestDue is one month after ReceivedAt (clamped to the month's
	// end) for a data-subject request.
	RequestDue *time.Time
	Match      Match
	PersonID   int64 // 0 when not linked
	Lang       string
	// Topic is the key of one of the script's topics ("" not yet set).
	Topic string
	// Questions are the keys of the FAQ entries the person asked about:
	// the dashboard's top questions, with no personal data.
	Questions []string
	// Answer is the key of the FAQ entry (canned answer) given, if any.
	Answer string
	// ScriptVersion is the approved script version the agent was shown
	// (0 when there was none).
	ScriptVersion int
	Private       Private // unsealed; the store keeps it sealed
	CallID        string  // the phone system's call ID (CTI)
	AssigneeID    int64   // escalated to or calling back: this user
	AgentID       int64   // who logged it or answered last
	CallbackDue   *time.Time
	ReceivedAt    time.Time
	// FirstResponseDue is ReceivedAt plus the channel's SLA.
	FirstResponseDue time.Time
	FirstResponseAt  *time.Time
	ClosedAt         *time.Time
	CreatedBy        int64 // 0 for the inbox and the public site
	UpdatedAt        time.Time
}

// Overdue reports whether the inquiry missed its first response, its
// callback or its data-subject request's deadline at now.
func (q *Inquiry) Overdue(now time.Time) bool {
	if q.Status == Closed {
		return false
	}
	switch {
	case q.FirstResponseAt == nil && now.After(q.FirstResponseDue):
		return true
	case q.Outcome == Callback && q.CallbackDue != nil && now.After(*q.CallbackDue):
		return true
	case q.Outcome == DataRequest && q.RequestDue != nil && now.After(*q.RequestDue):
		return true
	}
	return false
}

// Direction of a mail.
type Direction string

const (
	Inbound  Direction = "in"
	Outbound Direction = "out"
)

// MailKind is what an outgoing mail is.
type MailKind string

const (
	Received    MailKind = "received"    // inbound
	Acknowledge MailKind = "acknowledge" // the automatic acknowledgement, once per thread
	Reply       MailKind = "reply"       // an agent's reply
	Escalation  MailKind = "escalation"  // to a colleague an inquiry was escalated to
)

// SendState is where an outgoing mail stands; inbound mails are Delivered.
type SendState string

const (
	Queued    SendState = "queued"
	Sending   SendState = "sending"
	Sent      SendState = "sent"
	Failed    SendState = "failed"
	Delivered SendState = "delivered" // inbound: stored
)

// MailPrivate is what a mail holds that may name a person; stored sealed.
type MailPrivate struct {
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Subject string `json:"subject,omitempty"`
	Text    string `json:"text,omitempty"` // the text body (HTML-only mails converted)
	HTML    string `json:"html,omitempty"` // kept for showing, sanitized when shown
	// AttachmentNames by Attachment.Index, since a file name may name
	// someone too.
	AttachmentNames []string `json:"attachment_names,omitempty"`
	// NotKept are the indexes of attachments whose content was not kept
	// (past the inbox's size limit per mail): only their hash and size
	// were recorded. Show the agent that they exist.
	NotKept []int `json:"not_kept,omitempty"`
}

// Mail is one message of an inquiry's thread, in or out.
type Mail struct {
	ID         int64
	IncidentID int64
	InquiryID  int64
	Direction  Direction
	Kind       MailKind
	State      SendState
	// MessageID is the Message-ID header with angle brackets; fixed before
	// an outgoing mail's first attempt. Inbound mails without one get
	// "<sha256-of-the-raw-mail@breachdesk.invalid>".
	MessageID  string
	InReplyTo  string
	References []string
	// RawSHA256 is the hex SHA-256 of an inbound mail as fetched: the key
	// that makes a second fetch of the same mail a no-op.
	RawSHA256 string
	Size      int64
	Lang      string
	// SenderKey is the blind index of the sender's normalized address
	// (people.Keyring.Index(people.IndexEmail, ...)); threads and
	// "earlier inquiries" find each other through it.
	SenderKey  []byte
	Private    MailPrivate // unsealed; stored sealed
	Sensitive  []string    // scanner categories found in body or attachments
	Attempts   int
	LastError  string // never personal data
	NextAt     time.Time
	LeaseUntil *time.Time
	AuthorID   int64 // the agent who wrote a reply
	CreatedAt  time.Time
	SentAt     *time.Time
}

// Attachment is a file that came with an inbound mail. The content is
// stored sealed; the hash and the categories found are in the clear.
type Attachment struct {
	ID          int64
	MailID      int64
	IncidentID  int64
	Index       int // position in the mail
	ContentType string
	Size        int64
	SHA256      string   // hex, of the content
	Categories  []string // what the scanner's detectors found in it
	Content     []byte   // unsealed; only loaded on download
}

// Situation is a caller's situation, for which the script suggests
// answers.
type Situation string

const (
	AffectedAny  Situation = "affected"      // affected
	AffectedBank Situation = "affected_bank" // affected with bank or card data
	AffectedID   Situation = "affected_id"   // affected with an ID number
	NotAffected  Situation = "not_affected"  // not found in the data analysed so far
	PressCaller  Situation = "press"         // a journalist: the press office
	AnySituation Situation = "any"
)

// FAQEntry is one question and its approved answer. Key is stable across
// versions and languages so that counts and inquiries refer to it.
type FAQEntry struct {
	Key        string      `json:"key"`
	Question   string      `json:"question"`
	Answer     string      `json:"answer"`
	Situations []Situation `json:"situations,omitempty"`
}

// Topic is what inquiries are about ("affected?", "bank data", "press").
type Topic struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// ScriptContent is a script in one language.
type ScriptContent struct {
	Lang string `json:"lang"`
	// Script is the call script (Markdown-light, as notify's templates):
	// greeting, identifying the caller, what to say.
	Script string     `json:"script"`
	Topics []Topic    `json:"topics"`
	FAQ    []FAQEntry `json:"faq"`
	// AckSubject and AckBody are the automatic acknowledgement of a new
	// mail thread in this language.
	AckSubject string `json:"ack_subject"`
	AckBody    string `json:"ack_body"`
}

// ScriptState is where a script version stands.
type ScriptState string

const (
	ScriptDraft    ScriptState = "draft"
	ScriptApproved ScriptState = "approved" // the version agents see
	// ScriptSuperseded is an approved version a newer one replaced; it
	// stays readable because inquiries refer to it.
	ScriptSuperseded ScriptState = "superseded"
)

// Script is one version of an incident's call script and FAQ. Versions
// count up per incident; a version is changed only while it is a draft.
type Script struct {
	ID         int64
	IncidentID int64
	Version    int
	State      ScriptState
	Contents   []ScriptContent // by Lang; German and English at least
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	ApprovedBy int64
	ApprovedAt *time.Time
}

// CallState is where a phone call stands.
type CallState string

const (
	Ringing  CallState = "ringing"
	Talking  CallState = "answered"
	HungUp   CallState = "ended"
	Rejected CallState = "rejected" // hung up before it was answered
)

// Call is one phone call reported by the phone system (CTI).
type Call struct {
	ID         int64
	IncidentID int64
	CallID     string // the phone system's ID
	Direction  string // "in" or "out"
	State      CallState
	// FromKey is the blind index of the caller's number (E.164).
	FromKey []byte
	// Private: the numbers and the agent's name as the phone system sent
	// them; sealed.
	Private    CallPrivate
	PersonID   int64 // found through FromKey; 0 otherwise
	InquiryID  int64 // the inquiry logged for it
	StartedAt  time.Time
	AnsweredAt *time.Time
	EndedAt    *time.Time
	Cause      string // the phone system's hangup cause ("normalClearing", ...)
}

// CallPrivate is what a call holds that may name someone.
type CallPrivate struct {
	From            string `json:"from,omitempty"`
	To              string `json:"to,omitempty"`
	User            string `json:"user,omitempty"` // the agent as the phone system names them
	AnsweringNumber string `json:"answering_number,omitempty"`
}

// Settings are an incident's hotline settings.
type Settings struct {
	// SLA is the first-response time per channel (defaults: phone 0 —
	// answered on the call —, mail 24 h, web 24 h).
	SLA map[Channel]time.Duration `json:"sla"`
	// Inbox is the dedicated mailbox, imaps://user:pass@host/INBOX; the
	// password is in it, so Settings are only ever stored sealed.
	Inbox string `json:"inbox,omitempty"`
	// InboxAddress is the address people write to and replies come from.
	InboxAddress string `json:"inbox_address,omitempty"`
	FromName     string `json:"from_name,omitempty"`
	// Acknowledge sends the automatic acknowledgement (on by default).
	Acknowledge bool `json:"acknowledge"`
	// DPOUserID receives escalations unless an agent names someone else.
	DPOUserID int64 `json:"dpo_user_id,omitempty"`
	// Press is what agents tell a journalist (the press office's contact).
	Press string `json:"press,omitempty"`
}

// DefaultSLA is the first-response time per channel unless set.
var DefaultSLA = map[Channel]time.Duration{ByPhone: 0, ByMail: 24 * time.Hour, ByWeb: 24 * time.Hour}

// Hour counts inquiries that came in during one hour.
type Hour struct {
	Start     time.Time
	ByChannel map[Channel]int64
	ByTopic   map[string]int64
}

// Dashboard sums up the hotline of an incident.
type Dashboard struct {
	Hours        []Hour // oldest first, one per hour, empty hours included
	Open         int64
	Overdue      int64
	Callbacks    int64 // open callbacks
	Requests     int64 // open data-subject requests
	ByChannel    map[Channel]int64
	ByTopic      map[string]int64
	TopQuestions []Count // FAQ keys, most asked first
	// AvgFirstResponse is over inquiries answered in the window, by
	// channel; mail is what the SLA watches.
	AvgFirstResponse map[Channel]time.Duration
}

// Count is a key with how often it occurred.
type Count struct {
	Key string
	N   int64
}
