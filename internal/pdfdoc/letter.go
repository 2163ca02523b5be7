package pdfdoc

// Letters to affected persons, laid out after DIN 5008 form B on A4:
//
//   - letterhead lines at the top right, the first in bold;
//   - the address field 20 mm from the left and 45 mm from the top,
//     85 x 45 mm, fitting a window envelope (DL or C5/6 with a window on the
//     left): the return address line small at the foot of its upper
//     17.7 mm, the recipient's lines in the 27.3 mm below, set 5 mm in;
//   - the date right-aligned below the address field, the subject in bold
//     at 103.46 mm, then the body (Markdown-light, see markdown.go);
//   - fold marks at 105 mm and 210 mm and the punch mark at 148.5 mm on
//     the left edge of the first page;
//   - in the footer of every page the delivery's reference small on the
//     left and "Seite 1 von 2" / "Page 1 of 2" / "第 1 页，共 2 页" on the
//     right, counted per letter.
//
// Many letters make one PDF for a print house, each letter starting on a
// new page. With PadForDuplex a letter with an odd number of pages gets a
// blank page after it, so that printed on both sides no letter starts on
// the back of another person's letter.

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// LetterRenderer renders letters to PDF. It implements
// notify.LetterRenderer and is safe for concurrent use.
type LetterRenderer struct {
	// PadForDuplex adds a blank page after each letter that has an odd
	// number of pages, when a PDF holds more than one letter (a print
	// house's batch). A single letter is never padded.
	PadForDuplex bool
	// Created is the creation date written into every PDF. It is fixed,
	// not the time of rendering, so the same letters give the same bytes.
	Created time.Time
}

var _ notify.LetterRenderer = (*LetterRenderer)(nil)

// defaultCreated is the creation date when none is set.
var defaultCreated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// NewLetterRenderer loads the embedded fonts (once per process) and
// returns a renderer that pads batches for duplex printing.
func NewLetterRenderer() (*LetterRenderer, error) {
	if err := loadFonts(); err != nil {
		return nil, err
	}
	return &LetterRenderer{PadForDuplex: true, Created: defaultCreated}, nil
}

// Page geometry in millimetres.
const (
	pageW          = 210.0
	pageH          = 297.0
	letterLeft     = 25.0 // DIN 5008: at least 24.1 mm
	letterRight    = 20.0
	letterTop      = 20.0 // pages after the first
	letterBottom   = 25.0 // room for the footer
	headRightX     = pageW - letterRight
	headTopY       = 12.0
	headBottomY    = 42.0
	fieldX         = 20.0
	fieldY         = 45.0
	fieldW         = 85.0
	fieldH         = 45.0
	fieldInset     = 5.0 // text starts 5 mm into the field
	returnZoneH    = 17.7
	addressZoneH   = 27.3
	addressLines   = 6
	maxAddressLine = 9
	dateY          = 93.0
	subjectY       = 103.46
	footerTextY    = pageH - 14.0
	foldMark1Y     = 105.0
	foldMark2Y     = 210.0
	punchMarkY     = pageH / 2

	letterSize     = 10.0
	letterLine     = 4.8
	smallSizeL     = 7.0
	footerSize     = 8.0
	headSize       = 8.5
	headFirstSize  = 11.0
	subjectSize    = 11.0
	minFitSize     = 6.5
	cjkStrokeWidth = 0.08 // mm; strokes the outline to make CJK text bold
)

// pageLabel is the page number text in a letter's language.
func pageLabel(lang string, page, total int) string {
	switch langBase(lang) {
	case "de":
		return fmt.Sprintf("Seite %d von %d", page, total)
	case "zh":
		return fmt.Sprintf("第 %d 页，共 %d 页", page, total)
	default:
		return fmt.Sprintf("Page %d of %d", page, total)
	}
}

func langBase(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return lang
}

// staticRunes are characters the renderer writes itself.
const staticRunes = "0123456789 SeitvonPagf第页，共•.…?()"

// RenderLetters renders the letters into one PDF, each starting on a new
// page with its own page numbers.
func (r *LetterRenderer) RenderLetters(letters []notify.Letter) ([]byte, error) {
	out, _, err := r.RenderBatch(letters)
	return out, err
}

