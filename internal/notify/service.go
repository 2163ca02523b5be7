package notify

import (
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/people"
)

// Service runs the notification campaigns of incidents.
type Service struct {
	store     Store
	incidents *incident.Service
	people    *people.Service
	keys      *people.Keyring // seals the SMTP password and DKIM key
	letters   LetterRenderer
	// dial builds a Dialer for a relay configuration (the mail adapter).
	dial func(SMTPConfig) (Dialer, error)
	// smtpOverride, when set (--smtp), wins over the settings saved in the
	// UI.
	smtpOverride *SMTPConfig
	now          func() time.Time
}

// Options are the adapters and settings the service works with.
type Options struct {
	Letters      LetterRenderer
	Dial         func(SMTPConfig) (Dialer, error)
	SMTPOverride *SMTPConfig
	Now          func() time.Time
}

// NewService returns the service.
func NewService(store Store, incidents *incident.Service, ppl *people.Service, keys *people.Keyring, opt Options) *Service {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	return &Service{
		store: store, incidents: incidents, people: ppl, keys: keys,
		letters: opt.Letters, dial: opt.Dial, smtpOverride: opt.SMTPOverride,
		now: func() time.Time { return now().UTC().Truncate(time.Microsecond) },
	}
}

// Rights are what an actor may do with an incident's campaigns.
//
//   - every member sees the campaigns and their progress;
//   - comms, leads and admins (and the incident lead) write templates,
//     create, start, pause, resume and cancel campaigns, make letter
//     batches and mark them posted;
//   - a user with the lead or comms role, or the incident lead, who did not
//     create the campaign approves it (four eyes);
//   - hotline agents, comms, leads and admins (and the incident lead) send
//     a person's notification again (Resend);
//   - admins set the mail relay.
type Rights struct {
	View    bool
	Edit    bool
	Approve bool // the role allows approving; the four-eyes check is per campaign
	Resend  bool // queue one person's notification again
}

// NewCampaign is what creating a campaign takes.
type NewCampaign struct {
	Name           string
	Kind           Kind
	SegmentID      int64
	TemplateID     int64
	Channel        Channel
	LetterFallback bool
}

// CampaignView is a campaign with its progress and what the viewer may do.
type CampaignView struct {
	Campaign
	Segment  *people.SegmentView
	Template *Template
	Progress Progress
	Batches  []LetterBatch
	Rights   Rights
	// CanApprove is Rights.Approve and the four-eyes rule for this
	// campaign and viewer.
	CanApprove bool
}

// Rendered is one person's message or letter, for a preview.
type Rendered struct {
	Lang    string
	Message Message
	Letter  Letter
	// Missing are the placeholders the person cannot fill (shown as
	// {{name}} in the preview), and "email" or "address" when the person
	// cannot get an e-mail or a letter.
	Missing []string
}

// CheckReport is what the checker found for a campaign's recipients.
type CheckReport struct {
	Recipients int64
	ByLang     map[string]int64
	ByChannel  map[Channel]int64
	// Unreachable persons have no e-mail (e-mail campaign without letter
	// fallback) or no postal address (letters).
	Unreachable int64
	Problems    []Problem
}

// OK reports whether the campaign may be sent.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 }

// Problem is a placeholder that some recipients cannot fill.
type Problem struct {
	Lang        string
	Placeholder string // "name", "customer_no", ...
	Persons     int64  // recipients that lack it
}

// English says what the problem is, for the API and the command line (the
// desk's pages say it in the reader's language).
func (p Problem) English() string {
	switch p.Placeholder {
	case placeholderInfo[phNote].name:
		return "the " + p.Lang + " text still has notes to its authors ([[...]]) to replace"
	case NeedEmail:
		return fmt.Sprintf("%d recipients (%s) have no e-mail address", p.Persons, p.Lang)
	case NeedAddress:
		return fmt.Sprintf("%d recipients (%s) have no postal address for a letter", p.Persons, p.Lang)
	}
	return fmt.Sprintf("%d recipients (%s) have no value for {{%s}}", p.Persons, p.Lang, p.Placeholder)
}
