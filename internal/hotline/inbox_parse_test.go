package hotline

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Mails as they arrive, broken in the ways real mail is.
var parseSeeds = []struct {
	name, raw string
}{
	{"plain", "From: Alice Example <Alice@Example.org>\r\nTo: hotline@desk.example\r\nSubject: Bin ich betroffen?\r\nMessage-ID: <a1@example.org>\r\n\r\nSehr geehrte Damen und Herren, bin ich von dem Vorfall betroffen? Mit freundlichen Grüßen\r\n"},
	{"reply", "From: bob@example.com\r\nSubject: Re: We have received your message\r\nMessage-ID: <b2@example.com>\r\nIn-Reply-To: <ack1@desk.example>\r\nReferences: <b1@example.com> <ack1@desk.example>\r\nContent-Language: en-GB\r\n\r\nThanks.\r\n"},
	{"no message id", "From: carol@example.net\r\nSubject: hi\r\n\r\nIs my data affected?\r\n"},
	{"8-bit header", "From: =?iso-8859-1?q?J=FCrgen?= <j@example.de>\r\nSubject: Gr\xfc\xdfe aus K\xf6ln\r\nMessage-ID: <c3@example.de>\r\n\r\nK\xf6nnen Sie mir sagen, ob ich betroffen bin?\r\n"},
	{"broken mime", "From: d@example.org\r\nMessage-ID: <d4@example.org>\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nbody without end\r\n--XX\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n"},
	{"html only", "From: e@example.org\r\nMessage-ID: <e5@example.org>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>My IBAN is DE89 3704 0044 0532 0130 00, am I affected?</p></body></html>\r\n"},
	{"no header at all", "just some bytes\x00\xff\xfe with no header"},
	{"empty", ""},
	{"bounce", "From: MAILER-DAEMON@mx.example\r\nMessage-ID: <f6@mx.example>\r\nAuto-Submitted: auto-replied\r\n\r\nundeliverable\r\n"},
}

func TestParseMailReadsWhatItCan(t *testing.T) {
	got := map[string]*parsedMail{}
	for _, s := range parseSeeds {
		got[s.name] = parseMail([]byte(s.raw))
	}
	if pm := got["plain"]; pm.from != "alice@example.org" || pm.fromName != "Alice Example" || pm.lang != "de" || pm.messageID != "<a1@example.org>" {
		t.Errorf("plain: %+v", pm)
	}
	if pm := got["reply"]; pm.inReplyTo != "<ack1@desk.example>" || len(pm.references) != 2 || pm.lang != "en" {
		t.Errorf("reply: %+v", pm)
	}
	if pm := got["no message id"]; pm.messageID != "<"+pm.sha+"@breachdesk.invalid>" {
		t.Errorf("no message id: %q", pm.messageID)
	}
	if pm := got["8-bit header"]; pm.subject != "Grüße aus Köln" || pm.fromName != "Jürgen" || pm.lang != "de" {
		t.Errorf("8-bit header: subject %q, name %q, lang %q", pm.subject, pm.fromName, pm.lang)
	}
	if pm := got["broken mime"]; !strings.Contains(pm.text, "body without end") {
		t.Errorf("broken mime: text %q", pm.text)
	}
	if pm := got["html only"]; !strings.Contains(pm.text, "My IBAN is") || pm.html == "" {
		t.Errorf("html only: text %q", pm.text)
	}
	if pm := got["no header at all"]; pm.from != "" || !utf8.ValidString(pm.text) {
		t.Errorf("no header: %+v", pm)
	}
	if !got["bounce"].autoReply || got["plain"].autoReply {
		t.Errorf("autoReply: bounce %v, plain %v", got["bounce"].autoReply, got["plain"].autoReply)
	}
}

func TestScanBudgetFindsSensitiveCategoriesOnly(t *testing.T) {
	b := &scanBudget{left: maxScanned}
	cats := b.categories([]byte("Mail me at x@example.org or call 0151 2345678. My IBAN: DE89 3704 0044 0532 0130 00"))
	if len(cats) != 1 || cats[0] != "iban" {
		t.Errorf("categories = %v, want [iban]", cats)
	}
}

// FuzzParseMail: any bytes parse; every field is valid UTF-8, the
// Message-ID is usable, the language is de or en, and nothing of the
// mail is lost past the limits.
func FuzzParseMail(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s.raw))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		pm := parseMail(raw)
		for name, v := range map[string]string{"from": pm.from, "name": pm.fromName, "subject": pm.subject, "text": pm.text, "html": pm.html} {
			if !utf8.ValidString(v) {
				t.Fatalf("%s is not valid UTF-8: %q", name, v)
			}
		}
		if strings.ContainsAny(pm.subject, "\r\n") || strings.ContainsAny(pm.fromName, "\r\n") {
			t.Fatalf("a header holds a line break: %q / %q", pm.subject, pm.fromName)
		}
		if !usableID(pm.messageID) {
			t.Fatalf("message ID %q is not usable", pm.messageID)
		}
		for _, r := range pm.references {
			if !usableID(r) {
				t.Fatalf("reference %q is not usable", r)
			}
		}
		if pm.lang != "de" && pm.lang != "en" {
			t.Fatalf("lang = %q", pm.lang)
		}
		if len(pm.text) > maxText || len(pm.html) > maxHTML || len(pm.references) > maxReferences || len(pm.parts) > maxAttachments {
			t.Fatal("a limit was passed")
		}
	})
}
