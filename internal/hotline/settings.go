package hotline

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"maps"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// MaskedPassword stands for the stored inbox password in the settings a
// page shows; saved back unchanged, it keeps the stored one.
const MaskedPassword = "********"

const (
	maxFromName = 200
	maxPress    = 2000
	maxInboxURL = 2000
)

// defaultSettings are an incident's settings until someone saves them.
func defaultSettings() *Settings {
	return &Settings{SLA: maps.Clone(DefaultSLA), Acknowledge: true}
}

// loadSettings returns incident id's settings unmasked (the inbox
// password in the clear), the defaults when none are saved; channels the
// saved SLA lacks get DefaultSLA. For the service's own use: never show
// them.
func (s *Service) loadSettings(ctx context.Context, id int64) (*Settings, error) {
	sealed, err := s.store.Settings(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return defaultSettings(), nil
	}
	if err != nil {
		return nil, err
	}
	st, err := s.openSettings(id, sealed)
	if err != nil {
		return nil, err
	}
	if st.SLA == nil {
		st.SLA = map[Channel]time.Duration{}
	}
	for ch, d := range DefaultSLA {
		if _, ok := st.SLA[ch]; !ok {
			st.SLA[ch] = d
		}
	}
	return st, nil
}

// Settings returns the incident's hotline settings with the inbox password
// masked. Every member may read them: agents need the press contact and
// the SLA.
func (s *Service) Settings(ctx context.Context, a auth.Actor, id int64) (*Settings, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, err
	}
	st, err := s.loadSettings(ctx, id)
	if err != nil {
		return nil, err
	}
	st.Inbox = maskInboxURL(st.Inbox)
	return st, nil
}

// maskInboxURL replaces the password of an inbox URL by MaskedPassword.
func maskInboxURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); !ok {
		return raw
	}
	// url.UserPassword would escape the stars; userinfo may hold them.
	u.User = url.User(u.User.Username())
	user := u.User.String()
	return strings.Replace(u.String(), "//"+user+"@", "//"+user+":"+MaskedPassword+"@", 1)
}

// SaveSettings stores the settings. An inbox URL whose password is
// MaskedPassword keeps the stored password, as long as the user and host
// stay the same (a stored password is never sent to another server).
func (s *Service) SaveSettings(ctx context.Context, a auth.Actor, id int64, st Settings) error {
	if _, err := s.may(ctx, a, id, canSettings, "change the hotline settings"); err != nil {
		return err
	}
	old, err := s.loadSettings(ctx, id)
	if err != nil {
		return err
	}
	if err := s.checkSettings(ctx, &st, old); err != nil {
		return err
	}
	sealed, err := s.sealSettings(id, &st)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SaveSettings(ctx, id, sealed, st.Inbox != "", nil); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "hotline.settings", ObjectType: "incident", ObjectID: id,
			Detail: map[string]any{"inbox": st.Inbox != "", "inbox_changed": st.Inbox != old.Inbox, "dpo_user_id": st.DPOUserID}})
	})
}

// checkSettings validates st and fills in the stored inbox password.
func (s *Service) checkSettings(ctx context.Context, st, old *Settings) error {
	f := errs.Fields{}
	st.Inbox = strings.TrimSpace(st.Inbox)
	if st.Inbox != "" {
		inbox, key := keepPassword(st.Inbox, old.Inbox)
		if key != "" {
			f.Add("inbox", key)
		}
		st.Inbox = inbox
	}
	st.InboxAddress = strings.TrimSpace(st.InboxAddress)
	if st.InboxAddress != "" {
		if addr, err := mail.ParseAddress(st.InboxAddress); err != nil || addr.Name != "" {
			f.Add("inbox_address", errs.InvalidEmail)
		}
	}
	st.FromName = strings.TrimSpace(st.FromName)
	if len(st.FromName) > maxFromName || strings.ContainsAny(st.FromName, "\r\n") {
		f.Add("from_name", errs.InvalidValue)
	}
	if len(st.Press) > maxPress {
		f.Add("press", errs.TooLong)
	}
	sla := map[Channel]time.Duration{}
	for ch, d := range st.SLA {
		if _, ok := DefaultSLA[ch]; !ok {
			f.Add("sla", errs.InvalidChoice)
			continue
		}
		if d < 0 || d > maxSLA {
			f.Add("sla."+string(ch), errs.InvalidValue)
		}
		sla[ch] = d
	}
	for ch, d := range DefaultSLA {
		if _, ok := sla[ch]; !ok {
			sla[ch] = d
		}
	}
	st.SLA = sla
	if st.DPOUserID != 0 {
		if st.DPOUserID < 0 {
			f.Add("dpo_user_id", errs.InvalidChoice)
		} else if u, err := s.users.User(ctx, st.DPOUserID); errs.Is(err, errs.NotFound) || (err == nil && u.Disabled) {
			f.Add("dpo_user_id", errs.InvalidChoice)
		} else if err != nil {
			return err
		}
	}
	return f.Err()
}

// keepPassword checks an inbox URL (imaps:// or imap://, with a host and
// a user) and puts the stored password in place of MaskedPassword. It
// returns the URL to store, or a field error key.
func keepPassword(raw, stored string) (string, string) {
	if len(raw) > maxInboxURL {
		return "", errs.TooLong
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "imaps" && u.Scheme != "imap") || u.Hostname() == "" || u.User == nil || u.User.Username() == "" {
		return "", errs.InvalidValue
	}
	pass, ok := u.User.Password()
	if !ok || pass == "" {
		return "", errs.Required
	}
	if pass != MaskedPassword {
		return raw, ""
	}
	old, err := url.Parse(stored)
	if err != nil || old.User == nil || old.Host != u.Host || old.User.Username() != u.User.Username() {
		return "", errs.Required // a new server or user needs its password
	}
	oldPass, _ := old.User.Password()
	u.User = url.UserPassword(u.User.Username(), oldPass)
	return u.String(), ""
}

// NewCTIToken makes a new token for the phone system's webhook and returns
// it: 32 random bytes, base64url. It is shown once; only its SHA-256 is
// stored, and the token made before stops working.
func (s *Service) NewCTIToken(ctx context.Context, a auth.Actor, id int64) (string, error) {
	if _, err := s.may(ctx, a, id, canSettings, "change the hotline settings"); err != nil {
		return "", err
	}
	st, err := s.loadSettings(ctx, id)
	if err != nil {
		return "", err
	}
	sealed, err := s.sealSettings(id, st)
	if err != nil {
		return "", err
	}
	raw := make([]byte, 32)
	_, _ = rand.Read(raw) // crypto/rand.Read never fails
	token := base64.RawURLEncoding.EncodeToString(raw)
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SaveSettings(ctx, id, sealed, st.Inbox != "", CTITokenHash(token)); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "hotline.cti_token", ObjectType: "incident", ObjectID: id})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// CTITokenHash is what is stored of a CTI token, and what the webhook
// looks an incident up by.
func CTITokenHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
