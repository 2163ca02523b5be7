package pdfdoc

// The Markdown subset, parsed by hand: ATX headings (# to ###; deeper
// levels render as ###), paragraphs, bullet lists (-, *, +) and numbered
// lists (1. or 1)), nested by indentation, horizontal rules (---, ***,
// ___), hard line breaks (a trailing backslash or two trailing spaces),
// and inline **bold**, *italic*, `code`, [links](url) and backslash
// escapes. Everything else is text: a stray "*" or "[" prints as itself.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type blockKind int

const (
	blockParagraph blockKind = iota
	blockHeading
	blockBullet
	blockNumbered
	blockRule
)

// maxListDepth bounds list nesting; deeper items stay at this depth.
const maxListDepth = 3

// block is one block of the document.
type block struct {
	kind   blockKind
	level  int    // heading level 1..3; list depth 0..maxListDepth
	number string // the numbered list item's number as written
	text   string // inline Markdown; "\n" is a hard line break
	// hardBreak says the last line ended in a hard break, so the next
	// continuation line joins with "\n" instead of a space.
	hardBreak bool
}

// parseBlocks splits a document into blocks.
func parseBlocks(md string) []block {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	md = strings.ReplaceAll(md, "\r", "\n")
	md = strings.ReplaceAll(md, "\t", "    ")
	var out []block
	open := false // the last block takes continuation lines
	for _, raw := range strings.Split(md, "\n") {
		content := strings.TrimLeft(raw, " ")
		indent := len(raw) - len(content)
		if strings.TrimSpace(content) == "" {
			open = false
			continue
		}
		text, hard := lineEnd(content)
		switch {
		case isRule(content):
			out = append(out, block{kind: blockRule})
			open = false
			continue
		case headingLevel(content) > 0:
			level := headingLevel(content)
			out = append(out, block{kind: blockHeading, level: min(level, 3), text: headingText(text[level:])})
			open = false
			continue
		}
		if kind, number, rest, ok := listItem(text); ok {
			out = append(out, block{kind: kind, level: min(indent/2, maxListDepth), number: number, text: rest, hardBreak: hard})
			open = true
			continue
		}
		if open {
			b := &out[len(out)-1]
			sep := " "
			if b.hardBreak {
				sep = "\n"
			}
			b.text += sep + text
			b.hardBreak = hard
			continue
		}
		out = append(out, block{kind: blockParagraph, text: text, hardBreak: hard})
		open = true
	}
	return out
}

// lineEnd trims a line's end and reports a hard break: two or more
// trailing spaces, or a trailing backslash that is not itself escaped.
func lineEnd(s string) (string, bool) {
	trimmed := strings.TrimRight(s, " ")
	if len(s)-len(trimmed) >= 2 {
		return trimmed, true
	}
	n := len(trimmed) - len(strings.TrimRight(trimmed, "\\"))
	if n%2 == 1 {
		return strings.TrimRight(trimmed[:len(trimmed)-1], " "), true
	}
	return trimmed, false
}

// isRule reports a horizontal rule: three or more of the same of - * _,
// and spaces, alone on a line.
func isRule(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || !strings.ContainsRune("-*_", rune(s[0])) {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case s[0]:
			n++
		case ' ':
		default:
			return false
		}
	}
	return n >= 3
}

// headingLevel is the number of leading "#" of an ATX heading (1..6), 0
// when the line is not one.
func headingLevel(s string) int {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n < len(s) && s[n] != ' ' {
		return 0
	}
	return n
}

// headingText drops the optional closing "#" sequence.
func headingText(s string) string {
	s = strings.TrimSpace(s)
	if t := strings.TrimRight(s, "#"); t != s && (t == "" || strings.HasSuffix(t, " ")) && !strings.HasSuffix(t, "\\") {
		s = strings.TrimSpace(t)
	}
	return s
}

// listItem recognises "- text", "* text", "+ text", "12. text", "12) text".
func listItem(s string) (blockKind, string, string, bool) {
	if len(s) >= 2 && strings.ContainsRune("-*+", rune(s[0])) && s[1] == ' ' {
		return blockBullet, "", strings.TrimLeft(s[2:], " "), true
	}
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' ' {
		return blockNumbered, s[:i], strings.TrimLeft(s[i+2:], " "), true
	}
	return 0, "", "", false
}

// span is a run of text in one style.
type span struct {
	text         string
	bold, italic bool
	code         bool
	link         string // the address the text links to
	br           bool   // a hard line break; text is empty
}

type pieceKind int

const (
	pieceText pieceKind = iota
	pieceCode
	pieceDelim
	pieceLink
	pieceBreak
)

// piece is a token of a line before emphasis is matched.
type piece struct {
	kind     pieceKind
	text     string // text; the code; the delimiter ("*" or "**"); the label
	url      string
	canOpen  bool
	canClose bool
	opens    bool // matched as an opener
	closes   bool // matched as a closer
}

// parseInline turns inline Markdown into styled spans.
func parseInline(s string) []span {
	return render(match(tokenize(s, true)))
}

