package notify

import "strings"

// text is the e-mail's text part: paragraphs and lists wrapped at 76
// columns, headings underlined, bold dropped, links as they are.
func (cc *compiledContent) text(v *values) string {
	var b strings.Builder
	b.Grow(cc.textHint)
	for i, bl := range cc.blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if st := cc.static[i]; st.ok {
			b.WriteString(st.text)
			continue
		}
		cc.blockText(&b, bl, v)
	}
	return b.String()
}

func (cc *compiledContent) blockText(b *strings.Builder, bl block, v *values) {
	var line strings.Builder
	switch bl.kind {
	case blockHeading:
		s := lineText(&line, bl.lines[0], v)
		wrapLine(b, s, "", "")
		b.WriteString(strings.Repeat("-", min(displayWidth(s), textWidth)))
		b.WriteByte('\n')
	case blockParagraph:
		for _, l := range bl.lines {
			wrapLine(b, lineText(&line, l, v), "", "")
		}
	case blockList:
		for _, l := range bl.lines {
			wrapLine(b, lineText(&line, l, v), "- ", "  ")
		}
	case blockCategories:
		for _, item := range categoryItems(v) {
			wrapLine(b, item, "- ", "  ")
		}
	}
}

// categoryItems are the list items of a {{categories}} line: one per
// category, or the placeholder itself in a preview of a person without.
func categoryItems(v *values) []string {
	if len(v.cats) == 0 {
		return []string{v.v[phCategories]}
	}
	items := make([]string, len(v.cats))
	for i, c := range v.cats {
		items[i] = upperFirst(c)
	}
	return items
}

// lineText is a line's text with the values filled, in a reused builder.
func lineText(b *strings.Builder, segs []segment, v *values) string {
	b.Reset()
	for _, sg := range segs {
		switch sg.kind {
		case segText, segLink, segNote:
			b.WriteString(sg.text)
		case segValue:
			b.WriteString(v.v[sg.ph])
		}
	}
	return b.String()
}

// subjectText is the subject with the values filled.
func (cc *compiledContent) subjectText(v *values) string {
	var b strings.Builder
	return lineText(&b, cc.subject, v)
}
