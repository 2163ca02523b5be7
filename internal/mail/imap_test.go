package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// imapBox is an in-memory IMAP server with one user and an INBOX.
type imapBox struct {
	addr string
	user *imapmemserver.User
	cert testCert
}

// startIMAP serves "imaps" (implicit TLS), "starttls" or "plain".
func startIMAP(t *testing.T, mode string) *imapBox {
	t.Helper()
	b := &imapBox{cert: newTestCert(t), user: imapmemserver.NewUser("bounces", "pa:ss@word")}
	if err := b.user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem := imapmemserver.New()
	mem.AddUser(b.user)
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:   imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		Logger: quietLog{},
	}
	var l net.Listener
	var err error
	switch mode {
	case "imaps":
		l, err = tls.Listen("tcp", "127.0.0.1:0", b.cert.server)
	case "starttls":
		opts.TLSConfig = b.cert.server
		l, err = net.Listen("tcp", "127.0.0.1:0")
	case "plain":
		opts.InsecureAuth = true
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	b.addr = l.Addr().String()
	srv := imapserver.New(opts)
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return b
}

func (b *imapBox) url(scheme, query string) string {
	u := url.URL{Scheme: scheme, User: url.UserPassword("bounces", "pa:ss@word"), Host: b.addr, Path: "/INBOX", RawQuery: query}
	return u.String()
}

func (b *imapBox) source(t *testing.T, scheme, query string) *BounceSource {
	t.Helper()
	src, err := NewBounceSource(b.url(scheme, query))
	if err != nil {
		t.Fatal(err)
	}
	src.box.tls.RootCAs = b.cert.pool
	return src
}

func (b *imapBox) appendFile(t *testing.T, name string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "notify", "testdata", "dsn", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.user.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
}

