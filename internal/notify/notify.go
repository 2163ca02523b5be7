// Package notify tells affected persons directly: templates per language,
// campaigns (a segment x a template x a channel), four-eyes approval, and
// the delivery ledger that makes sure every recipient gets exactly one
// message.
//
// The ledger has one row per (campaign, person). A sending connection
// claims one row at a time, in a transaction that also records the result
// of its previous message (the connections of a campaign share such
// transactions when they come at once: see ledgerWriter); the Message-ID is
// fixed when the row is queued.
// So after a crash at any point, at most one message per connection is in
// doubt (accepted by the server but not yet recorded); it is sent again
// with the same Message-ID, so receivers can tell it is the same message.
package notify

import "time"

// Channel is how a message reaches a person.
type Channel string

const (
	ByEmail  Channel = "email"
	ByLetter Channel = "letter"
)

// Kind is what a campaign is.
type Kind string

const (
	// Individual notices go to every person of the segment.
	Individual Kind = "individual"
	// PublicNotice is GDPR Art. 34(3)(c): a public communication where
	// telling each person would involve disproportionate effort. It has no
	// ledger; it is published on the updates page.
	PublicNotice Kind = "public_notice"
)

// Content is a template's text in one language. Body is Markdown-light
// (paragraphs, "## " headings, "- " lists, **bold**) with {{placeholders}};
// the e-mail's text and HTML parts and the letter are all rendered from
// it, so they cannot drift apart.
type Content struct {
	Lang    string `json:"lang"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// Template is a notification text in several languages.
type Template struct {
	ID         int64
	IncidentID int64
	Name       string
	Contents   []Content // by Lang
	// Fallback is the language used for persons whose language has no
	// content ("en" when empty).
	Fallback string
	// What the placeholders {{company}}, {{hotline}}, {{inbox}} and
	// {{updates_url}} say, and the letterhead's sender lines.
	Company    string
	Hotline    string
	Inbox      string
	UpdatesURL string
	Letterhead []string
	UpdatedBy  int64
	UpdatedAt  time.Time
}

// State is where a campaign stands.
type State string

const (
	Draft     State = "draft"     // being prepared; changes drop an approval
	Approved  State = "approved"  // a second person approved; may start
	Running   State = "running"   // the ledger is queued and being sent
	Paused    State = "paused"    // sending stopped; resumes where it was
	Cancelled State = "cancelled" // pending rows will not be sent
	Done      State = "done"      // nothing pending any more
	Published State = "published" // a public notice, published
)

// Campaign is a segment x a template x a channel.
type Campaign struct {
	ID         int64
	IncidentID int64
	Name       string
	Kind       Kind
	SegmentID  int64
	TemplateID int64
	Channel    Channel
	// LetterFallback sends a letter to persons without an e-mail address,
	// and to those whose e-mail bounced.
	LetterFallback bool
	State          State
	// Snapshot is the template as approved; what is sent is rendered from
	// it, never from a template changed after the approval.
	Snapshot     *Template
	SnapshotHash string // SHA-256 of the snapshot's JSON
	CreatedBy    int64
	CreatedAt    time.Time
	ApprovedBy   int64
	ApprovedAt   *time.Time
	StartedAt    *time.Time
	FinishedAt   *time.Time
	UpdatedAt    time.Time
	Queued       int64 // ledger rows
}

// DeliveryState is where one recipient's message stands.
type DeliveryState string

const (
	Pending   DeliveryState = "pending"
	Sending   DeliveryState = "sending" // claimed by a connection; in doubt after a crash
	Sent      DeliveryState = "sent"
	Failed    DeliveryState = "failed" // gave up; LastError says why
	Bounced   DeliveryState = "bounced"
	Posted    DeliveryState = "posted"    // a letter handed to the post
	Withdrawn DeliveryState = "withdrawn" // cancelled, or the person was erased
)

// Delivery is one ledger row.
type Delivery struct {
	ID         int64
	CampaignID int64
	IncidentID int64
	PersonID   int64
	Channel    Channel // ByLetter after a fallback
	State      DeliveryState
	Lang       string
	MessageID  string // fixed when queued: "<c{campaign}.p{person}.{random}@{domain}>"
	Attempts   int
	LastError  string    // never personal data: SMTP codes and texts
	NextAt     time.Time // not to be tried before
	ClaimedBy  string    // the connection that holds a Sending row
	LeaseUntil *time.Time
	BatchID    int64 // letter batch
	QueuedAt   time.Time
	SentAt     *time.Time
	UpdatedAt  time.Time
}

// Progress counts a campaign's ledger.
type Progress struct {
	ByState   map[DeliveryState]int64
	ByChannel map[Channel]int64
	Total     int64
	// PerMinute is the number of messages sent (or letters posted) per
	// minute, oldest first, for the chart.
	PerMinute []Bucket
	Rate      float64       // messages per second over the last minute
	ETA       time.Duration // for the pending rest at Rate; 0 unknown
}

// Bucket is a count in a time slot.
type Bucket struct {
	At    time.Time
	Count int64
}

// LetterBatch is a set of letters for a print house.
type LetterBatch struct {
	ID         int64
	CampaignID int64
	IncidentID int64
	Letters    int64
	CreatedBy  int64
	CreatedAt  time.Time
	PostedBy   int64
	PostedAt   *time.Time
}

// SMTPConfig is how mail leaves. Password and DKIMKey are sealed at rest.
type SMTPConfig struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	// TLS is "starttls" (required), "tls" (implicit, smtps) or "none"
	// (only for a relay on loopback).
	TLS      string `json:"tls"`
	From     string `json:"from"`      // envelope and header sender
	FromName string `json:"from_name"` // display name
	ReplyTo  string `json:"reply_to,omitempty"`
	HeloName string `json:"helo_name,omitempty"`
	// DKIM signing, when Domain and Key are set.
	DKIMDomain   string `json:"dkim_domain,omitempty"`
	DKIMSelector string `json:"dkim_selector,omitempty"`
	DKIMKey      string `json:"dkim_key,omitempty"` // PEM private key
	// Pace.
	Concurrency int `json:"concurrency"` // connections; 0: 4
	PerSecond   int `json:"per_second"`  // 0: unlimited
	PerHour     int `json:"per_hour"`    // sliding window; 0: unlimited
	// InsecureSkipVerify accepts any server certificate (test relays).
	InsecureSkipVerify bool `json:"insecure_skip_verify,omitempty"`
}

// Message is one e-mail, rendered.
type Message struct {
	MessageID string // with angle brackets
	From      string
	FromName  string
	ReplyTo   string
	To        string
	Subject   string
	Text      string
	HTML      string
	Lang      string
	// Headers are extra header fields, in order.
	Headers [][2]string
}

// Letter is one letter, rendered.
type Letter struct {
	Lang       string
	Letterhead []string // sender lines at the top
	Return     string   // the return address line above the window
	Address    []string // recipient: name, then address lines
	Date       string   // already formatted in the letter's language
	Subject    string
	Body       string // Markdown-light, placeholders filled
	Reference  string // shown small: the delivery's reference
}
