package hotline

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// LookupResult is what the console shows for a search: the persons found,
// masked, or an honest "not found in the data analysed so far".
type LookupResult struct {
	Query    string
	Callers  []Caller
	NotFound bool // nobody matched: say "not found in the data analysed so far"
	// Script is the approved script version the agent is shown (nil when
	// none is approved yet); logged inquiries record its Version.
	Script *Script
}

// Caller is one person as the console shows them: masked contact data,
// the categories of their data found, the notifications sent and their
// delivery state, earlier inquiries, and the answers the script suggests
// for their situation.
type Caller struct {
	Person      people.Person // Contact masked unless revealed
	Revealed    bool
	Deliveries  []notify.PersonDelivery
	Inquiries   []Inquiry // Private masked
	Situations  []Situation
	Suggestions []FAQEntry // in the agent's chosen language
}

// NewInquiry is an inquiry an agent logs (a call, a letter, a question at
// the door) or the public site files.
type NewInquiry struct {
	Channel     Channel
	PersonID    int64 // 0: not linked
	Match       Match
	Lang        string
	Topic       string
	Questions   []string
	Answer      string
	Outcome     Outcome
	Request     RequestKind
	CallbackDue *time.Time
	AssigneeID  int64
	// ScriptVersion is the approved version the agent had on screen.
	ScriptVersion int
	CallID        string
	Private       Private
	// ReceivedAt is when a letter or a question came in that the agent
	// logs afterwards; nil: now. Never in the future.
	ReceivedAt *time.Time
}

// InquiryChange changes an inquiry (PATCH): nil fields stay as they are.
type InquiryChange struct {
	Status      *Status
	Outcome     *Outcome
	Request     *RequestKind
	Topic       *string
	Questions   *[]string
	Answer      *string
	PersonID    *int64
	AssigneeID  *int64
	CallbackDue *time.Time
	// ClearCallback drops the callback due time.
	ClearCallback bool
	// Notes are added to the agent's notes, with the time and the agent.
	Notes string
}

// InquiryView is one inquiry with its mail thread, for the agent.
type InquiryView struct {
	Inquiry        // Private masked unless revealed
	Mails   []Mail // bodies shown to the agent (the view is audited); addresses masked
	// Attachments by mail ID, without content.
	Attachments map[int64][]Attachment
	Person      *people.Person // masked; nil when not linked
	Overdue     bool
}

// ReplyDraft is an agent's answer to a mail inquiry: a canned answer from
// the FAQ (by key) in the person's language, or the agent's own text, or
// both (the text first).
type ReplyDraft struct {
	FAQKey string
	Text   string
	Lang   string // "" uses the inquiry's language
	// Close marks the inquiry answered when the reply is queued.
	Close bool
}

// CTIEvent is what a phone system posts, in the shape of Zammad's CTI
// webhook (event newCall, answer or hangup).
type CTIEvent struct {
	Event           string `json:"event"`
	From            string `json:"from"`
	To              string `json:"to"`
	Direction       string `json:"direction"` // "in" or "out"
	CallID          string `json:"callId"`
	User            string `json:"user,omitempty"`
	Cause           string `json:"cause,omitempty"`
	AnsweringNumber string `json:"answeringNumber,omitempty"`
}

// CallView is a call as the console shows it: the caller's number masked,
// and whom the register found for it.
type CallView struct {
	Call     // Private masked
	Person   *people.Person
	Affected bool
}

// CallNotice tells the open consoles of an incident that a call changed.
type CallNotice struct {
	IncidentID int64
	CallID     string
	State      CallState
}

// IngestResult is what one inbound mail became.
type IngestResult struct {
	InquiryID int64
	MailID    int64
	NewThread bool // a new inquiry was opened (and acknowledged)
	Duplicate bool // the mail was stored already; nothing changed
}

// MailSource fetches mails from the inbox: fn gets every message newer
// than cursor; the new cursor is returned. Wait blocks until the mailbox
// reports new mail (IMAP IDLE) or the interval passes, whichever is first.
// The mail adapter implements it over IMAP.
type MailSource interface {
	Fetch(ctx context.Context, cursor string, fn func(raw []byte) error) (string, error)
	Wait(ctx context.Context, interval time.Duration) error
}