// tokenize splits s into text, code, delimiter, link and break pieces.
// Links are recognised only when links is set (not inside a label).
func tokenize(s string, links bool) []piece {
	var out []piece
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			out = append(out, piece{kind: pieceText, text: text.String()})
			text.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			text.WriteByte(s[i+1])
			i += 2
		case c == '\n':
			flush()
			out = append(out, piece{kind: pieceBreak})
			i++
		case c == '`':
			n := runLen(s, i, '`')
			if end := closingBackticks(s, i+n, n); end >= 0 {
				flush()
				out = append(out, piece{kind: pieceCode, text: codeText(s[i+n : end])})
				i = end + n
				continue
			}
			text.WriteString(s[i : i+n])
			i += n
		case c == '[' && links:
			label, url, next, ok := linkAt(s, i)
			if !ok {
				text.WriteByte(c)
				i++
				continue
			}
			flush()
			out = append(out, piece{kind: pieceLink, text: label, url: url})
			i = next
		case c == '*':
			n := runLen(s, i, '*')
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+n:])
			canOpen := i+n < len(s) && !unicode.IsSpace(next)
			canClose := i > 0 && !unicode.IsSpace(prev)
			flush()
			var delims []string
			switch {
			case n == 1:
				delims = []string{"*"}
			case n == 2:
				delims = []string{"**"}
			case canClose && !canOpen:
				delims = []string{"*", "**"} // close the inner one first
			default:
				delims = []string{"**", "*"}
			}
			for _, d := range delims {
				out = append(out, piece{kind: pieceDelim, text: d, canOpen: canOpen, canClose: canClose})
			}
			if n > 3 {
				text.WriteString(strings.Repeat("*", n-3))
			}
			i += n
		default:
			text.WriteByte(c)
			i++
		}
	}
	flush()
	return out
}

func isASCIIPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
}

func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// closingBackticks finds a run of exactly n backticks from i on, -1 when
// there is none.
func closingBackticks(s string, i, n int) int {
	for i < len(s) {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		j += i
		m := runLen(s, j, '`')
		if m == n {
			return j
		}
		i = j + m
	}
	return -1
}

// codeText strips one space on each side when both are there, as
// CommonMark does, and turns line breaks into spaces.
func codeText(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) >= 2 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.TrimSpace(s) != "" {
		s = s[1 : len(s)-1]
	}
	return s
}

// linkAt parses "[label](url)" at s[i]; the label may hold escapes and
// nested brackets, the url may not hold spaces or unescaped parentheses.
func linkAt(s string, i int) (label, url string, next int, ok bool) {
	depth := 0
	j := i
	for ; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
			continue
		case '\n':
			return "", "", 0, false
		case '[':
			depth++
		case ']':
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if j >= len(s) || j+1 >= len(s) || s[j+1] != '(' {
		return "", "", 0, false
	}
	var u strings.Builder
	for k := j + 2; k < len(s); k++ {
		c := s[k]
		switch {
		case c == ')':
			url = strings.TrimSpace(u.String())
			if strings.ContainsRune(url, ' ') {
				return "", "", 0, false
			}
			return s[i+1 : j], url, k + 1, true
		case c == '\\' && k+1 < len(s) && isASCIIPunct(s[k+1]):
			k++
			u.WriteByte(s[k])
		case c == '(' || c == '\n':
			return "", "", 0, false
		default:
			u.WriteByte(c)
		}
	}
	return "", "", 0, false
}

// match pairs emphasis delimiters: a closer takes the nearest open
// delimiter of the same kind; delimiters left open between them, and any
// left unmatched, print as text.
func match(ps []piece) []piece {
	stacks := map[string][]int{}
	for i := range ps {
		p := &ps[i]
		if p.kind != pieceDelim {
			continue
		}
		if p.canClose {
			if st := stacks[p.text]; len(st) > 0 {
				o := st[len(st)-1]
				stacks[p.text] = st[:len(st)-1]
				ps[o].opens, p.closes = true, true
				for d, other := range stacks {
					for len(other) > 0 && other[len(other)-1] > o {
						other = other[:len(other)-1]
					}
					stacks[d] = other
				}
				continue
			}
		}
		if p.canOpen {
			stacks[p.text] = append(stacks[p.text], i)
		}
	}
	return ps
}

// render turns matched pieces into spans.
func render(ps []piece) []span {
	var out []span
	bold, italic := 0, 0
	emit := func(s span) {
		if n := len(out); n > 0 && !s.br && !out[n-1].br && s.link == "" && out[n-1].link == "" &&
			out[n-1].bold == s.bold && out[n-1].italic == s.italic && out[n-1].code == s.code {
			out[n-1].text += s.text
			return
		}
		out = append(out, s)
	}
	for _, p := range ps {
		switch p.kind {
		case pieceText:
			emit(span{text: p.text, bold: bold > 0, italic: italic > 0})
		case pieceBreak:
			out = append(out, span{br: true})
		case pieceCode:
			emit(span{text: p.text, code: true, bold: bold > 0, italic: italic > 0})
		case pieceDelim:
			counter := &italic
			if p.text == "**" {
				counter = &bold
			}
			switch {
			case p.opens:
				*counter++
			case p.closes:
				*counter--
			default:
				emit(span{text: p.text, bold: bold > 0, italic: italic > 0})
			}
		case pieceLink:
			label := plainText(p.text)
			if label == "" {
				label = p.url
			}
			out = append(out, span{text: label, link: p.url, bold: bold > 0, italic: italic > 0})
			if p.url != "" && p.url != label {
				emit(span{text: " (" + p.url + ")", bold: bold > 0, italic: italic > 0})
			}
		}
	}
	return out
}

// plainText is the text of inline Markdown without its markup, for link
// labels.
func plainText(s string) string {
	var b strings.Builder
	for _, sp := range render(match(tokenize(s, false))) {
		if sp.br {
			b.WriteByte(' ')
		}
		b.WriteString(sp.text)
	}
	return b.String()
}