// LetterPages is where a letter lies in a batch PDF, for the print
// house's CSV: its first page (1-based) and its number of pages, without
// a padding page.
type LetterPages struct {
	First, Pages int
}

// RenderBatch renders the letters like RenderLetters and also reports
// each letter's pages, in the order of letters.
func (r *LetterRenderer) RenderBatch(letters []notify.Letter) (out []byte, pages []LetterPages, err error) {
	if len(letters) == 0 {
		return nil, nil, errors.New("pdfdoc: no letters to render")
	}
	if err := loadFonts(); err != nil {
		return nil, nil, err
	}
	// fpdf panics on some inputs; letters are cleaned below, and this is
	// the backstop. The panic value never holds letter text.
	defer func() {
		if v := recover(); v != nil {
			out, pages, err = nil, nil, fmt.Errorf("pdfdoc: render letters: %T", v)
		}
	}()
	clean := make([]notify.Letter, len(letters))
	runes := map[rune]bool{}
	for _, c := range staticRunes {
		runes[c] = true
	}
	for i, l := range letters {
		clean[i] = cleanLetter(l, runes)
	}
	zh := slices.ContainsFunc(clean, func(l notify.Letter) bool { return l.Lang == "zh" })
	lr := r.newDoc(runes, zh)
	spans := make([][2]int, len(clean)) // first and last page of each letter
	for i, l := range clean {
		first := lr.pdf.PageCount() + 1
		lr.letter(l)
		spans[i] = [2]int{first, lr.pdf.PageCount()}
		if r.PadForDuplex && len(clean) > 1 && (spans[i][1]-first+1)%2 == 1 {
			lr.pdf.AddPage()
		}
	}
	// The footers are written last, when each letter's page count is
	// known; they lie below the page-break line.
	lr.pdf.SetAutoPageBreak(false, 0)
	for i, l := range clean {
		for p := spans[i][0]; p <= spans[i][1]; p++ {
			lr.footer(l, p, p-spans[i][0]+1, spans[i][1]-spans[i][0]+1)
		}
	}
	lr.pdf.SetPage(lr.pdf.PageCount())
	var buf bytes.Buffer
	if err := lr.pdf.Output(&buf); err != nil {
		return nil, nil, fmt.Errorf("pdfdoc: render letters: %w", err)
	}
	pages = make([]LetterPages, len(spans))
	for i, s := range spans {
		pages[i] = LetterPages{First: s[0], Pages: s[1] - s[0] + 1}
	}
	return buf.Bytes(), pages, nil
}

// cleanLetter makes every text of l printable: invalid UTF-8 and
// characters no embedded font has become "?", control characters spaces,
// invisible format characters are dropped. It adds the runes used to
// runes.
func cleanLetter(l notify.Letter, runes map[rune]bool) notify.Letter {
	c := func(s string, keepNewlines bool) string {
		return cleanText(s, keepNewlines, runes)
	}
	// A one-line field longer than this is cut anyway; shortening it
	// first keeps the fitting quick.
	line := func(s string) string {
		if n := 0; len(s) > maxLineRunes { // else it has fewer runes
			for i := range s {
				if n++; n > maxLineRunes {
					s = s[:i]
					break
				}
			}
		}
		return c(s, false)
	}
	out := notify.Letter{
		Lang:      langBase(l.Lang),
		Return:    line(l.Return),
		Date:      line(l.Date),
		Subject:   c(l.Subject, false),
		Body:      c(l.Body, true),
		Reference: line(l.Reference),
	}
	for _, s := range l.Letterhead {
		out.Letterhead = append(out.Letterhead, line(s))
	}
	for _, s := range l.Address {
		out.Address = append(out.Address, line(s))
	}
	return out
}

// maxLineRunes is where one-line fields (address, letterhead, date,
// reference) are cut before fitting: at the smallest size a line holds
// fewer.
const maxLineRunes = 200

func cleanText(s string, keepNewlines bool, runes map[rune]bool) string {
	var b strings.Builder
	for _, c := range strings.ToValidUTF8(s, "?") {
		switch {
		case c == '\n' && keepNewlines:
		case c == '\t', c < 0x20, c >= 0x7f && c < 0xa0, c == '\u2028', c == '\u2029':
			c = ' '
		case unicode.Is(unicode.Cf, c):
			continue
		case !latinReg.covers(c) && !cjkReg.covers(c):
			c = '?'
		}
		b.WriteRune(c)
		runes[c] = true
	}
	return b.String()
}

