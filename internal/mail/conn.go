package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// Conn is one SMTP session that sends many messages, one transaction
// after the other. After a failed transaction it sends RSET before the
// next; after the connection broke (a temporary error with Code 0) the
// next Send dials anew.
//
// go-smtp's client sends one command and waits for its reply, so there is
// no pipelining (RFC 2920) even where the relay offers it: four round
// trips per message (MAIL, RCPT, DATA, the final dot).
type Conn struct {
	d      *Dialer
	raw    net.Conn // the TCP (or implicit TLS) connection, closed to interrupt
	client *smtp.Client
	dirty  bool // the last transaction failed: RSET first
	msg    bytes.Buffer
	signed bytes.Buffer
}

// Dial connects, says EHLO, starts TLS as configured and authenticates.
func (d *Dialer) Dial(ctx context.Context) (notify.Conn, error) {
	c := &Conn{d: d}
	if err := c.connect(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Conn) connect(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.d.timeout)
	defer cancel()
	raw, err := c.d.dialNet(ctx)
	if err != nil {
		return connectionError("connect", err)
	}
	// The SMTP client knows no context: closing the connection is how a
	// cancelled context interrupts it.
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	client, err := c.d.handshake(raw)
	if !stop() && err == nil {
		err = connectionError("connect", ctx.Err())
	}
	if err != nil {
		raw.Close()
		return err
	}
	c.raw, c.client, c.dirty = raw, client, false
	return nil
}

func (d *Dialer) dialNet(ctx context.Context) (net.Conn, error) {
	nd := &net.Dialer{KeepAlive: 30 * time.Second}
	if d.cfg.TLS == ImplicitTLS {
		return (&tls.Dialer{NetDialer: nd, Config: d.tls}).DialContext(ctx, "tcp", d.addr)
	}
	return nd.DialContext(ctx, "tcp", d.addr)
}

// handshake runs greeting, EHLO, STARTTLS and AUTH on a fresh connection.
func (d *Dialer) handshake(raw net.Conn) (*smtp.Client, error) {
	var client *smtp.Client
	if d.cfg.TLS == StartTLS {
		var err error
		if client, err = smtp.NewClientStartTLS(raw, d.tls); err != nil {
			return nil, startTLSError(err)
		}
	} else {
		client = smtp.NewClient(raw)
	}
	client.CommandTimeout = d.timeout
	client.SubmissionTimeout = 10 * d.timeout
	if err := client.Hello(d.helo); err != nil {
		client.Close()
		return nil, handshakeError("ehlo", err)
	}
	if _, encrypted := client.TLSConnectionState(); !encrypted && d.cfg.TLS != NoTLS {
		client.Close()
		return nil, &notify.SendError{Permanent: true, Text: "connection is not encrypted; refusing to send"}
	}
	if d.cfg.Username != "" {
		if err := d.authenticate(client); err != nil {
			client.Close()
			return nil, err
		}
	}
	return client, nil
}

// startTLSError tells a relay that does not offer STARTTLS from one that
// could not be reached: the first needs an administrator.
func startTLSError(err error) error {
	var se *smtp.SMTPError
	var ne net.Error
	if !errors.As(err, &se) && !errors.As(err, &ne) && strings.Contains(err.Error(), "STARTTLS") {
		return &notify.SendError{Permanent: true, Text: "relay does not offer STARTTLS; refusing to send in clear text"}
	}
	return handshakeError("starttls", err)
}

// authenticate uses AUTH PLAIN, or LOGIN for relays (older Exchange)
// that offer only that.
func (d *Dialer) authenticate(client *smtp.Client) error {
	if _, encrypted := client.TLSConnectionState(); !encrypted && !d.loopback {
		return &notify.SendError{Permanent: true, Text: "refusing to send a password in clear text to a relay that is not on loopback"}
	}
	var mech sasl.Client
	switch {
	case client.SupportsAuth(sasl.Plain):
		mech = sasl.NewPlainClient("", d.cfg.Username, d.cfg.Password)
	case client.SupportsAuth(sasl.Login):
		mech = sasl.NewLoginClient(d.cfg.Username, d.cfg.Password)
	default:
		return &notify.SendError{Permanent: true, Text: "relay offers neither AUTH PLAIN nor AUTH LOGIN"}
	}
	if err := client.Auth(mech); err != nil {
		return handshakeError("auth", err)
	}
	return nil
}

// Send sends one message in one SMTP transaction. Refusals are
// *notify.SendError: 5xx permanent, 4xx and broken connections temporary.
func (c *Conn) Send(ctx context.Context, m *notify.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	msg, err := c.build(m)
	if err != nil {
		return &notify.SendError{Permanent: true, Text: strings.TrimPrefix(err.Error(), "mail: ")}
	}
	if c.client == nil {
		if err := c.connect(ctx); err != nil {
			return err
		}
	}
	stop := func() bool { return true }
	if ctx.Done() != nil {
		raw := c.raw
		stop = context.AfterFunc(ctx, func() { raw.Close() })
	}
	err = c.transact(m, msg)
	if !stop() {
		// The context closed the connection, perhaps after the relay
		// accepted: a nil err stands.
		c.drop()
		if err != nil {
			return connectionError("send", ctx.Err())
		}
	}
	return err
}

