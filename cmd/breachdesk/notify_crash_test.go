package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// The delivery ledger's promise, tested end to end: a real relay, the real
// binary, and kill -9 at random moments. Every recipient gets exactly one
// message, or two with the same Message-ID (a message the relay accepted
// in the moment of the kill) — at most one such message per connection and
// kill.

// crashScale is the number of recipients: BREACHDESK_CRASH_N, 5000 unless
// set.
func crashScale(t *testing.T, def int) int {
	t.Helper()
	if s := os.Getenv("BREACHDESK_CRASH_N"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 10 {
			t.Fatalf("BREACHDESK_CRASH_N=%q is not a number of at least 10", s)
		}
		return n
	}
	return def
}

const (
	crashKills       = 20
	crashConcurrency = 4
)

func TestASenderKilledAtRandomMomentsResumesAndEveryRecipientGetsOneMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it 20 times")
	}
	n := crashScale(t, 5000)
	bin := buildBinary(t)
	relay := startRelay(t, "127.0.0.1:0")
	// Paced so that the sending spans the kills: about 8 seconds in all.
	smtpURL := relay.url(max(n/8, 20))
	start := time.Now()
	d := newCampaignDesk(t, bin, n, smtpURL)
	t.Logf("the desk with %d recipients was ready in %v", n, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0))
	kills := 0
	for kills < crashKills {
		cmd := d.sender(bin, smtpURL)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(451)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			kills++
		}
		cmd.Wait()
		if relay.received() >= n {
			t.Fatalf("the campaign was done after %d kills; the test wants %d kills during the sending "+
				"(the pacing is too fast for this machine)", kills, crashKills)
		}
	}
	t.Logf("%d kills in %v; %d messages received so far", kills, time.Since(start).Round(time.Millisecond), relay.received())
	start = time.Now()
	d.finish(t, bin, smtpURL)
	t.Logf("finished in %v", time.Since(start).Round(time.Millisecond))
	relay.check(t, d.recipients, kills*crashConcurrency)
}

func TestASenderWhoseRelayDiesAndComesBackFinishesWithEveryoneNotifiedOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	n := crashScale(t, 5000) / 5
	bin := buildBinary(t)
	relay := startRelay(t, "127.0.0.1:0")
	smtpURL := relay.url(max(n/4, 20))
	d := newCampaignDesk(t, bin, n, smtpURL)
	cmd := d.sender(bin, smtpURL)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitFor(t, "a third of the messages", func() bool { return relay.received() >= n/3 })
	relay.stop()
	at := relay.received()
	time.Sleep(time.Second)
	relay.restart(t)
	t.Logf("the relay was down after %d messages", at)
	if err := cmd.Wait(); err != nil {
		t.Logf("the first sender ended with %v", err)
	}
	d.finish(t, bin, smtpURL)
	// Closing the relay cuts off, at worst, one accepted message per
	// connection before its reply: sent again with the same Message-ID.
	relay.check(t, d.recipients, crashConcurrency)
}

// --- the binary ---

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "breachdesk")
	// Built without -race even under go test -race: the subprocess is the
	// thing being killed, not the thing being checked for races.
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// --- the relay ---

// relay is a real SMTP server that records, per recipient, the Message-ID
// of every message it accepted.
type relay struct {
	addr string
	mu   sync.Mutex
	srv  *smtp.Server
	got  map[string][]string // recipient -> Message-IDs
	n    int
}

func startRelay(t *testing.T, addr string) *relay {
	t.Helper()
	r := &relay{got: map[string][]string{}}
	r.listen(t, addr)
	t.Cleanup(r.stop)
	return r
}

func (r *relay) listen(t *testing.T, addr string) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(r)
	srv.Domain = "relay.test"
	srv.AllowInsecureAuth = true
	srv.MaxRecipients = 10
	r.mu.Lock()
	r.addr, r.srv = ln.Addr().String(), srv
	r.mu.Unlock()
	go srv.Serve(ln)
}

