package mail

import (
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// FuzzNewMailbox: any URL gives a mailbox or an invalid error, and the
// error never repeats the password.
func FuzzNewMailbox(f *testing.F) {
	for _, s := range []string{
		"imaps://bounces:secret@mail.example:993/INBOX",
		"imap://bounces:secret@127.0.0.1:143/Bounces/2025?tls=none",
		"imap://bounces:secret@[::1]/?insecure_skip_verify=true",
		"imaps://:secret@/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		m, err := NewMailbox(raw)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("error %v is not invalid", err)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("error %q repeats the password", err)
			}
			return
		}
		if m.addr == "" || m.folder == "" || m.user == "" {
			t.Fatalf("mailbox %+v lacks a part", m)
		}
		if m.security == NoTLS && !isLoopback(m.tls.ServerName) {
			t.Fatal("clear text to a remote server")
		}
	})
}

// FuzzParseCursor: a cursor that parses prints back the same.
func FuzzParseCursor(f *testing.F) {
	for _, s := range []string{"", "v1:1:3", "v1:4294967295:0", "v2:1:1", "v1:-1:2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCursor(s)
		if err != nil || s == "" {
			return
		}
		if back, err := parseCursor(c.String()); err != nil || back != c {
			t.Fatalf("%q -> %+v -> %q", s, c, c.String())
		}
	})
}
