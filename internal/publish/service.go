package publish

import (
	"log/slog"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// Options tune the service.
type Options struct {
	Now func() time.Time
	// Domain is the right-hand side of the Message-IDs of outgoing mails
	// when the sender's address gives none.
	Domain string
	Logger *slog.Logger
}

// Service runs the public side of every incident.
type Service struct {
	store     Store
	incidents *incident.Service
	people    *people.Service
	hotline   *hotline.Service
	notify    *notify.Service
	keys      *people.Keyring
	now       func() time.Time
	domain    string
	log       *slog.Logger

	mu       sync.Mutex
	watchers []func()

	// pub is the mail part's memory: the fallback URL, the password
	// range cache (fallback.go, pwned.go).
	pub pubState
}

// NewService returns the service. keys is the register's key: subscribers'
// addresses and self-checks are sealed with it. hotline logs every
// self-check as a web inquiry; notify's relay sends the mails.
func NewService(store Store, incidents *incident.Service, ppl *people.Service, hl *hotline.Service, ntf *notify.Service, keys *people.Keyring, opt Options) *Service {
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
		store: store, incidents: incidents, people: ppl, hotline: hl, notify: ntf, keys: keys,
		now:    func() time.Time { return now().UTC().Truncate(time.Microsecond) },
		domain: domain, log: log,
	}
}

// OnChange registers fn to be called (in its own goroutine) after every
// committed change to what the public site shows, so that the public
// listener renders it again at once.
func (s *Service) OnChange(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.watchers = append(s.watchers, fn)
}

// changed tells the watchers; call it after the transaction committed.
func (s *Service) changed() {
	s.mu.Lock()
	ws := append([]func(){}, s.watchers...)
	s.mu.Unlock()
	for _, fn := range ws {
		go fn()
	}
}