// seen lists the UIDs that carry \Seen, read over IMAP.
func (b *imapBox) seen(t *testing.T) []imap.UID {
	t.Helper()
	c, err := imapclient.DialTLS(b.addr, &imapclient.Options{TLSConfig: &tls.Config{RootCAs: b.cert.pool}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("bounces", "pa:ss@word").Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var uids []imap.UID
	for _, m := range msgs {
		if slices.Contains(m.Flags, imap.FlagSeen) {
			uids = append(uids, m.UID)
		}
	}
	slices.Sort(uids)
	return uids
}

// collect fetches and returns the original Message-IDs in the order fn
// saw them.
func collect(t *testing.T, src *BounceSource, cursor string) (ids []string, next string) {
	t.Helper()
	next, err := src.Fetch(context.Background(), cursor, func(raw []byte) error {
		d, err := notify.ParseDSN(raw)
		if err != nil {
			return err
		}
		ids = append(ids, d.OriginalMessageID)
		return nil
	})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	return ids, next
}

func TestBounceSourceFetchesNewMessagesInOrderAndMarksThemSeen(t *testing.T) {
	box := startIMAP(t, "imaps")
	for _, f := range []string{"postfix_failed.eml", "exchange_ndr.eml", "exim_plain.eml"} {
		box.appendFile(t, f)
	}
	src := box.source(t, "imaps", "")
	ids, cursor := collect(t, src, "")
	want := []string{"<c12.p3456.q7rk2m4x@notify.example.com>", "<c21.p9001.t5y6u7i8@notify.example.com>", "<c7.p1001.m2n3b4v5@notify.example.com>"}
	if !slices.Equal(ids, want) {
		t.Fatalf("ids = %v, want %v", ids, want)
	}
	if cursor != "v1:1:3" {
		t.Errorf("cursor = %q, want v1:1:3", cursor)
	}
	if got := box.seen(t); !slices.Equal(got, []imap.UID{1, 2, 3}) {
		t.Errorf("seen = %v, want 1 2 3", got)
	}

	ids, again := collect(t, src, cursor)
	if len(ids) != 0 || again != cursor {
		t.Errorf("second fetch gave %v and cursor %q", ids, again)
	}
	box.appendFile(t, "sendmail.eml")
	ids, cursor = collect(t, src, cursor)
	if !slices.Equal(ids, []string{"<c3.p42.aa11bb22@notify.example.com>"}) || cursor != "v1:1:4" {
		t.Errorf("after one more: %v, cursor %q", ids, cursor)
	}
}

func TestBounceSourceStopsAtTheFirstRefusalAndFetchesItAgain(t *testing.T) {
	box := startIMAP(t, "imaps")
	for _, f := range []string{"postfix_failed.eml", "postfix_delayed.eml", "sendmail.eml"} {
		box.appendFile(t, f)
	}
	src := box.source(t, "imaps", "")
	refusal := errors.New("database is busy")
	calls := 0
	cursor, err := src.Fetch(context.Background(), "", func([]byte) error {
		calls++
		if calls == 2 {
			return refusal
		}
		return nil
	})
	if !errors.Is(err, refusal) || calls != 2 {
		t.Fatalf("err = %v after %d calls, want the refusal after 2", err, calls)
	}
	if cursor != "v1:1:1" {
		t.Errorf("cursor = %q, want past the first message only", cursor)
	}
	if got := box.seen(t); !slices.Equal(got, []imap.UID{1}) {
		t.Errorf("seen = %v, want only 1", got)
	}
	ids, cursor := collect(t, src, cursor)
	if len(ids) != 2 || ids[0] != "<c12.p78.zz9a0b1c@notify.example.com>" || cursor != "v1:1:3" {
		t.Errorf("retry gave %v, cursor %q", ids, cursor)
	}
}

func TestBounceSourceStartsOverWhenUIDValidityChanges(t *testing.T) {
	box := startIMAP(t, "imaps")
	box.appendFile(t, "postfix_failed.eml")
	box.appendFile(t, "exim_plain.eml")
	src := box.source(t, "imaps", "")
	_, cursor := collect(t, src, "")
	if cursor != "v1:1:2" {
		t.Fatalf("cursor = %q", cursor)
	}
	// The mailbox is re-created: its UIDs start again at 1 under a new
	// UIDVALIDITY, so "after UID 2" would skip a message.
	if err := box.user.Delete("INBOX"); err != nil {
		t.Fatal(err)
	}
	if err := box.user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"gmail_no_original.eml", "qmail_plain.eml", "sendmail.eml"} {
		box.appendFile(t, f)
	}
	ids, cursor := collect(t, src, cursor)
	if len(ids) != 3 || ids[0] != "<c30.p77.g8h9j0k1@notify.example.com>" {
		t.Errorf("ids = %v, want all three new messages", ids)
	}
	if cursor != "v1:2:3" {
		t.Errorf("cursor = %q, want v1:2:3", cursor)
	}
}

func TestBounceSourceOverSTARTTLSAndPlainLoopback(t *testing.T) {
	for _, tc := range []struct{ mode, query string }{{"starttls", ""}, {"plain", "tls=none"}} {
		t.Run(tc.mode, func(t *testing.T) {
			box := startIMAP(t, tc.mode)
			box.appendFile(t, "postfix_failed.eml")
			ids, _ := collect(t, box.source(t, "imap", tc.query), "")
			if len(ids) != 1 {
				t.Errorf("ids = %v", ids)
			}
		})
	}
}

func TestBounceSourceRefusesAServerWithoutSTARTTLS(t *testing.T) {
	box := startIMAP(t, "plain")
	box.appendFile(t, "postfix_failed.eml")
	calls := 0
	_, err := box.source(t, "imap", "").Fetch(context.Background(), "", func([]byte) error { calls++; return nil })
	if err == nil || calls != 0 {
		t.Fatalf("err = %v after %d messages, want a refusal before login", err, calls)
	}
}

func TestNewBounceSourceChecksTheURL(t *testing.T) {
	for _, raw := range []string{
		"imap://u:p@mail.example/INBOX?tls=none", // a password in clear to another machine
		"pop3://u:p@mail.example/",
		"imaps://mail.example/INBOX", // no user
		"imaps:///INBOX",
		"::not a url",
	} {
		_, err := NewBounceSource(raw)
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: err = %v, want invalid", raw, err)
			continue
		}
		if bytes.Contains([]byte(err.Error()), []byte("u:p")) {
			t.Errorf("error %q repeats the URL", err)
		}
	}
	src, err := NewBounceSource("imaps://u:p@mail.example")
	if err != nil || src.box.folder != "INBOX" || src.box.addr != "mail.example:993" {
		t.Errorf("defaults: %+v, %v", src, err)
	}
	if _, err := src.Fetch(context.Background(), "garbage", nil); !errs.Is(err, errs.Invalid) {
		t.Errorf("bad cursor: err = %v, want invalid", err)
	}
}
