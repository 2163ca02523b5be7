package notify_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

func TestCampaignOf5000IsSentExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("5,000 messages; skipped with -short")
	}
	e := newEnv(t, 5000, func(c *notify.SMTPConfig) { c.Concurrency = 8 })
	c := e.campaign(false)
	e.runUntilIdle("r1")
	want := 5000 - 5000/7
	assertEveryoneOnce(t, e, c.ID, want)
	if got := e.relay.total(); got != want {
		t.Errorf("relay accepted %d messages, want %d", got, want)
	}
	v := e.view(c.ID)
	if v.State != notify.Done || v.Progress.ByState[notify.Sent] != int64(want) {
		t.Errorf("campaign %s with %v, want done and all sent", v.State, v.Progress.ByState)
	}
	if len(v.Progress.PerMinute) == 0 {
		t.Error("no sending shows in the per-minute chart")
	}
}

// waitFor polls cond until it holds; it fails the test after a generous
// deadline (a wait, not a timing assertion).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// background runs r.Run until the returned stop is called.
func background(r *notify.Runner) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = r.Run(ctx)
	}()
	return func() { cancel(); wg.Wait() }
}

func (e *env) countState(cid int64, st notify.DeliveryState) int {
	n := 0
	for _, d := range e.ledger(cid) {
		if d.State == st {
			n++
		}
	}
	return n
}

