package hotline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-smtp"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/mail"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// inboxDesk is a desk over real SQLite with an incident, a register, an
// approved script, a real IMAP server (go-imap's memory server) holding
// the hotline's mailbox and a real SMTP server (go-smtp) as the relay.
type inboxDesk struct {
	t     testing.TB
	svc   *app.Services
	h     *hotline.Service
	db    *sqlite.DB
	inc   *incident.Incident
	users map[auth.Role]*auth.User
	box   *imapmemserver.User
	imap  string // address
	relay *smtpRelay
	clock *testClock
}

const inboxAddress = "hotline@desk.example"

// testClock is in cti_harness_test.go.

func newInboxDesk(t testing.TB) *inboxDesk {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	keys, err := people.NewKeyring(bytes.Repeat([]byte{9}, people.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	if err := people.CheckKey(ctx, db.People(), keys); err != nil {
		t.Fatal(err)
	}
	clock := &testClock{now: time.Now().UTC()}
	fast := auth.FastArgon2
	svc, err := app.NewServices(db, app.Options{Argon2: &fast, Keys: keys, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	d := &inboxDesk{t: t, svc: svc, h: svc.Hotline, db: db, users: map[auth.Role]*auth.User{}, clock: clock}
	for _, role := range auth.Roles {
		u, err := svc.Auth.CreateUser(ctx, auth.CLI(), auth.NewUser{Email: string(role) + "@desk.test", Name: "Test " + string(role),
			Role: role, Password: "correct horse battery staple", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		d.users[role] = u
	}
	d.inc, err = svc.Incidents.Create(ctx, d.actor(auth.RoleLead), incident.NewIncident{Title: "Leak", Kind: incident.KindDataTheft,
		Severity: incident.SeverityHigh, AwareAt: clock.Now().Add(-time.Hour), Summary: "Customer data stolen."})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range auth.Roles {
		if role == auth.RoleLead || role == auth.RoleAdmin {
			continue
		}
		if err := svc.Incidents.SetMember(ctx, d.actor(auth.RoleLead), d.inc.ID, d.users[role].ID, incident.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	// One affected person in the register.
	findings := findingLine(1, "email", "alice@example.org") + findingLine(1, "name", "Alice Example")
	if _, err := svc.People.ImportFindings(ctx, d.actor(auth.RoleResponder), d.inc.ID, "findings", "leak.jsonl", strings.NewReader(findings)); err != nil {
		t.Fatal(err)
	}
	// The default script, written by comms and approved by the lead.
	sc := &hotline.Script{}
	if err := d.h.SaveScript(ctx, d.actor(auth.RoleComms), d.inc.ID, sc); err != nil {
		t.Fatal(err)
	}
	if err := d.h.ApproveScript(ctx, d.actor(auth.RoleLead), d.inc.ID, sc.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.h.SaveSettings(ctx, d.actor(auth.RoleLead), d.inc.ID, hotline.Settings{
		InboxAddress: inboxAddress, FromName: "Leak hotline", Acknowledge: true,
		SLA: map[hotline.Channel]time.Duration{hotline.ByMail: 24 * time.Hour},
	}); err != nil {
		t.Fatal(err)
	}
	d.startIMAP()
	d.relay = startSMTPRelay(t)
	return d
}

func findingLine(row int, category, value string) string {
	b, _ := json.Marshal(map[string]string{"file": "leak.csv", "record": fmt.Sprintf("leak.csv:row %d", row),
		"category": category, "value": value})
	return string(b) + "\n"
}

func (d *inboxDesk) actor(r auth.Role) auth.Actor {
	return auth.ActorFor(d.users[r], auth.ViaWeb, "192.0.2.1")
}

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}

// startIMAP serves the mailbox in clear text on loopback.
func (d *inboxDesk) startIMAP() {
	d.box = imapmemserver.NewUser("hotline", "s3cret")
	if err := d.box.Create("INBOX", nil); err != nil {
		d.t.Fatal(err)
	}
	mem := imapmemserver.New()
	mem.AddUser(d.box)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       quietLog{},
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		d.t.Fatal(err)
	}
	d.imap = l.Addr().String()
	go srv.Serve(l)
	d.t.Cleanup(func() { srv.Close() })
}

func (d *inboxDesk) source() *mail.InboxSource {
	u := url.URL{Scheme: "imap", User: url.UserPassword("hotline", "s3cret"), Host: d.imap, Path: "/INBOX", RawQuery: "tls=none"}
	src, err := mail.NewInboxSource(u.String())
	if err != nil {
		d.t.Fatal(err)
	}
	return src
}

// deliver puts a raw mail into the mailbox.
func (d *inboxDesk) deliver(raw string) {
	d.t.Helper()
	if _, err := d.box.Append("INBOX", strings.NewReader(raw), &imap.AppendOptions{}); err != nil {
		d.t.Fatal(err)
	}
}

func (d *inboxDesk) dialer() notify.Dialer {
	_, p, _ := net.SplitHostPort(d.relay.addr)
	port, _ := strconv.Atoi(p)
	dl, err := mail.NewDialer(notify.SMTPConfig{Host: "127.0.0.1", Port: port, TLS: mail.NoTLS, From: "relay@desk.example"})
	if err != nil {
		d.t.Fatal(err)
	}
	return dl
}

// run starts fn in the background until the test ends (or stop is
// called) and waits for it to return.
func (d *inboxDesk) run(fn func(ctx context.Context) error) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- fn(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				d.t.Errorf("background: %v", err)
			}
		})
	}
	d.t.Cleanup(stop)
	return stop
}

func (d *inboxDesk) poll() (stop func()) {
	src := d.source()
	return d.run(func(ctx context.Context) error {
		return d.h.PollInbox(ctx, d.inc.ID, src, 50*time.Millisecond, nil)
	})
}

func (d *inboxDesk) outbox() (stop func()) {
	dl := d.dialer()
	return d.run(func(ctx context.Context) error { return d.h.RunOutbox(ctx, dl, nil) })
}

// eventually waits up to a minute for cond (no timing assertion: a slow
// machine only waits longer).
func (d *inboxDesk) eventually(what string, cond func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			d.t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// thread is one inquiry with its mails, as stored.
type thread struct {
	q     hotline.InquiryRow
	mails []hotline.MailRow
}

// threads reads every inquiry of the incident with its mails, oldest
// first.
func (d *inboxDesk) threads() []thread {
	d.t.Helper()
	ctx := context.Background()
	st := d.db.Hotline()
	var out []thread
	f := hotline.Filter{Limit: 500}
	for {
		rows, err := st.Inquiries(ctx, d.inc.ID, f)
		if err != nil {
			d.t.Fatal(err)
		}
		for _, q := range rows {
			ms, err := st.Mails(ctx, d.inc.ID, q.ID)
			if err != nil {
				d.t.Fatal(err)
			}
			out = append([]thread{{q, ms}}, out...)
		}
		if len(rows) < f.Limit {
			return out
		}
		f.Before = rows[len(rows)-1].ID
	}
}

// count counts the stored mails of a direction and kind.
func count(ts []thread, dir hotline.Direction, kind hotline.MailKind) int {
	n := 0
	for _, t := range ts {
		for _, m := range t.mails {
			if m.Direction == dir && m.Kind == kind {
				n++
			}
		}
	}
	return n
}

func inboundCount(d *inboxDesk) int { return count(d.threads(), hotline.Inbound, hotline.Received) }

// smtpRelay is a go-smtp server on loopback that keeps what it receives.
type smtpRelay struct {
	addr string
	mu   sync.Mutex
	got  []relayed
	// refuse, when set, answers RCPT for the n-th RCPT (1 for the first).
	refuse func(n int) error
	rcpts  int
}

type relayed struct {
	To   string
	Data []byte
}

func startSMTPRelay(t testing.TB) *smtpRelay {
	r := &smtpRelay{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &relaySession{r: r}, nil }))
	srv.Domain = "relay.test"
	srv.ErrorLog = quietLog{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return r
}

func (r *smtpRelay) messages() []relayed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]relayed(nil), r.got...)
}

