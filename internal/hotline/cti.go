package hotline

// The phone system's events (CTI). A phone system that speaks Zammad's
// generic CTI webhook posts newCall, answer and hangup for each call; the
// desk records the call, finds the caller in the register through the
// phone index, and tells the incident's open consoles, which open the
// caller. The phone system authenticates with a token per incident in the
// URL; only the token's SHA-256 is stored.

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// CTI event names, as Zammad's generic CTI spells them.
const (
	EventNewCall = "newCall"
	EventAnswer  = "answer"
	EventHangup  = "hangup"
)

// Limits of what a phone system may send: Zammad allows call IDs of up to
// 250 characters; the rest are generous bounds that keep a broken or
// hostile sender from storing megabytes per call.
const (
	maxCallIDLen = 250
	maxCTIField  = 200
)

// CTIEvent records an event of the phone system; the incident is the one
// whose CTI token is token. Events are idempotent: a repeated event, or
// one that comes after the call has ended, changes nothing and tells no
// console. An answer or hangup whose newCall never came records the call
// from it.
func (s *Service) CTIEvent(ctx context.Context, token string, ev CTIEvent) (*Call, error) {
	id, err := s.incidentByCTIToken(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := normalizeCTIEvent(&ev); err != nil {
		return nil, err
	}
	from := normalizeCTINumber(ev.From)
	to := normalizeCTINumber(ev.To)
	// The register is asked for the other party: the caller of an
	// inbound call, the one called on an outbound call.
	party := from
	if ev.Direction == "out" {
		party = to
	}
	var fromKey []byte
	var personID int64
	if party != "" {
		key := s.keys.Index(people.IndexPhone, party)
		fromKey = key.Hash
		ids, err := s.people.LookupKeys(ctx, id, key)
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			personID = ids[0]
		}
	}
	var saved *Call
	var changed bool
	for attempt := 0; ; attempt++ {
		err = s.store.Update(ctx, func(tx Tx) error {
			saved, changed = nil, false
			row, err := tx.Call(ctx, id, ev.CallID)
			switch {
			case errs.Is(err, errs.NotFound):
				row = &CallRow{Call: Call{IncidentID: id, CallID: ev.CallID, Direction: ev.Direction, State: Ringing,
					FromKey: fromKey, PersonID: personID, StartedAt: s.now()}}
				row.Private = CallPrivate{From: displayNumber(ev.From, from), To: displayNumber(ev.To, to)}
			case err != nil:
				return err
			default:
				c, err := s.openCall(row)
				if err != nil {
					return err
				}
				row.Call = *c
			}
			if !applyCTIEvent(&row.Call, ev, s.now()) {
				saved = &row.Call
				return nil
			}
			stored, err := s.sealCall(&row.Call)
			if err != nil {
				return err
			}
			if err := tx.SaveCall(ctx, stored); err != nil {
				return err
			}
			row.ID = stored.ID
			saved, changed = &row.Call, true
			return nil
		})
		// Two first events of one call at once: the loser of the insert
		// reads the winner's row and applies its event to it.
		if errs.Is(err, errs.Conflict) && attempt == 0 {
			continue
		}
		break
	}
	if err != nil {
		return nil, err
	}
	if changed {
		s.calls.publish(CallNotice{IncidentID: id, CallID: saved.CallID, State: saved.State})
		s.log.Debug("hotline call event", "incident", id, "call", saved.ID, "event", ev.Event, "state", saved.State,
			"person_found", saved.PersonID != 0)
	}
	return saved, nil
}

// incidentByCTIToken finds the incident of a phone system's token. The
// error names no token: a wrong one must not end up in a log.
func (s *Service) incidentByCTIToken(ctx context.Context, token string) (int64, error) {
	token = strings.TrimSpace(token)
	if token == "" || len(token) > 200 {
		return 0, errs.E(errs.NotFound, "no incident has this phone system token")
	}
	id, err := s.store.IncidentByCTIToken(ctx, CTITokenHash(token))
	if errs.Is(err, errs.NotFound) {
		return 0, errs.E(errs.NotFound, "no incident has this phone system token")
	}
	return id, err
}

