package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// Preview renders the template for one person of the register, in lang
// ("" the person's language); audited, as it shows the person's data.
// What the person cannot fill shows as the placeholder and is listed in
// Missing.
func (s *Service) Preview(ctx context.Context, a auth.Actor, id, templateID, personID int64, lang string) (*Rendered, error) {
	relay, err := s.relayConfig(ctx)
	if err != nil && !errors.Is(err, errNoRelay) {
		return nil, err
	}
	r, err := s.renderFor(ctx, a, id, templateID, personID, lang, relay, "preview")
	if err != nil {
		return nil, err
	}
	return r, nil
}

// TestSend sends the preview for personID to the actor's own address, the
// subject marked [TEST].
func (s *Service) TestSend(ctx context.Context, a auth.Actor, id, templateID, personID int64, lang string) error {
	to := auth.NormalizeEmail(a.Email)
	if !auth.ValidEmail(to) {
		return errs.E(errs.Invalid, "your account has no e-mail address to send the test to")
	}
	relay, err := s.relayConfig(ctx)
	if err != nil {
		return err
	}
	r, err := s.renderFor(ctx, a, id, templateID, personID, lang, relay, "test_send")
	if err != nil {
		return err
	}
	m := r.Message
	m.To, m.Subject, m.MessageID = to, "[TEST] "+m.Subject, newMessageID("test", relay.From)
	return s.sendOne(ctx, *relay, &m)
}

// renderFor renders a template for one person after checking the rights,
// and audits the view with its purpose.
func (s *Service) renderFor(ctx context.Context, a auth.Actor, id, templateID, personID int64, lang string, relay *SMTPConfig, purpose string) (*Rendered, error) {
	if err := s.editRights(ctx, a, id, "preview notifications"); err != nil {
		return nil, err
	}
	t, err := s.store.Template(ctx, id, templateID)
	if err != nil {
		return nil, err
	}
	c, err := Compile(t)
	if err != nil {
		return nil, err
	}
	p, err := s.unsealedPerson(ctx, id, personID)
	if err != nil {
		return nil, err
	}
	if lang = baseLanguage(lang); lang == "" {
		lang = c.Lang(p)
	} else if !c.HasLang(lang) {
		return nil, errs.E(errs.Invalid, "the template has no text in that language")
	}
	r, err := c.preview(p, lang, relay, s.now())
	if err != nil {
		return nil, err
	}
	err = s.auditOnly(ctx, a, auth.Event{Action: "person.view", ObjectType: "person", ObjectID: personID, IncidentID: id,
		Detail: map[string]any{"purpose": purpose, "template": templateID, "lang": lang}})
	return r, err
}

// preview renders p's message and letter in lang, with the gaps shown.
func (c *Compiled) preview(p *people.Person, lang string, relay *SMTPConfig, now time.Time) (*Rendered, error) {
	d := &Delivery{IncidentID: p.IncidentID, PersonID: p.ID, Lang: lang, MessageID: "<preview@breachdesk.invalid>"}
	m, err := c.message(p, d, relay, now, true)
	if err != nil {
		return nil, err
	}
	l, err := c.letter(p, d, now, true)
	if err != nil {
		return nil, err
	}
	missing := c.missing(c.contents[lang], p, "")
	if !p.HasEmail() {
		missing = append(missing, NeedEmail)
	}
	if !p.HasAddress() {
		missing = append(missing, NeedAddress)
	}
	return &Rendered{Lang: lang, Message: *m, Letter: *l, Missing: uniqueStrings(missing)}, nil
}

func uniqueStrings(list []string) []string {
	var out []string
	for _, s := range list {
		if !containsString(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// unsealedPerson is a person of incident id who was not erased.
func (s *Service) unsealedPerson(ctx context.Context, id, personID int64) (*people.Person, error) {
	p, err := s.people.Unsealed(ctx, id, personID)
	if err != nil {
		return nil, err
	}
	if p.Erased {
		return nil, errs.E(errs.Invalid, "person %d was erased on request", personID)
	}
	return p, nil
}

// sendOne sends one message through a connection of its own.
func (s *Service) sendOne(ctx context.Context, relay SMTPConfig, m *Message) error {
	if s.dial == nil {
		return errs.E(errs.Internal, "notify: no mail adapter is wired")
	}
	dialer, err := s.dial(relay)
	if err != nil {
		return relayError("the mail relay settings cannot be used", err)
	}
	conn, err := dialer.Dial(ctx)
	if err != nil {
		return relayError("the mail relay cannot be reached", err)
	}
	defer conn.Close()
	if err := conn.Send(ctx, m); err != nil {
		return relayError("the mail relay did not take the message", err)
	}
	return nil
}

// relayError tells what went wrong with the relay: its reply when it gave
// one (a SendError never holds an address), else only what failed.
func relayError(what string, err error) error {
	var se *SendError
	if errors.As(err, &se) {
		return errs.E(errs.Invalid, "%s: %s", what, se.Error())
	}
	return errs.E(errs.Invalid, "%s", what)
}

// newMessageID is a fresh Message-ID in the sender's domain.
func newMessageID(kind, from string) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	domain := "breachdesk.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at+1 < len(from) {
		domain = from[at+1:]
	}
	return "<" + kind + "." + hex.EncodeToString(b[:]) + "@" + domain + ">"
}

// auditOnly appends one audit entry in a transaction of its own.
func (s *Service) auditOnly(ctx context.Context, a auth.Actor, ev auth.Event) error {
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), ev))
	})
}
