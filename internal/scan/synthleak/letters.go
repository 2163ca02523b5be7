package synthleak

import (
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// Letters to customers as DOCX files, one record each. What counts in
// them: the recipient's address block (recognized in text: street and
// number, postcode and town), the e-mail address, and the phone number
// after "Tel.:" or "手机". What does not: the name in the salutation (free
// text is not a name column), order and tracking numbers (decoys, placed
// far from any phone word).

// maxGermanLetters caps the letters to German customers.
const maxGermanLetters = 12

// paragraph is one paragraph of a letter: runs of text, the first bold.
type paragraph []string

// writeLetters writes letters/letter_NNN.docx: to German customers, to a
// Chinese customer, and to people known only by their address.
func (g *generator) writeLetters() error {
	rng := g.rngFor("letters")
	n := 0
	next := func() string { n++; return fmt.Sprintf("letters/letter_%03d.docx", n) }
	sent := 0
	for _, p := range g.eu {
		if p.country.code != "DE" || sent == maxGermanLetters {
			continue
		}
		sent++
		if err := g.writeLetter(next(), g.germanLetter(rng, p, true), p, true); err != nil {
			return err
		}
	}
	c := g.cnPerson(rng.IntN(g.pop.registered()))
	if err := g.writeChineseLetter(next(), rng, c); err != nil {
		return err
	}
	for _, p := range g.postal {
		if err := g.writeLetter(next(), g.germanLetter(rng, p, false), p, false); err != nil {
			return err
		}
	}
	return nil
}

// germanLetter is a breach notice; with contact it lists the e-mail
// address and phone number the company holds.
func (g *generator) germanLetter(rng *rand.Rand, p *euPerson, contact bool) []paragraph {
	order, tracking := orderNumber(rng, dateOf(g.now).addDays(-30-rng.IntN(300))), trackingNumber(rng)
	g.led.decoy("order_no", order)
	g.led.decoy("tracking_no", tracking)
	ps := []paragraph{
		{"NIO Deutschland · Kundenservice"}, {},
		{p.salutation()}, {p.name()}, {p.street}, {p.postcode + " " + p.town}, {},
		{"München, " + germanDate(dateOf(g.now))}, {},
		{"Ihre Bestellung ", order, ", Sendung ", tracking}, {},
		{dear(p) + " " + p.salutation() + " " + p.last + ","},
		{"wir müssen Sie über einen Sicherheitsvorfall informieren. Unbefugte haben Daten aus unseren Systemen kopiert."},
	}
	if contact {
		ps = append(ps,
			paragraph{"Zu Ihnen sind bei uns gespeichert:"},
			paragraph{"E-Mail: ", p.email},
			paragraph{"Tel.: ", p.phone},
		)
	}
	return append(ps,
		paragraph{"Seien Sie vorsichtig bei Nachrichten, die sich auf Ihre Bestellung beziehen."},
		paragraph{"Mit freundlichen Grüßen"}, paragraph{"Ihr NIO Team"})
}

// dear opens a German letter: "Sehr geehrte" to a woman, "Sehr geehrter"
// to a man.
func dear(p *euPerson) string {
	if p.female {
		return "Sehr geehrte"
	}
	return "Sehr geehrter"
}

// germanDate writes a date as a German letter does: 1. Dezember 2022.
func germanDate(d date) string {
	months := []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
	return fmt.Sprintf("%d. %s %d", d.d, months[d.m-1], d.y)
}

// writeLetter writes a German letter and books it: the address block,
// and with contact the e-mail address and phone number.
func (g *generator) writeLetter(rel string, ps []paragraph, p *euPerson, contact bool) error {
	size, err := g.writeDOCX(rel, ps)
	if err != nil {
		return err
	}
	book := g.led.file(rel, "docx")
	r := book.doc()
	r.add(detect.PostalAddress, "", p.street+", "+p.postcode+" "+p.town)
	if contact {
		r.add(detect.Email, "", p.email)
		r.add(detect.Phone, "", p.phoneE164)
	}
	book.end()
	book.close(size)
	return nil
}

// writeChineseLetter writes a notice to a Chinese customer: no address
// block (the scanner recognizes Chinese addresses, but precision over
// recall leaves their shape open), the mobile number bare after 手机.
func (g *generator) writeChineseLetter(rel string, rng *rand.Rand, p *cnPerson) error {
	order := orderNumber(rng, dateOf(g.now).addDays(-30-rng.IntN(300)))
	g.led.decoy("order_no", order)
	if err := checkPhone(p.mobile, "CN", "+86"+p.mobile); err != nil {
		return err
	}
	ps := []paragraph{
		{"尊敬的" + p.name() + "先生/女士："}, {"您好！"},
		{"我们遗憾地通知您，我们的系统遭到未经授权的访问，部分客户数据被复制。"},
		{"订单号：", order},
		{"涉及您的信息包括："},
		{"手机：", p.mobile},
		{"邮箱：", p.email},
		{"如有疑问，请回复本邮件。"}, {"蔚来客服"},
		{fmt.Sprintf("%d年%d月%d日", g.now.Year(), g.now.Month(), g.now.Day())},
	}
	size, err := g.writeDOCX(rel, ps)
	if err != nil {
		return err
	}
	book := g.led.file(rel, "docx")
	r := book.doc()
	r.add(detect.Phone, "", "+86"+p.mobile)
	r.add(detect.Email, "", p.email)
	book.end()
	book.close(size)
	return nil
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// writeDOCX writes a minimal Word document of paragraphs: the parts Word
// needs and nothing else.
func (g *generator) writeDOCX(rel string, ps []paragraph) (int64, error) {
	var body strings.Builder
	body.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	body.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range ps {
		body.WriteString("<w:p>")
		for i, run := range p {
			body.WriteString("<w:r>")
			if i == 0 && len(p) > 1 {
				body.WriteString("<w:rPr><w:b/></w:rPr>")
			}
			body.WriteString(`<w:t xml:space="preserve">`)
			xml.EscapeText(&body, []byte(run))
			body.WriteString("</w:t></w:r>")
		}
		body.WriteString("</w:p>")
	}
	body.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`)
	return g.writeZip(rel, []archiveMember{
		{"[Content_Types].xml", []byte(docxContentTypes)},
		{"_rels/.rels", []byte(docxRels)},
		{"word/document.xml", []byte(body.String())},
	})
}
