package notify

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Markdown-light is what template bodies and letter bodies are written in:
//
//   - a blank line separates paragraphs; a single line break stays a line
//     break (comms teams write letters, not Markdown);
//   - "## " (or "# ", "### ") starts a heading;
//   - "- " starts a list item;
//   - **bold**; bare https:// links;
//   - a backslash before *, \ or { writes it as it is;
//   - {{placeholder}} in templates, and [[notes to the authors]] that
//     keep the template from being sent until they are replaced;
//   - a line holding only {{categories}} (or
//     "- {{categories}}") becomes a list of the person's categories.

type segKind uint8

const (
	segText segKind = iota
	segBoldOpen
	segBoldClose
	segLink  // text is the URL
	segValue // a placeholder
	segNote  // an editor's note, "[[...]]"
)

// segment is a piece of a line.
type segment struct {
	kind segKind
	text string
	ph   placeholder
}

type blockKind uint8

const (
	blockParagraph blockKind = iota
	blockHeading
	blockList
	blockCategories // the person's categories, one item each
)

// block is a paragraph (lines), a heading (one line) or a list (items).
type block struct {
	kind  blockKind
	lines [][]segment
}

// parseError is a problem in a body, at a line.
type parseError struct {
	line int
	msg  string
}

func (e *parseError) Error() string { return "line " + strconv.Itoa(e.line) + ": " + e.msg }

// parseBody splits a body into blocks. With placeholders off (a filled
// letter body), "{{" is text like any other.
func parseBody(body string, placeholders bool) ([]block, placeholderSet, error) {
	var blocks []block
	var uses placeholderSet
	open := -1 // index of the paragraph or list that the next line may continue
	for i, raw := range strings.Split(body, "\n") {
		ln := i + 1
		line := strings.Trim(raw, " \t\r")
		switch {
		case line == "":
			open = -1
		case headingText(line) != "":
			segs, err := parseInline(headingText(line), ln, placeholders, &uses)
			if err != nil {
				return nil, 0, err
			}
			blocks = append(blocks, block{kind: blockHeading, lines: [][]segment{segs}})
			open = -1
		case placeholders && isCategoriesLine(line):
			uses.add(phCategories)
			blocks = append(blocks, block{kind: blockCategories})
			open = -1
		default:
			kind, text := blockParagraph, line
			if item, ok := strings.CutPrefix(line, "- "); ok {
				kind, text = blockList, strings.TrimLeft(item, " \t")
			}
			segs, err := parseInline(text, ln, placeholders, &uses)
			if err != nil {
				return nil, 0, err
			}
			if open < 0 || blocks[open].kind != kind {
				blocks = append(blocks, block{kind: kind})
				open = len(blocks) - 1
			}
			blocks[open].lines = append(blocks[open].lines, segs)
		}
	}
	return blocks, uses, nil
}

// headingText is the text of a heading line, "" when line is none.
func headingText(line string) string {
	hashes := 0
	for hashes < len(line) && line[hashes] == '#' {
		hashes++
	}
	if hashes == 0 || hashes > 3 || hashes >= len(line) || line[hashes] != ' ' {
		return ""
	}
	return strings.TrimSpace(line[hashes:])
}

// isCategoriesLine reports whether line is "{{categories}}" alone, as a
// paragraph line or a list item.
func isCategoriesLine(line string) bool {
	line = strings.TrimSpace(strings.TrimPrefix(line, "- "))
	inner, ok := strings.CutPrefix(line, "{{")
	if !ok {
		return false
	}
	inner, ok = strings.CutSuffix(inner, "}}")
	return ok && strings.TrimSpace(inner) == "categories"
}

