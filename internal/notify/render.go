package notify

import (
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// Compiled is a template prepared for rendering many persons fast: every
// content is parsed once into blocks, the blocks without placeholders are
// rendered once, and a person's message is their values poured into the
// rest. It is safe for concurrent use.
type Compiled struct {
	contents   map[string]*compiledContent
	fallback   string
	fixed      [numPlaceholders]string // company, hotline, inbox, updates_url
	letterhead []string
	returnLine string
}

// compiledContent is one language's content, parsed.
type compiledContent struct {
	lang    string
	l       *language
	subject []segment
	blocks  []block
	static  []staticBlock // per block
	uses    placeholderSet
	// textHint and htmlHint are about the length of a rendered part, so that the
	// builders grow once.
	textHint, htmlHint int
}

// staticBlock is a block without placeholders, rendered once.
type staticBlock struct {
	ok               bool
	text, html, mark string
}

// maxBody bounds a content's body; a notice longer than this is no notice.
const maxBody = 64 << 10

// Compile parses every content of t; errs.Invalid names the language and
// the problem (an unknown placeholder, an unclosed {{) with its line.
func Compile(t *Template) (*Compiled, error) {
	if t == nil || len(t.Contents) == 0 {
		return nil, errs.E(errs.Invalid, "the template has no text in any language")
	}
	c := &Compiled{contents: make(map[string]*compiledContent, len(t.Contents))}
	for i, ct := range t.Contents {
		if languages[ct.Lang] == nil {
			return nil, errs.E(errs.Invalid, "text %d of the template: the language must be one of %s", i+1, strings.Join(Languages(), ", "))
		}
		if c.contents[ct.Lang] != nil {
			return nil, errs.E(errs.Invalid, "the template has two texts in language %s", ct.Lang)
		}
		cc, err := compileContent(ct)
		if err != nil {
			return nil, err
		}
		c.contents[ct.Lang] = cc
	}
	c.fallback = c.pickFallback(t.Fallback, t.Contents[0].Lang)
	c.fixed[phCompany] = cleanValue(t.Company)
	c.fixed[phHotline] = cleanValue(t.Hotline)
	c.fixed[phInbox] = cleanValue(t.Inbox)
	c.fixed[phUpdatesURL] = cleanValue(t.UpdatesURL)
	for _, line := range t.Letterhead {
		if line = cleanValue(line); line != "" {
			c.letterhead = append(c.letterhead, line)
		}
	}
	c.returnLine = returnLine(c.letterhead, c.fixed[phCompany])
	return c, nil
}

// pickFallback is the template's fallback when it has text, else English,
// else the first language.
func (c *Compiled) pickFallback(want, first string) string {
	for _, lang := range []string{want, "en"} {
		if c.contents[lang] != nil {
			return lang
		}
	}
	return first
}

// returnLine is the sender line above the address window: the letterhead's
// first three lines (name, street, town), or the company.
func returnLine(letterhead []string, company string) string {
	if len(letterhead) == 0 {
		return company
	}
	return strings.Join(letterhead[:min(3, len(letterhead))], " · ")
}

func compileContent(ct Content) (*compiledContent, error) {
	where := "the " + ct.Lang + " text"
	switch {
	case strings.TrimSpace(ct.Subject) == "":
		return nil, errs.E(errs.Invalid, "%s: the subject is empty", where)
	case strings.ContainsAny(ct.Subject, "\r\n"):
		return nil, errs.E(errs.Invalid, "%s: the subject must be one line", where)
	case strings.TrimSpace(ct.Body) == "":
		return nil, errs.E(errs.Invalid, "%s: the body is empty", where)
	case len(ct.Body) > maxBody:
		return nil, errs.E(errs.Invalid, "%s: the body is longer than %d KiB", where, maxBody>>10)
	}
	cc := &compiledContent{lang: ct.Lang, l: languages[ct.Lang]}
	var err error
	if cc.subject, err = parseInline(strings.TrimSpace(ct.Subject), 1, true, &cc.uses); err != nil {
		return nil, errs.E(errs.Invalid, "%s, subject: %s", where, err.(*parseError).msg)
	}
	var bodyUses placeholderSet
	if cc.blocks, bodyUses, err = parseBody(ct.Body, true); err != nil {
		return nil, errs.E(errs.Invalid, "%s, %s", where, err.Error())
	}
	cc.uses |= bodyUses
	cc.static = make([]staticBlock, len(cc.blocks))
	for i, b := range cc.blocks {
		if b.kind == blockCategories || blockUses(b) != 0 {
			continue
		}
		var text, html, mark strings.Builder
		cc.blockText(&text, b, nil)
		cc.blockHTML(&html, b, nil)
		cc.blockMark(&mark, b, nil)
		cc.static[i] = staticBlock{ok: true, text: text.String(), html: html.String(), mark: mark.String()}
	}
	cc.textHint, cc.htmlHint = 512, 1024+len(ct.Subject)*2
	for _, st := range cc.static {
		if st.ok {
			cc.textHint, cc.htmlHint = cc.textHint+len(st.text), cc.htmlHint+len(st.html)
		} else {
			cc.textHint, cc.htmlHint = cc.textHint+len(ct.Body)/len(cc.blocks), cc.htmlHint+2*len(ct.Body)/len(cc.blocks)
		}
	}
	return cc, nil
}

// blockUses is the set of placeholders a block fills.
func blockUses(b block) placeholderSet {
	var s placeholderSet
	for _, line := range b.lines {
		for _, sg := range line {
			if sg.kind == segValue {
				s.add(sg.ph)
			}
		}
	}
	return s
}

// Lang is the language p gets: theirs when the template has it, else the
// template's fallback.
func (c *Compiled) Lang(p *people.Person) string {
	if lang := baseLanguage(p.Language); c.contents[lang] != nil {
		return lang
	}
	return c.fallback
}

// HasLang reports whether the template has text in lang.
func (c *Compiled) HasLang(lang string) bool { return c.contents[lang] != nil }

// content is the content for delivery language lang ("" or one the
// template lacks: p's).
func (c *Compiled) content(p *people.Person, lang string) *compiledContent {
	if cc := c.contents[lang]; cc != nil {
		return cc
	}
	return c.contents[c.Lang(p)]
}

// Channel needs reported by Missing besides the placeholders.
const (
	NeedEmail   = "email"   // an e-mail needs an address
	NeedAddress = "address" // a letter needs a postal address
)

// Missing lists the placeholders of p's content that p cannot fill, and
// what the channel needs that p lacks: an e-mail address (ByEmail, named
// "email") or a postal address (ByLetter, "address"). A letter without a
// name goes to the address alone, greeted without a name: the scanner
// often finds an address without one, and a segment cannot tell them
// apart. Nil when p can be sent to.
func (c *Compiled) Missing(p *people.Person, ch Channel) []string {
	return c.missing(c.contents[c.Lang(p)], p, ch)
}

func (c *Compiled) missing(cc *compiledContent, p *people.Person, ch Channel) []string {
	var missing placeholderSet
	for ph := phName; ph < numPlaceholders; ph++ {
		if cc.uses.has(ph) && !c.can(p, ph) {
			missing.add(ph)
		}
	}
	var out []string
	for ph := phName; ph < numPlaceholders; ph++ {
		if missing.has(ph) {
			out = append(out, ph.String())
		}
	}
	switch ch {
	case ByEmail:
		if !p.HasEmail() && !missing.has(phEmail) {
			out = append(out, NeedEmail)
		}
	case ByLetter:
		if !p.HasAddress() {
			out = append(out, NeedAddress)
		}
	}
	return out
}

// can reports whether ph can be filled for p.
func (c *Compiled) can(p *people.Person, ph placeholder) bool {
	switch ph {
	case phName:
		return cleanValue(p.Contact.Name) != ""
	case phCategories:
		return len(p.Categories) > 0
	case phEmail:
		return p.HasEmail()
	case phCustomerNo:
		return len(p.Contact.CustomerNos) > 0
	case phCompany, phHotline, phInbox, phUpdatesURL:
		return c.fixed[ph] != ""
	case phNote:
		return false
	}
	return true // salutation, date, reference
}

// Message renders p's e-mail for delivery d with the relay's sender.
// errs.Invalid when p lacks an e-mail address or a placeholder's value
// (the checker refuses such campaigns before they start).
func (c *Compiled) Message(p *people.Person, d *Delivery, relay *SMTPConfig) (*Message, error) {
	return c.message(p, d, relay, time.Now(), false)
}

func (c *Compiled) message(p *people.Person, d *Delivery, relay *SMTPConfig, at time.Time, preview bool) (*Message, error) {
	if !p.HasEmail() && !preview {
		return nil, errs.E(errs.Invalid, "person %d has no e-mail address", p.ID)
	}
	cc := c.content(p, d.Lang)
	v, err := c.values(cc, p, d, at, preview)
	if err != nil {
		return nil, err
	}
	m := &Message{
		MessageID: d.MessageID,
		Subject:   cc.subjectText(v),
		Lang:      cc.lang,
		// No "Auto-Submitted: auto-generated" and no "Precedence: bulk":
		// this is a personal notice the person may answer, and filters
		// treat both as bulk mail.
		// Content-Language comes from Lang: the mail adapter writes it and
		// refuses it as an extra header.
		Headers: [][2]string{
			// Out-of-office replies would flood the inquiry inbox that
			// Reply-To points at; delivery reports still come.
			{"X-Auto-Response-Suppress", "OOF, AutoReply"},
		},
	}
	if p.HasEmail() {
		m.To = p.Contact.Emails[0]
	}
	if relay != nil {
		m.From, m.FromName, m.ReplyTo = relay.From, relay.FromName, relay.ReplyTo
	}
	if m.ReplyTo == "" {
		m.ReplyTo = c.fixed[phInbox] // answers go to the inquiry inbox
	}
	m.Text = cc.text(v)
	m.HTML = cc.html(v, m.Subject)
	return m, nil
}

// Letter renders p's letter for delivery d, dated at. errs.Invalid when p
// lacks a postal address or a placeholder's value.
func (c *Compiled) Letter(p *people.Person, d *Delivery, at time.Time) (*Letter, error) {
	return c.letter(p, d, at, false)
}

func (c *Compiled) letter(p *people.Person, d *Delivery, at time.Time, preview bool) (*Letter, error) {
	name := cleanValue(p.Contact.Name)
	if !preview && !p.HasAddress() {
		return nil, errs.E(errs.Invalid, "person %d has no postal address for a letter", p.ID)
	}
	cc := c.content(p, d.Lang)
	v, err := c.values(cc, p, d, at, preview)
	if err != nil {
		return nil, err
	}
	l := &Letter{
		Lang:       cc.lang,
		Letterhead: append([]string(nil), c.letterhead...),
		Return:     c.returnLine,
		Date:       formatDate(cc.lang, at),
		Subject:    cc.subjectText(v),
		Body:       cc.mark(v),
		Reference:  Reference(d.CampaignID, p.ID),
	}
	if name != "" {
		l.Address = append(l.Address, name)
	}
	for _, line := range p.Contact.Address {
		if line = cleanValue(line); line != "" {
			l.Address = append(l.Address, line)
		}
	}
	return l, nil
}

// values are one person's placeholder values in one language.
type values struct {
	v    [numPlaceholders]string
	cats []string
	l    *language
}

// values fills what cc uses for p. Outside a preview a value p lacks is an
// error; in a preview it shows as the placeholder itself, so that the
// author sees the gap.
func (c *Compiled) values(cc *compiledContent, p *people.Person, d *Delivery, at time.Time, preview bool) (*values, error) {
	v := &values{l: cc.l}
	if cc.uses.has(phNote) && !preview {
		return nil, errs.E(errs.Invalid, "the %s text still has a note to its authors in [[ ]]: replace it before sending", cc.lang)
	}
	for ph := phName; ph < phNote; ph++ {
		if !cc.uses.has(ph) {
			continue
		}
		if !c.can(p, ph) {
			if !preview {
				return nil, errs.E(errs.Invalid, "person %d lacks what {{%s}} of the %s text needs", p.ID, ph, cc.lang)
			}
			v.v[ph] = "{{" + ph.String() + "}}"
			continue
		}
		v.v[ph] = c.value(cc, p, d, at, ph, v)
	}
	return v, nil
}

func (c *Compiled) value(cc *compiledContent, p *people.Person, d *Delivery, at time.Time, ph placeholder, v *values) string {
	switch ph {
	case phName:
		return cleanValue(p.Contact.Name)
	case phSalutation:
		if name := cleanValue(p.Contact.Name); name != "" {
			return cc.l.greetName(name)
		}
		return cc.l.greeting
	case phCategories:
		v.cats = cc.l.categoryNames(p.Categories)
		return strings.Join(v.cats, cc.l.listSep)
	case phEmail:
		return cleanValue(p.Contact.Emails[0])
	case phCustomerNo:
		return cleanValue(p.Contact.CustomerNos[0])
	case phDate:
		return formatDate(cc.lang, at)
	case phReference:
		return Reference(d.CampaignID, p.ID)
	}
	return c.fixed[ph]
}

// cleanValue makes a value safe for one line of any part: control
// characters (a line break in a name would forge a header or a heading)
// become spaces.
func cleanValue(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 {
			clean = false
			break
		}
	}
	if !clean {
		s = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 {
				return ' '
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}
