package mail

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-msgauth/dkim"
	"github.com/jhillyerd/enmime/v2"

	"github.com/breachdesk/breachdesk/internal/notify"
)

var testDate = time.Date(2025, 10, 14, 9, 30, 0, 0, time.FixedZone("CEST", 2*3600))

func fullMessage() *notify.Message {
	return &notify.Message{
		MessageID: "<c7.p42.k2j3@notify.example>",
		From:      "datenschutz@notify.example",
		FromName:  "Müller & Söhne GmbH",
		ReplyTo:   "hotline@notify.example",
		To:        "erika@kunde.example",
		Subject:   "Wichtige Information: Ihre Daten könnten betroffen sein",
		Text:      "Sehr geehrte Frau Mustermann,\n\nwir müssen Ihnen mitteilen, dass Daten abgeflossen sind.\n.\nEine Zeile mit = und sehr langem Text, der über die Grenze von sechsundsiebzig Zeichen hinausgeht.\n",
		HTML:      "<p>Sehr geehrte Frau Mustermann,</p>\n<p>wir müssen Ihnen mitteilen, dass Daten abgeflossen sind.</p>",
		Lang:      "de",
		Headers:   [][2]string{{"List-Unsubscribe", "<mailto:hotline@notify.example>"}, {"X-Campaign", "7"}},
	}
}

func TestBuildMessageIsDeterministic(t *testing.T) {
	a, err := BuildMessage(fullMessage(), testDate)
	if err != nil {
		t.Fatal(err)
	}
	b, err := BuildMessage(fullMessage(), testDate)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same message built twice differs")
	}
	c, _ := BuildMessage(fullMessage(), testDate.Add(time.Second))
	if bytes.Equal(a, c) {
		t.Error("the date does not show")
	}
}

func TestBuildMessageReadsBackThroughAMIMEParser(t *testing.T) {
	raw, err := BuildMessage(fullMessage(), testDate)
	if err != nil {
		t.Fatal(err)
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	m := fullMessage()
	checks := map[string][2]string{
		"Subject":          {env.GetHeader("Subject"), m.Subject},
		"To":               {env.GetHeader("To"), m.To},
		"Reply-To":         {env.GetHeader("Reply-To"), m.ReplyTo},
		"Message-ID":       {env.GetHeader("Message-ID"), m.MessageID},
		"Content-Language": {env.GetHeader("Content-Language"), "de"},
		"MIME-Version":     {env.GetHeader("MIME-Version"), "1.0"},
		"Date":             {env.GetHeader("Date"), "Tue, 14 Oct 2025 09:30:00 +0200"},
		"X-Campaign":       {env.GetHeader("X-Campaign"), "7"},
		"text":             {env.Text, strings.ReplaceAll(m.Text, "\n", "\r\n")},
		"html":             {env.HTML, strings.ReplaceAll(m.HTML, "\n", "\r\n")},
	}
	from, err := netmail.ParseAddress(env.GetHeader("From"))
	if err != nil || from.Name != m.FromName || from.Address != m.From {
		t.Errorf("From = %q (%v)", env.GetHeader("From"), err)
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
	if len(env.Errors) > 0 {
		t.Errorf("parser complaints: %v", env.Errors)
	}
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d characters long", i+1, len(line))
		}
		for _, r := range line {
			if r >= 0x80 {
				t.Fatalf("line %d is not 7-bit: %q", i+1, line)
			}
		}
	}
}

func TestSubjectsInGermanAndChineseRoundTrip(t *testing.T) {
	for _, subject := range []string{
		"Datenschutzvorfall: Ihre Kundendaten – was Sie jetzt tun können (Größe, Maße, Übersicht)",
		"关于您个人数据的重要通知：我们的系统发生了数据泄露事件，请您立即更改密码并警惕可疑邮件",
		"Short ASCII subject",
		"Mixed 中文 und Deutsch für Überblick",
	} {
		m := fullMessage()
		m.Subject, m.FromName = subject, "数据保护团队"
		raw, err := BuildMessage(m, testDate)
		if err != nil {
			t.Fatal(err)
		}
		env, err := enmime.ReadEnvelope(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if got := env.GetHeader("Subject"); got != subject {
			t.Errorf("subject = %q, want %q", got, subject)
		}
		if got := env.GetHeader("From"); !strings.Contains(got, "数据保护团队") {
			t.Errorf("from = %q", got)
		}
	}
}

func TestBuildMessageRefusesHeaderInjection(t *testing.T) {
	cases := map[string]func(m *notify.Message){
		"subject with a line break": func(m *notify.Message) { m.Subject = "Hi\r\nBcc: x@y.example" },
		"recipient with a comma":    func(m *notify.Message) { m.To = "a@b.example, c@d.example" },
		"message id without @":      func(m *notify.Message) { m.MessageID = "<nothing>" },
		"header overriding To":      func(m *notify.Message) { m.Headers = [][2]string{{"to", "x@y.example"}} },
		"header name with a colon":  func(m *notify.Message) { m.Headers = [][2]string{{"X-A:B", "1"}} },
		"header value breaking":     func(m *notify.Message) { m.Headers = [][2]string{{"X-A", "1\nBcc: x@y.example"}} },
		"no body":                   func(m *notify.Message) { m.Text, m.HTML = "", "" },
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			m := fullMessage()
			spoil(m)
			_, err := BuildMessage(m, testDate)
			if err == nil {
				t.Fatal("built")
			}
			if strings.Contains(err.Error(), "@") {
				t.Errorf("error %q quotes an address", err)
			}
		})
	}
}

