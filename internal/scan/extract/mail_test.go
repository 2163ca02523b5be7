package extract

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// crlf turns the line ends of a message written in Go source into CRLF, as
// mail is sent.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

const attachedCSV = "name,email\nMax,max@example.de\n"

var complaintMail = `From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>
To: Kundenservice <service@firma.de>, max@example.de
Cc: erika@example.de
Subject: =?UTF-8?B?S8O8bmRpZ3VuZw==?=
Date: Mon, 3 Mar 2025 10:00:00 +0100
Message-ID: <1@example.de>
X-Mailer: not scanned
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8

Hallo,
meine Telefonnummer ist +49 30 1234567.

--inner
Content-Type: text/html; charset=utf-8

<html><body><p>Hallo,</p><p>meine IBAN: <b>DE89 3704 0044 0532 0130 00</b></p>` +
	`<a href="mailto:privat@example.de">privat</a><script>var x = "hidden@example.de"</script></body></html>
--inner--

--outer
Content-Type: text/csv; name="kunden.csv"
Content-Disposition: attachment; filename="kunden.csv"
Content-Transfer-Encoding: base64

` + base64.StdEncoding.EncodeToString([]byte(attachedCSV)) + `
--outer--
`

func TestExtractEML(t *testing.T) {
	sink, err := extractBytes(t, ExtractEML, "complaint.eml", []byte(crlf(complaintMail)))
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.Records) != 2 {
		t.Fatalf("records = %q, want the message and its attachment", sink.Lines())
	}
	doc, attachment := sink.Records[0], sink.Records[1]
	if doc.Kind != docRecord || doc.Loc != (Loc{}) {
		t.Errorf("first record = %v, want the message as the file's document", doc)
	}
	for _, want := range []string{
		"From: Jürgen Müller <juergen@example.de>\n",
		"To: Kundenservice <service@firma.de>, max@example.de\n",
		"Cc: erika@example.de\n",
		"Subject: Kündigung\n",
		"Date: Mon, 3 Mar 2025 10:00:00 +0100\n",
		"meine Telefonnummer ist +49 30 1234567.",
		"DE89 3704 0044 0532 0130 00",
		"privat@example.de",
	} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("message text lacks %q:\n%s", want, doc.Text)
		}
	}
	for _, unwanted := range []string{"X-Mailer", "hidden@example.de", "<b>", "Message-ID"} {
		if strings.Contains(doc.Text, unwanted) {
			t.Errorf("message text holds %q:\n%s", unwanted, doc.Text)
		}
	}
	if got := attachment.String(); got != "nested kunden.csv: "+attachedCSV {
		t.Errorf("attachment = %q", got)
	}
	if attachment.Size != int64(len(attachedCSV)) {
		t.Errorf("attachment size = %d, want %d", attachment.Size, len(attachedCSV))
	}
}

func TestExtractEMLDamaged(t *testing.T) {
	tests := []struct {
		name   string
		mail   string
		limit  int
		reason string
		text   string // in the document, if one is expected
	}{
		{
			name:   "a multipart message cut short is scanned as far as it goes and reported",
			mail:   complaintMail[:strings.Index(complaintMail, "--inner\nContent-Type: text/html")],
			limit:  maxMessage,
			reason: "truncated message",
			text:   "+49 30 1234567",
		},
		{
			name:   "a message the MIME parser cannot read is scanned as text",
			mail:   "From: max@example.de\nContent-Type: multipart/mixed\n\nTel. 030 1234567\n",
			limit:  maxMessage,
			reason: "not a readable MIME message, scanned as text",
			text:   "Tel. 030 1234567",
		},
		{
			name:   "a message larger than the limit is reported and not scanned",
			mail:   complaintMail,
			limit:  100,
			reason: "message larger than 100 bytes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newRecordingSink()
			err := extractEML(t.Context(), strings.NewReader(crlf(tt.mail)), sink, tt.limit)
			sink.assertProtocol(t)
			var d *Damaged
			if !errors.As(err, &d) || d.Reason != tt.reason {
				t.Fatalf("err = %v, want Damaged %q", err, tt.reason)
			}
			if tt.text == "" && len(sink.Records) != 0 {
				t.Errorf("records = %q, want none", sink.Lines())
			}
			if tt.text != "" && !strings.Contains(sink.AllText(), tt.text) {
				t.Errorf("text %q lacks %q", sink.AllText(), tt.text)
			}
		})
	}
}

// mboxOf joins messages into an mbox, each after its "From " line and
// followed by an empty line.
func mboxOf(messages ...string) string {
	var b strings.Builder
	for i, m := range messages {
		fmt.Fprintf(&b, "From sender%d@example.de Mon Mar  3 10:00:00 2025\n%s\n", i+1, m)
	}
	return b.String()
}

