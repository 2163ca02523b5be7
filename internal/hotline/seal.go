package hotline

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// Sealing. What may name or reach a person is sealed with the register's
// key (people.Keyring.Seal, XChaCha20-Poly1305) before the store sees it.
//
// The associated data binds a sealed value to its kind and its incident:
// "breachdesk hotline v1 <kind> incident <id>", kind one of inquiry, mail,
// call, attachment, settings. So a sealed value cannot be moved into
// another incident, nor from a mail into an inquiry (or the settings). It
// does not name the row: a row's ID is only known after the insert, and a
// second write of every row (an inbox ingests thousands of mails a minute)
// is not worth it — moving a sealed value between two rows of the same
// kind and incident needs write access to the database, which can change
// the clear fields (the person linked, the outcome) anyway. The register
// seals its persons the same way (people's sealAD).
//
// The helpers below are shared by the console, the inbox and the phone
// system's events: sealInquiry/openInquiry, sealMail/openMail,
// sealCall/openCall, sealAttachment/openAttachment,
// sealSettings/openSettings; emailKey/phoneKey/callerKey compute the blind
// indexes that find a caller again.

const (
	adInquiry    = "inquiry"
	adMail       = "mail"
	adCall       = "call"
	adAttachment = "attachment"
	adSettings   = "settings"
)

// sealAD is the associated data of a sealed value of kind in incident id.
func sealAD(kind string, incidentID int64) []byte {
	return []byte("breachdesk hotline v1 " + kind + " incident " + strconv.FormatInt(incidentID, 10))
}

// sealJSON seals v as JSON. Errors name the kind and the incident only.
func (s *Service) sealJSON(kind string, incidentID int64, v any) ([]byte, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, errs.E(errs.Internal, "hotline: encode the sealed %s of incident %d: %T", kind, incidentID, err)
	}
	return s.keys.Seal(plain, sealAD(kind, incidentID)), nil
}

// openJSON opens what sealJSON sealed into v. An empty value opens to v
// as it is.
func (s *Service) openJSON(kind string, incidentID, rowID int64, sealed []byte, v any) error {
	if len(sealed) == 0 {
		return nil
	}
	plain, err := s.keys.Open(sealed, sealAD(kind, incidentID))
	if err != nil {
		return fmt.Errorf("hotline: %s %d of incident %d: %w", kind, rowID, incidentID, err)
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return errs.E(errs.Internal, "hotline: %s %d of incident %d: the sealed part does not decode", kind, rowID, incidentID)
	}
	return nil
}

// sealInquiry returns q as stored: Private sealed (and zeroed in the row),
// CallerKey as given (see callerKey).
func (s *Service) sealInquiry(q *Inquiry, callerKey []byte) (*InquiryRow, error) {
	sealed, err := s.sealJSON(adInquiry, q.IncidentID, &q.Private)
	if err != nil {
		return nil, err
	}
	r := &InquiryRow{Inquiry: *q, Sealed: sealed, CallerKey: callerKey}
	r.Inquiry.Private = Private{}
	return r, nil
}

// openInquiry returns the inquiry of a stored row, Private unsealed.
func (s *Service) openInquiry(r *InquiryRow) (*Inquiry, error) {
	q := r.Inquiry
	q.Private = Private{}
	if err := s.openJSON(adInquiry, r.IncidentID, r.ID, r.Sealed, &q.Private); err != nil {
		return nil, err
	}
	return &q, nil
}

// sealMail returns m as stored: MailPrivate sealed.
func (s *Service) sealMail(m *Mail) (*MailRow, error) {
	sealed, err := s.sealJSON(adMail, m.IncidentID, &m.Private)
	if err != nil {
		return nil, err
	}
	r := &MailRow{Mail: *m, Sealed: sealed}
	r.Mail.Private = MailPrivate{}
	return r, nil
}

// openMail returns the mail of a stored row, MailPrivate unsealed.
func (s *Service) openMail(r *MailRow) (*Mail, error) {
	m := r.Mail
	m.Private = MailPrivate{}
	if err := s.openJSON(adMail, r.IncidentID, r.ID, r.Sealed, &m.Private); err != nil {
		return nil, err
	}
	return &m, nil
}

// sealCall returns c as stored: CallPrivate sealed.
func (s *Service) sealCall(c *Call) (*CallRow, error) {
	sealed, err := s.sealJSON(adCall, c.IncidentID, &c.Private)
	if err != nil {
		return nil, err
	}
	r := &CallRow{Call: *c, Sealed: sealed}
	r.Call.Private = CallPrivate{}
	return r, nil
}

// openCall returns the call of a stored row, CallPrivate unsealed.
func (s *Service) openCall(r *CallRow) (*Call, error) {
	c := r.Call
	c.Private = CallPrivate{}
	if err := s.openJSON(adCall, r.IncidentID, r.ID, r.Sealed, &c.Private); err != nil {
		return nil, err
	}
	return &c, nil
}

// sealAttachment returns a as stored: Content sealed (the raw bytes, not
// JSON).
func (s *Service) sealAttachment(a *Attachment) *AttachmentRow {
	r := &AttachmentRow{Attachment: *a, Sealed: s.keys.Seal(a.Content, sealAD(adAttachment, a.IncidentID))}
	r.Attachment.Content = nil
	return r
}

// openAttachment returns the attachment of a stored row with its content
// (nil when the row came without it).
func (s *Service) openAttachment(r *AttachmentRow) (*Attachment, error) {
	a := r.Attachment
	a.Content = nil
	if r.Sealed != nil {
		plain, err := s.keys.Open(r.Sealed, sealAD(adAttachment, r.IncidentID))
		if err != nil {
			return nil, fmt.Errorf("hotline: attachment %d of incident %d: %w", r.ID, r.IncidentID, err)
		}
		a.Content = plain
	}
	return &a, nil
}

// sealSettings seals incident id's settings.
func (s *Service) sealSettings(id int64, st *Settings) ([]byte, error) {
	return s.sealJSON(adSettings, id, st)
}

// openSettings opens incident id's sealed settings.
func (s *Service) openSettings(id int64, sealed []byte) (*Settings, error) {
	st := &Settings{}
	if err := s.openJSON(adSettings, id, 0, sealed, st); err != nil {
		return nil, err
	}
	return st, nil
}

// emailKey is the blind index of an e-mail address; nil when it is none.
func (s *Service) emailKey(addr string) []byte {
	n := people.NormalizeEmail(addr)
	if n == "" {
		return nil
	}
	return s.keys.Index(people.IndexEmail, n).Hash
}

// phoneKey is the blind index of a phone number in any format (read as
// German without a country code); nil when it is no valid number.
func (s *Service) phoneKey(number string) []byte {
	n := people.NormalizePhone(number, people.DefaultRegion)
	if n == "" {
		return nil
	}
	return s.keys.Index(people.IndexPhone, n).Hash
}

// callerKey is the key an inquiry's caller is found again by: the blind
// index of their e-mail, else of their phone number; nil when neither.
func (s *Service) callerKey(p *Private) []byte {
	if k := s.emailKey(p.CallerEmail); k != nil {
		return k
	}
	return s.phoneKey(p.CallerPhone)
}