func TestBuildMessageWithOnlyOneBody(t *testing.T) {
	m := fullMessage()
	m.HTML = ""
	raw, err := BuildMessage(m, testDate)
	if err != nil {
		t.Fatal(err)
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if env.Root.ContentType != "text/plain" || !strings.Contains(env.Text, "abgeflossen") {
		t.Errorf("content type %q, text %q", env.Root.ContentType, env.Text)
	}
}

func testRSAKeyPEM(t testing.TB) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

// dkimKeys returns a PEM private key and the TXT record that publishes
// its public key.
func dkimKeys(t testing.TB, algo string) (keyPEM, txt string) {
	t.Helper()
	keyPEM = dkimKeyPEM(t, algo)
	s, err := newSigner("x.example", "s", keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	if algo == "rsa" {
		pub, err := x509.MarshalPKIXPublicKey(s.key.Public())
		if err != nil {
			t.Fatal(err)
		}
		return keyPEM, "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(pub)
	}
	return keyPEM, "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(s.key.Public().(ed25519.PublicKey))
}

func dkimKeyPEM(t testing.TB, algo string) string {
	t.Helper()
	if algo == "rsa" {
		return testRSAKeyPEM(t)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func TestDKIMSignatureVerifies(t *testing.T) {
	for _, algo := range []string{"rsa", "ed25519"} {
		t.Run(algo, func(t *testing.T) {
			keyPEM, txt := dkimKeys(t, algo)
			r := startRelay(t, "plain", testCert{}, nil)
			cfg := relayConfig(t, r, NoTLS)
			cfg.DKIMDomain, cfg.DKIMSelector, cfg.DKIMKey = "notify.example", "mail2025", keyPEM
			conn, err := dialer(t, cfg, testCert{}).Dial(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if err := conn.Send(context.Background(), fullMessage()); err != nil {
				t.Fatal(err)
			}
			conn.Close()
			data := r.messages()[0].Data
			lookups := 0
			verifications, err := dkim.VerifyWithOptions(bytes.NewReader(data), &dkim.VerifyOptions{
				LookupTXT: func(domain string) ([]string, error) {
					lookups++
					if domain != "mail2025._domainkey.notify.example" {
						t.Errorf("looked up %q", domain)
					}
					return []string{txt}, nil
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(verifications) != 1 || verifications[0].Err != nil || lookups != 1 {
				t.Fatalf("verifications %+v after %d lookups", verifications, lookups)
			}
			if v := verifications[0]; v.Domain != "notify.example" || !containsFold(v.HeaderKeys, "Subject") {
				t.Errorf("verification = %+v", v)
			}
			// A changed body must fail: the check is not a formality.
			spoiled := bytes.Replace(data, []byte("Vorfall"), []byte("Unfall"), 1)
			if bytes.Equal(spoiled, data) {
				spoiled = bytes.Replace(data, []byte("Daten"), []byte("Datum"), 1)
			}
			verifications, _ = dkim.VerifyWithOptions(bytes.NewReader(spoiled), &dkim.VerifyOptions{
				LookupTXT: func(string) ([]string, error) { return []string{txt}, nil },
			})
			if len(verifications) != 1 || verifications[0].Err == nil {
				t.Error("a changed message still verifies")
			}
		})
	}
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

func BenchmarkBuildMessage(b *testing.B) {
	m := benchMessage(0)
	m.From = "datenschutz@notify.example"
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := appendMessage(&buf, m, testDate); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
