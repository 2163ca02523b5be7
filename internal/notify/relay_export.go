package notify

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Relay returns a Dialer for the relay mail leaves through (--smtp, else
// the settings saved in the UI) and that relay's settings, for mail the
// desk sends outside campaigns (the hotline's acknowledgements and
// replies). errs.Invalid when no relay is set up.
func (s *Service) Relay(ctx context.Context) (Dialer, *SMTPConfig, error) {
	relay, err := s.relayConfig(ctx)
	if err != nil {
		return nil, nil, err
	}
	if s.dial == nil {
		return nil, nil, errs.E(errs.Internal, "notify: no mail adapter is wired")
	}
	d, err := s.dial(*relay)
	if err != nil {
		return nil, nil, relayError("the mail relay settings cannot be used", err)
	}
	return d, relay, nil
}
