package publish

// The self-check ("am I affected?") answers only by mail to the address
// asked about, so the form tells a visitor nothing about anybody else's
// address. Asking does the same work for every address: it only queues the
// question, sealed; the lookup in the registers, the answer and the
// hotline's inquiry happen in the outbox (outbox_selfcheck.go).

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

var errSelfCheckOff = errs.E(errs.NotFound, "publish: the self-check is off")

// SelfCheck queues the answer to "am I affected?" for address, in lang.
// It does the same work whatever the address (normalize, blind key, seal,
// one count, one insert), so its time tells nothing about the registers.
// A malformed address is an errs.Invalid error naming the field "email";
// errs.NotFound when the page has the self-check off. Beyond the limit of
// answers per address (3 a day) nothing is queued and nil is returned all
// the same: the page must not tell that either.
func (s *Service) SelfCheck(ctx context.Context, address, lang string) error {
	addr := people.NormalizeEmail(address)
	if addr == "" {
		return errBadEmail
	}
	p, err := s.page(ctx)
	if err != nil {
		return err
	}
	if !p.SelfCheck {
		return errSelfCheckOff
	}
	lang = mailLang(p, lang)
	recipient := s.keys.Index(indexRecipient, addr).Hash
	id := fmt.Sprintf("<selfcheck.%s@%s>", randomHex(16), s.messageDomain(p))
	sealed := s.sealMail(id, []byte(addr))
	now := s.now()
	n, err := s.store.MailsTo(ctx, SelfCheckMail, recipient, now.Add(-day))
	if err != nil || n >= mailsPerDay {
		return err
	}
	m := &MailRow{Kind: SelfCheckMail, MessageID: id, RecipientKey: recipient, Sealed: sealed, Lang: lang,
		State: MailQueued, CreatedAt: now, NextAt: now}
	return s.store.Update(ctx, func(tx Tx) error { return tx.AddMail(ctx, m) })
}
