package notify

import (
	"strings"
)

// The HTML part is a complete, plain e-mail document: the language on the
// root, inline styles only (mail clients drop style sheets), no images, no
// remote resources, one column readable on a phone, links underlined.
const (
	styleBody    = "margin:0;padding:0;background:#ffffff;"
	styleArticle = "max-width:640px;margin:0 auto;padding:24px 16px;font-size:16px;line-height:1.5;color:#1a1a1a;font-family:"
	styleH2      = "margin:24px 0 8px;font-size:20px;line-height:1.3;font-weight:bold;color:#1a1a1a;"
	styleP       = "margin:0 0 16px;"
	styleUL      = "margin:0 0 16px;padding:0 0 0 24px;"
	styleLI      = "margin:0 0 4px;"
	styleA       = "color:#0b57d0;text-decoration:underline;"
)

// html is the e-mail's HTML part.
func (cc *compiledContent) html(v *values, subject string) string {
	var b strings.Builder
	b.Grow(cc.htmlHint)
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	b.WriteString(cc.lang)
	b.WriteString("\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		"<meta name=\"color-scheme\" content=\"light\">\n<title>")
	escapeHTML(&b, subject)
	b.WriteString("</title>\n</head>\n<body style=\"" + styleBody + "\">\n<div role=\"article\" aria-label=\"")
	escapeHTML(&b, subject)
	b.WriteString("\" lang=\"")
	b.WriteString(cc.lang)
	b.WriteString("\" style=\"" + styleArticle)
	b.WriteString(cc.l.font)
	b.WriteString(";\">\n")
	for i, bl := range cc.blocks {
		if st := cc.static[i]; st.ok {
			b.WriteString(st.html)
			continue
		}
		cc.blockHTML(&b, bl, v)
	}
	b.WriteString("</div>\n</body>\n</html>\n")
	return b.String()
}

func (cc *compiledContent) blockHTML(b *strings.Builder, bl block, v *values) {
	switch bl.kind {
	case blockHeading:
		b.WriteString("<h2 style=\"" + styleH2 + "\">")
		inlineHTML(b, bl.lines[0], v)
		b.WriteString("</h2>\n")
	case blockParagraph:
		b.WriteString("<p style=\"" + styleP + "\">")
		for i, l := range bl.lines {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			inlineHTML(b, l, v)
		}
		b.WriteString("</p>\n")
	case blockList:
		b.WriteString("<ul style=\"" + styleUL + "\">\n")
		for _, l := range bl.lines {
			b.WriteString("<li style=\"" + styleLI + "\">")
			inlineHTML(b, l, v)
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n")
	case blockCategories:
		b.WriteString("<ul style=\"" + styleUL + "\">\n")
		for _, item := range categoryItems(v) {
			b.WriteString("<li style=\"" + styleLI + "\">")
			escapeHTML(b, item)
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n")
	}
}

func inlineHTML(b *strings.Builder, segs []segment, v *values) {
	for _, sg := range segs {
		switch sg.kind {
		case segText:
			escapeHTML(b, sg.text)
		case segBoldOpen:
			b.WriteString("<strong>")
		case segBoldClose:
			b.WriteString("</strong>")
		case segLink:
			link(b, sg.text, sg.text)
		case segValue:
			valueHTML(b, sg.ph, v.v[sg.ph])
		case segNote:
			b.WriteString("<mark>")
			escapeHTML(b, sg.text)
			b.WriteString("</mark>")
		}
	}
}

// valueHTML writes a value; the template's contact values become links a
// phone can follow.
func valueHTML(b *strings.Builder, ph placeholder, s string) {
	switch {
	case ph == phUpdatesURL && strings.HasPrefix(s, "https://") && !strings.ContainsAny(s, " \"<>"):
		link(b, s, s)
	case ph == phInbox && strings.Count(s, "@") == 1 && !strings.ContainsAny(s, " \"<>:?"):
		link(b, "mailto:"+s, s)
	case ph == phHotline && telURI(s) != "":
		link(b, telURI(s), s)
	default:
		escapeHTML(b, s)
	}
}

func link(b *strings.Builder, href, text string) {
	b.WriteString("<a href=\"")
	escapeHTML(b, href)
	b.WriteString("\" style=\"" + styleA + "\">")
	escapeHTML(b, text)
	b.WriteString("</a>")
}

// telURI is the tel: link of a phone number as people write it ("+49 30
// 1234-567"), "" when it is not one.
func telURI(s string) string {
	digits := make([]byte, 0, len(s)+4)
	digits = append(digits, "tel:"...)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' && len(digits) == len("tel:"):
			digits = append(digits, c)
		case c == ' ' || c == '-' || c == '/' || c == '(' || c == ')' || c == '.':
		default:
			return ""
		}
	}
	if len(digits)-len("tel:") < 3 {
		return ""
	}
	return string(digits)
}

// escapeHTML writes s with &, <, >, " and ' escaped.
func escapeHTML(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}
