package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

func relayConfig(t testing.TB, r *relay, mode string) notify.SMTPConfig {
	return notify.SMTPConfig{
		Host: "127.0.0.1", Port: r.port(t), TLS: mode,
		From: "bounces@notify.example", FromName: "Beispiel GmbH", HeloName: "breachdesk.test",
	}
}

func dialer(t testing.TB, cfg notify.SMTPConfig, cert testCert) *Dialer {
	t.Helper()
	d, err := NewDialer(cfg)
	if err != nil {
		t.Fatalf("NewDialer: %v", err)
	}
	d.tls.RootCAs = cert.pool
	return d
}

func testMessage(i int) *notify.Message {
	return &notify.Message{
		MessageID: fmt.Sprintf("<c1.p%d.x7q@notify.example>", i),
		To:        fmt.Sprintf("person%d@kunde.example", i),
		Subject:   "Wichtige Information zu Ihren Daten",
		Text:      "Sehr geehrte Damen und Herren,\n\nwir informieren Sie über einen Vorfall.\n",
		HTML:      "<p>Sehr geehrte Damen und Herren,</p><p>wir informieren Sie über einen Vorfall.</p>",
		Lang:      "de",
	}
}

func sendErr(t *testing.T, err error) *notify.SendError {
	t.Helper()
	var se *notify.SendError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want a *notify.SendError", err, err)
	}
	return se
}

func TestSendManyMessagesOverOneConnection(t *testing.T) {
	r := startRelay(t, "plain", testCert{}, nil)
	d := dialer(t, relayConfig(t, r, NoTLS), testCert{})
	conn, err := d.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	for i := range n {
		if err := conn.Send(context.Background(), testMessage(i)); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	if err := conn.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	got := r.messages()
	if len(got) != n || r.sessionCount() != 1 {
		t.Fatalf("relay got %d messages in %d sessions, want %d in 1", len(got), r.sessionCount(), n)
	}
	for i, m := range got {
		want := testMessage(i)
		if m.To != want.To || m.From != "bounces@notify.example" {
			t.Errorf("message %d: envelope %s -> %s", i, m.From, m.To)
		}
		if !bytes.Contains(m.Data, []byte("Message-ID: "+want.MessageID+"\r\n")) {
			t.Errorf("message %d lacks its Message-ID", i)
		}
		if m.Opts.Return != smtp.DSNReturnHeaders || "<"+m.Opts.EnvelopeID+">" != want.MessageID {
			t.Errorf("message %d: RET=%q ENVID=%q, want HDRS and the Message-ID", i, m.Opts.Return, m.Opts.EnvelopeID)
		}
	}
}

func TestSendTemporaryRefusalThenSuccessOnTheSameConnection(t *testing.T) {
	r := startRelay(t, "plain", testCert{}, func(r *relay) {
		r.onRcpt = func(n int, to string) error {
			if n == 1 {
				return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "<" + to + ">: greylisted, try again later"}
			}
			return nil
		}
	})
	conn, err := dialer(t, relayConfig(t, r, NoTLS), testCert{}).Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	se := sendErr(t, conn.Send(context.Background(), testMessage(1)))
	if se.Permanent || se.Code != 451 {
		t.Errorf("error = %+v, want temporary 451", se)
	}
	if strings.Contains(se.Text, "@") || !strings.Contains(se.Text, "4.7.1") || !strings.Contains(se.Text, "greylisted") {
		t.Errorf("text = %q, want the reply without the address", se.Text)
	}
	if notify.IsPermanent(se) {
		t.Error("IsPermanent = true for a 4xx")
	}
	if err := conn.Send(context.Background(), testMessage(1)); err != nil {
		t.Fatalf("second attempt: %v", err)
	}
	if got := r.messages(); len(got) != 1 || r.sessionCount() != 1 {
		t.Errorf("relay got %d messages in %d sessions, want 1 in 1", len(got), r.sessionCount())
	}
}