func TestExtractMBOX(t *testing.T) {
	tests := []struct {
		name string
		mbox string
		want []string
	}{
		{
			name: "each message is a record, and quoted From lines in bodies are unquoted once",
			mbox: mboxOf(
				"From: alice@example.de\nSubject: eins\n\nHallo\n>From Berlin with love\n>>From quoted twice\n",
				"From: bob@example.de\nSubject: zwei\n\nText\nFrom here on, an unquoted line after text stays in the body\n",
				"From: carol@example.de\nSubject: drei\n\nTel. 030 1234567\n"),
			want: []string{
				"doc message 1: From: alice@example.de\nSubject: eins\n\nHallo\nFrom Berlin with love\n>From quoted twice\n\n\n",
				"doc message 2: From: bob@example.de\nSubject: zwei\n\nText\nFrom here on, an unquoted line after text stays in the body\n\n\n",
				"doc message 3: From: carol@example.de\nSubject: drei\n\nTel. 030 1234567\n\n\n",
			},
		},
		{
			name: "attachments follow their message",
			mbox: mboxOf(
				strings.Replace(complaintMail, "Subject: =?UTF-8?B?S8O8bmRpZ3VuZw==?=\n", "", 1),
				"From: bob@example.de\n\nDanke\n"),
			want: []string{
				"doc message 1: …",
				"nested kunden.csv: " + attachedCSV,
				"doc message 2: From: bob@example.de\n\nDanke\n\n\n",
			},
		},
		{
			name: "text before the first From line is a message of its own",
			mbox: "From: stray@example.de\n\nno separator\n\n" + mboxOf("From: alice@example.de\n\nHallo\n"),
			want: []string{
				"doc message 1: From: stray@example.de\n\nno separator\n\n\n",
				"doc message 2: From: alice@example.de\n\nHallo\n\n\n",
			},
		},
		{
			name: "an mbox with Windows line ends splits the same way",
			mbox: crlf(mboxOf("From: alice@example.de\n\nHallo\n", "From: bob@example.de\n\nDanke\n")),
			want: []string{
				"doc message 1: From: alice@example.de\n\nHallo\r\n\r\n\n",
				"doc message 2: From: bob@example.de\n\nDanke\r\n\r\n\n",
			},
		},
		{
			name: "a line longer than the read buffer stays whole, and From inside it splits nothing",
			mbox: mboxOf("From: alice@example.de\n\n" + strings.Repeat("x", 64<<10-1) + "\nFrom inside a long line\n"),
			want: []string{
				"doc message 1: From: alice@example.de\n\n" + strings.Repeat("x", 64<<10-1) + "\nFrom inside a long line\n\n\n",
			},
		},
		{
			name: "blank lines before the first From line are no message",
			mbox: "\n\r\n" + mboxOf("From: alice@example.de\n\nHallo\n"),
			want: []string{"doc message 1: From: alice@example.de\n\nHallo\n\n\n"},
		},
		{
			name: "an empty mbox has no records",
			mbox: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractMBOX, "service.mbox", []byte(tt.mbox))
			if err != nil {
				t.Fatal(err)
			}
			got := sink.Lines()
			for i := range got {
				if i < len(tt.want) && strings.HasSuffix(tt.want[i], "…") && strings.HasPrefix(got[i], strings.TrimSuffix(tt.want[i], "…")) {
					got[i] = tt.want[i]
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("records:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

func TestExtractMBOXDamaged(t *testing.T) {
	tests := []struct {
		name   string
		mbox   string
		limit  int
		docs   []string // the locations of the documents
		reason string
	}{
		{
			name: "a truncated last message is scanned as far as it goes and reported",
			mbox: mboxOf("From: alice@example.de\n\nHallo\n", "From: bob@example.de\n\nDanke\n",
				complaintMail[:strings.Index(complaintMail, "--inner\nContent-Type: text/html")]),
			limit:  maxMessage,
			docs:   []string{"message 1", "message 2", "message 3"},
			reason: "message 3: truncated message",
		},
		{
			name: "a message larger than the limit is skipped and reported, the others are scanned",
			mbox: mboxOf("From: alice@example.de\n\nHallo\n", "From: bob@example.de\n\n"+strings.Repeat("lang ", 100)+"\n",
				"From: carol@example.de\n\nDanke\n"),
			limit:  200,
			docs:   []string{"message 1", "message 3"},
			reason: "message 2 larger than 200 bytes, not scanned",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newRecordingSink()
			err := newMboxSplitter(t.Context(), strings.NewReader(tt.mbox), sink, tt.limit).run()
			sink.assertProtocol(t)
			var d *Damaged
			if !errors.As(err, &d) || d.Reason != tt.reason {
				t.Fatalf("err = %v, want Damaged %q", err, tt.reason)
			}
			var docs []string
			for _, r := range sink.Records {
				if r.Kind == docRecord {
					docs = append(docs, r.Loc.String())
				}
			}
			if !slices.Equal(docs, tt.docs) {
				t.Errorf("documents = %q, want %q", docs, tt.docs)
			}
		})
	}
}

func TestExtractMailStopsWhenTheSinkSaysSo(t *testing.T) {
	for _, tt := range []struct {
		name    string
		extract Extractor
		data    string
	}{
		{"mbox", ExtractMBOX, mboxOf("From: a@example.de\n\nx\n", "From: b@example.de\n\ny\n", "From: c@example.de\n\nz\n")},
		{"eml", ExtractEML, crlf(complaintMail)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sink := newRecordingSink()
			sink.StopAfter = 1
			if err := tt.extract(t.Context(), strings.NewReader(tt.data), "mail", sink); !errors.Is(err, errSinkStopped) {
				t.Fatalf("err = %v, want the sink's error", err)
			}
			if len(sink.Records) != 1 {
				t.Errorf("records = %q, want one", sink.Lines())
			}
		})
	}
}

// BenchmarkExtractMBOX reads 2,000 customer mails: plain text ones (the
// standard library's path) and multipart text+HTML ones (enmime's).
func BenchmarkExtractMBOX(b *testing.B) {
	for _, kind := range []string{"plain", "multipart"} {
		b.Run(kind, func(b *testing.B) {
			data := benchMbox(kind == "multipart")
			b.SetBytes(int64(len(data)))
			for range b.N {
				if err := ExtractMBOX(b.Context(), bytes.NewReader(data), "service.mbox", newDiscardSink()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchMbox(multipart bool) []byte {
	var mbox bytes.Buffer
	for i := range 2000 {
		text := fmt.Sprintf("Guten Tag,\n\nich habe eine Frage zu meiner Rechnung %d. "+
			"Bitte rufen Sie mich unter +49 30 %07d an oder schreiben Sie an kunde%d@example.de.\n"+
			"Meine IBAN ist DE89 3704 0044 0532 0130 00.\n\nMit freundlichen Grüßen\nMax Mustermann\nMusterstraße %d\n12345 Berlin\n%s",
			i, i, i, i%200, strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n", 20))
		fmt.Fprintf(&mbox, "From kunde%d@example.de Mon Mar  3 10:00:00 2025\n", i)
		fmt.Fprintf(&mbox, "From: kunde%d@example.de\nTo: service@firma.de\nSubject: Anfrage %d\nDate: Mon, 3 Mar 2025 10:00:00 +0100\n", i, i)
		if !multipart {
			fmt.Fprintf(&mbox, "Content-Type: text/plain; charset=utf-8\n\n%s\n", text)
			continue
		}
		fmt.Fprintf(&mbox, "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=b%d\n\n"+
			"--b%d\nContent-Type: text/plain; charset=utf-8\n\n%s\n"+
			"--b%d\nContent-Type: text/html; charset=utf-8\n\n<html><body><p>%s</p></body></html>\n--b%d--\n\n",
			i, i, text, i, strings.ReplaceAll(text, "\n", "<br>"), i)
	}
	return mbox.Bytes()
}

func TestWellFormedMessagesReadAlikeByBothParsers(t *testing.T) {
	messages := map[string]string{
		"plain text with encoded words and a folded header": "From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <j@example.de>\nTo: a@example.de,\n b@example.de\n" +
			"Subject: =?UTF-8?B?S8O8bmRpZ3VuZw==?=\nContent-Type: text/plain; charset=utf-8\n\nGrüße\nTel. 030 1234567\n",
		"no MIME header at all":        "From: max@example.de\nDate: Mon, 3 Mar 2025 10:00:00 +0100\n\nno MIME header at all\n",
		"text, HTML and an attachment": complaintMail,
		"Latin-1 in quoted-printable":  "From: a@example.de\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nGr=FC=DFe aus K=F6ln\n",
		"UTF-8 in base64":              "From: a@example.de\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + base64.StdEncoding.EncodeToString([]byte("Grüße aus Köln\n")) + "\n",
		"HTML only":                    "From: a@example.de\nContent-Type: text/html; charset=utf-8\n\n<p>Tel. <b>030 1234567</b></p>\n",
		"an attachment without a name": "From: a@example.de\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee attached\n--b\nContent-Type: application/octet-stream\n\nraw data\n--b--\n",
	}
	for name, m := range messages {
		t.Run(name, func(t *testing.T) {
			raw := []byte(crlf(m))
			w := newMailWriter(t.Context(), newRecordingSink())
			walked, ok := w.walk(raw)
			if !ok {
				t.Fatal("the standard library walk refused the message")
			}
			fromWalk, fromEnmime := newRecordingSink(), newRecordingSink()
			if err := newMailWriter(t.Context(), fromWalk).write(Loc{}, walked); err != nil {
				t.Fatal(err)
			}
			if err := newMailWriter(t.Context(), fromEnmime).write(Loc{}, w.parse(raw)); err != nil {
				t.Fatal(err)
			}
			if got, want := fromWalk.Lines(), fromEnmime.Lines(); !slices.Equal(got, want) {
				t.Errorf("standard library:\n%q\nenmime:\n%q", got, want)
			}
		})
	}
}

func TestMessagesTheStandardLibraryRefusesGoToEnmime(t *testing.T) {
	for _, m := range []string{
		"From: a@example.de\nContent-Type: multipart/mixed\n\nno boundary\n",
		"From: a@example.de\nContent-Transfer-Encoding: base64\n\n!!! not base64 !!!\n",
		"From: a@example.de\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 x\n",
		"Not a header line\n\nbody\n",
	} {
		if _, ok := newMailWriter(t.Context(), newRecordingSink()).walk([]byte(m)); ok {
			t.Errorf("walked: %q", m)
		}
	}
}