// build renders the message with the relay's sender where m has none,
// and signs it.
func (c *Conn) build(m *notify.Message) ([]byte, error) {
	mm := *m
	if mm.From == "" {
		mm.From = c.d.cfg.From
	}
	if mm.FromName == "" {
		mm.FromName = c.d.cfg.FromName
	}
	if mm.ReplyTo == "" {
		mm.ReplyTo = c.d.cfg.ReplyTo
	}
	c.msg.Reset()
	if err := appendMessage(&c.msg, &mm, c.d.now()); err != nil {
		return nil, err
	}
	if c.d.dkim == nil {
		return c.msg.Bytes(), nil
	}
	c.signed.Reset()
	if err := c.d.dkim.sign(&c.signed, c.msg.Bytes()); err != nil {
		return nil, errors.New("mail: DKIM signing failed")
	}
	return c.signed.Bytes(), nil
}

// transact runs MAIL, RCPT and DATA. The envelope sender is the relay's
// From, where bounces go; ENVID carries the Message-ID and RET=HDRS asks
// for the headers only, so a bounce can be matched without holding the
// whole message.
func (c *Conn) transact(m *notify.Message, msg []byte) error {
	if c.dirty {
		if err := c.client.Reset(); err != nil {
			return c.fail("rset", err)
		}
		c.dirty = false
	}
	opts := &smtp.MailOptions{Size: int64(len(msg)), Return: smtp.DSNReturnHeaders}
	if id := strings.Trim(m.MessageID, "<>"); len(id) <= 100 {
		opts.EnvelopeID = id
	}
	if !isPrintableASCII(c.d.cfg.From + m.To) {
		if ok, _ := c.client.Extension("SMTPUTF8"); !ok {
			return &notify.SendError{Permanent: true, Text: "the address needs SMTPUTF8, which the relay does not offer"}
		}
		opts.UTF8 = true
	}
	if err := c.client.Mail(c.d.cfg.From, opts); err != nil {
		return c.fail("mail from", err)
	}
	if err := c.client.Rcpt(m.To, nil); err != nil {
		return c.fail("rcpt to", err)
	}
	w, err := c.client.Data()
	if err != nil {
		return c.fail("data", err)
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return c.fail("data", err)
	}
	if err := w.Close(); err != nil {
		return c.fail("data", err)
	}
	return nil
}

// fail maps err to a SendError and decides what becomes of the session:
// a reply leaves it usable after RSET; anything else, and 421 (the relay
// is closing), ends it.
func (c *Conn) fail(stage string, err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) && se.Code != 421 {
		c.dirty = true
	} else {
		c.drop()
	}
	return handshakeError(stage, err)
}

// drop forgets a broken connection; the next Send dials anew.
func (c *Conn) drop() {
	if c.client != nil {
		c.client.Close()
	}
	c.client, c.raw, c.dirty = nil, nil, false
}

// Close says QUIT, waiting a few seconds at most.
func (c *Conn) Close() error {
	if c.client == nil {
		return nil
	}
	raw := c.raw
	t := time.AfterFunc(5*time.Second, func() { raw.Close() })
	defer t.Stop()
	err := c.client.Quit()
	c.drop()
	if err != nil {
		return handshakeError("quit", err)
	}
	return nil
}

// handshakeError maps an SMTP reply or a connection failure to a
// SendError whose text holds no address.
func handshakeError(stage string, err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		text := se.Message
		if se.EnhancedCode[0] > 0 {
			text = enhanced(se.EnhancedCode) + " " + text
		}
		return &notify.SendError{Permanent: se.Code >= 500, Code: se.Code, Text: stage + ": " + cleanText(text)}
	}
	return connectionError(stage, err)
}

func connectionError(stage string, err error) error {
	var cve *tls.CertificateVerificationError
	if errors.As(err, &cve) {
		return &notify.SendError{Permanent: true, Text: stage + ": relay certificate is not trusted: " + cleanText(cve.Err.Error())}
	}
	return &notify.SendError{Text: stage + ": " + cleanText(err.Error())}
}

func enhanced(c smtp.EnhancedCode) string {
	return strconv.Itoa(c[0]) + "." + strconv.Itoa(c[1]) + "." + strconv.Itoa(c[2])
}

// cleanText makes a server's text safe for the ledger: one line, no
// address, bounded.
func cleanText(s string) string {
	s = strings.Join(strings.Fields(notify.StripAddresses(s)), " ")
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "")
	}
	return s
}
