package notify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// relay is a real SMTP server (go-smtp) on loopback that records every
// message it accepts by Message-ID and envelope recipient. Recipients can
// be told to be refused, temporarily or for good, or to have the
// connection dropped after their message was taken in.
type relay struct {
	addr string
	srv  *smtp.Server

	mu       sync.Mutex
	byID     map[string]int      // Message-ID -> copies accepted
	byRcpt   map[string][]string // recipient -> Message-IDs accepted, in order
	rules    map[string]*rule    // recipient -> what happens to them
	accepted int
	// delay holds the reply to DATA after the message was taken in: the
	// moment a message is in doubt (accepted, the sender not yet told).
	delay time.Duration
}

// rule is what the relay does with a recipient's next messages.
type rule struct {
	temporary int  // refuse this many times with 451, then accept
	permanent bool // refuse with 550, always
	dropAfter int  // drop the connection after taking in this many messages, then behave
}

func startRelay(t testing.TB) *relay {
	t.Helper()
	r := &relay{byID: map[string]int{}, byRcpt: map[string][]string{}, rules: map[string]*rule{}}
	if err := r.listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.stop)
	return r
}

// listen starts a server on addr.
func (r *relay) listen(addr string) error {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &relaySession{r: r, conn: c}, nil
	}))
	srv.Domain = "relay.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.MaxRecipients = 1
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.addr, r.srv = ln.Addr().String(), srv
	r.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
	return nil
}

// stop closes the server and every connection, as a relay process that
// dies does.
func (r *relay) stop() {
	r.mu.Lock()
	srv := r.srv
	r.mu.Unlock()
	_ = srv.Close()
}

// restart starts the relay again on the same address.
func (r *relay) restart(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := r.listen(r.addr)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the relay does not listen again: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (r *relay) setRule(rcpt string, ru rule) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rules[rcpt] = &ru
}

// copies returns how many copies of each Message-ID the recipient got.
func (r *relay) received(rcpt string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.byRcpt[rcpt]...)
}

func (r *relay) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.accepted
}

// snapshot copies the per-recipient record.
func (r *relay) snapshot() map[string][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string][]string, len(r.byRcpt))
	for k, v := range r.byRcpt {
		out[k] = append([]string(nil), v...)
	}
	return out
}

type relaySession struct {
	r    *relay
	conn *smtp.Conn
	rcpt string
}

func (s *relaySession) Reset()        { s.rcpt = "" }
func (s *relaySession) Logout() error { return nil }

func (s *relaySession) Mail(from string, _ *smtp.MailOptions) error { return nil }

func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	ru := s.r.rules[to]
	switch {
	case ru != nil && ru.permanent:
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user " + to}
	case ru != nil && ru.temporary > 0:
		ru.temporary--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.rcpt = to
	return nil
}

func (s *relaySession) Data(body io.Reader) error {
	raw, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unreadable message"}
	}
	id := m.Header.Get("Message-ID")
	s.r.mu.Lock()
	s.r.byID[id]++
	s.r.byRcpt[s.rcpt] = append(s.r.byRcpt[s.rcpt], id)
	s.r.accepted++
	ru := s.r.rules[s.rcpt]
	drop := ru != nil && ru.dropAfter > 0
	if drop {
		ru.dropAfter--
	}
	delay := s.r.delay
	s.r.mu.Unlock()
	time.Sleep(delay)
	if drop {
		// Taken in, but the client never hears so: the message is in
		// doubt and will come again with the same Message-ID.
		_ = s.conn.Close()
	}
	return nil
}

// dialer is the test's way out: a real SMTP client (go-smtp's) talking to
// the relay. The mail adapter in internal/mail is the product's; package
// notify may not import it.
type dialer struct {
	addr string
	// hello counts the connections opened.
	mu    sync.Mutex
	dials int
}

func (d *dialer) Dial(ctx context.Context) (notify.Conn, error) {
	var nd net.Dialer
	nc, err := nd.DialContext(ctx, "tcp", d.addr)
	if err != nil {
		return nil, &notify.SendError{Text: "connect: " + err.Error()}
	}
	c := smtp.NewClient(nc)
	if err := c.Hello("breachdesk.test"); err != nil {
		c.Close()
		return nil, &notify.SendError{Text: "hello: " + err.Error()}
	}
	d.mu.Lock()
	d.dials++
	d.mu.Unlock()
	return &clientConn{c: c}, nil
}

type clientConn struct{ c *smtp.Client }

func (cc *clientConn) Send(ctx context.Context, m *notify.Message) error {
	err := cc.c.SendMail(m.From, []string{m.To}, bytes.NewReader(render(m)))
	var se *smtp.SMTPError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		if rerr := cc.c.Reset(); rerr != nil {
			return &notify.SendError{Text: "connection lost after a refusal"}
		}
		return &notify.SendError{Permanent: se.Code >= 500, Code: se.Code,
			Text: strconv.Itoa(se.EnhancedCode[0]) + "." + strconv.Itoa(se.EnhancedCode[1]) + "." + strconv.Itoa(se.EnhancedCode[2]) + " " + se.Message}
	default:
		return &notify.SendError{Text: "connection lost"}
	}
}

func (cc *clientConn) Close() error { return cc.c.Close() }

// render writes a plain text message; the real adapter writes MIME with
// both parts and DKIM.
func render(m *notify.Message) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: %s\r\nDate: %s\r\n", m.From, m.To,
		mimeWord(m.Subject), m.MessageID, time.Now().Format(time.RFC1123Z))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(m.Text, "\n", "\r\n"))
	b.WriteString("\r\n")
	return []byte(b.String())
}

func mimeWord(s string) string { return mime.QEncoding.Encode("utf-8", s) }
