package web

import (
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// apiObligation is a duty in the API.
type apiObligation struct {
	Rule         string              `json:"rule"`
	Regime       string              `json:"regime"`
	Title        string              `json:"title"`
	Recipient    string              `json:"recipient"`  // the competent authority's name, or who in words
	Recipients   []string            `json:"recipients"` // directory IDs
	ClockStart   *time.Time          `json:"clock_start"`
	DueAt        *time.Time          `json:"due_at"`
	TargetAt     *time.Time          `json:"target_at"`
	DeadlineKind obligation.Strength `json:"deadline_kind"`
	Status       obligation.Status   `json:"status"`
	Applies      bool                `json:"applies"`
	Overdue      bool                `json:"overdue"`
	Reason       string              `json:"reason"`
	Reasons      []obligation.Reason `json:"reasons"`
	Basis        apiBasis            `json:"basis"`
	Content      []string            `json:"content"`
	Filings      []apiFiling         `json:"filings"`
}

type apiBasis struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// apiFiling is a filing in the API; the document itself is downloaded on
// the desk.
type apiFiling struct {
	ID         int64      `json:"id"`
	Rule       string     `json:"rule"`
	FiledAt    time.Time  `json:"filed_at"`
	FiledBy    string     `json:"filed_by"`
	Channel    string     `json:"channel"`
	Recipient  string     `json:"recipient"`
	Reference  string     `json:"reference"`
	Note       string     `json:"note"`
	DocName    string     `json:"document_name"`
	DocType    string     `json:"document_type"`
	DocSize    int64      `json:"document_size"`
	DocSHA256  string     `json:"document_sha256"`
	RecordedAt time.Time  `json:"recorded_at"`
	AckAt      *time.Time `json:"acknowledged_at"`
}

func filingJSON(f *obligation.Filing) apiFiling {
	return apiFiling{ID: f.ID, Rule: f.Rule, FiledAt: f.FiledAt.UTC(), FiledBy: f.FiledByName, Channel: f.Channel,
		Recipient: f.Recipient, Reference: f.Reference, Note: f.Note, DocName: f.DocName, DocType: f.DocType,
		DocSize: f.DocSize, DocSHA256: f.DocSHA256, RecordedAt: f.RecordedAt.UTC(), AckAt: utc(f.AckAt)}
}

func (s *Server) obligationJSON(v *obligation.View, o *obligation.Obligation, lang string) apiObligation {
	r := o.Rule
	out := apiObligation{
		Rule: r.ID, Regime: r.Regime, Title: r.Title.In(lang), Recipients: o.Recipients,
		ClockStart: utc(o.ClockStart), DueAt: utc(o.DueAt), TargetAt: utc(o.TargetAt), DeadlineKind: r.Strength,
		Status: o.Status, Applies: o.Applies, Overdue: o.Overdue(v.Now), Reasons: o.Reasons,
		Basis: apiBasis{Text: r.Basis.Text, URL: r.Basis.URL}, Content: r.Content, Filings: []apiFiling{},
	}
	if out.Recipients == nil {
		out.Recipients = []string{}
	}
	if out.Reasons == nil {
		out.Reasons = []obligation.Reason{}
	}
	if out.Content == nil {
		out.Content = []string{}
	}
	out.Recipient = r.Recipient.Who.In(lang)
	for i, id := range o.Recipients {
		name := id
		if a, ok := v.Authorities[id]; ok {
			name = authorityName(a, lang)
		}
		if i == 0 {
			out.Recipient = name
		} else {
			out.Recipient += "; " + name
		}
	}
	texts := make([]string, len(o.Reasons))
	for i, reason := range o.Reasons {
		texts[i] = reasonIn(s.cat, lang, reason)
	}
	out.Reason = strings.Join(texts, " ")
	for i := range o.Filings {
		out.Filings = append(out.Filings, filingJSON(&o.Filings[i]))
	}
	return out
}

// apiLang is the language of texts in API answers: the token owner's, or
// English.
func apiLang(c *caller) string {
	if c.User != nil && c.User.Language != "" {
		return c.User.Language
	}
	return i18n.Default
}
