package notify

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// errNoRelay is what sending hears when no relay is set up.
var errNoRelay = errs.E(errs.Invalid, "no mail relay is set up: an admin sets one under Mail relay (/admin/smtp), or start the desk with --smtp")

// relayConfig is the relay mail leaves through: --smtp when given, else
// the settings saved in the UI, unsealed. errs.Invalid when there is
// neither.
func (s *Service) relayConfig(ctx context.Context) (*SMTPConfig, error) {
	if s.smtpOverride != nil {
		cfg := *s.smtpOverride
		return &cfg, nil
	}
	cfg, err := s.storedSMTP(ctx)
	if errs.Is(err, errs.NotFound) {
		return nil, errNoRelay
	}
	return cfg, err
}