func TestPauseStopsSendingAndResumeGoesOnWhereItStopped(t *testing.T) {
	e := newEnv(t, 700, func(c *notify.SMTPConfig) { c.PerSecond = 100 })
	ctx := context.Background()
	c := e.campaign(false)
	stop := background(e.runner("r1", time.Minute))
	waitFor(t, "the first 50 messages", func() bool { return e.relay.total() >= 50 })
	if err := e.svc.Pause(ctx, e.users["comms"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	// The connections see the pause between messages and finish the one
	// they are sending: nothing stays in doubt.
	waitFor(t, "the connections to stop", func() bool {
		return strings.Contains(e.logs.String(), "the campaign stopped running")
	})
	sentAtPause := e.countState(c.ID, notify.Sent)
	if sending := e.countState(c.ID, notify.Sending); sending != 0 {
		t.Fatalf("%d rows left sending by a paused runner", sending)
	}
	stop()
	if got := e.relay.total(); got != sentAtPause {
		t.Fatalf("relay has %d messages, the ledger %d sent", got, sentAtPause)
	}
	if sentAtPause == 600 {
		t.Fatal("everything was sent before the pause; the test proves nothing")
	}
	// A runner finds nothing to do in a paused campaign.
	e.runUntilIdle("r2")
	if got := e.relay.total(); got != sentAtPause {
		t.Fatalf("a paused campaign sent %d more", got-sentAtPause)
	}
	e.relayCfg.PerSecond = 0 // the rest at full speed
	if err := e.svc.Resume(ctx, e.users["comms"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	e.runUntilIdle("r3")
	assertEveryoneOnce(t, e, c.ID, 600)
	if err := e.svc.Resume(ctx, e.users["comms"], e.id, c.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("resuming a done campaign: %v, want a conflict", err)
	}
}

func TestCancelWithdrawsWhatIsPendingAndSendsNoMore(t *testing.T) {
	e := newEnv(t, 700, func(c *notify.SMTPConfig) { c.PerSecond = 100 })
	ctx := context.Background()
	c := e.campaign(false)
	stop := background(e.runner("r1", time.Minute))
	waitFor(t, "the first 50 messages", func() bool { return e.relay.total() >= 50 })
	if err := e.svc.Cancel(ctx, e.users["comms"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the connections to stop", func() bool { return e.countState(c.ID, notify.Sending) == 0 })
	stop()
	e.runUntilIdle("r2")
	sent, withdrawn := e.countState(c.ID, notify.Sent), e.countState(c.ID, notify.Withdrawn)
	if sent+withdrawn != 600 || withdrawn == 0 {
		t.Fatalf("%d sent and %d withdrawn, want 600 together and some withdrawn", sent, withdrawn)
	}
	if got := e.relay.total(); got != sent {
		t.Fatalf("relay has %d messages, the ledger %d sent", got, sent)
	}
	v := e.view(c.ID)
	if v.State != notify.Cancelled || v.FinishedAt == nil {
		t.Errorf("campaign %s, want cancelled", v.State)
	}
}

// rowOf finds the ledger row of the person with e-mail address addr.
func (e *env) rowOf(t *testing.T, cid int64, addr string) notify.Delivery {
	t.Helper()
	for _, d := range e.ledger(cid) {
		p, err := e.people.Unsealed(context.Background(), e.id, d.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		if p.HasEmail() && p.Contact.Emails[0] == addr {
			return d
		}
	}
	t.Fatalf("no row for the person")
	return notify.Delivery{}
}

func TestTemporaryRefusalsAreRetriedWithTheSameMessageID(t *testing.T) {
	e := newEnv(t, 20)
	twice, always := personEmail(3), personEmail(5)
	e.relay.setRule(twice, rule{temporary: 2})
	e.relay.setRule(always, rule{temporary: 1000})
	c := e.campaign(false)
	e.runUntilIdle("r1")
	d := e.rowOf(t, c.ID, twice)
	if d.State != notify.Sent || d.Attempts != 3 {
		t.Errorf("refused twice: %s after %d attempts, want sent after 3", d.State, d.Attempts)
	}
	if got := e.relay.received(twice); len(got) != 1 || got[0] != d.MessageID {
		t.Errorf("refused twice: the relay took %v, want %s once", got, d.MessageID)
	}
	d = e.rowOf(t, c.ID, always)
	if d.State != notify.Failed || d.Attempts != 5 || !strings.Contains(d.LastError, "451") {
		t.Errorf("always refused: %s after %d attempts (%q), want failed after 5 with the code", d.State, d.Attempts, d.LastError)
	}
	v := e.view(c.ID)
	if v.State != notify.Done || v.Progress.ByState[notify.Failed] != 1 {
		t.Errorf("campaign %s %v, want done with one failed", v.State, v.Progress.ByState)
	}
	assertNoPersonalData(t, e)
}

func TestPermanentRefusalFallsBackToALetter(t *testing.T) {
	e := newEnv(t, 20)
	refused := personEmail(4)
	e.relay.setRule(refused, rule{permanent: true})
	c := e.campaign(true)
	e.runUntilIdle("r1")
	d := e.rowOf(t, c.ID, refused)
	if d.Channel != notify.ByLetter || d.State != notify.Pending || d.Attempts != 1 {
		t.Errorf("refused for good: %s %s after %d attempts, want a pending letter after 1", d.Channel, d.State, d.Attempts)
	}
	if !strings.Contains(d.LastError, "550") || !strings.Contains(d.LastError, "letter queued") || strings.Contains(d.LastError, "@") {
		t.Errorf("last error %q: want the code, the fallback and no address", d.LastError)
	}
	assertNoPersonalData(t, e)
}

func TestPermanentRefusalWithoutFallbackFails(t *testing.T) {
	e := newEnv(t, 20)
	refused := personEmail(4)
	e.relay.setRule(refused, rule{permanent: true})
	c := e.campaign(false)
	e.runUntilIdle("r1")
	d := e.rowOf(t, c.ID, refused)
	if d.Channel != notify.ByEmail || d.State != notify.Failed || strings.Contains(d.LastError, "@") {
		t.Errorf("refused for good: %s %s (%q), want a failed e-mail without the address", d.Channel, d.State, d.LastError)
	}
}

func TestADroppedConnectionIsRedialedAndTheMessageComesAgainWithTheSameID(t *testing.T) {
	e := newEnv(t, 30)
	dropped := personEmail(6)
	e.relay.setRule(dropped, rule{dropAfter: 1})
	c := e.campaign(false)
	e.runUntilIdle("r1")
	d := e.rowOf(t, c.ID, dropped)
	got := e.relay.received(dropped)
	if d.State != notify.Sent || len(got) != 2 || got[0] != d.MessageID || got[1] != d.MessageID {
		t.Errorf("dropped after DATA: %s, relay took %v; want sent, twice as %s", d.State, got, d.MessageID)
	}
	assertDelivered(t, e, c.ID, 30-30/7, map[string]bool{d.MessageID: true})
	assertNoPersonalData(t, e)
}

// A runner is stopped at random moments, and rows are abandoned as a
// crashed process leaves them (claimed, never recorded). A runner with a
// short lease picks up everything: every recipient gets their message once,
// or twice with the same Message-ID.
func TestRunnersKilledAtRandomMomentsLoseNoOneAndDuplicateOnlyWithTheSameID(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 25 runners; skipped with -short")
	}
	const persons = 3000
	e := newEnv(t, persons, func(c *notify.SMTPConfig) { c.Concurrency = 6 })
	c := e.campaign(false)
	rng := rand.New(rand.NewPCG(1, 2))
	// The lease must outlast the handling of one message by far, even
	// under the race detector on a busy machine: a lease that runs out
	// while its holder still sends is a second copy (the log says "lease
	// lost"). Crashed rows wait for it to run out.
	lease := 5 * time.Second
	inDoubt := map[string]bool{}
	for kill := range 25 {
		ctx, cancel := context.WithCancel(context.Background())
		r := e.runner("killed"+string(rune('a'+kill)), lease)
		done := make(chan struct{})
		go func() { defer close(done); _ = r.RunUntilIdle(ctx) }()
		target := e.relay.total() + rng.IntN(120)
		waitFor(t, "some messages", func() bool {
			select {
			case <-done:
				return true
			default:
			}
			return e.relay.total() >= target
		})
		if kill%3 == 0 {
			e.abandonRows(t, c.ID, rng.IntN(4)+1, lease, inDoubt)
		}
		cancel()
		<-done
	}
	e.runUntilIdle("survivor")
	// Stopped runners record what they know before they go, so the only
	// second copies are those of the rows a "crashed" process left.
	assertDelivered(t, e, c.ID, persons-persons/7, inDoubt)
	if strings.Contains(e.logs.String(), "lease lost") {
		t.Log("a lease ran out while its holder was sending; the lease is too short for this machine")
	}
	if len(inDoubt) == 0 {
		t.Error("no row was left in doubt; the test proves nothing about the window")
	}
	if v := e.view(c.ID); v.State != notify.Done {
		t.Errorf("campaign %s, want done", v.State)
	}
}

// abandonRows claims n rows as a process killed mid-send leaves them:
// Sending, with a lease, the message handed to the relay, and nothing
// recorded ever after.
func (e *env) abandonRows(t *testing.T, cid int64, n int, lease time.Duration, inDoubt map[string]bool) {
	t.Helper()
	ctx := context.Background()
	camp, err := e.db.Notify().Campaign(ctx, e.id, cid)
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := notify.Compile(camp.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := e.dialer.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for range n {
		var d *notify.Delivery
		err := e.db.Notify().Update(ctx, func(tx notify.Tx) (err error) {
			now := time.Now().UTC()
			d, err = tx.Claim(ctx, cid, notify.ByEmail, "crashed/1", now, now.Add(lease))
			return err
		})
		if errs.Is(err, errs.NotFound) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.people.Unsealed(ctx, e.id, d.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		m, err := compiled.Message(p, d, e.relayCfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := conn.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
		inDoubt[d.MessageID] = true
	}
}

func TestTheHourlyWindowCountsWhatTheLedgerSentInTheLastHour(t *testing.T) {
	e := newEnv(t, 140, func(c *notify.SMTPConfig) { c.PerHour = 100 })
	c := e.campaign(false) // 120 e-mails
	stop := background(e.runner("r1", time.Minute))
	waitFor(t, "the first 100 messages", func() bool { return e.relay.total() >= 100 })
	// While the runner waits for the window, nothing it sent waits in
	// doubt: every result is recorded before a connection waits.
	waitFor(t, "the results to be recorded", func() bool {
		return e.countState(c.ID, notify.Sent) == 100 && e.countState(c.ID, notify.Sending) == 0
	})
	stop()
	// A new runner primes its window from the ledger: 100 in the last
	// hour, so it sends nothing however long it runs.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_ = e.runner("r2", time.Minute).RunUntilIdle(ctx)
	// r1 recorded every result before it waited for the window, so
	// nothing was in doubt to be sent again.
	if got := e.relay.total(); got != 100 {
		t.Fatalf("relay took %d messages within the hour, want 100", got)
	}
	if sent := e.countState(c.ID, notify.Sent); sent != 100 {
		t.Fatalf("ledger has %d sent, want 100", sent)
	}
}

// The relay process dies mid-way and comes back on the same address: the
// runner redials and finishes. A message the relay took in just as it died
// may come twice, with the same Message-ID; at most one per connection.
func TestTheRelayDiesAndComesBack(t *testing.T) {
	const persons, conns = 1400, 4
	e := newEnv(t, persons, func(c *notify.SMTPConfig) { c.Concurrency = conns; c.PerSecond = 300 })
	c := e.campaign(false)
	stop := background(e.runner("r1", time.Minute))
	defer stop()
	waitFor(t, "the first 200 messages", func() bool { return e.relay.total() >= 200 })
	e.relay.stop()
	time.Sleep(300 * time.Millisecond) // some dials fail meanwhile
	e.relay.restart(t)
	want := persons - persons/7
	waitFor(t, "every message", func() bool { return e.countState(c.ID, notify.Sent) == want })
	stop()
	twice := 0
	for _, ids := range e.relay.snapshot() {
		switch {
		case len(ids) == 2 && ids[0] == ids[1]:
			twice++
		case len(ids) != 1:
			t.Errorf("a recipient got %v", ids)
		}
	}
	if twice > conns {
		t.Errorf("%d messages came twice; at most one per connection (%d) may be in doubt", twice, conns)
	}
	if got := len(e.relay.snapshot()); got != want {
		t.Errorf("%d recipients got mail, want %d", got, want)
	}
}
