package hotline_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

func TestCTIEventsTakeACallFromRingingToEnded(t *testing.T) {
	d := newCTIDesk(t)
	c := d.event(inbound("newCall", "call-1", callerE164[1:]))
	if c.State != hotline.Ringing || c.PersonID != d.personID || c.ID == 0 {
		t.Fatalf("newCall: state %s, person %d (want %d), id %d", c.State, c.PersonID, d.personID, c.ID)
	}
	d.clock.Add(5 * time.Second)
	ans := inbound("answer", "call-1", callerE164[1:])
	ans.User, ans.AnsweringNumber = "Agent Smith", "42"
	c = d.event(ans)
	if c.State != hotline.Talking || c.AnsweredAt == nil || !c.AnsweredAt.Equal(d.clock.Now()) {
		t.Fatalf("answer: state %s, answered %v", c.State, c.AnsweredAt)
	}
	d.clock.Add(3 * time.Minute)
	hang := inbound("hangup", "call-1", callerE164[1:])
	hang.Cause = "normalClearing"
	c = d.event(hang)
	if c.State != hotline.HungUp || c.EndedAt == nil || c.Cause != "normalClearing" {
		t.Fatalf("hangup: state %s, ended %v, cause %q", c.State, c.EndedAt, c.Cause)
	}
}

