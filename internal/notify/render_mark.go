package notify

import "strings"

// mark is the letter's body: Markdown-light with the values filled, each
// value escaped so that a name cannot turn into a heading or bold text.
func (cc *compiledContent) mark(v *values) string {
	var b strings.Builder
	b.Grow(cc.textHint)
	for i, bl := range cc.blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if st := cc.static[i]; st.ok {
			b.WriteString(st.mark)
			continue
		}
		cc.blockMark(&b, bl, v)
	}
	return b.String()
}

func (cc *compiledContent) blockMark(b *strings.Builder, bl block, v *values) {
	var line strings.Builder
	switch bl.kind {
	case blockHeading:
		b.WriteString("## ")
		b.WriteString(lineMark(&line, bl.lines[0], v))
		b.WriteByte('\n')
	case blockParagraph:
		for i, l := range bl.lines {
			s := lineMark(&line, l, v)
			if strings.HasPrefix(s, "#") || strings.HasPrefix(s, "- ") {
				b.WriteByte('\\') // text, not a heading or an item
			}
			b.WriteString(s)
			if i < len(bl.lines)-1 {
				// A line break stays one, also for Markdown readers
				// that join a paragraph's lines.
				b.WriteString("  ")
			}
			b.WriteByte('\n')
		}
	case blockList:
		for _, l := range bl.lines {
			b.WriteString("- ")
			b.WriteString(lineMark(&line, l, v))
			b.WriteByte('\n')
		}
	case blockCategories:
		for _, item := range categoryItems(v) {
			b.WriteString("- ")
			escapeMark(b, item)
			b.WriteByte('\n')
		}
	}
}

func lineMark(b *strings.Builder, segs []segment, v *values) string {
	b.Reset()
	for _, sg := range segs {
		switch sg.kind {
		case segText, segNote:
			escapeMark(b, sg.text)
		case segBoldOpen, segBoldClose:
			b.WriteString("**")
		case segLink:
			b.WriteString(sg.text)
		case segValue:
			escapeMark(b, v.v[sg.ph])
		}
	}
	return b.String()
}

// escapeMark writes s so that ParseMarkdown reads it back as the same
// text: a backslash before another escapable character, and "**", are
// escaped; a lone * stays as it is.
func escapeMark(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte(markEscapable, s[i+1]) >= 0,
			c == '\\' && i+1 == len(s),
			c == '*' && (i+1 < len(s) && s[i+1] == '*' || i > 0 && s[i-1] == '*'):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
}

// markEscapable are the characters a backslash escapes.
const markEscapable = `*\{#-`