// letterDoc is one PDF being written.
type letterDoc struct {
	pdf     *fpdf.Fpdf
	hasCJK  bool
	primary string // font family of the current letter: "l" or "c"
}

// Font families in the PDF: "l" Latin (regular and bold), "c" CJK.
const (
	famLatin = "l"
	famCJK   = "c"
)

// newDoc starts a PDF with fonts holding the given runes. Chinese
// letters (zh) are set in the CJK font throughout, so it is embedded for
// them even when every character has a Latin glyph.
func (r *LetterRenderer) newDoc(runes map[rune]bool, zh bool) *letterDoc {
	created := r.Created
	if created.IsZero() {
		created = defaultCreated
	}
	list := make([]rune, 0, len(runes))
	needCJK := false
	for c := range runes {
		list = append(list, c)
		if !latinReg.covers(c) && cjkReg.covers(c) {
			needCJK = true
		}
	}
	slices.Sort(list)
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	p.SetCatalogSort(true)
	p.SetCreator("breachdesk", false)
	p.SetMargins(letterLeft, letterTop, letterRight)
	p.SetAutoPageBreak(true, letterBottom)
	p.AddUTF8FontFromBytes(famLatin, "", latinReg.subset(list))
	p.AddUTF8FontFromBytes(famLatin, "B", latinBold.subset(list))
	if needCJK || zh {
		p.AddUTF8FontFromBytes(famCJK, "", cjkReg.subset(list))
	}
	return &letterDoc{pdf: p, hasCJK: needCJK || zh}
}

// letter writes one letter from a new page on.
func (d *letterDoc) letter(l notify.Letter) {
	d.primary = famLatin
	if l.Lang == "zh" && d.hasCJK {
		d.primary = famCJK
	}
	p := d.pdf
	p.SetLeftMargin(letterLeft)
	p.SetTopMargin(letterTop)
	p.AddPage()
	d.foldMarks()
	d.letterhead(l.Letterhead)
	d.addressField(l.Return, l.Address)
	d.line(letterLeft, dateY, pageW-letterLeft-letterRight, l.Date, false, letterSize, "R")
	p.SetXY(letterLeft, subjectY)
	if l.Subject != "" {
		d.write(letterLine+0.6, l.Subject, true, subjectSize)
		p.Ln(letterLine + 0.6)
	}
	p.Ln(letterLine)
	d.body(l.Body)
}

func (d *letterDoc) foldMarks() {
	p := d.pdf
	p.SetDrawColor(110, 110, 110)
	p.SetLineWidth(0.2)
	p.Line(4, foldMark1Y, 9, foldMark1Y)
	p.Line(4, foldMark2Y, 9, foldMark2Y)
	p.Line(4, punchMarkY, 11, punchMarkY)
	p.SetDrawColor(0, 0, 0)
}

// letterhead writes the sender's lines right-aligned at the top right.
func (d *letterDoc) letterhead(lines []string) {
	y := headTopY
	for i, s := range lines {
		size, h, bold := headSize, 3.8, false
		if i == 0 {
			size, h, bold = headFirstSize, 5.0, true
		}
		if y+h > headBottomY {
			break
		}
		d.line(pageW/2, y, headRightX-pageW/2, s, bold, size, "R")
		y += h
	}
}

// addressField writes the return line and the recipient into the window.
// Long lines are set smaller, then cut; more than six lines are set
// closer.
func (d *letterDoc) addressField(ret string, address []string) {
	x := fieldX + fieldInset
	w := fieldW - 2*fieldInset
	if ret != "" {
		d.pdf.SetTextColor(60, 60, 60)
		d.line(x, fieldY+returnZoneH-4.2, w, ret, false, smallSizeL, "L")
		d.pdf.SetTextColor(0, 0, 0)
		d.pdf.SetDrawColor(60, 60, 60)
		d.pdf.SetLineWidth(0.15)
		d.pdf.Line(x, fieldY+returnZoneH-0.6, x+w, fieldY+returnZoneH-0.6)
		d.pdf.SetDrawColor(0, 0, 0)
	}
	lines := address
	if len(lines) > maxAddressLine {
		lines = lines[:maxAddressLine]
	}
	h, size := letterLine, letterSize
	if len(lines) > addressLines {
		h = addressZoneH / float64(len(lines))
		size = h / 0.48
	}
	y := fieldY + returnZoneH
	for _, s := range lines {
		d.line(x, y, w, s, false, size, "L")
		y += h
	}
}