// normalizeCTIEvent checks an event and trims its fields. Messages name
// the field and what is wrong, never the value sent: it may be a number.
func normalizeCTIEvent(ev *CTIEvent) error {
	for _, f := range []*string{&ev.Event, &ev.From, &ev.To, &ev.Direction, &ev.CallID, &ev.User, &ev.Cause, &ev.AnsweringNumber} {
		*f = strings.TrimSpace(*f)
	}
	fields := errs.Fields{}
	switch ev.Event {
	case EventNewCall, EventAnswer, EventHangup:
	case "":
		fields.Add("event", errs.Required)
	default:
		fields.Add("event", errs.InvalidChoice)
	}
	switch {
	case ev.CallID == "":
		fields.Add("callId", errs.Required)
	case len(ev.CallID) > maxCallIDLen:
		fields.Add("callId", errs.TooLong)
	}
	switch ev.Direction {
	case "":
		ev.Direction = "in"
	case "in", "out":
	default:
		fields.Add("direction", errs.InvalidChoice)
	}
	for name, v := range map[string]string{"from": ev.From, "to": ev.To, "user": ev.User, "cause": ev.Cause,
		"answeringNumber": ev.AnsweringNumber, "callId": ev.CallID, "event": ev.Event} {
		if !utf8.ValidString(v) || strings.ContainsFunc(v, isControl) {
			fields.Add(name, errs.InvalidValue)
		} else if len(v) > maxCTIField && name != "callId" {
			fields.Add(name, errs.TooLong)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &errs.Error{Code: errs.Invalid, Message: ctiProblem(fields), Fields: fields}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// ctiProblem says in one sentence what was wrong with an event, for a
// phone system's log: which fields, and why.
func ctiProblem(fields errs.Fields) string {
	why := map[string]string{
		errs.Required:      "is missing",
		errs.InvalidChoice: "is not one of the allowed values",
		errs.TooLong:       "is too long",
		errs.InvalidValue:  "holds control characters or is not UTF-8",
	}
	allowed := map[string]string{"event": " (newCall, answer, hangup)", "direction": " (in, out)"}
	var parts []string
	for _, name := range []string{"event", "callId", "direction", "from", "to", "user", "cause", "answeringNumber"} {
		if key, ok := fields[name]; ok {
			p := name + " " + why[key]
			if key == errs.InvalidChoice {
				p += allowed[name]
			}
			parts = append(parts, p)
		}
	}
	return "the phone system's event is not valid: " + strings.Join(parts, "; ")
}

// applyCTIEvent moves a call on by one event and reports whether it
// changed. An ended call stays ended; an answer keeps the first answer's
// time and agent.
func applyCTIEvent(c *Call, ev CTIEvent, now time.Time) bool {
	if c.State == HungUp || c.State == Rejected {
		return false
	}
	switch ev.Event {
	case EventNewCall:
		return c.ID == 0 // a repeated newCall changes nothing
	case EventAnswer:
		if c.State == Talking {
			return false
		}
		c.State = Talking
		at := now
		c.AnsweredAt = &at
		c.Private.User = ev.User
		c.Private.AnsweringNumber = ev.AnsweringNumber
		return true
	case EventHangup:
		at := now
		c.EndedAt = &at
		c.Cause = ev.Cause
		if c.AnsweredAt == nil {
			c.State = Rejected
		} else {
			c.State = HungUp
		}
		if c.Private.AnsweringNumber == "" {
			c.Private.AnsweringNumber = ev.AnsweringNumber
		}
		return true
	}
	return false
}

// normalizeCTINumber reads a number as a phone system sends it: E.164
// with or without the "+" (Zammad sends "4930609854180"), 00-prefixed or
// national (as of Germany, people.DefaultRegion). "" for "anonymous" and
// anything that is no number.
func normalizeCTINumber(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "anonymous") {
		return ""
	}
	if len(s) >= 8 && s[0] != '0' && strings.Trim(s, "0123456789") == "" {
		if e164 := people.NormalizePhone("+"+s, people.DefaultRegion); e164 != "" {
			return e164
		}
	}
	return people.NormalizePhone(s, people.DefaultRegion)
}

// displayNumber is what is kept of a number: its E.164 form where it
// parses, as sent otherwise ("anonymous", an extension).
func displayNumber(raw, e164 string) string {
	if e164 != "" {
		return e164
	}
	return raw
}
