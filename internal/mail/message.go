package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// maxLine is where header lines are folded (RFC 5322 section 2.1.1).
const maxLine = 78

// ownHeaders are set by BuildMessage; extra headers may not repeat them.
var ownHeaders = map[string]bool{
	"message-id": true, "date": true, "from": true, "to": true, "reply-to": true,
	"subject": true, "mime-version": true, "content-language": true, "content-type": true,
	"content-transfer-encoding": true, "dkim-signature": true, "cc": true, "bcc": true,
}

// BuildMessage renders m as an RFC 5322 message: the text and HTML bodies
// as multipart/alternative in quoted-printable UTF-8, non-ASCII header
// text encoded per RFC 2047. The same m and date give the same bytes. Its
// errors never quote the message's content.
func BuildMessage(m *notify.Message, date time.Time) ([]byte, error) {
	var b bytes.Buffer
	if err := appendMessage(&b, m, date); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func appendMessage(b *bytes.Buffer, m *notify.Message, date time.Time) error {
	if err := checkMessage(m); err != nil {
		return err
	}
	writeField(b, "Message-ID", m.MessageID)
	writeField(b, "Date", date.Format(time.RFC1123Z))
	writeField(b, "From", (&netmail.Address{Name: m.FromName, Address: m.From}).String())
	writeField(b, "To", m.To)
	if m.ReplyTo != "" {
		writeField(b, "Reply-To", m.ReplyTo)
	}
	writeField(b, "Subject", encodeText(m.Subject))
	writeField(b, "MIME-Version", "1.0")
	if m.Lang != "" {
		writeField(b, "Content-Language", m.Lang)
	}
	for _, h := range m.Headers {
		writeField(b, h[0], encodeText(h[1]))
	}
	return writeBody(b, m)
}

// checkMessage refuses what would break the message's structure: line
// breaks in header values are how header injection works.
func checkMessage(m *notify.Message) error {
	if !validID(m.MessageID) {
		return errors.New("mail: message ID is not valid")
	}
	if !validAddress(m.From) {
		return errors.New("mail: sender address is not valid")
	}
	if !validAddress(m.To) {
		return errors.New("mail: recipient address is not valid")
	}
	if m.ReplyTo != "" && !validAddress(m.ReplyTo) {
		return errors.New("mail: reply-to address is not valid")
	}
	if m.Text == "" && m.HTML == "" {
		return errors.New("mail: message has no body")
	}
	for _, s := range []string{m.FromName, m.Subject, m.Lang} {
		if strings.ContainsAny(s, "\r\n") {
			return errors.New("mail: a header value holds a line break")
		}
	}
	for i, h := range m.Headers {
		if !validFieldName(h[0]) || ownHeaders[strings.ToLower(h[0])] {
			return errors.New("mail: extra header " + strconv.Itoa(i+1) + " has a name that is not allowed")
		}
		if strings.ContainsAny(h[1], "\r\n") {
			return errors.New("mail: extra header " + strconv.Itoa(i+1) + " holds a line break")
		}
	}
	return nil
}

// validAddress accepts a bare addr-spec: one @, no spaces, brackets or
// line breaks. Non-ASCII is allowed (SMTPUTF8).
func validAddress(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || len(s) > 254 || !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsAny(s, " \t\r\n<>()[],;:\\\"")
}

func validID(s string) bool {
	if len(s) < 5 || s[0] != '<' || s[len(s)-1] != '>' {
		return false
	}
	inner := s[1 : len(s)-1]
	return strings.Contains(inner, "@") && isPrintableASCII(inner) && !strings.ContainsAny(inner, " <>")
}

func validFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f || s[i] == ':' {
			return false
		}
	}
	return true
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// encodeText encodes unstructured header text per RFC 2047 when it is not
// ASCII: Q encoding keeps mostly-Latin text readable, B is shorter for
// scripts such as Chinese.
func encodeText(s string) string {
	nonASCII := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			nonASCII++
		}
	}
	switch {
	case nonASCII == 0:
		return s
	case nonASCII*3 > len(s):
		return mime.BEncoding.Encode("utf-8", s)
	default:
		return mime.QEncoding.Encode("utf-8", s)
	}
}

// writeField writes "Name: value" folded at spaces so that lines stay
// within 78 characters where the value allows.
func writeField(b *bytes.Buffer, name, value string) {
	b.WriteString(name)
	b.WriteString(":")
	col := len(name) + 1
	for i, word := range strings.Split(value, " ") {
		if i > 0 && col+1+len(word) > maxLine && col > len(name)+1 {
			b.WriteString("\r\n")
			col = 0
		}
		b.WriteByte(' ')
		b.WriteString(word)
		col += 1 + len(word)
	}
	b.WriteString("\r\n")
}

// writeBody writes the Content-Type and the body. The boundary comes from
// the Message-ID, so the output is deterministic; it starts with "=_",
// which quoted-printable content can never hold.
func writeBody(b *bytes.Buffer, m *notify.Message) error {
	switch {
	case m.HTML == "":
		return writePart(b, "text/plain", m.Text)
	case m.Text == "":
		return writePart(b, "text/html", m.HTML)
	}
	sum := sha256.Sum256([]byte(m.MessageID))
	boundary := "=_" + hex.EncodeToString(sum[:12])
	writeField(b, "Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n--" + boundary + "\r\n")
	if err := writePart(b, "text/plain", m.Text); err != nil {
		return err
	}
	// The line break before a delimiter belongs to the delimiter
	// (RFC 2046 section 5.1.1), not to the part.
	b.WriteString("\r\n--" + boundary + "\r\n")
	if err := writePart(b, "text/html", m.HTML); err != nil {
		return err
	}
	b.WriteString("\r\n--" + boundary + "--\r\n")
	return nil
}

func writePart(b *bytes.Buffer, contentType, body string) error {
	b.WriteString("Content-Type: " + contentType + "; charset=utf-8\r\n")
	b.WriteString("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
	w := quotedprintable.NewWriter(b)
	if _, err := w.Write([]byte(body)); err != nil {
		return err
	}
	return w.Close()
}
