package notify

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// smtpSettingKey is where the relay settings are stored: the JSON of
// SMTPConfig, with Password and DKIMKey sealed by the register's keyring
// (base64 of Keyring.Seal, bound to the field's name).
const smtpSettingKey = "notify.smtp"

// errNoRelay is what sending without a configured relay hears.
var errNoRelay = errs.E(errs.Conflict, "no mail relay is set up: give --smtp or set the relay in the settings")

// relayConfig is the relay mail leaves through: --smtp when given, else the
// settings saved in the UI, unsealed.
func (s *Service) relayConfig(ctx context.Context) (*SMTPConfig, error) {
	if s.smtpOverride != nil {
		cfg := *s.smtpOverride
		return &cfg, nil
	}
	raw, err := s.store.Setting(ctx, smtpSettingKey)
	if errs.Is(err, errs.NotFound) {
		return nil, errNoRelay
	}
	if err != nil {
		return nil, err
	}
	var cfg SMTPConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("notify: stored relay settings: %w", err)
	}
	if cfg.Password, err = s.unsealSetting(cfg.Password, "password"); err != nil {
		return nil, err
	}
	if cfg.DKIMKey, err = s.unsealSetting(cfg.DKIMKey, "dkim_key"); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func (s *Service) unsealSetting(sealed, field string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return "", fmt.Errorf("notify: stored relay %s is not base64: %w", field, err)
	}
	plain, err := s.keys.Open(b, []byte(smtpSettingKey+"."+field))
	if err != nil {
		return "", fmt.Errorf("notify: stored relay %s does not open with the register's key: %w", field, err)
	}
	return string(plain), nil
}

// messageDomain is the right side of the Message-IDs: the relay sender's
// domain, so receivers see IDs of the domain that sends.
func messageDomain(cfg *SMTPConfig) string {
	if cfg != nil {
		if _, domain, ok := strings.Cut(cfg.From, "@"); ok && domain != "" && !strings.ContainsAny(domain, "<> \t@") {
			return strings.ToLower(domain)
		}
	}
	return "breachdesk.invalid"
}
