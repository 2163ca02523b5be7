package publish_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	_ "modernc.org/sqlite" // the tests read the outbox's rows

	"github.com/breachdesk/breachdesk/internal/mail"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// The mail part's tests send through a real SMTP server (go-smtp on
// loopback) with the real mail adapter, and read what it caught.

const siteURL = "https://status.example.com"

// relay is a go-smtp server that keeps what it receives.
type relay struct {
	addr string
	mu   sync.Mutex
	got  []caught
	// refuse, when set, answers every RCPT with its error.
	refuse error
}

// caught is one message the relay received, decoded.
type caught struct {
	To      string
	Raw     []byte
	Header  netmail.Header
	Subject string
	Text    string
	HTML    string
}

func startRelay(t testing.TB) *relay {
	r := &relay{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{r: r}, nil }))
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

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}

func (r *relay) messages() []caught {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]caught(nil), r.got...)
}

// to returns the messages caught for address.
func (r *relay) to(address string) []caught {
	var out []caught
	for _, m := range r.messages() {
		if m.To == address {
			out = append(out, m)
		}
	}
	return out
}

func (r *relay) setRefuse(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refuse = err
}

type session struct {
	r  *relay
	to string
}

func (s *session) Reset()                               {}
func (s *session) Logout() error                        { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error { return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if s.r.refuse != nil {
		return s.r.refuse
	}
	s.to = to
	return nil
}

func (s *session) Data(rd io.Reader) error {
	b, err := io.ReadAll(rd)
	if err != nil {
		return err
	}
	c, err := decode(s.to, b)
	if err != nil {
		return err
	}
	s.r.mu.Lock()
	s.r.got = append(s.r.got, c)
	s.r.mu.Unlock()
	return nil
}

// decode reads a message the mail adapter built: multipart/alternative
// with quoted-printable text and HTML parts.
func decode(to string, raw []byte) (caught, error) {
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return caught{}, err
	}
	c := caught{To: to, Raw: raw, Header: m.Header}
	c.Subject, _ = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		return caught{}, err
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return c, nil
		}
		if err != nil {
			return caught{}, err
		}
		var body []byte
		if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			body, err = io.ReadAll(quotedprintable.NewReader(p))
		} else {
			body, err = io.ReadAll(p)
		}
		if err != nil {
			return caught{}, err
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			c.HTML = string(body)
		} else {
			c.Text = string(body)
		}
	}
}

// dialer dials the relay with the real mail adapter.
func (r *relay) dialer(t testing.TB) notify.Dialer {
	_, p, _ := net.SplitHostPort(r.addr)
	port, _ := strconv.Atoi(p)
	dl, err := mail.NewDialer(notify.SMTPConfig{Host: "127.0.0.1", Port: port, TLS: mail.NoTLS, From: "relay@desk.example"})
	if err != nil {
		t.Fatal(err)
	}
	return dl
}

// outbox runs the public outbox until the test ends or stop is called.
func (d *desk) outbox(r *relay) (stop func()) { return d.runOutbox(r.dialer(d.t)) }

// runOutbox runs the public outbox over dl.
func (d *desk) runOutbox(dl notify.Dialer) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.svc.RunOutbox(ctx, dl, nil) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				d.t.Errorf("outbox: %v", err)
			}
		})
	}
	d.t.Cleanup(stop)
	return stop
}

// eventually waits up to a minute for cond (no timing assertion: a slow
// machine only waits longer).
func (d *desk) eventually(what string, cond func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			d.t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// mailRow is a row of the public outbox as the test reads it.
type mailRow struct {
	ID           int64
	Kind         publish.MailKind
	MessageID    string
	SubscriberID int64
	StatementID  int64
	Sealed       []byte
	State        publish.MailState
	Attempts     int
	LastError    string
}

// mails reads every row of the public outbox, by ID, straight from the
// database file (the Store lists none: the desk shows only counts).
func (d *desk) mails() []mailRow {
	d.t.Helper()
	raw, err := sql.Open("sqlite", "file:"+d.db.Path()+"?mode=ro")
	if err != nil {
		d.t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.QueryContext(d.ctx, `SELECT id, kind, message_id, COALESCE(subscriber_id, 0),
		COALESCE(statement_id, 0), sealed, state, attempts, last_error FROM publish_mails ORDER BY id`)
	if err != nil {
		d.t.Fatal(err)
	}
	defer rows.Close()
	var out []mailRow
	for rows.Next() {
		var m mailRow
		if err := rows.Scan(&m.ID, &m.Kind, &m.MessageID, &m.SubscriberID, &m.StatementID, &m.Sealed, &m.State, &m.Attempts, &m.LastError); err != nil {
			d.t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		d.t.Fatal(err)
	}
	return out
}

// settled waits until no mail is Queued or Sending.
func (d *desk) settled() []mailRow {
	d.t.Helper()
	var rows []mailRow
	defer func() {
		if d.t.Failed() {
			d.t.Logf("outbox rows: %+v", rows)
		}
	}()
	d.eventually("the outbox to settle", func() bool {
		rows = d.mails()
		for _, m := range rows {
			if m.State == publish.MailQueued || m.State == publish.MailSending {
				return false
			}
		}
		return true
	})
	return rows
}

// sitePage saves the page settings with the press contact, the hotline
// and the self-check on.
func (d *desk) sitePage(change func(p *publish.Page)) {
	d.t.Helper()
	p := publish.Page{URL: siteURL, Names: map[string]string{"de": "ACME Status", "en": "ACME status"},
		PressName: "Petra Presse", PressEmail: "presse@acme.example", PressPhone: "+49 30 1234567",
		HotlinePhone: "+49 800 1234567", HotlineEmail: "hotline@acme.example", SenderEmail: "status@acme.example",
		SelfCheck: true}
	if change != nil {
		change(&p)
	}
	if _, err := d.svc.SavePage(d.ctx, d.actor("admin"), p); err != nil {
		d.t.Fatal(err)
	}
}

// link returns the first line of text that starts with prefix.
func link(t testing.TB, text, prefix string) string {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), prefix) {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("no line starting %q in:\n%s", prefix, text)
	return ""
}
