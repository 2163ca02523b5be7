package web

import (
	"time"

	"github.com/breachdesk/breachdesk/internal/hotline"
)

// apiInquiry is an inquiry as the API shows it: masked, without the
// agent's notes (they are read, and revealed, in the desk only).
type apiInquiry struct {
	ID               int64            `json:"id"`
	IncidentID       int64            `json:"incident_id"`
	Channel          string           `json:"channel"`
	Status           string           `json:"status"`
	Outcome          string           `json:"outcome"`
	Request          string           `json:"request"`
	RequestDue       *time.Time       `json:"request_due,omitempty"`
	Match            string           `json:"match"`
	PersonID         *int64           `json:"person_id,omitempty"`
	Lang             string           `json:"lang"`
	Topic            string           `json:"topic"`
	Questions        []string         `json:"questions"`
	Answer           string           `json:"answer"`
	ScriptVersion    int              `json:"script_version"`
	CallID           string           `json:"call_id"`
	AssigneeID       *int64           `json:"assignee_id,omitempty"`
	AgentID          *int64           `json:"agent_id,omitempty"`
	CallbackDue      *time.Time       `json:"callback_due,omitempty"`
	ReceivedAt       time.Time        `json:"received_at"`
	FirstResponseDue time.Time        `json:"first_response_due"`
	FirstResponseAt  *time.Time       `json:"first_response_at,omitempty"`
	ClosedAt         *time.Time       `json:"closed_at,omitempty"`
	UpdatedAt        time.Time        `json:"updated_at"`
	Overdue          bool             `json:"overdue"`
	Caller           apiInquiryCaller `json:"caller"`
}

// apiInquiryCaller is the caller's contact data, masked.
type apiInquiryCaller struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// apiInquiryDetail is one inquiry with its mails' metadata: no bodies, no
// addresses (the desk shows those, audited).
type apiInquiryDetail struct {
	apiInquiry
	Mails []apiInquiryMail `json:"mails"`
}

type apiInquiryMail struct {
	ID          int64                  `json:"id"`
	Direction   string                 `json:"direction"`
	Kind        string                 `json:"kind"`
	State       string                 `json:"state"`
	Lang        string                 `json:"lang"`
	Size        int64                  `json:"size"`
	Sensitive   []string               `json:"sensitive"`
	CreatedAt   time.Time              `json:"created_at"`
	SentAt      *time.Time             `json:"sent_at,omitempty"`
	Attachments []apiInquiryAttachment `json:"attachments"`
}

type apiInquiryAttachment struct {
	ID          int64    `json:"id"`
	Index       int      `json:"index"`
	ContentType string   `json:"content_type"`
	Size        int64    `json:"size"`
	SHA256      string   `json:"sha256"`
	Categories  []string `json:"categories"`
}

// apiInquiryCreate is the body of POST /inquiries.
type apiInquiryCreate struct {
	Channel       string   `json:"channel"`
	PersonID      int64    `json:"person_id"`
	Match         string   `json:"match"`
	Lang          string   `json:"lang"`
	Topic         string   `json:"topic"`
	Questions     []string `json:"questions"`
	Answer        string   `json:"answer"`
	Outcome       string   `json:"outcome"`
	Request       string   `json:"request"`
	CallbackDue   *string  `json:"callback_due"`
	AssigneeID    int64    `json:"assignee_id"`
	ScriptVersion int      `json:"script_version"`
	CallID        string   `json:"call_id"`
	CallerName    string   `json:"caller_name"`
	CallerPhone   string   `json:"caller_phone"`
	CallerEmail   string   `json:"caller_email"`
	Notes         string   `json:"notes"`
}

// apiInquiryPatch is the body of PATCH /inquiries/{iid}: only fields
// present change anything; callback_due null drops the callback; notes are
// added to the notes.
type apiInquiryPatch struct {
	Status      optional[string]   `json:"status"`
	Outcome     optional[string]   `json:"outcome"`
	Request     optional[string]   `json:"request"`
	Topic       optional[string]   `json:"topic"`
	Questions   optional[[]string] `json:"questions"`
	Answer      optional[string]   `json:"answer"`
	PersonID    optional[int64]    `json:"person_id"`
	AssigneeID  optional[int64]    `json:"assignee_id"`
	CallbackDue optional[string]   `json:"callback_due"`
	Notes       optional[string]   `json:"notes"`
}

func inquiryJSON(q *hotline.Inquiry, now time.Time) apiInquiry {
	out := apiInquiry{
		ID: q.ID, IncidentID: q.IncidentID, Channel: string(q.Channel), Status: string(q.Status), Outcome: string(q.Outcome),
		Request: string(q.Request), RequestDue: utc(q.RequestDue), Match: string(q.Match), PersonID: nonZero(q.PersonID),
		Lang: q.Lang, Topic: q.Topic, Questions: q.Questions, Answer: q.Answer, ScriptVersion: q.ScriptVersion,
		CallID: q.CallID, AssigneeID: nonZero(q.AssigneeID), AgentID: nonZero(q.AgentID), CallbackDue: utc(q.CallbackDue),
		ReceivedAt: q.ReceivedAt.UTC(), FirstResponseDue: q.FirstResponseDue.UTC(), FirstResponseAt: utc(q.FirstResponseAt),
		ClosedAt: utc(q.ClosedAt), UpdatedAt: q.UpdatedAt.UTC(), Overdue: q.Overdue(now),
		Caller: apiInquiryCaller{Name: q.Private.CallerName, Phone: q.Private.CallerPhone, Email: q.Private.CallerEmail},
	}
	if out.Questions == nil {
		out.Questions = []string{}
	}
	return out
}

func inquiryDetailJSON(v *hotline.InquiryView, now time.Time) apiInquiryDetail {
	out := apiInquiryDetail{apiInquiry: inquiryJSON(&v.Inquiry, now), Mails: []apiInquiryMail{}}
	for _, m := range v.Mails {
		am := apiInquiryMail{ID: m.ID, Direction: string(m.Direction), Kind: string(m.Kind), State: string(m.State), Lang: m.Lang,
			Size: m.Size, Sensitive: m.Sensitive, CreatedAt: m.CreatedAt.UTC(), SentAt: utc(m.SentAt), Attachments: []apiInquiryAttachment{}}
		if am.Sensitive == nil {
			am.Sensitive = []string{}
		}
		for _, a := range v.Attachments[m.ID] {
			cats := a.Categories
			if cats == nil {
				cats = []string{}
			}
			am.Attachments = append(am.Attachments, apiInquiryAttachment{ID: a.ID, Index: a.Index, ContentType: a.ContentType,
				Size: a.Size, SHA256: a.SHA256, Categories: cats})
		}
		out.Mails = append(out.Mails, am)
	}
	return out
}
