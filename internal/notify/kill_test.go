package notify_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// The sending process of TestTheSendingProcessKilledAtRandomMoments: this
// test binary started again, with the database and the relay of the
// parent test, sending until it is killed.
func TestRunnerChildProcess(t *testing.T) {
	dir := os.Getenv("NOTIFY_CHILD_DIR")
	if dir == "" {
		t.Skip("the sending process of TestTheSendingProcessKilledAtRandomMoments; runs only as its child")
	}
	e := openEnv(t, dir, &relay{addr: os.Getenv("NOTIFY_CHILD_RELAY")}, func(c *notify.SMTPConfig) { c.Concurrency = 4 })
	logs, err := os.OpenFile(filepath.Join(dir, "runner.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	// The lease is short so that the next child takes over a killed one's
	// rows soon, and long enough that a child starved of CPU (the race
	// detector on a busy machine) still records a message before its own
	// lease on it runs out — else a sibling connection sends it again. CI
	// on a machine busy with other builds saw 3 s run out (85 second
	// copies for 80 connection-kills).
	r := e.svc.NewRunner(notify.RunnerOptions{ID: fmt.Sprintf("child-%d", os.Getpid()), Lease: 5 * time.Second,
		Poll: 20 * time.Millisecond, Backoff: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond},
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// The sending process is killed (SIGKILL, no chance to record anything) at
// random moments, 20 times, and started again each time; then a last
// runner finishes. Every recipient gets their message once, or twice with
// the same Message-ID, and no more second copies than one per connection
// per kill.
func TestTheSendingProcessKilledAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills 20 processes; skipped with -short")
	}
	// Each life waits a lease for the rows in doubt while it sends others
	// (see below): with 5-second leases, 8000 recipients keep twenty lives
	// from sending the whole campaign.
	const persons, conns, kills = 8000, 4, 20
	e := newEnv(t, persons, func(c *notify.SMTPConfig) { c.Concurrency = conns })
	c := e.campaign(false)
	// The relay answers DATA 100 ms after it took the message in: a kill
	// often lands while a message is in doubt, and twenty lives of at
	// least a lease each do not send the whole campaign (each life waits a
	// lease for the rows in doubt while it sends others: with 30 ms, a
	// quiet machine without the race detector sent it all in 12 lives).
	e.relay.mu.Lock()
	e.relay.delay = 100 * time.Millisecond
	e.relay.mu.Unlock()
	want := int64(persons - persons/7)
	sent := func() int64 {
		byState, _, err := e.db.Notify().Counts(context.Background(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return byState[notify.Sent]
	}
	rng := rand.New(rand.NewPCG(5, 7))
	killed := 0
	var dead []string // ClaimedBy prefixes of the killed children
	for ; killed < kills && sent() < want; killed++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRunnerChildProcess$")
		cmd.Env = append(os.Environ(), "NOTIFY_CHILD_DIR="+e.dir, "NOTIFY_CHILD_RELAY="+e.relay.addr)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The rows the last kill left in doubt are sent again by this
		// child before it is killed in turn: the window is one message
		// per connection per crash, and a row hit by two crashes in a row
		// would come three times.
		waitFor(t, "the child to take over the rows in doubt", func() bool { return !e.heldBy(c.ID, dead) })
		target := e.relay.total() + 5 + rng.IntN(40)
		waitFor(t, "the child to send", func() bool { return e.relay.total() >= target || sent() >= want })
		time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond) // somewhere within a message
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		dead = append(dead, fmt.Sprintf("child-%d/", cmd.Process.Pid))
	}
	if killed < kills {
		t.Fatalf("only %d kills before everything was sent; give the test more recipients", killed)
	}
	e.relay.mu.Lock()
	e.relay.delay = 0
	e.relay.mu.Unlock()
	e.runUntilIdle("survivor")
	if got := sent(); got != want {
		t.Fatalf("%d sent, want %d", got, want)
	}
	twice := 0
	// Each kill's rows in doubt were sent again before the next kill (see
	// above), so nobody gets a third copy.
	for _, ids := range e.relay.snapshot() {
		switch {
		case len(ids) == 2 && ids[0] == ids[1]:
			twice++
		case len(ids) != 1:
			t.Errorf("a recipient got %v", ids)
		}
	}
	if got := len(e.relay.snapshot()); int64(got) != want {
		t.Errorf("%d recipients got mail, want %d", got, want)
	}
	if twice > kills*conns {
		t.Errorf("%d second copies; at most one per connection per kill (%d)", twice, kills*conns)
	}
	t.Logf("%d kills, %d second copies with the same Message-ID", killed, twice)
	logs, err := os.ReadFile(filepath.Join(e.dir, "runner.log"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, bad := range []string{"@example.org", "Person Nummer", "Hauptstraße"} {
		if strings.Contains(string(logs), bad) {
			t.Errorf("the sending process logged personal data (%q)", bad)
		}
	}
}

// heldBy reports whether a row of the campaign is Sending, claimed by one
// of the claimers with the given prefixes.
func (e *env) heldBy(cid int64, prefixes []string) bool {
	rows, err := e.db.Notify().Deliveries(context.Background(), cid, notify.Sending, 0, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, d := range rows {
		for _, p := range prefixes {
			if strings.HasPrefix(d.ClaimedBy, p) {
				return true
			}
		}
	}
	return false
}