// parseInline splits one line into text, bold markers, links and
// placeholders.
func parseInline(s string, ln int, placeholders bool, uses *placeholderSet) ([]segment, error) {
	var segs []segment
	var lit strings.Builder
	var bold []int                          // indexes of "**" markers in segs
	lastClose := strings.LastIndex(s, "]]") // a note ends before it
	flush := func() {
		if lit.Len() > 0 {
			segs = append(segs, segment{kind: segText, text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		switch rest := s[i:]; {
		case rest[0] == '\\' && len(rest) > 1 && strings.IndexByte(`*\{`, rest[1]) >= 0:
			lit.WriteByte(rest[1])
			i += 2
		case placeholders && strings.HasPrefix(rest, "{{"):
			p, n, err := parsePlaceholder(rest, ln)
			if err != nil {
				return nil, err
			}
			flush()
			segs = append(segs, segment{kind: segValue, ph: p})
			uses.add(p)
			i += n
		case placeholders && strings.HasPrefix(rest, "[[") && i+2 <= lastClose:
			n := 2 + strings.Index(rest[2:], "]]") + 2
			flush()
			segs = append(segs, segment{kind: segNote, text: rest[:n]})
			uses.add(phNote)
			i += n
		case strings.HasPrefix(rest, "**"):
			flush()
			bold = append(bold, len(segs))
			segs = append(segs, segment{kind: segBoldOpen})
			i += 2
		case strings.HasPrefix(rest, "https://") && linkMayFollow(s[:i]):
			n := linkLength(rest)
			if n == 0 {
				lit.WriteString("https://")
				i += len("https://")
				break
			}
			flush()
			segs = append(segs, segment{kind: segLink, text: rest[:n]})
			i += n
		default:
			lit.WriteByte(rest[0])
			i++
		}
	}
	flush()
	return pairBold(segs, bold), nil
}

// parsePlaceholder reads "{{name}}" at the start of s and returns it and
// its length.
func parsePlaceholder(s string, ln int) (placeholder, int, error) {
	end := strings.Index(s[2:], "}}")
	if end < 0 {
		return phNone, 0, &parseError{ln, "{{ is not closed with }}"}
	}
	name := strings.TrimSpace(s[2 : 2+end])
	p := placeholderByName(name)
	if p == phNone {
		return phNone, 0, &parseError{ln, "unknown placeholder " + quoteName(name)}
	}
	return p, 2 + end + 2, nil
}

// quoteName shows a placeholder name the author typed, when it looks like
// one, so that the message stays short and holds nothing else.
func quoteName(name string) string {
	if name == "" || len(name) > 40 {
		return "(see the placeholder list)"
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return "(see the placeholder list)"
		}
	}
	return "{{" + name + "}}"
}

// pairBold turns "**" markers into opening and closing ones, pairwise; an
// odd one out is text.
func pairBold(segs []segment, bold []int) []segment {
	for k := 0; k+1 < len(bold); k += 2 {
		segs[bold[k+1]].kind = segBoldClose
	}
	if len(bold)%2 == 1 {
		segs[bold[len(bold)-1]] = segment{kind: segText, text: "**"}
		segs = mergeText(segs)
	}
	return segs
}

// mergeText joins neighbouring text segments.
func mergeText(segs []segment) []segment {
	out := segs[:0]
	for _, sg := range segs {
		if n := len(out); n > 0 && sg.kind == segText && out[n-1].kind == segText {
			out[n-1].text += sg.text
			continue
		}
		out = append(out, sg)
	}
	return out
}

// linkMayFollow reports whether a link may start after before: at the
// start, after a space or punctuation, or after non-Latin text ("访问
// https://...").
func linkMayFollow(before string) bool {
	if before == "" {
		return true
	}
	c := before[len(before)-1]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '\\')
}

// linkLength is the length of the bare link at the start of s, without
// trailing punctuation; 0 when there is no host or a placeholder is part
// of it (the whole is then text and placeholders).
func linkLength(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if r == ' ' || r == '\t' || r == '<' || r == '>' || r == '"' || isWide(r) {
			break
		}
		if strings.HasPrefix(s[n:], "{{") {
			return 0
		}
		n += size
	}
	for n > len("https://") {
		r, size := utf8.DecodeLastRuneInString(s[:n])
		if !strings.ContainsRune(".,;:!?)]}'*", r) {
			break
		}
		n -= size
	}
	if n <= len("https://") {
		return 0
	}
	return n
}

// MarkdownBlock is one block of a Markdown-light body, for renderers of
// letters: Kind is "paragraph" (Lines are its lines), "heading" (one line)
// or "list" (Lines are its items).
type MarkdownBlock struct {
	Kind  string
	Lines [][]Span
}

// Span is a run of text of one style.
type Span struct {
	Text string
	Bold bool
	Link bool // Text is an https:// address
}

// ParseMarkdown reads a Markdown-light body as Letter.Body holds it, so
// that the PDF renderer and the e-mail agree on what the markup means.
func ParseMarkdown(body string) []MarkdownBlock {
	blocks, _, _ := parseBody(body, false)
	out := make([]MarkdownBlock, 0, len(blocks))
	for _, b := range blocks {
		mb := MarkdownBlock{Kind: [...]string{"paragraph", "heading", "list", "list"}[b.kind]}
		for _, line := range b.lines {
			mb.Lines = append(mb.Lines, spans(line))
		}
		out = append(out, mb)
	}
	return out
}

func spans(line []segment) []Span {
	var out []Span
	bold := false
	for _, sg := range line {
		switch sg.kind {
		case segBoldOpen, segBoldClose:
			bold = sg.kind == segBoldOpen
		case segText, segLink:
			out = append(out, Span{Text: sg.text, Bold: bold, Link: sg.kind == segLink})
		}
	}
	return out
}
