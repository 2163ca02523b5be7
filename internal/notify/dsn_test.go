package notify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
)

func readDSN(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "dsn", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestParseDSNReadsWhatEachMTASends(t *testing.T) {
	cases := []struct {
		file, messageID, action, status string
		diagnostic                      string // a part the diagnostic must hold
	}{
		{"postfix_failed.eml", "<c12.p3456.q7rk2m4x@notify.example.com>", "failed", "5.1.1", "550 5.1.1 <[address]>: Recipient address rejected: User unknown"},
		{"postfix_delayed.eml", "<c12.p78.zz9a0b1c@notify.example.com>", "delayed", "4.4.1", "Connection timed out"},
		{"sendmail.eml", "<c3.p42.aa11bb22@notify.example.com>", "failed", "5.1.1", "550 5.1.1 <[address]>... User unknown"},
		{"exchange_ndr.eml", "<c21.p9001.t5y6u7i8@notify.example.com>", "failed", "5.1.10", "RESOLVER.ADR.RecipientNotFound; Recipient [address] not found"},
		{"gmail_no_original.eml", "<c30.p77.g8h9j0k1@notify.example.com>", "failed", "5.1.1", "The email account that you tried to reach does not exist"},
		{"rfc3464_envelope_id.eml", "<c5.p6.envid42@notify.example.com>", "failed", "4.0.0", "426 connection timed out"},
		{"exim_plain.eml", "<c7.p1001.m2n3b4v5@notify.example.com>", "failed", "5.2.1", "550-5.2.1 The email account that you tried to reach is disabled"},
		{"qmail_plain.eml", "<c8.p808.plain9x@notify.example.com>", "failed", "5.7.1", "554 5.7.1 <[address]>: Relay access denied"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			d, err := ParseDSN(readDSN(t, tc.file))
			if err != nil {
				t.Fatalf("ParseDSN: %v", err)
			}
			if d.OriginalMessageID != tc.messageID {
				t.Errorf("OriginalMessageID = %q, want %q", d.OriginalMessageID, tc.messageID)
			}
			if len(d.Recipients) != 1 {
				t.Fatalf("recipients = %d, want 1: %+v", len(d.Recipients), d.Recipients)
			}
			r := d.Recipients[0]
			if r.Action != tc.action || r.Status != tc.status {
				t.Errorf("recipient = %s %s, want %s %s", r.Action, r.Status, tc.action, tc.status)
			}
			if !strings.Contains(r.Diagnostic, tc.diagnostic) {
				t.Errorf("diagnostic %q does not hold %q", r.Diagnostic, tc.diagnostic)
			}
			if strings.Contains(r.Diagnostic, "@") {
				t.Errorf("diagnostic keeps an address: %q", r.Diagnostic)
			}
		})
	}
}

func TestParseDSNNeverReturnsPersonalData(t *testing.T) {
	// The Exchange report carries the recipient's display name in a field
	// of its own; nothing of the person may come out.
	d, err := ParseDSN(readDSN(t, "exchange_ndr.eml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range d.Recipients {
		all := strings.ToLower(r.Action + r.Status + r.Diagnostic)
		for _, personal := range []string{"max", "muster", "firma.example"} {
			if strings.Contains(all, personal) {
				t.Errorf("recipient %+v holds %q", r, personal)
			}
		}
	}
}

func TestParseDSNRefusesWhatIsNoBounce(t *testing.T) {
	for _, file := range []string{"not_dsn_autoreply.eml", "not_dsn_read_receipt.eml"} {
		t.Run(file, func(t *testing.T) {
			_, err := ParseDSN(readDSN(t, file))
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("err = %v, want an invalid error", err)
			}
		})
	}
	for name, raw := range map[string]string{
		"empty":   "",
		"garbage": "\x00\x01\x02 not a message at all",
		"a report without recipients": "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n" +
			"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\n--b--\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseDSN([]byte(raw)); !errs.Is(err, errs.Invalid) {
				t.Fatalf("err = %v, want an invalid error", err)
			}
		})
	}
}

func TestParseDSNReportsEveryRecipient(t *testing.T) {
	raw := "From: MAILER-DAEMON@relay.example\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n" +
		"--b\r\nContent-Type: message/delivery-status\r\n\r\n" +
		"Reporting-MTA: dns; relay.example\r\n\r\n" +
		"Final-Recipient: rfc822; a@x.example\r\nAction: FAILED\r\nStatus: 5.1.1 (bad mailbox)\r\n\r\n" +
		"Final-Recipient: rfc822; b@y.example\r\nAction: delivered\r\nStatus: 2.0.0\r\n\r\n" +
		"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-Id: <c1.p2.r@n.example>\r\nSubject: x\r\n" +
		"--b--\r\n"
	d, err := ParseDSN([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := []DSNRecipient{{Action: "failed", Status: "5.1.1"}, {Action: "delivered", Status: "2.0.0"}}
	if len(d.Recipients) != 2 || d.Recipients[0] != want[0] || d.Recipients[1] != want[1] {
		t.Errorf("recipients = %+v, want %+v", d.Recipients, want)
	}
	if d.OriginalMessageID != "<c1.p2.r@n.example>" || !d.Recipients[0].Failed() || d.Recipients[1].Failed() {
		t.Errorf("dsn = %+v", d)
	}
}

func TestStripAddressesKeepsTheRestOfTheText(t *testing.T) {
	cases := map[string]string{
		"550 5.1.1 <erika@kunde.example>: user unknown":      "550 5.1.1 <[address]>: user unknown",
		"mailbox first.last+tag@sub.domain.example. is full": "mailbox [address]. is full",
		"RCPT TO:<x@y.example>":                              "RCPT TO:<[address]>",
		"no address at all; 4.2.2 over quota":                "no address at all; 4.2.2 over quota",
		"user ümlaut@bücher.example unknown":                 "user [address] unknown",
	}
	for in, want := range cases {
		if got := StripAddresses(in); got != want {
			t.Errorf("StripAddresses(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseDSN(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "dsn", "*.eml"))
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, err := ParseDSN(raw)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("error %v is not an invalid error", err)
			}
			return
		}
		if len(d.Recipients) == 0 {
			t.Fatal("a report without recipients was accepted")
		}
		for _, r := range d.Recipients {
			if r.Action == "" || r.Action != strings.ToLower(r.Action) {
				t.Fatalf("action %q is not lower-case", r.Action)
			}
			if len(r.Diagnostic) > maxDiagnostic {
				t.Fatalf("diagnostic of %d bytes", len(r.Diagnostic))
			}
		}
	})
}
