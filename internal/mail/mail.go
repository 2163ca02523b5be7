// Package mail is the adapter between breachdesk and mail servers: it
// sends notify's messages through an SMTP relay (Dialer) and reads
// delivery status notifications from an IMAP mailbox (BounceSource,
// over the general Mailbox).
//
// Nothing here logs, and no error carries a recipient's address: relays
// echo addresses in their replies, so reply texts are stripped before
// they leave the package.
package mail

import (
	"crypto/tls"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// The relay's TLS modes (notify.SMTPConfig.TLS).
const (
	StartTLS    = "starttls" // required: no STARTTLS offered, no mail
	ImplicitTLS = "tls"      // smtps, port 465
	NoTLS       = "none"     // clear text, only as configured
)

var (
	_ notify.Dialer       = (*Dialer)(nil)
	_ notify.Conn         = (*Conn)(nil)
	_ notify.BounceSource = (*BounceSource)(nil)
)

// Dialer opens SMTP connections to one relay.
type Dialer struct {
	cfg      notify.SMTPConfig
	addr     string
	helo     string
	loopback bool
	tls      *tls.Config
	dkim     *signer // nil: no signing
	now      func() time.Time
	// timeout bounds connecting and every command; a context with an
	// earlier deadline wins.
	timeout time.Duration
}

// NewDialer checks cfg and returns a Dialer for it. Bad settings are an
// errs.Invalid error naming the fields.
func NewDialer(cfg notify.SMTPConfig) (*Dialer, error) {
	cfg = withDefaults(cfg)
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	d := &Dialer{
		cfg:      cfg,
		addr:     net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)),
		helo:     cfg.HeloName,
		loopback: isLoopback(cfg.Host),
		tls: &tls.Config{
			ServerName:         cfg.Host,
			MinVersion:         tls.VersionTLS12,
			InsecureSkipVerify: cfg.InsecureSkipVerify, //nolint:gosec // only when configured, for test relays
		},
		now:     time.Now,
		timeout: time.Minute,
	}
	if cfg.DKIMDomain != "" {
		s, err := newSigner(cfg.DKIMDomain, cfg.DKIMSelector, cfg.DKIMKey)
		if err != nil {
			return nil, &errs.Error{Code: errs.Invalid, Message: strings.TrimPrefix(err.Error(), "mail: "),
				Fields: errs.Fields{"dkim_key": errs.InvalidValue}}
		}
		d.dkim = s
	}
	return d, nil
}

func withDefaults(cfg notify.SMTPConfig) notify.SMTPConfig {
	cfg.TLS = strings.ToLower(strings.TrimSpace(cfg.TLS))
	if cfg.TLS == "" {
		cfg.TLS = StartTLS
	}
	if cfg.Port == 0 {
		cfg.Port = map[string]int{StartTLS: 587, ImplicitTLS: 465, NoTLS: 25}[cfg.TLS]
	}
	if cfg.HeloName == "" {
		cfg.HeloName = defaultHelo()
	}
	if cfg.DKIMSelector == "" {
		cfg.DKIMSelector = "breachdesk"
	}
	return cfg
}

// defaultHelo is the machine's name when it looks like one a relay
// accepts, "localhost" otherwise.
func defaultHelo() string {
	name, err := os.Hostname()
	if err != nil || name == "" || strings.ContainsAny(name, " \t\r\n") {
		return "localhost"
	}
	return name
}

func checkConfig(cfg notify.SMTPConfig) error {
	f := errs.Fields{}
	if cfg.Host == "" {
		f.Add("host", errs.Required)
	} else if strings.ContainsAny(cfg.Host, " \t\r\n/@") {
		f.Add("host", errs.InvalidValue)
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		f.Add("port", errs.InvalidValue)
	}
	switch cfg.TLS {
	case StartTLS, ImplicitTLS:
	case NoTLS:
		// A password in clear text is readable on every hop; only a relay
		// on this machine may get one.
		if cfg.Username != "" && !isLoopback(cfg.Host) {
			f.Add("tls", errs.InvalidChoice)
		}
	default:
		f.Add("tls", errs.InvalidChoice)
	}
	if cfg.From == "" {
		f.Add("from", errs.Required)
	} else if !validAddress(cfg.From) {
		f.Add("from", errs.InvalidEmail)
	}
	if cfg.ReplyTo != "" && !validAddress(cfg.ReplyTo) {
		f.Add("reply_to", errs.InvalidEmail)
	}
	if strings.ContainsAny(cfg.FromName, "\r\n") {
		f.Add("from_name", errs.InvalidValue)
	}
	if strings.ContainsAny(cfg.HeloName, " \t\r\n") {
		f.Add("helo_name", errs.InvalidValue)
	}
	switch {
	case cfg.DKIMDomain == "" && cfg.DKIMKey != "":
		f.Add("dkim_domain", errs.Required)
	case cfg.DKIMDomain != "" && cfg.DKIMKey == "":
		f.Add("dkim_key", errs.Required)
	}
	return f.Err()
}

// isLoopback reports whether host is this machine by name or address. A
// name other than "localhost" is not resolved: DNS could lie.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
