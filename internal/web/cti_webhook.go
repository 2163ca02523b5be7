package web

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// maxCTIBody bounds one event of the phone system: a handful of short
// fields.
const maxCTIBody = 16 << 10

// handleCTIWebhook takes an event of a phone system in the shape of
// Zammad's generic CTI webhook: newCall, answer or hangup with from, to,
// direction, callId, user[] (repeated for group calls), cause and
// answeringNumber, form-encoded or as JSON. It answers {} on success, as
// Zammad does. There is no session and no CSRF token: the token in the
// path is the phone system's credential, so failures count against the
// sender's address like failed logins.
func (s *Server) handleCTIWebhook(w http.ResponseWriter, r *http.Request) {
	addr := s.remoteAddr(r)
	if wait := s.ctiLimit.wait(addr); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second)/time.Second)+1))
		writeJSONError(w, errs.E(errs.TooMany, "too many events or wrong tokens from this address; try again later"))
		return
	}
	ev, err := decodeCTIEvent(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if _, err := s.cfg.Hotline.CTIEvent(r.Context(), r.PathValue("token"), ev); err != nil {
		if errs.Is(err, errs.NotFound) {
			s.ctiLimit.fail(addr)
		}
		s.apiError(w, r, err)
		return
	}
	s.ctiLimit.succeed(addr)
	writeJSON(w, http.StatusOK, struct{}{})
}

// decodeCTIEvent reads an event from a form (urlencoded or multipart) or
// a JSON body.
func decodeCTIEvent(r *http.Request) (hotline.CTIEvent, error) {
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype == "application/json" {
		return decodeCTIJSON(r)
	}
	var err error
	if ctype == "multipart/form-data" {
		err = r.ParseMultipartForm(maxCTIBody)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return hotline.CTIEvent{}, bodyError(err)
	}
	f := r.Form
	users := append(append([]string(nil), f["user[]"]...), f["user"]...)
	return hotline.CTIEvent{
		Event: f.Get("event"), From: f.Get("from"), To: f.Get("to"), Direction: f.Get("direction"),
		CallID: f.Get("callId"), User: joinUsers(users), Cause: f.Get("cause"), AnsweringNumber: f.Get("answeringNumber"),
	}, nil
}

// ctiJSON is an event as JSON. Phone systems differ in what they quote:
// numbers may come as JSON numbers, user as a string or a list.
type ctiJSON struct {
	Event           ctiString  `json:"event"`
	From            ctiString  `json:"from"`
	To              ctiString  `json:"to"`
	Direction       ctiString  `json:"direction"`
	CallID          ctiString  `json:"callId"`
	User            ctiStrings `json:"user"`
	UserList        ctiStrings `json:"user[]"`
	Cause           ctiString  `json:"cause"`
	AnsweringNumber ctiString  `json:"answeringNumber"`
}

func decodeCTIJSON(r *http.Request) (hotline.CTIEvent, error) {
	var in ctiJSON
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&in); err != nil {
		if _, ok := err.(*http.MaxBytesError); ok {
			return hotline.CTIEvent{}, bodyError(err)
		}
		return hotline.CTIEvent{}, errs.E(errs.Invalid, "the body is not a JSON object of a phone system's event (event, from, to, direction, callId, user, cause, answeringNumber)")
	}
	return hotline.CTIEvent{
		Event: string(in.Event), From: string(in.From), To: string(in.To), Direction: string(in.Direction),
		CallID: string(in.CallID), User: joinUsers(append(in.User, in.UserList...)), Cause: string(in.Cause),
		AnsweringNumber: string(in.AnsweringNumber),
	}, nil
}

// ctiString is a JSON string, number or null.
type ctiString string

func (c *ctiString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*c = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = ctiString(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return errs.E(errs.Invalid, "a field of the event is neither text nor a number")
		}
		*c = ctiString(n.String())
	}
	return nil
}

// ctiStrings is a JSON string or a list of strings.
type ctiStrings []string

func (c *ctiStrings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var list []ctiString
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		for _, v := range list {
			*c = append(*c, string(v))
		}
		return nil
	}
	var one ctiString
	if err := one.UnmarshalJSON(b); err != nil {
		return err
	}
	if one != "" {
		*c = ctiStrings{string(one)}
	}
	return nil
}

// joinUsers writes the agents of a group call as one list.
func joinUsers(users []string) string {
	var out []string
	for _, u := range users {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return strings.Join(out, ", ")
}

// ctiLimiter holds back a sender that guesses tokens (auth's login
// throttle per address, counting unknown tokens as failed logins) or
// floods the desk with events (at most ctiPerMinute a minute per
// address; a busy call centre's phone system sends a few per call).
type ctiLimiter struct {
	guesses *auth.Throttle

	mu     sync.Mutex
	window time.Time
	counts map[string]int
}

const (
	ctiPerMinute = 1200
	ctiMaxAddrs  = 10_000
)

func newCTILimiter() *ctiLimiter {
	return &ctiLimiter{guesses: auth.NewThrottle(auth.AddrThrottle, nil), counts: map[string]int{}}
}

// wait says how long addr must wait, counting this request.
func (l *ctiLimiter) wait(addr string) time.Duration {
	if d := l.guesses.Wait(addr); d > 0 {
		return d
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.window) >= time.Minute || len(l.counts) >= ctiMaxAddrs {
		l.window, l.counts = now, map[string]int{}
	}
	l.counts[addr]++
	if l.counts[addr] > ctiPerMinute {
		return l.window.Add(time.Minute).Sub(now)
	}
	return 0
}

func (l *ctiLimiter) fail(addr string)    { l.guesses.Fail(addr) }
func (l *ctiLimiter) succeed(addr string) { l.guesses.Succeed(addr) }
