// Package app wires the desk together: configuration to a store, the store
// to the capability services, the services to the HTTP server. It holds no
// rules of its own; the subcommands in cmd/breachdesk call into it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/mail"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/pdfdoc"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/publish"
	"github.com/breachdesk/breachdesk/internal/store/postgres"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// Version is set at build time with -ldflags "-X .../internal/app.Version=...".
var Version = "dev"

// DefaultDataDir is where the embedded database lives unless told otherwise.
const DefaultDataDir = "./breachdesk-data"

// Storage is a desk's database, whichever engine holds it.
type Storage interface {
	Auth() auth.Store
	Incidents() incident.Store
	Obligations() obligation.Store
	People() people.Store
	Notify() notify.Store
	Hotline() hotline.Store
	Publish() publish.Store
	Ping(ctx context.Context) error
	Close() error
}

// StoreConfig says where the desk's data is: a data directory with SQLite,
// or a PostgreSQL URL.
type StoreConfig struct {
	DataDir string
	DBURL   string
	Migrate bool // PostgreSQL: bring the schema up to date on open
}

// UsesPostgres reports whether the desk is on PostgreSQL.
func (c StoreConfig) UsesPostgres() bool { return c.DBURL != "" }

// Describe names the store for messages, without a password.
func (c StoreConfig) Describe() string {
	if c.UsesPostgres() {
		return "PostgreSQL " + redactURL(c.DBURL)
	}
	return "SQLite in " + c.dataDir()
}

func (c StoreConfig) dataDir() string {
	if c.DataDir == "" {
		return DefaultDataDir
	}
	return c.DataDir
}

// OpenStore opens (and, for SQLite, creates and migrates) the desk's store.
func OpenStore(ctx context.Context, c StoreConfig) (Storage, error) {
	if c.UsesPostgres() {
		if !strings.HasPrefix(c.DBURL, "postgres://") && !strings.HasPrefix(c.DBURL, "postgresql://") {
			return nil, errors.New("--db must be a postgres:// URL; leave it empty to use SQLite in --data")
		}
		return postgres.Open(ctx, c.DBURL, c.Migrate)
	}
	return sqlite.Open(ctx, c.dataDir())
}

// Services are the capability services over one store.
type Services struct {
	Store       Storage
	Auth        *auth.Service
	Incidents   *incident.Service
	Obligations *obligation.Service
	// People and Notify are the register of affected persons and the
	// campaigns that tell them; nil when the desk was opened without the
	// register's key (commands that never touch the register).
	People *people.Service
	Notify *notify.Service
	// Hotline is the agent console and the inquiry inbox; nil without the
	// register.
	Hotline *hotline.Service
	// Publish is the public side: statements, systems status,
	// subscribers, the self-check; nil without the register.
	Publish *publish.Service
	// Letters renders letters as PDFs (the PDF adapter); nil without the
	// register.
	Letters notify.LetterRenderer
	// Key is the register's key as loaded; nil without the register.
	Key *RegisterKey
}

// Options tune the services.
type Options struct {
	Now    func() time.Time
	Argon2 *auth.Argon2Params
	// Keys open the register; nil leaves People and Notify out.
	Keys *people.Keyring
	// SMTP is the relay given with --smtp; it wins over the settings saved
	// in the desk.
	SMTP *notify.SMTPConfig
}

// NewServices builds the services over store.
func NewServices(store Storage, opt Options) (*Services, error) {
	now := opt.Now
	incidents, err := incident.NewService(store.Incidents(), now)
	if err != nil {
		return nil, err
	}
	// The obligation service reads the rule file an admin loaded, if any.
	obligations, err := obligation.NewService(context.Background(), store.Obligations(), incidents, now)
	if err != nil {
		return nil, err
	}
	svc := &Services{
		Store:       store,
		Auth:        auth.NewService(store.Auth(), auth.Options{Now: now, Argon2: opt.Argon2}),
		Incidents:   incidents,
		Obligations: obligations,
	}
	if opt.Keys == nil {
		return svc, nil
	}
	letters, err := pdfdoc.NewLetterRenderer()
	if err != nil {
		return nil, fmt.Errorf("letters: %w", err)
	}
	svc.Letters = letters
	svc.People = people.NewService(store.People(), incidents, obligations, opt.Keys, now)
	svc.Notify = notify.NewService(store.Notify(), incidents, svc.People, opt.Keys, notify.Options{
		Letters: letters, Dial: dialSMTP, SMTPOverride: opt.SMTP, Now: now,
	})
	svc.Hotline = hotline.NewService(store.Hotline(), incidents, svc.People, svc.Notify, store.Auth(), opt.Keys,
		hotline.Options{Now: now})
	svc.Publish = publish.NewService(store.Publish(), incidents, svc.People, svc.Hotline, svc.Notify, opt.Keys,
		publish.Options{Now: now})
	return svc, nil
}

// dialSMTP builds the mail adapter's dialer for a relay; notify knows only
// its interface, as capabilities never import adapters.
func dialSMTP(cfg notify.SMTPConfig) (notify.Dialer, error) {
	d, err := mail.NewDialer(cfg)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// RegisterConfig opens the register of affected persons with the desk.
type RegisterConfig struct {
	Key  KeyConfig
	SMTP *notify.SMTPConfig // --smtp
}

// Open opens the store and builds the services; with reg, also the
// register and the campaigns, after checking the register's key.
func Open(ctx context.Context, c StoreConfig, reg *RegisterConfig) (*Services, error) {
	store, err := OpenStore(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", c.Describe(), err)
	}
	opt := Options{}
	var key *RegisterKey
	if reg != nil {
		if key, err = LoadRegisterKey(ctx, store.People(), c, reg.Key); err != nil {
			store.Close()
			return nil, err
		}
		opt.Keys, opt.SMTP = key.Keys, reg.SMTP
	}
	svc, err := NewServices(store, opt)
	if err != nil {
		store.Close()
		return nil, err
	}
	svc.Key = key
	return svc, nil
}

// Close closes the store.
func (s *Services) Close() error { return s.Store.Close() }

// Logger returns a slog logger writing text or JSON.
func Logger(format, level string, w interface{ Write([]byte) (int, error) }) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %q is not one of debug, info, warn, error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, fmt.Errorf("--log-format: %q is not text or json", format)
	}
}
