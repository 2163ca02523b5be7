package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// testRelay is a real SMTP server (go-smtp) on loopback that keeps every
// message it accepts, for the desk's test sends and campaigns. The desk
// reaches it through testDialer, a go-smtp client: the product's mail
// adapter lives in internal/mail, which web may not import.
type testRelay struct {
	addr string
	mu   sync.Mutex
	got  []relayedMail
}

// relayedMail is one accepted message.
type relayedMail struct {
	To        string
	Subject   string
	MessageID string
	Raw       string
}

func startTestRelay(t testing.TB) *testRelay {
	t.Helper()
	r := &testRelay{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &relaySession{r: r}, nil }))
	srv.Domain = "relay.test"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("relay: %v", err)
	}
	r.addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return r
}

// mails returns what the relay accepted so far.
func (r *testRelay) mails() []relayedMail {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]relayedMail(nil), r.got...)
}

// config is the relay's settings as an admin would enter them.
func (r *testRelay) config() notify.SMTPConfig {
	host, port, _ := net.SplitHostPort(r.addr)
	var p int
	fmt.Sscan(port, &p)
	return notify.SMTPConfig{Host: host, Port: p, TLS: "none", From: "benachrichtigung@beispiel.example", FromName: "Beispiel GmbH"}
}

type relaySession struct {
	r  *testRelay
	to string
}

func (s *relaySession) Reset()                                      { s.to = "" }
func (s *relaySession) Logout() error                               { return nil }
func (s *relaySession) Mail(from string, _ *smtp.MailOptions) error { return nil }
func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = to; return nil }

func (s *relaySession) Data(body io.Reader) error {
	raw, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unreadable message"}
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	s.r.got = append(s.r.got, relayedMail{To: s.to, Subject: subject, MessageID: m.Header.Get("Message-ID"), Raw: string(raw)})
	return nil
}

// testDial is the desk's Dial in tests: plain SMTP to the relay's address.
func testDial(cfg notify.SMTPConfig) (notify.Dialer, error) {
	return testDialer{addr: net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port))}, nil
}

type testDialer struct{ addr string }

func (d testDialer) Dial(ctx context.Context) (notify.Conn, error) {
	c, err := smtp.Dial(d.addr)
	if err != nil {
		return nil, &notify.SendError{Text: "connection failed"}
	}
	return &testConn{c: c}, nil
}

type testConn struct{ c *smtp.Client }

func (c *testConn) Close() error { return c.c.Quit() }

// Send writes the text part only, with the headers a receiver needs; the
// mail adapter's MIME building is tested where it lives.
func (c *testConn) Send(ctx context.Context, m *notify.Message) error {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: %s\r\nMIME-Version: 1.0\r\n", m.From, m.To,
		mime.QEncoding.Encode("utf-8", m.Subject), m.MessageID)
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(m.Text, "\n", "\r\n"))
	if err := c.c.SendMail(m.From, []string{m.To}, strings.NewReader(b.String())); err != nil {
		if se, ok := err.(*smtp.SMTPError); ok {
			return &notify.SendError{Permanent: se.Code >= 500, Code: se.Code, Text: se.Message}
		}
		return &notify.SendError{Text: "connection failed"}
	}
	return nil
}