func TestSendPermanentRefusalKeepsTheSessionForTheNext(t *testing.T) {
	r := startRelay(t, "plain", testCert{}, func(r *relay) {
		r.onRcpt = func(_ int, to string) error {
			if strings.HasPrefix(to, "person1@") {
				return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: Recipient address rejected: User unknown"}
			}
			return nil
		}
	})
	conn, err := dialer(t, relayConfig(t, r, NoTLS), testCert{}).Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Send(context.Background(), testMessage(1))
	se := sendErr(t, err)
	if !notify.IsPermanent(err) || se.Code != 550 {
		t.Errorf("error = %+v, want permanent 550", se)
	}
	if want := "rcpt to: 5.1.1 <[address]>: Recipient address rejected: User unknown"; se.Text != want {
		t.Errorf("text = %q, want %q", se.Text, want)
	}
	if strings.Contains(err.Error(), "person1") {
		t.Errorf("error %q holds the address", err)
	}
	if err := conn.Send(context.Background(), testMessage(2)); err != nil {
		t.Fatalf("next message: %v", err)
	}
	if r.sessionCount() != 1 {
		t.Errorf("sessions = %d, want 1", r.sessionCount())
	}
}

func TestSendRejectedDataIsPermanent(t *testing.T) {
	r := startRelay(t, "plain", testCert{}, func(r *relay) {
		r.onData = func(int, *smtp.Conn, io.Reader) error {
			return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "message rejected as spam"}
		}
	})
	conn, err := dialer(t, relayConfig(t, r, NoTLS), testCert{}).Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	se := sendErr(t, conn.Send(context.Background(), testMessage(1)))
	if !se.Permanent || se.Code != 554 || !strings.HasPrefix(se.Text, "data: 5.7.1") {
		t.Errorf("error = %+v, want permanent 554 at data", se)
	}
}

func TestConnectionDroppedMidDataIsTemporaryAndTheNextDialWorks(t *testing.T) {
	r := startRelay(t, "plain", testCert{}, func(r *relay) {
		r.onData = func(n int, c *smtp.Conn, rd io.Reader) error {
			if n == 1 {
				io.ReadFull(rd, make([]byte, 100))
				c.Conn().Close()
				return errors.New("dropped")
			}
			return nil
		}
	})
	d := dialer(t, relayConfig(t, r, NoTLS), testCert{})
	conn, err := d.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	se := sendErr(t, conn.Send(context.Background(), testMessage(1)))
	if se.Permanent || se.Code != 0 {
		t.Errorf("error = %+v, want temporary with code 0", se)
	}
	// The broken Conn dials anew by itself, and a new Dial works too.
	if err := conn.Send(context.Background(), testMessage(2)); err != nil {
		t.Fatalf("send after the drop: %v", err)
	}
	conn.Close()
	conn2, err := d.Dial(context.Background())
	if err != nil {
		t.Fatalf("dial after the drop: %v", err)
	}
	if err := conn2.Send(context.Background(), testMessage(3)); err != nil {
		t.Fatalf("send on the new connection: %v", err)
	}
	conn2.Close()
	if got := r.messages(); len(got) != 2 || got[0].To != testMessage(2).To {
		t.Errorf("relay got %d messages, want messages 2 and 3", len(got))
	}
}

func TestStartTLSRequiredButNotOfferedIsRefused(t *testing.T) {
	r := startRelay(t, "plain", testCert{}, nil)
	cfg := relayConfig(t, r, StartTLS)
	cfg.Username, cfg.Password = "notify", "secret"
	_, err := dialer(t, cfg, testCert{}).Dial(context.Background())
	se := sendErr(t, err)
	if !se.Permanent || !strings.Contains(se.Text, "does not offer STARTTLS") {
		t.Errorf("error = %+v, want a refusal to send in clear text", se)
	}
	if len(r.messages()) != 0 {
		t.Error("a message went out in clear text")
	}
}

func TestStartTLSWithAuthPlain(t *testing.T) {
	cert := newTestCert(t)
	r := startRelay(t, "starttls", cert, func(r *relay) { r.user, r.password = "notify", "s3cret" })
	cfg := relayConfig(t, r, StartTLS)
	cfg.Username, cfg.Password = "notify", "s3cret"
	conn, err := dialer(t, cfg, cert).Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Send(context.Background(), testMessage(1)); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	got := r.messages()
	if len(got) != 1 || !got[0].TLS || got[0].User != "notify" {
		t.Fatalf("relay got %+v, want one message over TLS from user notify", got)
	}
}

func TestAuthWithAWrongPasswordIsRefused(t *testing.T) {
	cert := newTestCert(t)
	r := startRelay(t, "starttls", cert, func(r *relay) { r.user, r.password = "notify", "s3cret" })
	cfg := relayConfig(t, r, StartTLS)
	cfg.Username, cfg.Password = "notify", "wrong"
	_, err := dialer(t, cfg, cert).Dial(context.Background())
	if se := sendErr(t, err); se.Code != 535 || !strings.HasPrefix(se.Text, "auth:") {
		t.Errorf("error = %+v, want 535 at auth", se)
	}
}