func (r *relay) stop() {
	r.mu.Lock()
	srv := r.srv
	r.srv = nil
	r.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// restart listens again on the same port.
func (r *relay) restart(t *testing.T) {
	t.Helper()
	r.listen(t, r.addr)
}

func (r *relay) url(perSecond int) string {
	return fmt.Sprintf("smtp://%s?tls=none&concurrency=%d&per_second=%d&from=notify@desk.test&from_name=Desk",
		r.addr, crashConcurrency, perSecond)
}

func (r *relay) received() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

func (r *relay) NewSession(*smtp.Conn) (smtp.Session, error) { return &relaySession{r: r}, nil }

type relaySession struct {
	r     *relay
	rcpts []string
}

func (s *relaySession) Reset()                                         { s.rcpts = nil }
func (s *relaySession) Logout() error                                  { return nil }
func (s *relaySession) Mail(from string, opts *smtp.MailOptions) error { return nil }
func (s *relaySession) Rcpt(to string, opts *smtp.RcptOptions) error {
	s.rcpts = append(s.rcpts, strings.ToLower(to))
	return nil
}

func (s *relaySession) Data(body io.Reader) error {
	m, err := mail.ReadMessage(bufio.NewReader(body))
	if err != nil {
		return err
	}
	io.Copy(io.Discard, m.Body)
	id := m.Header.Get("Message-ID")
	if id == "" {
		return &smtp.SMTPError{Code: 554, Message: "no Message-ID"}
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	for _, to := range s.rcpts {
		s.r.got[to] = append(s.r.got[to], id)
	}
	s.r.n++
	return nil
}

// check asserts the ledger's promise for every recipient: at least one
// message, every copy with the same Message-ID, and no more copies than the
// documented window allows: one message per connection in doubt at each
// kill (or relay outage). A message in doubt at two kills in a row (taken
// over after its lease, killed again while being sent) goes out three
// times, still with one Message-ID; the window is per crash, not per
// recipient.
func (r *relay) check(t *testing.T, recipients []string, maxExtra int) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	want := make(map[string]bool, len(recipients))
	missing, twice, more, extra, differing := 0, 0, 0, 0, 0
	for _, to := range recipients {
		want[to] = true
		ids := r.got[to]
		if len(ids) == 0 {
			missing++
			continue
		}
		extra += len(ids) - 1
		switch {
		case slices.ContainsFunc(ids, func(id string) bool { return id != ids[0] }):
			differing++
		case len(ids) == 2:
			twice++
		case len(ids) > 2:
			more++
		}
	}
	strangers := 0
	for to := range r.got {
		if !want[to] {
			strangers++
		}
	}
	t.Logf("%d recipients, %d messages: %d sent twice and %d more often, each time with the same Message-ID",
		len(recipients), r.n, twice, more)
	if missing > 0 {
		t.Errorf("%d recipients got no message", missing)
	}
	if differing > 0 {
		t.Errorf("%d recipients got messages with different Message-IDs", differing)
	}
	if extra > maxExtra {
		t.Errorf("%d messages went out again; the documented window allows at most %d (one per connection and crash)", extra, maxExtra)
	}
	if strangers > 0 {
		t.Errorf("%d addresses that are not in the campaign got mail", strangers)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// --- the desk ---

// campaignDesk is a desk with a running e-mail campaign to its whole
// register.
type campaignDesk struct {
	svc        *app.Services // open in the test's process beside the senders
	dir        string
	incident   int64
	campaign   int64
	recipients []string
}

// crashLease is how soon a message claimed by a killed sender is taken
// over by the next one; long enough that a sender starved of CPU on a busy
// machine records its message before its own lease on it runs out.
const crashLease = 3 * time.Second

// newCampaignDesk creates the desk in a temporary folder: n persons
// imported through the command line from a generated findings file, a
// segment, a template, and a campaign written by the comms lead, approved
// by the incident lead and started.
func newCampaignDesk(t *testing.T, bin string, n int, smtpURL string) *campaignDesk {
	t.Helper()
	ctx := context.Background()
	d := &campaignDesk{dir: t.TempDir()}
	runBinary(t, bin, "init", "--data", d.dir)
	relay, err := notify.ParseSMTPURL(smtpURL)
	if err != nil {
		t.Fatal(err)
	}
	svc := d.openWith(t, &relay)
	t.Cleanup(func() { svc.Close() })
	d.svc = svc
	comms, lead := crashUser(t, svc, "comms@desk.test", auth.RoleComms), crashUser(t, svc, "lead@desk.test", auth.RoleLead)
	inc, err := svc.Incidents.Create(ctx, lead, incident.NewIncident{
		Title: "Crash test", Kind: incident.KindDataTheft, Severity: incident.SeverityHigh, AwareAt: time.Now().Add(-time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	d.incident = inc.ID
	if err := svc.Incidents.SetMember(ctx, lead, inc.ID, comms.UserID, incident.RoleCommsLead); err != nil {
		t.Fatal(err)
	}
	findings := filepath.Join(t.TempDir(), "findings.jsonl")
	d.recipients = writeCrashFindings(t, findings, n)
	runBinary(t, bin, "people", "import", strconv.FormatInt(inc.ID, 10), "--findings", findings, "--data", d.dir)
	seg := &people.Segment{Name: "Everyone with e-mail", Rules: people.SegmentRules{Reach: people.ReachEmail}}
	if err := svc.People.SaveSegment(ctx, comms, inc.ID, seg); err != nil {
		t.Fatal(err)
	}
	tpl := &notify.Template{
		Name: "Notice", Fallback: "en", Company: "Crash Test Ltd", Hotline: "+49 30 1234567",
		Inbox: "privacy@desk.test", UpdatesURL: "https://desk.test/updates",
		Contents: []notify.Content{{Lang: "en", Subject: "Your data", Body: "## What happened\n\nYour data was stolen. Call {{hotline}}."}},
	}
	if err := svc.Notify.SaveTemplate(ctx, comms, inc.ID, tpl); err != nil {
		t.Fatal(err)
	}
	c, err := svc.Notify.CreateCampaign(ctx, comms, inc.ID, notify.NewCampaign{
		Name: "Crash test", Kind: notify.Individual, SegmentID: seg.ID, TemplateID: tpl.ID, Channel: notify.ByEmail,
	})
	if err != nil {
		t.Fatal(err)
	}
	d.campaign = c.ID
	if err := svc.Notify.Approve(ctx, lead, inc.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.Notify.Start(ctx, comms, inc.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	return d
}

// runBinary runs the built binary (fast even under -race) to its end.
func runBinary(t *testing.T, bin string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("breachdesk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// openWith opens the desk in the test's process, with the relay that
// --smtp would give.
func (d *campaignDesk) openWith(t *testing.T, relay *notify.SMTPConfig) *app.Services {
	t.Helper()
	svc, err := app.Open(context.Background(), app.StoreConfig{DataDir: d.dir}, &app.RegisterConfig{SMTP: relay})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func crashUser(t *testing.T, svc *app.Services, email string, role auth.Role) auth.Actor {
	t.Helper()
	u, err := svc.Auth.CreateUser(context.Background(), auth.System(), auth.NewUser{
		Email: email, Name: string(role), Role: role, Language: "en", Password: "correct horse battery staple",
	})
	if err != nil {
		t.Fatal(err)
	}
	return auth.ActorFor(u, auth.ViaSystem, "")
}

// writeCrashFindings writes a findings file with n persons, each an e-mail
// address and a name in one record, and returns the addresses.
func writeCrashFindings(t *testing.T, name string, n int) []string {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	addrs := make([]string, n)
	for i := range n {
		addrs[i] = fmt.Sprintf("person%06d@example.com", i)
		record := fmt.Sprintf("customers.csv:row %d", i+2)
		enc.Encode(map[string]string{"file": "customers.csv", "record": record, "category": "email", "kind": "", "value": addrs[i]})
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return addrs
}

// sender is one run of 'breachdesk notify run --until-idle'.
func (d *campaignDesk) sender(bin, smtpURL string) *exec.Cmd {
	cmd := exec.Command(bin, "notify", "run", "--until-idle", "--data", d.dir, "--smtp", smtpURL,
		"--claim-lease", crashLease.String(), "--retry-backoff", "200ms", "--log-level", "warn")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	return cmd
}

// done reports whether the campaign is done.
func (d *campaignDesk) done(t *testing.T) bool {
	t.Helper()
	c, err := d.svc.Notify.Campaign(context.Background(), auth.CLI(), d.incident, d.campaign)
	if err != nil {
		t.Fatal(err)
	}
	return c.State == notify.Done
}

// finish runs the sender without interruption until the campaign is done
// (a run may end while rows a killed sender held are still leased).
func (d *campaignDesk) finish(t *testing.T, bin, smtpURL string) {
	t.Helper()
	for run := 0; !d.done(t); run++ {
		if run == 20 {
			t.Fatal("the campaign is not done after 20 uninterrupted runs")
		}
		out, err := d.sender(bin, smtpURL).CombinedOutput()
		if err != nil {
			t.Fatalf("notify run: %v\n%s", err, out)
		}
		if !d.done(t) {
			time.Sleep(crashLease)
		}
	}
	svc := d.svc
	c, err := svc.Notify.Campaign(context.Background(), auth.CLI(), d.incident, d.campaign)
	if err != nil {
		t.Fatal(err)
	}
	if sent := c.Progress.ByState[notify.Sent]; sent != int64(len(d.recipients)) {
		t.Errorf("the ledger records %d sent, want %d (by state: %v)", sent, len(d.recipients), c.Progress.ByState)
		failed, _ := svc.Notify.Deliveries(context.Background(), auth.CLI(), d.incident, d.campaign, notify.Failed, 0, 3)
		for _, f := range failed {
			t.Logf("delivery %d failed after %d attempts: %s", f.ID, f.Attempts, f.LastError)
		}
	}
}