func TestCTIEventsAreIdempotent(t *testing.T) {
	d := newCTIDesk(t)
	ctx := context.Background()
	notices, cancel, err := d.svc.Subscribe(ctx, d.actor("hotline"), d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	first := d.event(inbound("newCall", "call-2", callerE164[1:]))
	d.clock.Add(time.Second)
	again := d.event(inbound("newCall", "call-2", callerE164[1:]))
	if again.ID != first.ID || !again.StartedAt.Equal(first.StartedAt) {
		t.Fatalf("a repeated newCall made call %d started %v; want %d started %v", again.ID, again.StartedAt, first.ID, first.StartedAt)
	}
	d.clock.Add(time.Second)
	answered := d.event(inbound("answer", "call-2", callerE164[1:]))
	d.clock.Add(time.Second)
	if c := d.event(inbound("answer", "call-2", callerE164[1:])); !c.AnsweredAt.Equal(*answered.AnsweredAt) {
		t.Fatalf("a repeated answer moved the answer time from %v to %v", answered.AnsweredAt, c.AnsweredAt)
	}
	d.clock.Add(time.Second)
	ended := d.event(inbound("hangup", "call-2", callerE164[1:]))
	d.clock.Add(time.Second)
	if c := d.event(inbound("hangup", "call-2", callerE164[1:])); !c.EndedAt.Equal(*ended.EndedAt) || c.State != hotline.HungUp {
		t.Fatalf("a repeated hangup changed the call: %s at %v", c.State, c.EndedAt)
	}
	// An answer after the end changes nothing either.
	if c := d.event(inbound("answer", "call-2", callerE164[1:])); c.State != hotline.HungUp {
		t.Fatalf("an answer after the hangup set the call %s", c.State)
	}
	calls, err := d.svc.Calls(ctx, d.actor("hotline"), d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 {
		t.Fatalf("%d calls recorded, want 1", len(calls))
	}
	var states []hotline.CallState
	for len(notices) > 0 {
		states = append(states, (<-notices).State)
	}
	want := []hotline.CallState{hotline.Ringing, hotline.Talking, hotline.HungUp}
	if len(states) != len(want) {
		t.Fatalf("consoles were told %v, want %v (one notice per change)", states, want)
	}
	for i := range want {
		if states[i] != want[i] {
			t.Fatalf("consoles were told %v, want %v", states, want)
		}
	}
}

func TestCTIHangupBeforeAnswerIsRejected(t *testing.T) {
	d := newCTIDesk(t)
	d.event(inbound("newCall", "call-3", callerE164[1:]))
	hang := inbound("hangup", "call-3", callerE164[1:])
	hang.Cause = "cancel"
	if c := d.event(hang); c.State != hotline.Rejected || c.AnsweredAt != nil {
		t.Fatalf("a call hung up while ringing is %s (answered %v), want rejected", c.State, c.AnsweredAt)
	}
	// A hangup whose newCall never came records the call, rejected.
	if c := d.event(inbound("hangup", "call-4", callerE164[1:])); c.State != hotline.Rejected || c.PersonID != d.personID {
		t.Fatalf("a lone hangup: %s, person %d", c.State, c.PersonID)
	}
}

func TestCTINumbersInEveryFormatFindTheSamePerson(t *testing.T) {
	d := newCTIDesk(t)
	for i, from := range []string{
		"4930609854180",    // Zammad: E.164 without the plus
		"+49 30 609854180", // international, spaced
		"030 609854180",    // national
		"004930609854180",  // international with 00
		"+49 (30) 6098-54180",
	} {
		c := d.event(inbound("newCall", "fmt-"+string(rune('a'+i)), from))
		if c.PersonID != d.personID {
			t.Errorf("from %q: person %d, want %d", from, c.PersonID, d.personID)
		}
	}
	// An anonymous caller and an unknown number find nobody, and are
	// recorded all the same.
	for _, from := range []string{"anonymous", "4989123456789", ""} {
		if c := d.event(inbound("newCall", "other-"+from, from)); c.PersonID != 0 {
			t.Errorf("from %q: person %d, want nobody", from, c.PersonID)
		}
	}
	// On an outbound call the person is the one called.
	out := hotline.CTIEvent{Event: "newCall", From: hotlineLine[1:], To: "030609854180", Direction: "out", CallID: "out-1"}
	if c := d.event(out); c.PersonID != d.personID {
		t.Errorf("outbound call: person %d, want %d", c.PersonID, d.personID)
	}
}

func TestCTIUnknownTokenIsNotFoundAndNamesNoToken(t *testing.T) {
	d := newCTIDesk(t)
	for _, token := range []string{"wrong-token-value-1234", "", strings.Repeat("x", 500), d.token + "x"} {
		_, err := d.svc.CTIEvent(context.Background(), token, inbound("newCall", "call-x", callerE164))
		if !errs.Is(err, errs.NotFound) {
			t.Fatalf("token %.10q: %v, want not found", token, err)
		}
		if token != "" && strings.Contains(err.Error(), token) {
			t.Fatalf("the error names the token: %v", err)
		}
	}
	// A new token replaces the old one.
	old := d.token
	fresh, err := d.svc.NewCTIToken(context.Background(), d.actor("lead"), d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.CTIEvent(context.Background(), old, inbound("newCall", "call-y", callerE164)); !errs.Is(err, errs.NotFound) {
		t.Fatalf("the replaced token still works: %v", err)
	}
	if _, err := d.svc.CTIEvent(context.Background(), fresh, inbound("newCall", "call-y", callerE164)); err != nil {
		t.Fatalf("the new token: %v", err)
	}
}

func TestCTIBadEventsSayWhatIsWrong(t *testing.T) {
	d := newCTIDesk(t)
	for _, tc := range []struct {
		name  string
		ev    hotline.CTIEvent
		field string
		says  string
	}{
		{"no event", hotline.CTIEvent{CallID: "c1", From: callerE164}, "event", "event is missing"},
		{"unknown event", hotline.CTIEvent{Event: "ring", CallID: "c1"}, "event", "newCall, answer, hangup"},
		{"no call ID", hotline.CTIEvent{Event: "newCall", From: callerE164}, "callId", "callId is missing"},
		{"long call ID", hotline.CTIEvent{Event: "newCall", CallID: strings.Repeat("7", 251)}, "callId", "callId is too long"},
		{"direction", hotline.CTIEvent{Event: "newCall", CallID: "c1", Direction: "sideways"}, "direction", "(in, out)"},
		{"control characters", hotline.CTIEvent{Event: "newCall", CallID: "c1", From: "+49\x00301"}, "from", "from holds control characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := d.svc.CTIEvent(context.Background(), d.token, tc.ev)
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("%v, want invalid", err)
			}
			if _, ok := errs.FieldsOf(err)[tc.field]; !ok {
				t.Errorf("fields %v do not name %s", errs.FieldsOf(err), tc.field)
			}
			if msg := errs.MessageOf(err); !strings.Contains(msg, tc.says) || strings.Contains(msg, "+49") {
				t.Errorf("message %q should say %q and quote no number", msg, tc.says)
			}
		})
	}
}

func TestCallsAreMaskedWithThePersonFound(t *testing.T) {
	d := newCTIDesk(t)
	ctx := context.Background()
	d.event(inbound("newCall", "known", callerE164[1:]))
	d.clock.Add(time.Minute)
	d.event(inbound("newCall", "stranger", "4989123456789"))
	calls, err := d.svc.Calls(ctx, d.actor("viewer"), d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 2 || calls[0].CallID != "stranger" {
		t.Fatalf("calls %+v, want the stranger's first", calls)
	}
	known := calls[1]
	if !known.Affected || known.Person == nil || known.Person.ID != d.personID {
		t.Fatalf("the known caller: affected %v, person %+v", known.Affected, known.Person)
	}
	if calls[0].Affected || calls[0].Person != nil {
		t.Fatalf("the stranger is no one the register knows: %+v", calls[0])
	}
	for _, c := range calls {
		all := c.Private.From + " " + c.Private.To + " " + c.Private.AnsweringNumber
		for _, secret := range []string{callerE164[3:], "89123456789", "12345678"} {
			if strings.Contains(all, secret) {
				t.Errorf("call %s shows %q unmasked: %+v", c.CallID, secret, c.Private)
			}
		}
		if c.Person != nil && (strings.Contains(c.Person.Contact.Name, "Nowak") || strings.Contains(strings.Join(c.Person.Contact.Emails, ""), "jana.nowak")) {
			t.Errorf("the person is not masked: %+v", c.Person.Contact)
		}
	}
	if _, err := d.svc.Calls(ctx, d.actor("outsider"), d.inc.ID); !errs.Is(err, errs.NotFound) && !errs.Is(err, errs.Forbidden) {
		t.Fatalf("an outsider listed the calls: %v", err)
	}
	// A day later the list is empty again.
	d.clock.Add(hotline.RecentCalls + time.Hour)
	if calls, err = d.svc.Calls(ctx, d.actor("viewer"), d.inc.ID); err != nil || len(calls) != 0 {
		t.Fatalf("a day later: %d calls, %v", len(calls), err)
	}
}
