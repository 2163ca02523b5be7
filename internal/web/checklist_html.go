package web

import (
	"html/template"
	"strings"
)

// checklistHTML writes the <li> items of a task's checklist. It is the one
// piece of the incident page built in Go rather than by the template: an
// incident may show thousands of items, and each template action costs
// about a microsecond and a half with contextual escaping. Every text is
// escaped with template.HTMLEscapeString; the only other values are the
// item numbers and fixed class names.
func checklistHTML(items []itemView, interactive bool, tickedLabel string) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 160)
	for _, it := range items {
		b.WriteString("<li")
		if it.Done {
			b.WriteString(` class="inc-ticked"`)
		}
		b.WriteString(">")
		switch {
		case interactive:
			b.WriteString(`<button class="inc-tick" name="tick" value="`)
			b.WriteString(template.HTMLEscapeString(it.Value))
			b.WriteString(`"><span class="visually-hidden">`)
			b.WriteString(template.HTMLEscapeString(it.Action))
			b.WriteString(`: </span><span>`)
			b.WriteString(template.HTMLEscapeString(it.Text))
			b.WriteString("</span></button>")
		case it.Done:
			b.WriteString(`<span><span class="visually-hidden">`)
			b.WriteString(template.HTMLEscapeString(tickedLabel))
			b.WriteString(": </span>")
			b.WriteString(template.HTMLEscapeString(it.Text))
			b.WriteString("</span>")
		default:
			b.WriteString("<span>")
			b.WriteString(template.HTMLEscapeString(it.Text))
			b.WriteString("</span>")
		}
		b.WriteString("</li>\n")
	}
	return template.HTML(b.String())
}
