package notify

import (
	"context"
	"testing"
	"time"
)

func TestTheHourlyWindowIsACount(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	p := newPacer(0, 100)
	p.prime(100, now.Add(-30*time.Minute))
	if wait := p.take(now); wait != 30*time.Minute {
		t.Fatalf("a full window: wait %v, want the 30 minutes until the oldest leaves it", wait)
	}
	if wait := p.take(now.Add(30 * time.Minute)); wait != 0 {
		t.Fatalf("an hour after: wait %v, want a slot", wait)
	}
	p.release()
	p = newPacer(0, 100)
	p.prime(40, now)
	for i := range 60 {
		if wait := p.take(now); wait != 0 {
			t.Fatalf("slot %d of the 60 left: wait %v", i, wait)
		}
	}
	if wait := p.take(now); wait == 0 {
		t.Fatal("slot 101 within the hour was given")
	}
	p = newPacer(0, 1)
	if p.take(now) != 0 {
		t.Fatal("the only slot was not given")
	}
	p.release() // nothing was sent with it
	if p.take(now) != 0 {
		t.Fatal("a slot given back was not given again")
	}
	if p.take(now) == 0 {
		t.Fatal("a second slot was given from a window of one")
	}
}

func TestPrimingNeverFillsMoreThanTheWindow(t *testing.T) {
	p := newPacer(0, 10)
	p.prime(1_000_000, time.Now())
	if len(p.sent) != 10 {
		t.Fatalf("%d entries kept, want 10", len(p.sent))
	}
}

func TestTheTokenBucketCountsPerSecond(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	p := newPacer(100, 0)
	taken := 0
	for p.take(now) == 0 {
		taken++
	}
	if taken != 10 {
		t.Fatalf("a burst of %d, want a tenth of a second's worth (10)", taken)
	}
	if wait := p.take(now); wait != 10*time.Millisecond {
		t.Fatalf("wait %v, want 10ms for the next token", wait)
	}
	if wait := p.take(now.Add(10 * time.Millisecond)); wait != 0 {
		t.Fatalf("after 10ms: wait %v, want a token", wait)
	}
	// A second later the bucket holds a burst again, not a second's worth.
	taken = 0
	for p.take(now.Add(time.Second)) == 0 {
		taken++
	}
	if taken != 10 {
		t.Fatalf("after a second: a burst of %d, want 10", taken)
	}
}

func TestAcquireGivesUpWhenTheCampaignStops(t *testing.T) {
	p := newPacer(0, 1)
	p.prime(1, time.Now())
	stopped := func() bool { return false }
	if p.acquire(context.Background(), stopped) {
		t.Fatal("a slot was given from a full window")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if p.acquire(ctx, func() bool { return true }) {
		t.Fatal("a slot was given after the context ended")
	}
}

func TestOutcomes(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	backoff := []time.Duration{time.Minute, 5 * time.Minute}
	temp := &SendError{Code: 451, Text: "4.3.0 mailbox of x@example.org busy"}
	perm := &SendError{Permanent: true, Code: 550, Text: "5.1.1 <x@example.org> unknown"}
	for _, tc := range []struct {
		name      string
		o         outcome
		attempts  int
		fallback  bool
		state     DeliveryState
		channel   Channel
		next      time.Time
		lastError string
	}{
		{"sent", outcome{}, 1, false, Sent, ByEmail, time.Time{}, ""},
		{"first temporary refusal", outcome{err: temp}, 1, false, Pending, ByEmail, now.Add(time.Minute), "relay: 451 4.3.0 mailbox of <address> busy"},
		{"second temporary refusal", outcome{err: temp}, 2, false, Pending, ByEmail, now.Add(5 * time.Minute), "relay: 451 4.3.0 mailbox of <address> busy"},
		{"third: gave up", outcome{err: temp}, 3, false, Failed, ByEmail, time.Time{}, "gave up after 3 attempts: relay: 451 4.3.0 mailbox of <address> busy"},
		{"permanent", outcome{err: perm, hasLetter: true}, 1, false, Failed, ByEmail, time.Time{}, "refused: relay: 550 5.1.1 <<address>> unknown"},
		{"permanent with fallback", outcome{err: perm, hasLetter: true}, 1, true, Pending, ByLetter, now, "refused: relay: 550 5.1.1 <<address>> unknown; letter queued"},
		{"permanent, fallback, no address", outcome{err: perm}, 1, true, Failed, ByEmail, time.Time{}, "refused: relay: 550 5.1.1 <<address>> unknown"},
		{"erased", outcome{withdrawn: true}, 1, true, Withdrawn, ByEmail, time.Time{}, "the person was erased from the register"},
		{"released", outcome{release: true}, 1, true, Pending, ByEmail, now, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lease := now.Add(time.Minute)
			d := &Delivery{Channel: ByEmail, State: Sending, Attempts: tc.attempts, ClaimedBy: "r/1", LeaseUntil: &lease}
			tc.o.d = d
			got := tc.o.apply(d, now, backoff, tc.fallback)
			if got.State != tc.state || got.Channel != tc.channel || got.LastError != tc.lastError || got.ClaimedBy != "" || got.LeaseUntil != nil {
				t.Errorf("got %s %s %q claimed %q", got.State, got.Channel, got.LastError, got.ClaimedBy)
			}
			if !tc.next.IsZero() && !got.NextAt.Equal(tc.next) {
				t.Errorf("next at %v, want %v", got.NextAt, tc.next)
			}
			if (tc.state == Sent) != (got.SentAt != nil) {
				t.Errorf("sent at %v", got.SentAt)
			}
		})
	}
}
