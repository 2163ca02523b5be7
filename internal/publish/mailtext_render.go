package publish

// A mail of the public side is written once as a small document (headings,
// paragraphs, lists, links, a statement's Markdown-light body) and rendered
// twice, as plain text and as simple HTML, so that both parts always say
// the same.

import (
	"html"
	"strings"

	"github.com/breachdesk/breachdesk/internal/notify"
)

type blockKind uint8

const (
	bPara blockKind = iota
	bHeading
	bList
	bLink     // text, then the address on its own line
	bMarkdown // a statement's body
	bSmall    // the footer
)

type mailBlock struct {
	kind  blockKind
	text  string
	items []string
	href  string
	md    []notify.MarkdownBlock
}

// mailDoc is one mail's content in one language.
type mailDoc struct {
	lang    string
	subject string
	blocks  []mailBlock
}

func (d *mailDoc) para(text string) { d.blocks = append(d.blocks, mailBlock{kind: bPara, text: text}) }
func (d *mailDoc) heading(text string) {
	d.blocks = append(d.blocks, mailBlock{kind: bHeading, text: text})
}
func (d *mailDoc) list(items []string) {
	d.blocks = append(d.blocks, mailBlock{kind: bList, items: items})
}
func (d *mailDoc) link(text, href string) {
	d.blocks = append(d.blocks, mailBlock{kind: bLink, text: text, href: href})
}
func (d *mailDoc) small(lines ...string) {
	d.blocks = append(d.blocks, mailBlock{kind: bSmall, items: lines})
}
func (d *mailDoc) markdown(body string) {
	d.blocks = append(d.blocks, mailBlock{kind: bMarkdown, md: notify.ParseMarkdown(body)})
}
func (d *mailDoc) message() (text, html string) { return d.text(), d.html() }

// text renders the plain-text part.
func (d *mailDoc) text() string {
	var b strings.Builder
	for i, bl := range d.blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		switch bl.kind {
		case bPara:
			b.WriteString(bl.text + "\n")
		case bHeading:
			b.WriteString(bl.text + "\n" + strings.Repeat("=", min(len([]rune(bl.text)), 76)) + "\n")
		case bList:
			for _, it := range bl.items {
				b.WriteString("- " + it + "\n")
			}
		case bLink:
			b.WriteString(bl.text + "\n" + bl.href + "\n")
		case bMarkdown:
			markdownText(&b, bl.md)
		case bSmall:
			b.WriteString("-- \n")
			for _, l := range bl.items {
				b.WriteString(l + "\n")
			}
		}
	}
	return b.String()
}

func markdownText(b *strings.Builder, md []notify.MarkdownBlock) {
	for i, mb := range md {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, line := range mb.Lines {
			if mb.Kind == "list" {
				b.WriteString("- ")
			}
			for _, sp := range line {
				b.WriteString(sp.Text)
			}
			b.WriteString("\n")
		}
	}
}

// html renders the HTML part: inline styles only (mail clients drop
// style sheets), nothing loaded from elsewhere.
func (d *mailDoc) html() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="` + html.EscapeString(d.lang) + `"><head><meta charset="utf-8"><title>` +
		html.EscapeString(d.subject) + `</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em">` + "\n")
	for _, bl := range d.blocks {
		switch bl.kind {
		case bPara:
			b.WriteString("<p>" + html.EscapeString(bl.text) + "</p>\n")
		case bHeading:
			b.WriteString(`<h2 style="font-size:20px">` + html.EscapeString(bl.text) + "</h2>\n")
		case bList:
			b.WriteString("<ul>")
			for _, it := range bl.items {
				b.WriteString("<li>" + html.EscapeString(it) + "</li>")
			}
			b.WriteString("</ul>\n")
		case bLink:
			b.WriteString("<p>" + html.EscapeString(bl.text) + `<br><a href="` + html.EscapeString(bl.href) + `">` +
				html.EscapeString(bl.href) + "</a></p>\n")
		case bMarkdown:
			markdownHTML(&b, bl.md)
		case bSmall:
			b.WriteString(`<p style="font-size:13px;color:#555;border-top:1px solid #ccc;padding-top:8px">`)
			for i, l := range bl.items {
				if i > 0 {
					b.WriteString("<br>")
				}
				b.WriteString(html.EscapeString(l))
			}
			b.WriteString("</p>\n")
		}
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

func markdownHTML(b *strings.Builder, md []notify.MarkdownBlock) {
	for _, mb := range md {
		switch mb.Kind {
		case "heading":
			b.WriteString(`<h3 style="font-size:18px">`)
			for _, line := range mb.Lines {
				spansHTML(b, line)
			}
			b.WriteString("</h3>\n")
		case "list":
			b.WriteString("<ul>")
			for _, line := range mb.Lines {
				b.WriteString("<li>")
				spansHTML(b, line)
				b.WriteString("</li>")
			}
			b.WriteString("</ul>\n")
		default:
			b.WriteString("<p>")
			for i, line := range mb.Lines {
				if i > 0 {
					b.WriteString("<br>")
				}
				spansHTML(b, line)
			}
			b.WriteString("</p>\n")
		}
	}
}

func spansHTML(b *strings.Builder, spans []notify.Span) {
	for _, sp := range spans {
		t := html.EscapeString(sp.Text)
		if sp.Link {
			t = `<a href="` + t + `">` + t + "</a>"
		}
		if sp.Bold {
			t = "<strong>" + t + "</strong>"
		}
		b.WriteString(t)
	}
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
