// Package pdfdoc renders a small subset of Markdown (see markdown.go) to an
// A4 PDF: the notification drafts the desk files (this file), and the
// letters to affected persons (letter.go, with embedded Unicode fonts from
// fonts.go). It is an adapter around codeberg.org/go-pdf/fpdf and knows
// nothing of incidents or duties; letters come as notify.Letter.
//
// Drafts use the core fonts (Helvetica, Courier), so nothing is
// embedded and the output is small, but their encoding is Windows-1252:
// German and English text comes out right (ä ö ü ß é, €, „quotes“, –, —,
// •), while every character outside Windows-1252 (Chinese, Greek, Cyrillic,
// emoji, arrows) prints as "?". Drafts are written in English and German.
//
// The output is deterministic: the same Markdown and Meta give the same
// bytes, so a filed document can be regenerated and compared.
package pdfdoc

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Meta describes the document.
type Meta struct {
	Title   string // document title, also repeated in the header line
	Subject string
	Author  string
	Footer  string // left in the footer of every page
	Lang    string // "de" gives German page numbers; also the PDF's language
	// Created is the creation date written into the PDF. Set it: the zero
	// time makes fpdf use the current time, and the bytes then differ.
	Created time.Time
}

// Layout in millimetres and points.
const (
	marginLeft   = 20.0
	marginRight  = 20.0
	marginTop    = 22.0
	marginBottom = 20.0
	headerY      = 10.0
	footerY      = -13.0

	bodyFamily = "Helvetica"
	codeFamily = "Courier"
	bodySize   = 10.0
	bodyLine   = 5.0
	smallSize  = 8.0
	listIndent = 6.0 // per depth
	markerGap  = 1.5
	blockGap   = 2.0
	itemGap    = 1.0
	// keepWithNext is the room a heading needs below it, so a heading is
	// not left alone at the bottom of a page.
	keepWithNext = 18.0
)

// headingStyle is the size and line height of heading levels 1..3.
var headingStyle = [4]struct{ size, line, before float64 }{
	{}, {15, 7.5, 4}, {12.5, 6.5, 3.5}, {11, 5.5, 2.5},
}

// Render lays out md as an A4 PDF. Invalid UTF-8 in md or meta prints as
// "?"; no input makes it panic.
func Render(md string, meta Meta) (out []byte, err error) {
	// fpdf panics on some inputs (invalid UTF-8 in metadata, found by
	// FuzzRender); those are cleaned below, and this is the backstop.
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, fmt.Errorf("pdfdoc: render: %v", v)
		}
	}()
	md = strings.ToValidUTF8(md, "\uFFFD")
	for _, s := range []*string{&meta.Title, &meta.Subject, &meta.Author, &meta.Footer, &meta.Lang} {
		*s = strings.ToValidUTF8(*s, "\uFFFD")
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	r := &renderer{pdf: pdf, enc: newEncoder(pdf)}
	pdf.SetCreationDate(meta.Created)
	pdf.SetModificationDate(meta.Created)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(meta.Title, true)
	pdf.SetSubject(meta.Subject, true)
	pdf.SetAuthor(meta.Author, true)
	pdf.SetCreator("breachdesk", false)
	if meta.Lang != "" {
		pdf.SetLang(meta.Lang)
	}
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFuncMode(func() { r.header(meta.Title) }, true)
	pdf.SetFooterFunc(func() { r.footer(meta) })
	pdf.AddPage()
	pdf.SetFont(bodyFamily, "", bodySize)

	r.blocks(parseBlocks(md))

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdfdoc: render: %w", err)
	}
	return buf.Bytes(), nil
}

type renderer struct {
	pdf  *fpdf.Fpdf
	enc  func(string) string
	prev blockKind
	any  bool // a block was written
}

// newEncoder translates UTF-8 to Windows-1252 for the core fonts:
// characters the code page lacks become "?", control characters spaces.
func newEncoder(pdf *fpdf.Fpdf) func(string) string {
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	cache := map[rune]string{}
	return func(s string) string {
		var b strings.Builder
		for _, c := range s {
			switch {
			case c < 0x20 || c == 0x7f:
				b.WriteByte(' ')
			case c < 0x80:
				b.WriteRune(c)
			default:
				t, ok := cache[c]
				if !ok {
					t = tr(string(c))
					if t == "." || len(t) != 1 {
						t = "?"
					}
					cache[c] = t
				}
				b.WriteString(t)
			}
		}
		return b.String()
	}
}

func (r *renderer) width() float64 {
	w, _ := r.pdf.GetPageSize()
	return w - marginLeft - marginRight
}

