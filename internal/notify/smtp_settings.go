package notify

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// smtpSettingKey is where the relay settings are stored.
const smtpSettingKey = "notify.smtp"

// Associated data of the sealed secrets: a sealed password cannot be
// passed off as the DKIM key or moved to another setting.
var (
	adPassword = []byte(smtpSettingKey + " password")
	adDKIMKey  = []byte(smtpSettingKey + " dkim_key")
)

// storedSMTP is the setting's JSON: the config without its secrets, and
// the secrets sealed with the register's key.
type storedSMTP struct {
	SMTPConfig
	PasswordSealed []byte `json:"password_sealed,omitempty"`
	DKIMKeySealed  []byte `json:"dkim_key_sealed,omitempty"`
}

// SMTP returns the relay settings with the password and DKIM key blanked,
// and whether --smtp overrides them. Before anything is saved it returns
// the defaults for the form. Admins only.
func (s *Service) SMTP(ctx context.Context, a auth.Actor) (cfg *SMTPConfig, overridden bool, err error) {
	if err := need(a.IsAdmin(), "set the mail relay"); err != nil {
		return nil, false, err
	}
	// The secrets are not unsealed to be blanked: a form must show even
	// when they were sealed with a key the desk no longer has.
	st, err := readStoredSMTP(s.store.Setting(ctx, smtpSettingKey))
	switch {
	case errs.Is(err, errs.NotFound):
		return &SMTPConfig{Port: 587, TLS: TLSStart}, s.smtpOverride != nil, nil
	case err != nil:
		return nil, false, err
	}
	cfg = &st.SMTPConfig
	cfg.Password, cfg.DKIMKey = "", ""
	return cfg, s.smtpOverride != nil, nil
}

// SaveSMTP stores the relay settings; an empty Password or DKIMKey keeps
// the stored one. Admins only.
func (s *Service) SaveSMTP(ctx context.Context, a auth.Actor, cfg SMTPConfig) error {
	if err := need(a.IsAdmin(), "set the mail relay"); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		old, err := s.unsealSMTP(tx.Setting(ctx, smtpSettingKey))
		switch {
		case errors.Is(err, errSealedElsewhere):
			old = nil // what cannot be opened is replaced, not kept
		case err != nil && !errs.Is(err, errs.NotFound):
			return err
		}
		changed := cfg.Password != ""
		if old != nil {
			cfg.Password = cmpOr(cfg.Password, old.Password)
			cfg.DKIMKey = cmpOr(cfg.DKIMKey, old.DKIMKey)
		}
		if err := validateSMTP(&cfg); err != nil {
			return err
		}
		raw, err := s.sealSMTP(cfg)
		if err != nil {
			return err
		}
		if err := tx.SaveSetting(ctx, smtpSettingKey, raw); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), auth.Event{
			Action: "settings.smtp", ObjectType: "setting",
			Detail: map[string]any{"host": cfg.Host, "port": cfg.Port, "tls": cfg.TLS, "password_changed": changed, "dkim": cfg.DKIMDomain != ""},
		}))
	})
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// storedSMTP reads and unseals the saved settings; NotFound when none.
func (s *Service) storedSMTP(ctx context.Context) (*SMTPConfig, error) {
	return s.unsealSMTP(s.store.Setting(ctx, smtpSettingKey))
}

func (s *Service) unsealSMTP(raw []byte, err error) (*SMTPConfig, error) {
	st, err := readStoredSMTP(raw, err)
	if err != nil {
		return nil, err
	}
	cfg := st.SMTPConfig
	if cfg.Password, err = s.open(st.PasswordSealed, adPassword); err != nil {
		return nil, err
	}
	if cfg.DKIMKey, err = s.open(st.DKIMKeySealed, adDKIMKey); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func readStoredSMTP(raw []byte, err error) (*storedSMTP, error) {
	if err != nil {
		return nil, err
	}
	var st storedSMTP
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("notify: read the relay settings: %w", err)
	}
	return &st, nil
}

// errSealedElsewhere: the register's key changed since the relay's
// secrets were saved; an admin saves them again.
var errSealedElsewhere = errs.E(errs.Invalid, "the mail relay's password was saved with another register key: an admin enters it again under Mail relay (/admin/smtp)")

func (s *Service) open(sealed, ad []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	plain, err := s.keys.Open(sealed, ad)
	if err != nil {
		return "", errSealedElsewhere
	}
	return string(plain), nil
}

func (s *Service) sealSMTP(cfg SMTPConfig) ([]byte, error) {
	st := storedSMTP{SMTPConfig: cfg}
	st.Password, st.DKIMKey = "", ""
	if cfg.Password != "" {
		st.PasswordSealed = s.keys.Seal([]byte(cfg.Password), adPassword)
	}
	if cfg.DKIMKey != "" {
		st.DKIMKeySealed = s.keys.Seal([]byte(cfg.DKIMKey), adDKIMKey)
	}
	return json.Marshal(st)
}

