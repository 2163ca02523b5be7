package notify

import (
	"context"
	"errors"

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

// LedgerText is what an outbox outside campaigns (the hotline's, the
// public side's) keeps of a failed attempt: the relay's reply, with
// anything shaped like an address taken out and cut short; notify's "no
// mail relay is set up"; else a fixed text. It is the same text the
// campaigns' ledger keeps.
func LedgerText(err error) string {
	var se *SendError
	if errors.As(err, &se) {
		return clip(scrub(se.Error()))
	}
	if errs.Is(err, errs.Invalid) {
		return clip(scrub(err.Error()))
	}
	return "the relay could not be reached"
}
