package hotline

import (
	"context"
	"log/slog"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// Users finds the desk's users: escalations name their assignee, and the
// assignee is told by mail.
type Users interface {
	User(ctx context.Context, id int64) (*auth.User, error)
}

// Options tune the service.
type Options struct {
	Now func() time.Time
	// Domain is the right-hand side of the Message-IDs of outgoing mails
	// when the inbox address gives none.
	Domain string
	Logger *slog.Logger
}

// Service runs the hotline and the inbox of every incident.
type Service struct {
	store     Store
	incidents *incident.Service
	people    *people.Service
	notify    *notify.Service
	users     Users
	keys      *people.Keyring
	now       func() time.Time
	domain    string
	log       *slog.Logger
	calls     *broker
}

// NewService returns the service. keys is the register's key: inquiries
// are sealed with it, and callers are found through its blind indexes.
func NewService(store Store, incidents *incident.Service, ppl *people.Service, ntf *notify.Service, users Users, keys *people.Keyring, opt Options) *Service {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	domain := opt.Domain
	if domain == "" {
		domain = "breachdesk.invalid"
	}
	return &Service{
		store: store, incidents: incidents, people: ppl, notify: ntf, users: users, keys: keys,
		now:    func() time.Time { return now().UTC().Truncate(time.Microsecond) },
		domain: domain, log: log, calls: newBroker(),
	}
}

// Rights are what an actor may do with an incident's hotline.
//
//   - every member sees the inquiries (masked), the console and the
//     dashboard;
//   - hotline agents, comms, leads and admins log and answer inquiries,
//     reply to mails and resend notifications;
//   - the same may reveal a caller's contact data, one person at a time,
//     each reveal audited; nobody exports it from here;
//   - comms, leads and admins write the script and FAQ; a lead or admin
//     (or the incident lead) other than its author approves a version;
//   - leads and admins (and the incident lead) change the settings: the
//     inbox, the SLA, the phone system's token.
type Rights struct {
	View           bool
	Answer         bool
	Reveal         bool
	WriteScripts   bool
	ApproveScripts bool
	Settings       bool
}