// TLS modes.
const (
	TLSStart    = "starttls"
	TLSImplicit = "tls"
	TLSNone     = "none"
)

// validateSMTP checks and normalizes a relay configuration; field errors
// name the field, never the value.
func validateSMTP(cfg *SMTPConfig) error {
	f := errs.Fields{}
	cfg.Host = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(cfg.Host), "["), "]"))
	if cfg.Host == "" {
		f.Add("host", errs.Required)
	} else if !validHost(cfg.Host) {
		f.Add("host", errs.InvalidValue)
	}
	switch cfg.TLS = strings.ToLower(strings.TrimSpace(cfg.TLS)); cfg.TLS {
	case "":
		cfg.TLS = TLSStart
	case TLSStart, TLSImplicit:
	case TLSNone:
		if !isLoopback(cfg.Host) {
			f.Add("tls", errs.InvalidChoice) // plain text only to a relay on this machine
		}
	default:
		f.Add("tls", errs.InvalidChoice)
	}
	if cfg.Port == 0 {
		cfg.Port = defaultPort(cfg.TLS)
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		f.Add("port", errs.InvalidValue)
	}
	validateSender(f, cfg)
	validateDKIM(f, cfg)
	validatePace(f, cfg)
	return f.Err()
}

func defaultPort(mode string) int {
	switch mode {
	case TLSImplicit:
		return 465
	case TLSNone:
		return 25
	}
	return 587
}

func validateSender(f errs.Fields, cfg *SMTPConfig) {
	cfg.From, cfg.ReplyTo = auth.NormalizeEmail(cfg.From), auth.NormalizeEmail(cfg.ReplyTo)
	cfg.FromName, cfg.Username = strings.TrimSpace(cfg.FromName), strings.TrimSpace(cfg.Username)
	cfg.HeloName = strings.ToLower(strings.TrimSpace(cfg.HeloName))
	if cfg.From == "" {
		f.Add("from", errs.Required)
	} else if !auth.ValidEmail(cfg.From) {
		f.Add("from", errs.InvalidEmail)
	}
	if cfg.ReplyTo != "" && !auth.ValidEmail(cfg.ReplyTo) {
		f.Add("reply_to", errs.InvalidEmail)
	}
	checkText(f, "from_name", cfg.FromName, 100, false)
	checkText(f, "username", cfg.Username, 254, false)
	if strings.ContainsAny(cfg.Password, "\r\n") || len(cfg.Password) > 1024 {
		f.Add("password", errs.InvalidValue)
	}
	if cfg.HeloName != "" && !validHost(cfg.HeloName) {
		f.Add("helo_name", errs.InvalidValue)
	}
}

func validateDKIM(f errs.Fields, cfg *SMTPConfig) {
	cfg.DKIMDomain = strings.ToLower(strings.TrimSpace(cfg.DKIMDomain))
	cfg.DKIMSelector = strings.ToLower(strings.TrimSpace(cfg.DKIMSelector))
	if cfg.DKIMDomain == "" && cfg.DKIMSelector == "" {
		cfg.DKIMKey = "" // no signing: keep no key
		return
	}
	if cfg.DKIMDomain == "" || !validHost(cfg.DKIMDomain) {
		f.Add("dkim_domain", errs.InvalidValue)
	}
	if cfg.DKIMSelector == "" || !validHost(cfg.DKIMSelector) {
		f.Add("dkim_selector", errs.InvalidValue)
	}
	if cfg.DKIMKey == "" {
		f.Add("dkim_key", errs.Required)
	} else if !validDKIMKey(cfg.DKIMKey) {
		f.Add("dkim_key", errs.InvalidValue)
	}
}

// validDKIMKey reports whether pemKey is an RSA or Ed25519 private key in
// PEM, as DKIM signs with.
func validDKIMKey(pemKey string) bool {
	block, _ := pem.Decode([]byte(pemKey))
	if block == nil {
		return false
	}
	if _, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return true
	}
	_, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	return err == nil
}

func validatePace(f errs.Fields, cfg *SMTPConfig) {
	if cfg.Concurrency < 0 || cfg.Concurrency > 100 {
		f.Add("concurrency", errs.InvalidValue)
	}
	if cfg.PerSecond < 0 {
		f.Add("per_second", errs.InvalidValue)
	}
	if cfg.PerHour < 0 {
		f.Add("per_hour", errs.InvalidValue)
	}
}

// validHost reports whether h is a host name or an IP address.
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// isLoopback reports whether host is this machine.
func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
