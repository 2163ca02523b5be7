package notify

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
)

func TestParseSMTPURL(t *testing.T) {
	keyFile := writeDKIMKey(t)
	for _, tc := range []struct {
		url  string
		want SMTPConfig
	}{
		{"smtp://user:pass@mail.example.com:587?from=notice@example.com",
			SMTPConfig{Host: "mail.example.com", Port: 587, Username: "user", Password: "pass", TLS: "starttls", From: "notice@example.com"}},
		{"smtp://mail.example.com?from=notice@example.com",
			SMTPConfig{Host: "mail.example.com", Port: 587, TLS: "starttls", From: "notice@example.com"}},
		{"smtps://notice%40example.com:p%40ss%2Fw%23rd%3F@mail.example.com",
			SMTPConfig{Host: "mail.example.com", Port: 465, Username: "notice@example.com", Password: "p@ss/w#rd?", TLS: "tls", From: "notice@example.com"}},
		{"smtp://127.0.0.1:2525?tls=none",
			SMTPConfig{Host: "127.0.0.1", Port: 2525, TLS: "none", From: "breachdesk@localhost.localdomain"}},
		{"smtp://localhost?tls=none&from=a@example.org",
			SMTPConfig{Host: "localhost", Port: 25, TLS: "none", From: "a@example.org"}},
		{"smtp://[::1]:1025?tls=none",
			SMTPConfig{Host: "::1", Port: 1025, TLS: "none", From: "breachdesk@localhost.localdomain"}},
		{"smtp://relay.example.com:2587?from=Notice@Example.com&from_name=M%C3%BCller+GmbH&reply_to=help@example.com&helo=desk.example.com&concurrency=8&per_second=100&per_hour=50000&insecure_skip_verify=true",
			SMTPConfig{Host: "relay.example.com", Port: 2587, TLS: "starttls", From: "notice@example.com", FromName: "Müller GmbH", ReplyTo: "help@example.com",
				HeloName: "desk.example.com", Concurrency: 8, PerSecond: 100, PerHour: 50000, InsecureSkipVerify: true}},
		{"smtp://relay.example.com?tls=tls&from=a@example.com",
			SMTPConfig{Host: "relay.example.com", Port: 465, TLS: "tls", From: "a@example.com"}},
	} {
		t.Run(tc.url, func(t *testing.T) {
			got, err := ParseSMTPURL(tc.url)
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
	t.Run("dkim", func(t *testing.T) {
		got, err := ParseSMTPURL("smtp://mail.example.com?from=a@example.com&dkim_domain=example.com&dkim_selector=s1&dkim_key_file=" + keyFile)
		if err != nil || got.DKIMDomain != "example.com" || got.DKIMSelector != "s1" || !strings.Contains(got.DKIMKey, "PRIVATE KEY") {
			t.Errorf("got %+v, %v", got, err)
		}
	})
}

func TestParseSMTPURLRefusesAndNeverShowsThePassword(t *testing.T) {
	const secret = "S3cr3tPassw0rd"
	for _, tc := range []struct {
		url, want string
	}{
		{"http://u:" + secret + "@mail.example.com", "smtp:// or smtps://"},
		{"smtp://u:" + secret + "@mail.example.com:99999?from=a@example.com", "port"},
		{"smtp://u:" + secret + "@mail.example.com:25?tls=none&from=a@example.com", "only allowed for a relay on this machine"},
		{"smtps://u:" + secret + "@mail.example.com?tls=none", "smtps:// always uses TLS"},
		{"smtp://u:" + secret + "@mail.example.com", "from="},
		{"smtp://u:" + secret + "%zz@mail.example.com", "not a URL"},
		{"smtp://u:" + secret + "/x@mail.example.com", "percent-encode"},
		{"smtp://u:" + secret + "@mail.example.com?from=a@example.com&size=3", "unknown parameter size"},
		{"smtp://u:" + secret + "@mail.example.com?from=a@example.com&concurrency=-1", "concurrency"},
		{"smtp://u:" + secret + "@mail.example.com?from=a@example.com&concurrency=500", "concurrency"},
		{"smtp://u:" + secret + "@mail.example.com?from=not-an-address", "from"},
		{"smtp://u:" + secret + "@mail.example.com?from=a@example.com&tls=ssl", "tls must be"},
		{"smtp://u:" + secret + "@mail.example.com?from=a@example.com&dkim_key_file=/nonexistent/key.pem", "dkim_key_file cannot be read"},
		{"smtp://u:" + secret + "@mail.example.com?from=a@example.com&dkim_domain=example.com", "dkim_selector"},
		{"smtp://u:" + secret + "@mail.example.com?from=a@example.com&from=b@example.com", "more than once"},
		{"smtp://u:" + secret + "@bad_host!?from=a@example.com", "host"},
		{"smtp://", "host is missing"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			_, err := ParseSMTPURL(tc.url)
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("err = %v, want invalid", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the password: %q", err)
			}
		})
	}
}

func writeDKIMKey(t testing.TB) string {
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "dkim.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
