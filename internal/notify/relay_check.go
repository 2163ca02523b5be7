package notify

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// SendTestMail sends a short test message through the relay in use (the
// --smtp one when set) to the actor's own address, so that an admin sees
// the settings work before a campaign depends on them. Admins only. A
// refusal by the relay comes back as errs.Invalid with the relay's reply,
// never with a password.
func (s *Service) SendTestMail(ctx context.Context, a auth.Actor) error {
	if err := need(a.IsAdmin(), "test the mail relay"); err != nil {
		return err
	}
	to := auth.NormalizeEmail(a.Email)
	if !auth.ValidEmail(to) {
		return errs.E(errs.Invalid, "your account has no e-mail address to send the test to")
	}
	relay, err := s.relayConfig(ctx)
	if err != nil {
		return err
	}
	m := &Message{
		MessageID: newMessageID("relay-test", relay.From), From: relay.From, FromName: relay.FromName,
		ReplyTo: relay.ReplyTo, To: to, Lang: "en",
		Subject: "[TEST] breachdesk mail relay",
		Text:    "This is a test message from breachdesk: the mail relay settings work.\n\nDies ist eine Testnachricht von breachdesk: Die Einstellungen des Mail-Relays funktionieren.\n",
	}
	if err := s.sendOne(ctx, *relay, m); err != nil {
		return err
	}
	return s.auditOnly(ctx, a, auth.Event{Action: "settings.smtp_test", ObjectType: "setting"})
}