// fit shortens s (already encoded) with "..." until it fits in w.
func (r *renderer) fit(s string, w float64) string {
	if r.pdf.GetStringWidth(s) <= w {
		return s
	}
	// The longest prefix that fits with the ellipsis, by bisection: a
	// long title must not cost a width measurement per byte per page.
	room := w - r.pdf.GetStringWidth("...")
	lo, hi := 0, len(s)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if r.pdf.GetStringWidth(s[:mid]) <= room {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return s[:lo] + "..."
}

func (r *renderer) header(title string) {
	if title == "" {
		return
	}
	p := r.pdf
	p.SetFont(bodyFamily, "", smallSize)
	p.SetTextColor(90, 90, 90)
	p.SetXY(marginLeft, headerY)
	p.CellFormat(r.width(), 4, r.fit(r.enc(title), r.width()), "", 0, "L", false, 0, "")
	p.SetDrawColor(160, 160, 160)
	p.SetLineWidth(0.2)
	p.Line(marginLeft, headerY+5, marginLeft+r.width(), headerY+5)
	p.SetTextColor(0, 0, 0)
	p.SetDrawColor(0, 0, 0)
}

func (r *renderer) footer(meta Meta) {
	p := r.pdf
	p.SetY(footerY)
	p.SetFont(bodyFamily, "", smallSize)
	p.SetTextColor(90, 90, 90)
	page := fmt.Sprintf("Page %d of {nb}", p.PageNo())
	if meta.Lang == "de" || strings.HasPrefix(meta.Lang, "de-") {
		page = fmt.Sprintf("Seite %d von {nb}", p.PageNo())
	}
	pageW := p.GetStringWidth(page) + 2
	p.SetX(marginLeft)
	p.CellFormat(r.width()-pageW, 4, r.fit(r.enc(meta.Footer), r.width()-pageW-2), "", 0, "L", false, 0, "")
	p.CellFormat(pageW, 4, page, "", 0, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

func (r *renderer) blocks(bs []block) {
	for _, b := range bs {
		r.gap(b)
		switch b.kind {
		case blockHeading:
			r.heading(b)
		case blockParagraph:
			r.pdf.SetX(marginLeft)
			r.spans(parseInline(b.text), "", bodySize, bodyLine)
			r.pdf.Ln(bodyLine)
		case blockBullet, blockNumbered:
			r.item(b)
		case blockRule:
			r.rule()
		}
		r.prev, r.any = b.kind, true
	}
}

// gap is the space before a block: small between items of one list,
// larger between other blocks.
func (r *renderer) gap(b block) {
	if !r.any {
		return
	}
	list := func(k blockKind) bool { return k == blockBullet || k == blockNumbered }
	if list(b.kind) && list(r.prev) {
		r.pdf.Ln(itemGap)
		return
	}
	r.pdf.Ln(blockGap)
}

func (r *renderer) heading(b block) {
	p := r.pdf
	st := headingStyle[b.level]
	_, pageH := p.GetPageSize()
	if r.any {
		p.Ln(st.before)
	}
	if p.GetY()+st.line+keepWithNext > pageH-marginBottom {
		p.AddPage()
	}
	p.SetX(marginLeft)
	r.spans(parseInline(b.text), "B", st.size, st.line)
	p.Ln(st.line)
	p.SetFont(bodyFamily, "", bodySize)
}

// item writes a list item: the marker in the gutter, the text indented
// so that wrapped lines align with its first line.
func (r *renderer) item(b block) {
	p := r.pdf
	indent := marginLeft + listIndent*float64(b.level+1)
	marker := "\x95" // bullet in Windows-1252
	if b.kind == blockNumbered {
		marker = b.number + "."
	}
	p.SetFont(bodyFamily, "", bodySize)
	markerW := listIndent - markerGap
	if w := p.GetStringWidth(marker) + 1; w > markerW {
		markerW = w
	}
	p.SetX(indent - markerGap - markerW)
	p.CellFormat(markerW, bodyLine, marker, "", 0, "R", false, 0, "")
	p.SetLeftMargin(indent)
	p.SetX(indent)
	r.spans(parseInline(b.text), "", bodySize, bodyLine)
	p.Ln(bodyLine)
	p.SetLeftMargin(marginLeft)
	p.SetX(marginLeft)
}

func (r *renderer) rule() {
	p := r.pdf
	p.Ln(1)
	y := p.GetY()
	p.SetDrawColor(120, 120, 120)
	p.SetLineWidth(0.3)
	p.Line(marginLeft, y, marginLeft+r.width(), y)
	p.SetDrawColor(0, 0, 0)
	p.Ln(2)
}

// spans writes styled text, wrapping at the right margin; base is the
// block's own style ("B" for headings).
func (r *renderer) spans(ss []span, base string, size, line float64) {
	p := r.pdf
	for _, s := range ss {
		if s.br {
			p.Ln(line)
			continue
		}
		family, style := bodyFamily, base
		if s.code {
			family = codeFamily
		}
		if s.bold && !strings.Contains(style, "B") {
			style += "B"
		}
		if s.italic {
			style += "I"
		}
		p.SetFont(family, style, size)
		text := r.enc(s.text)
		if s.link != "" && clickable(s.link) {
			p.SetTextColor(0, 60, 160)
			p.WriteLinkString(line, text, s.link)
			p.SetTextColor(0, 0, 0)
			continue
		}
		p.Write(line, text)
	}
	p.SetFont(bodyFamily, "", bodySize)
}

// clickable reports whether a link address is made an active link:
// web and mail addresses of plain characters only.
func clickable(u string) bool {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "mailto:") {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"<>\^{|}`+"`", c) >= 0 {
			return false
		}
	}
	return true
}
