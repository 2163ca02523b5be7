package publish

// Subscriptions: double opt-in. The address is stored only sealed (bound
// to its blind key) and found by its blind keys: EmailKey for a new
// subscription of the same address, UnsubKey for the unsubscribe link. The
// confirmation token is 16 random bytes; only its SHA-256 is in the
// subscriber's row, the token itself waits sealed in its mail's row until
// the mail went out.

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// The blind keys of the public side, one kind per use, so that no key of
// one use can be matched with another's (nor with the register's).
const (
	indexSubscriber  people.IndexKind = "publish-subscriber"
	indexUnsubscribe people.IndexKind = "publish-unsubscribe"
	// indexRecipient keys the limit of mails per address.
	indexRecipient people.IndexKind = "publish-recipient"
)

const (
	tokenSize = 16
	// mailsPerDay is how many confirmations, and how many self-check
	// answers, one address gets a day at most: enough for a person who
	// lost a mail, too few to flood somebody else's inbox.
	mailsPerDay = 3
	day         = 24 * time.Hour
)

var (
	errUnknownToken = errs.E(errs.NotFound, "publish: this link is not valid (any more)")
	errBadEmail     = errs.Fields{"email": errs.InvalidEmail}.Err()
)

// Subscribe asks address to confirm a subscription in lang (double
// opt-in). It answers the same whether the address is new, pending,
// confirmed or unsubscribed, so the form tells nobody who subscribed; a
// malformed address is an errs.Invalid error naming the field "email".
// A pending or unsubscribed address gets a new confirmation (the older
// links stop working), a confirmed one nothing; beyond mailsPerDay
// confirmations a day nothing is queued either.
func (s *Service) Subscribe(ctx context.Context, address, lang string) error {
	addr := people.NormalizeEmail(address)
	if addr == "" {
		return errBadEmail
	}
	p, err := s.page(ctx)
	if err != nil {
		return err
	}
	lang = mailLang(p, lang)
	recipient := s.keys.Index(indexRecipient, addr).Hash
	now := s.now()
	n, err := s.store.MailsTo(ctx, ConfirmMail, recipient, now.Add(-day))
	if err != nil || n >= mailsPerDay {
		return err
	}
	token := newToken()
	hash := sha256.Sum256(token)
	emailKey := s.keys.Index(indexSubscriber, addr).Hash
	err = s.store.Update(ctx, func(tx Tx) error {
		sub, err := tx.SubscriberByKey(ctx, emailKey)
		switch {
		case errs.Is(err, errs.NotFound):
			sub = &SubscriberRow{EmailKey: emailKey, Sealed: s.keys.Seal([]byte(addr), emailKey), Lang: lang,
				State: Pending, ConfirmHash: hash[:], UnsubKey: s.keys.Index(indexUnsubscribe, addr).Hash, CreatedAt: now}
			if err := tx.AddSubscriber(ctx, sub); err != nil {
				return err
			}
		case err != nil:
			return err
		case sub.State == Confirmed:
			return nil
		default:
			sub.State, sub.ConfirmHash, sub.Lang = Pending, hash[:], lang
			if err := tx.UpdateSubscriber(ctx, sub); err != nil {
				return err
			}
		}
		return s.queueConfirm(ctx, tx, sub, token, recipient, s.messageDomain(p), now)
	})
	if errs.Is(err, errs.Conflict) {
		return nil // the same address subscribed at the same moment: that one's mail goes
	}
	return err
}

// queueConfirm queues the confirmation mail; its row keeps the token
// sealed until the mail is sent.
func (s *Service) queueConfirm(ctx context.Context, tx Tx, sub *SubscriberRow, token, recipient []byte, domain string, now time.Time) error {
	id := fmt.Sprintf("<confirm.%d.%s@%s>", sub.ID, randomHex(8), domain)
	m := &MailRow{Kind: ConfirmMail, MessageID: id, SubscriberID: sub.ID, RecipientKey: recipient,
		Sealed: s.sealMail(id, []byte(encodeToken(token))), Lang: sub.Lang, State: MailQueued, CreatedAt: now, NextAt: now}
	return tx.AddMail(ctx, m)
}

// Confirm confirms the subscription the token was mailed for; it returns
// the subscriber's language. An unknown or used token is errs.NotFound.
func (s *Service) Confirm(ctx context.Context, token string) (lang string, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != tokenSize {
		return "", errUnknownToken
	}
	hash := sha256.Sum256(raw)
	found, err := s.store.SubscriberByConfirmHash(ctx, hash[:])
	if errs.Is(err, errs.NotFound) {
		return "", errUnknownToken
	}
	if err != nil {
		return "", err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		sub, err := tx.Subscriber(ctx, found.ID)
		if err != nil {
			return err
		}
		if sub.State != Pending || !bytes.Equal(sub.ConfirmHash, hash[:]) {
			return errUnknownToken // confirmed or unsubscribed in the meantime
		}
		now := s.now()
		sub.State, sub.ConfirmHash, sub.ConfirmedAt, sub.UnsubscribedAt = Confirmed, nil, &now, nil
		lang = sub.Lang
		return tx.UpdateSubscriber(ctx, sub)
	})
	return lang, err
}

// Unsubscribe ends the subscription of the unsubscribe token (from the
// link and the List-Unsubscribe header of every update). Unsubscribing
// twice is fine; an unknown token is errs.NotFound.
func (s *Service) Unsubscribe(ctx context.Context, token string) (lang string, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != people.IndexSize {
		return "", errUnknownToken
	}
	found, err := s.store.SubscriberByUnsubKey(ctx, raw)
	if errs.Is(err, errs.NotFound) {
		return "", errUnknownToken
	}
	if err != nil {
		return "", err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		sub, err := tx.Subscriber(ctx, found.ID)
		if err != nil {
			return err
		}
		lang = sub.Lang
		if sub.State == Unsubscribed {
			return nil
		}
		now := s.now()
		// The confirmation hash goes too: an old confirmation link must
		// not subscribe the address again.
		sub.State, sub.ConfirmHash, sub.UnsubscribedAt = Unsubscribed, nil, &now
		return tx.UpdateSubscriber(ctx, sub)
	})
	return lang, err
}

// unsubscribeToken is the token of sub's unsubscribe link.
func unsubscribeToken(sub *SubscriberRow) string { return encodeToken(sub.UnsubKey) }

func encodeToken(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func newToken() []byte {
	b := make([]byte, tokenSize)
	_, _ = rand.Read(b) // never fails (see crypto/rand)
	return b
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// mailAD binds a mail's sealed part to its Message-ID (unique, and known
// before the row is inserted).
func mailAD(messageID string) []byte { return []byte("breachdesk publish v1 mail " + messageID) }

func (s *Service) sealMail(messageID string, plain []byte) []byte {
	return s.keys.Seal(plain, mailAD(messageID))
}

// openMail opens a mail's sealed part; errors name the mail's ID only.
func (s *Service) openMail(m *MailRow) (string, error) {
	plain, err := s.keys.Open(m.Sealed, mailAD(m.MessageID))
	if err != nil {
		return "", fmt.Errorf("publish: mail %d: %w", m.ID, err)
	}
	return string(plain), nil
}

// subscriberAddress opens a subscriber's address.
func (s *Service) subscriberAddress(sub *SubscriberRow) (string, error) {
	plain, err := s.keys.Open(sub.Sealed, sub.EmailKey)
	if err != nil {
		return "", fmt.Errorf("publish: subscriber %d: %w", sub.ID, err)
	}
	return string(plain), nil
}