// footer writes the reference and the page number on page p.
func (d *letterDoc) footer(l notify.Letter, p, page, total int) {
	pdf := d.pdf
	pdf.SetPage(p)
	d.primary = famLatin
	if l.Lang == "zh" && d.hasCJK {
		d.primary = famCJK
	}
	// A revisited page's content stream has its own text state: select
	// the font afresh, since fpdf skips a SetFont it thinks is in force.
	pdf.SetFont(famLatin, "", footerSize+1)
	pdf.SetTextColor(90, 90, 90)
	w := pageW - letterLeft - letterRight
	label := pageLabel(l.Lang, page, total)
	d.line(letterLeft, footerTextY, w, label, false, footerSize, "R")
	labelW := d.width(label, false, footerSize) + 4
	d.line(letterLeft, footerTextY, w-labelW, l.Reference, false, smallSizeL, "L")
	pdf.SetTextColor(0, 0, 0)
}

// body writes the Markdown-light body.
func (d *letterDoc) body(md string) {
	var prev blockKind
	for i, b := range parseBlocks(md) {
		if i > 0 {
			d.blockGap(prev, b.kind)
		}
		switch b.kind {
		case blockHeading:
			d.heading(b)
		case blockParagraph:
			d.pdf.SetX(letterLeft)
			d.spans(parseInline(b.text), false, letterSize, letterLine)
			d.pdf.Ln(letterLine)
		case blockBullet, blockNumbered:
			d.item(b)
		case blockRule:
			d.rule()
		}
		prev = b.kind
	}
}

func (d *letterDoc) blockGap(prev, next blockKind) {
	list := func(k blockKind) bool { return k == blockBullet || k == blockNumbered }
	if list(prev) && list(next) {
		d.pdf.Ln(itemGap)
		return
	}
	d.pdf.Ln(letterLine * 0.6)
}

func (d *letterDoc) heading(b block) {
	p := d.pdf
	size := letterSize + 1
	if b.level == 1 {
		size = letterSize + 2
	}
	p.Ln(2)
	if p.GetY()+letterLine+keepWithNext > pageH-letterBottom {
		p.AddPage()
	}
	p.SetX(letterLeft)
	d.spans(parseInline(b.text), true, size, letterLine+0.6)
	p.Ln(letterLine + 0.6)
}

// item writes a list item with its marker in the gutter and the text
// indented, so wrapped lines align.
func (d *letterDoc) item(b block) {
	p := d.pdf
	indent := letterLeft + listIndent*float64(b.level+1)
	marker := "•"
	if b.kind == blockNumbered {
		marker = b.number + "."
	}
	markerW := max(listIndent-markerGap, d.width(marker, false, letterSize)+1)
	d.line(indent-markerGap-markerW, p.GetY(), markerW, marker, false, letterSize, "R")
	p.SetLeftMargin(indent)
	p.SetX(indent)
	d.spans(parseInline(b.text), false, letterSize, letterLine)
	p.Ln(letterLine)
	p.SetLeftMargin(letterLeft)
	p.SetX(letterLeft)
}

func (d *letterDoc) rule() {
	p := d.pdf
	p.Ln(1)
	y := p.GetY()
	p.SetDrawColor(120, 120, 120)
	p.SetLineWidth(0.3)
	p.Line(letterLeft, y, pageW-letterRight, y)
	p.SetDrawColor(0, 0, 0)
	p.Ln(2)
}

// spans writes styled inline text. Italic and code print as plain text:
// letters are set in one face.
func (d *letterDoc) spans(ss []span, bold bool, size, line float64) {
	for _, s := range ss {
		if s.br {
			d.pdf.Ln(line)
			continue
		}
		text := s.text
		if s.link != "" && s.link != text {
			text += " (" + s.link + ")"
		}
		d.write(line, text, bold || s.bold, size)
	}
}