type relaySession struct {
	r  *smtpRelay
	to string
}

func (s *relaySession) Reset()                               {}
func (s *relaySession) Logout() error                        { return nil }
func (s *relaySession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.r.mu.Lock()
	s.r.rcpts++
	n, refuse := s.r.rcpts, s.r.refuse
	s.r.mu.Unlock()
	if refuse != nil {
		if err := refuse(n); err != nil {
			return err
		}
	}
	s.to = to
	return nil
}

func (s *relaySession) Data(rd io.Reader) error {
	b, err := io.ReadAll(rd)
	if err != nil {
		return err
	}
	s.r.mu.Lock()
	s.r.got = append(s.r.got, relayed{To: s.to, Data: b})
	s.r.mu.Unlock()
	return nil
}

// header reads one header of a relayed message.
func header(data []byte, name string) string {
	head, _, _ := strings.Cut(string(data), "\r\n\r\n")
	var out []string
	on := false
	for _, line := range strings.Split(head, "\r\n") {
		switch {
		case on && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")):
			out = append(out, strings.TrimSpace(line))
		case strings.HasPrefix(strings.ToLower(line), strings.ToLower(name)+":"):
			on = true
			out = append(out, strings.TrimSpace(line[len(name)+1:]))
		default:
			on = false
		}
	}
	return strings.Join(out, " ")
}

// newMail is a plain inquiry mail.
func newMail(from, msgID, subject, body string, headers ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\n", from, inboxAddress, subject)
	if msgID != "" {
		fmt.Fprintf(&b, "Message-ID: %s\r\n", msgID)
	}
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
	return b.String()
}