func TestImplicitTLS(t *testing.T) {
	cert := newTestCert(t)
	r := startRelay(t, "tls", cert, nil)
	conn, err := dialer(t, relayConfig(t, r, ImplicitTLS), cert).Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Send(context.Background(), testMessage(1)); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if got := r.messages(); len(got) != 1 || !got[0].TLS {
		t.Fatalf("relay got %+v, want one message over TLS", got)
	}
}

func TestUntrustedCertificateIsRefused(t *testing.T) {
	cert := newTestCert(t)
	for _, mode := range []string{"starttls", "tls"} {
		t.Run(mode, func(t *testing.T) {
			r := startRelay(t, mode, cert, nil)
			_, err := dialer(t, relayConfig(t, r, mode), testCert{}).Dial(context.Background())
			se := sendErr(t, err)
			if !se.Permanent || !strings.Contains(se.Text, "certificate") {
				t.Errorf("error = %+v, want an untrusted certificate", se)
			}
		})
	}
}

func TestSendHonoursACancelledContext(t *testing.T) {
	r := startRelay(t, "plain", testCert{}, nil)
	conn, err := dialer(t, relayConfig(t, r, NoTLS), testCert{}).Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := conn.Send(ctx, testMessage(1)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if len(r.messages()) != 0 {
		t.Error("a message was sent under a cancelled context")
	}
}

func TestSendRefusesAMessageThatCannotBeBuilt(t *testing.T) {
	r := startRelay(t, "plain", testCert{}, nil)
	conn, err := dialer(t, relayConfig(t, r, NoTLS), testCert{}).Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	m := testMessage(1)
	m.To = "person1@kunde.example\r\nBcc: everyone@kunde.example"
	err = conn.Send(context.Background(), m)
	if se := sendErr(t, err); !se.Permanent || strings.Contains(se.Text, "@") {
		t.Errorf("error = %+v, want permanent and without the address", se)
	}
}

func TestNewDialerChecksTheSettings(t *testing.T) {
	key := testRSAKeyPEM(t)
	cases := []struct {
		name  string
		cfg   notify.SMTPConfig
		field string // "" when valid
	}{
		{"starttls by default", notify.SMTPConfig{Host: "smtp.example", From: "a@b.example"}, ""},
		{"no host", notify.SMTPConfig{From: "a@b.example"}, "host"},
		{"no sender", notify.SMTPConfig{Host: "smtp.example"}, "from"},
		{"bad sender", notify.SMTPConfig{Host: "smtp.example", From: "not an address"}, "from"},
		{"unknown tls", notify.SMTPConfig{Host: "smtp.example", From: "a@b.example", TLS: "ssl3"}, "tls"},
		{"password in clear to a remote relay", notify.SMTPConfig{Host: "smtp.example", From: "a@b.example", TLS: NoTLS, Username: "u", Password: "p"}, "tls"},
		{"password in clear to loopback", notify.SMTPConfig{Host: "127.0.0.1", Port: 25, From: "a@b.example", TLS: NoTLS, Username: "u", Password: "p"}, ""},
		{"clear text without password", notify.SMTPConfig{Host: "relay.lan", From: "a@b.example", TLS: NoTLS}, ""},
		{"dkim without key", notify.SMTPConfig{Host: "smtp.example", From: "a@b.example", DKIMDomain: "b.example"}, "dkim_key"},
		{"dkim with a bad key", notify.SMTPConfig{Host: "smtp.example", From: "a@b.example", DKIMDomain: "b.example", DKIMKey: "nope"}, "dkim_key"},
		{"dkim", notify.SMTPConfig{Host: "smtp.example", From: "a@b.example", DKIMDomain: "b.example", DKIMKey: key}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := NewDialer(tc.cfg)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if d.cfg.Port == 0 {
					t.Error("no default port")
				}
				return
			}
			if !errs.Is(err, errs.Invalid) || errs.FieldsOf(err)[tc.field] == "" {
				t.Fatalf("err = %v, want an invalid %s", err, tc.field)
			}
			if strings.Contains(err.Error(), "nope") || strings.Contains(err.Error(), "p\"") {
				t.Errorf("error %q repeats a secret", err)
			}
		})
	}
}
