package public

import (
	"html/template"
	"strings"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// markdownHTML renders a statement's Markdown-light body with the same
// parser as the mails and letters, so that they agree on what it means.
// Every text is escaped; links are https addresses the parser checked.
func markdownHTML(body string) template.HTML {
	var b strings.Builder
	for _, blk := range notify.ParseMarkdown(body) {
		switch blk.Kind {
		case "heading":
			b.WriteString("<h4>")
			writeLines(&b, blk.Lines, "")
			b.WriteString("</h4>\n")
		case "list":
			b.WriteString("<ul>\n")
			for _, l := range blk.Lines {
				b.WriteString("<li>")
				writeSpans(&b, l)
				b.WriteString("</li>\n")
			}
			b.WriteString("</ul>\n")
		default:
			b.WriteString("<p>")
			writeLines(&b, blk.Lines, "<br>\n")
			b.WriteString("</p>\n")
		}
	}
	return template.HTML(b.String())
}

func writeLines(b *strings.Builder, lines [][]notify.Span, sep string) {
	for i, l := range lines {
		if i > 0 {
			b.WriteString(sep)
		}
		writeSpans(b, l)
	}
}

func writeSpans(b *strings.Builder, spans []notify.Span) {
	for _, sp := range spans {
		text := template.HTMLEscapeString(sp.Text)
		if sp.Link && strings.HasPrefix(sp.Text, "https://") {
			text = `<a href="` + text + `" rel="nofollow noopener">` + text + `</a>`
		}
		if sp.Bold {
			text = "<strong>" + text + "</strong>"
		}
		b.WriteString(text)
	}
}

// plainText is a body without markup, for the JSON and the feeds.
func plainText(body string) string {
	var b strings.Builder
	for i, blk := range notify.ParseMarkdown(body) {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for j, l := range blk.Lines {
			if j > 0 {
				b.WriteString("\n")
			}
			if blk.Kind == "list" {
				b.WriteString("- ")
			}
			for _, sp := range l {
				b.WriteString(sp.Text)
			}
		}
	}
	return b.String()
}