// run is a piece of text in one font family.
type run struct {
	fam  string
	text string
}

// runs splits s by font: the letter's own family where it has the
// character, the other where only that one has it.
func (d *letterDoc) runs(s string) []run {
	var out []run
	var b strings.Builder
	cur := ""
	for _, c := range s {
		fam := d.family(c)
		if fam != cur && b.Len() > 0 {
			out = append(out, run{cur, b.String()})
			b.Reset()
		}
		cur = fam
		b.WriteRune(c)
	}
	if b.Len() > 0 {
		out = append(out, run{cur, b.String()})
	}
	return out
}

func (d *letterDoc) family(c rune) string {
	switch {
	case d.primary == famCJK && (cjkReg.covers(c) || !latinReg.covers(c)):
		return famCJK
	case d.hasCJK && !latinReg.covers(c) && cjkReg.covers(c):
		return famCJK
	default:
		return famLatin
	}
}

// setFont selects a family, with bold for Latin as its bold face and for
// CJK (which has one weight) as outlined glyphs.
func (d *letterDoc) setFont(fam string, bold bool, size float64) {
	p := d.pdf
	style := ""
	if bold && fam == famLatin {
		style = "B"
	}
	p.SetFont(fam, style, size)
	if fam == famCJK && bold {
		p.SetLineWidth(cjkStrokeWidth * size / letterSize)
		p.SetTextRenderingMode(2)
	}
}

func (d *letterDoc) unsetFont(fam string, bold bool) {
	if fam == famCJK && bold {
		d.pdf.SetTextRenderingMode(0)
		d.pdf.SetLineWidth(0.2)
	}
}

// write flows text from the current position, wrapping at the margins.
func (d *letterDoc) write(h float64, s string, bold bool, size float64) {
	for _, r := range d.runs(s) {
		d.setFont(r.fam, bold, size)
		for rest := r.text; rest != ""; {
			var chunk string
			chunk, rest = nextChunk(rest)
			d.pdf.Write(h, chunk)
		}
		d.unsetFont(r.fam, bold)
	}
}

// writeChunk is the most text handed to fpdf's Write at once: its time
// grows with the square of the string's length (50,000 characters take
// seconds), and Write continues where the last call ended, so pieces
// make the same lines.
const writeChunk = 256

// nextChunk splits off up to writeChunk bytes, after a space when there
// is one, else at a character boundary.
func nextChunk(s string) (chunk, rest string) {
	if len(s) <= writeChunk {
		return s, ""
	}
	cut := strings.LastIndexByte(s[:writeChunk], ' ') + 1
	if cut == 0 {
		cut = writeChunk
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut], s[cut:]
}

// width is the printed width of s.
func (d *letterDoc) width(s string, bold bool, size float64) float64 {
	w := 0.0
	for _, r := range d.runs(s) {
		d.setFont(r.fam, false, size)
		if bold && r.fam == famLatin {
			d.pdf.SetFont(famLatin, "B", size)
		}
		w += d.pdf.GetStringWidth(r.text)
	}
	return w
}

// line writes s on one line in the box at (x, y) of width w, aligned "L"
// or "R": set smaller down to minFitSize when it is too wide, then cut
// with an ellipsis.
func (d *letterDoc) line(x, y, w float64, s string, bold bool, size float64, align string) {
	if s == "" {
		return
	}
	for size > minFitSize && d.width(s, bold, size) > w {
		size = max(minFitSize, size-0.5)
	}
	if d.width(s, bold, size) > w {
		s = d.cut(s, bold, size, w)
	}
	tw := d.width(s, bold, size)
	if align == "R" {
		x += w - tw
	}
	h := size * 0.48
	for _, r := range d.runs(s) {
		d.setFont(r.fam, bold, size)
		rw := d.pdf.GetStringWidth(r.text)
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(rw, h, r.text, "", 0, "L", false, 0, "")
		d.unsetFont(r.fam, bold)
		x += rw
	}
}

// cut shortens s with "…" until it fits in w, by bisection over runes.
func (d *letterDoc) cut(s string, bold bool, size, w float64) string {
	rs := []rune(s)
	lo, hi := 0, len(rs)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.width(string(rs[:mid])+"…", bold, size) <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(rs[:lo]) + "…"
}
