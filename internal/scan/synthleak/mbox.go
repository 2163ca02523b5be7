package synthleak

import (
	"bytes"
	"encoding/base64"
	"html"
	"math/rand/v2"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// The service mailbox: customers' mails and the service's replies, a mass
// mail with every recipient in To, journalists' questions, and an internal
// mail with a CSV export attached. Each message is one document record:
// each e-mail address and phone number in it is a person of its own
// unless known, so the mass mail is not one person.

const (
	mailboxPath = "mail/service.mbox"
	// serviceAddress is the company's own mailbox. Its top-level domain
	// is reserved (RFC 2606) and not in the public suffix list, so it is
	// no e-mail address by docs/scanner.md and never counts.
	serviceAddress  = "service@nio-service.example"
	attachmentName  = "export.csv"
	massRecipients  = 6
	minMessages     = 12
	maxMessages     = 3000
	customersPerMsg = 40 // one message per this many registered customers
	mailboxDays     = 30 // the mailbox holds the month before the breach
)

// message is one mail.
type message struct {
	from       mail.Address
	to         []mail.Address
	subject    string
	date       time.Time
	body       string
	encoding   string // 8bit, base64 or quoted-printable
	html       bool   // an HTML alternative of the same text
	attachment *archiveMember
}

// mailBuilder makes the messages of the mailbox and books them.
type mailBuilder struct {
	g    *generator
	rng  *rand.Rand
	book *fileBook
	rec  *record
	date time.Time
}

// writeMailbox writes mail/service.mbox.
func (g *generator) writeMailbox() error {
	o, err := g.create(mailboxPath)
	if err != nil {
		return err
	}
	mb := &mailBuilder{g: g, rng: g.rngFor(mailboxPath), book: g.led.file(mailboxPath, "mbox"),
		date: g.now.AddDate(0, 0, -mailboxDays).In(time.FixedZone("CST", 8*3600))}
	n := min(max(g.pop.registered()/customersPerMsg, minMessages), maxMessages)
	gap := mailboxDays * 24 * 60 / n // minutes between messages, on average
	for m := range n {
		mb.date = mb.date.Add(time.Duration(1+mb.rng.IntN(2*gap)) * time.Minute)
		mb.rec = mb.book.doc()
		msg, err := mb.message(m)
		if err != nil {
			return err
		}
		msg.date = mb.date
		msg.encoding = bodyEncoding(m)
		msg.html = m%13 == 12
		writeMessage(o, msg, m)
		mb.book.end()
		if msg.attachment != nil {
			mb.bookAttachment(m, int64(len(msg.attachment.content)))
		}
	}
	size, err := o.close()
	mb.book.close(size)
	return err
}

// bodyEncoding varies the transfer encoding: the scanner must decode.
func bodyEncoding(m int) string {
	switch {
	case m%5 == 4:
		return "base64"
	case m%7 == 6:
		return "quoted-printable"
	}
	return "8bit"
}

// message makes message m (0-based) and books its values.
func (mb *mailBuilder) message(m int) (*message, error) {
	g := mb.g
	switch {
	case m == 2:
		return mb.exportMail(), nil
	case m == 5:
		return mb.massMail(), nil
	case m == 7:
		return mb.pressMail(g.press[0]), nil
	case m == 11:
		return mb.pressMail(g.press[len(g.press)-1]), nil
	case m == 3 || m == 9:
		return mb.europeanMail(g.eu[1+m/9]), nil
	case m%3 == 1:
		return mb.reply(g.cnPerson(mb.rng.IntN(g.pop.registered()))), nil
	}
	return mb.customerMail(g.cnPerson(mb.rng.IntN(g.pop.registered())))
}

// service is the service mailbox as a sender or recipient.
func service() mail.Address { return mail.Address{Name: "蔚来客服", Address: serviceAddress} }

// email books an e-mail address of the message.
func (mb *mailBuilder) email(addr string) {
	mb.rec.add(detect.Email, "", strings.ToLower(addr))
}

// customerMail is a Chinese customer writing in: an order number (decoy),
// the mobile number after 手机 (bare or formatted), for car owners now and
// then the resident ID and VIN, now and then the birth date.
func (mb *mailBuilder) customerMail(p *cnPerson) (*message, error) {
	rng := mb.rng
	order := orderNumber(rng, dateOf(mb.g.now).addDays(-rng.IntN(400)))
	mb.g.led.decoy("order_no", order)
	phone := p.mobile
	if rng.IntN(2) == 0 {
		var err error
		if phone, err = writtenCNMobile(p.mobile, rng.IntN(numCNStyles)); err != nil {
			return nil, err
		}
	} else if err := checkPhone(phone, "CN", "+86"+p.mobile); err != nil {
		return nil, err
	}
	from := p.email
	if rng.IntN(10) == 0 {
		from = strings.ToUpper(from[:1]) + from[1:]
	}
	lines := []string{"您好，", "我在贵公司的订单 " + order + " 一直没有收到。", "请尽快联系我，手机 " + phone + "。"}
	mb.email(from)
	mb.rec.add(detect.Phone, "", "+86"+p.mobile)
	if p.flags.carOwner && rng.IntN(2) == 0 {
		lines = append(lines, "我的身份证号："+p.residentID+"，车架号："+p.vin+"。")
		mb.rec.add(detect.NationalID, "cn_resident_id", p.residentID)
		mb.rec.add(detect.VIN, "", p.vin)
	}
	if rng.IntN(5) == 0 {
		lines = append(lines, "出生日期："+p.birth.iso())
		mb.rec.add(detect.DateOfBirth, "", p.birth.iso())
	}
	lines = append(lines, "谢谢！", p.name())
	return &message{
		from: mail.Address{Name: p.name(), Address: from}, to: []mail.Address{service()},
		subject: "关于订单 " + order + " 的问题", body: strings.Join(lines, "\n"),
	}, nil
}

// reply is the service answering a customer: their address in To, an
// order and a tracking number in the text.
func (mb *mailBuilder) reply(p *cnPerson) *message {
	rng := mb.rng
	shipped := dateOf(mb.date).addDays(-1 - rng.IntN(20))
	order, tracking := orderNumber(rng, shipped.addDays(-3)), trackingNumber(rng)
	mb.g.led.decoy("order_no", order)
	mb.g.led.decoy("tracking_no", tracking)
	mb.email(p.email)
	return &message{
		from: service(), to: []mail.Address{{Name: p.name(), Address: p.email}},
		subject: "Re: 关于订单 " + order + " 的问题",
		body: strings.Join([]string{
			p.name() + "，您好：",
			"您的订单 " + order + " 已于" + strconv.Itoa(shipped.y) + "年" + strconv.Itoa(shipped.m) + "月" + strconv.Itoa(shipped.d) + "日发货，快递单号 " + tracking + "。",
			"如需帮助，请回复本邮件。", "蔚来客服",
		}, "\n"),
	}
}

// massMail went to several customers with every address in To.
func (mb *mailBuilder) massMail() *message {
	msg := &message{from: service(), subject: "重要通知：数据安全事件", body: strings.Join([]string{
		"尊敬的客户：",
		"我们发现部分客户数据遭到未经授权的访问。我们正在调查，并将尽快告知您详情。",
		"蔚来客服",
	}, "\n")}
	for range massRecipients {
		p := mb.g.cnPerson(mb.rng.IntN(mb.g.pop.registered()))
		msg.to = append(msg.to, mail.Address{Address: p.email})
		mb.email(p.email)
	}
	return msg
}

// pressMail is a journalist's question: their address and nothing else.
func (mb *mailBuilder) pressMail(p *euPerson) *message {
	mb.email(p.email)
	return &message{
		from: mail.Address{Name: p.name(), Address: p.email}, to: []mail.Address{service()},
		subject: "Presseanfrage zum Datenleck",
		body: strings.Join([]string{
			"Sehr geehrte Damen und Herren,",
			"wir berichten über den Angriff auf Ihre Systeme. Wie viele Kundinnen und Kunden sind betroffen, und seit wann wissen Sie davon?",
			"Für eine Antwort bis morgen wäre ich dankbar.",
			"Mit freundlichen Grüßen",
			p.name(), "Redaktion Wirtschaft",
		}, "\n"),
	}
}

// europeanMail is a European customer asking about a phishing mail, with
// their number to call back. One line starts with "From ", which the
// mailbox quotes.
func (mb *mailBuilder) europeanMail(p *euPerson) *message {
	order := orderNumber(mb.rng, dateOf(mb.g.now).addDays(-10))
	mb.g.led.decoy("order_no", order)
	mb.email(p.email)
	mb.rec.add(detect.Phone, "", p.phoneE164)
	return &message{
		from: mail.Address{Name: p.name(), Address: p.email}, to: []mail.Address{service()},
		subject: "Strange e-mail about my order",
		body: strings.Join([]string{
			"Hello,",
			"I received an e-mail asking me to confirm my payment details for order " + order + ". Is this from you?",
			"From my side nothing has changed.",
			"Please call me back: " + p.phone,
			"Best regards,", p.name(),
		}, "\n"),
	}
}

// exportMail is a colleague sending the European customers as a CSV.
func (mb *mailBuilder) exportMail() *message {
	p := mb.g.staff[0]
	mb.email(p.email)
	return &message{
		from: mail.Address{Name: p.name(), Address: p.email}, to: []mail.Address{service()},
		subject:    "Export EU-Kunden",
		body:       "Hallo zusammen,\nanbei der Export der EU-Kunden für die Benachrichtigung.\nViele Grüße\n" + p.first,
		attachment: &archiveMember{attachmentName, exportCSV(mb.g.eu)},
	}
}

// exportCSV is the European customers as the CRM exports them.
func exportCSV(customers []*euPerson) []byte {
	var csv bytes.Buffer
	writeCSVLine(&csv, "\n", "name", "email", "phone", "country")
	for _, c := range customers {
		writeCSVLine(&csv, "\n", c.name(), c.email, c.phone, c.country.code)
	}
	return csv.Bytes()
}

// bookAttachment books the attached CSV of size bytes, which the scanner
// reads as a file of its own: mail/service.mbox:message 3!export.csv.
func (mb *mailBuilder) bookAttachment(m int, size int64) {
	book := mb.g.led.file(attachmentPath(m), "csv")
	for _, c := range mb.g.eu {
		r := book.row()
		r.add(detect.Name, "", c.name())
		r.add(detect.Email, "", c.email)
		r.add(detect.Phone, "", c.phoneE164)
		book.end()
	}
	book.close(size)
}

// attachmentPath is the display path of the attachment of message m
// (0-based).
func attachmentPath(m int) string {
	return mailboxPath + ":message " + strconv.Itoa(m+1) + "!" + attachmentName
}

// writeMessage writes msg in mboxrd form: a "From " line, the header, the
// body with lines starting ">*From " quoted, and a blank line.
func writeMessage(o *output, msg *message, m int) {
	o.WriteString("From " + msg.from.Address + " " + msg.date.UTC().Format("Mon Jan _2 15:04:05 2006") + "\n")
	o.WriteString("From: " + msg.from.String() + "\n")
	to := make([]string, len(msg.to))
	for i, a := range msg.to {
		to[i] = a.String()
	}
	o.WriteString("To: " + strings.Join(to, ", ") + "\n")
	o.WriteString("Subject: " + mime.BEncoding.Encode("utf-8", msg.subject) + "\n")
	o.WriteString("Date: " + msg.date.Format(time.RFC1123Z) + "\n")
	o.WriteString("MIME-Version: 1.0\n")
	boundary := "=_part_" + strconv.Itoa(m+1)
	switch {
	case msg.attachment != nil:
		o.WriteString(`Content-Type: multipart/mixed; boundary="` + boundary + `"` + "\n\n")
		o.WriteString("--" + boundary + "\n")
		writeTextPart(o, "text/plain", msg.body, msg.encoding)
		o.WriteString("--" + boundary + "\n")
		writeAttachment(o, msg.attachment)
		o.WriteString("--" + boundary + "--\n")
	case msg.html:
		o.WriteString(`Content-Type: multipart/alternative; boundary="` + boundary + `"` + "\n\n")
		o.WriteString("--" + boundary + "\n")
		writeTextPart(o, "text/plain", msg.body, msg.encoding)
		o.WriteString("--" + boundary + "\n")
		writeTextPart(o, "text/html", htmlOf(msg.body), msg.encoding)
		o.WriteString("--" + boundary + "--\n")
	default:
		writeTextPart(o, "text/plain", msg.body, msg.encoding)
	}
	o.WriteString("\n")
}

// writeTextPart writes a part's header and its encoded body.
func writeTextPart(o *output, contentType, body, encoding string) {
	o.WriteString("Content-Type: " + contentType + "; charset=utf-8\n")
	o.WriteString("Content-Transfer-Encoding: " + encoding + "\n\n")
	writeQuoted(o, encodeBody(body, encoding))
}

// writeAttachment writes a file part, base64-encoded.
func writeAttachment(o *output, a *archiveMember) {
	o.WriteString(`Content-Type: text/csv; charset=utf-8; name="` + a.name + `"` + "\n")
	o.WriteString(`Content-Disposition: attachment; filename="` + a.name + `"` + "\n")
	o.WriteString("Content-Transfer-Encoding: base64\n\n")
	o.WriteString(base64Lines(a.content))
}

// encodeBody applies a transfer encoding; the result ends with a newline.
func encodeBody(body, encoding string) string {
	switch encoding {
	case "base64":
		return base64Lines([]byte(body))
	case "quoted-printable":
		var b strings.Builder
		w := quotedprintable.NewWriter(&b)
		w.Write([]byte(body))
		w.Close()
		return strings.ReplaceAll(b.String(), "\r\n", "\n") + "\n"
	}
	return body + "\n"
}

// base64Lines encodes b in lines of 76 characters, as MIME wants.
func base64Lines(b []byte) string {
	enc := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for i := 0; i < len(enc); i += 76 {
		out.WriteString(enc[i:min(i+76, len(enc))] + "\n")
	}
	return out.String()
}

// writeQuoted writes text into the mailbox, quoting lines that start with
// any number of '>' and "From " (mboxrd), so they do not start a message.
func writeQuoted(o *output, text string) {
	for _, line := range strings.SplitAfter(text, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
			o.WriteString(">")
		}
		o.WriteString(line)
	}
}

// htmlOf is the HTML alternative of a plain text: one paragraph a line.
func htmlOf(text string) string {
	var b strings.Builder
	b.WriteString("<html><body>")
	for _, l := range strings.Split(text, "\n") {
		b.WriteString("<p>" + html.EscapeString(l) + "</p>")
	}
	b.WriteString("</body></html>")
	return b.String()
}
