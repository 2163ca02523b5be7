package extract

// PDF: the text of every page, as one document record.
//
// The library is github.com/ledongthuc/pdf (a maintained fork of
// rsc.io/pdf, pure Go, reads xref streams, object streams and RC4/AES-128
// encryption). We checked the candidates: pdfcpu is well maintained but
// extracts content streams, not text; dslipak/pdf is a fork of the same
// code without releases since 2024. ledongthuc's own text functions lose
// word gaps written as glyph offsets (TeX output) and join text drawn with
// separate positioning, so we walk the page content ourselves with its
// exported interpreter, placing spaces and line breaks by the text
// positioning operators: lines stay lines, which keeps address blocks and
// phone numbers whole.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

const (
	// maxPDFObjects bounds the walk of the page tree, which a damaged or
	// hostile file can make cyclic.
	maxPDFObjects = 1 << 20
	maxPDFDepth   = 64
	// wordGap is the glyph offset (thousandths of an em, negative moves
	// right) from which a TJ adjustment is a space between words rather
	// than kerning.
	wordGap = -180
)

// ExtractPDF reads the text of a PDF, page by page, as one document.
// Encrypted PDFs that open only with a password are reported and not
// scanned; a page the library cannot read is skipped and reported.
func ExtractPDF(ctx context.Context, r io.Reader, name string, sink Sink) error {
	ra, ok := r.(RandomAccess)
	if !ok {
		return ErrNotRandomAccess
	}
	doc, err := openPDF(ra)
	if err != nil {
		return err
	}
	if err := sink.BeginDoc(Loc{}); err != nil {
		return err
	}
	x := &pdfExtractor{ctx: ctx, out: newChunker(MaxChunk, sink.Text)}
	if err := x.pages(doc); err != nil {
		return err
	}
	if err := x.out.Flush(); err != nil {
		return err
	}
	if err := sink.EndDoc(); err != nil {
		return err
	}
	return x.damage
}

// openPDF opens the PDF that starts somewhere in the first KiB of ra (as
// viewers do, and Sniff). The library accepts only the headers %PDF-1.0 to
// %PDF-1.7 followed by a line break; later versions read the same, so the
// header is presented as 1.7.
func openPDF(ra RandomAccess) (*pdf.Reader, error) {
	head := make([]byte, 1024)
	n, _ := ra.ReadAt(head, 0)
	start := bytes.Index(head[:n], []byte("%PDF-"))
	if start < 0 {
		return nil, &Damaged{Reason: "PDF header not found"}
	}
	src := &pdfSource{ra: ra, base: int64(start)}
	doc, err := pdf.NewReader(src, ra.Size()-int64(start))
	switch {
	case err == nil && has40BitKey(doc):
		return nil, &Damaged{Reason: "PDF with 40-bit encryption, not scanned"}
	case err == nil:
		return doc, nil
	case errors.Is(err, pdf.ErrInvalidPassword), strings.Contains(err.Error(), "encryption"):
		return nil, &Damaged{Reason: "encrypted PDF, not scanned"}
	}
	return nil, &Damaged{Reason: "PDF could not be read"}
}

// has40BitKey reports whether the PDF is encrypted (without a user
// password, or it would not have opened) with a 40-bit RC4 key. The
// library derives the per-object keys of those files wrongly (it uses all
// 16 bytes of the hash where the standard says key length + 5) and reads
// noise; saying so beats scanning noise.
func has40BitKey(doc *pdf.Reader) (weak bool) {
	defer func() {
		if recover() != nil {
			weak = false
		}
	}()
	encrypt := doc.Trailer().Key("Encrypt")
	if encrypt.IsNull() {
		return false
	}
	bits := encrypt.Key("Length").Int64()
	return encrypt.Key("V").Int64() == 1 || bits == 40 || bits == 0 && encrypt.Key("V").Int64() == 2
}

// pdfSource is a PDF inside ra from base on, with a 1.7 header.
type pdfSource struct {
	ra   io.ReaderAt
	base int64
}

func (s *pdfSource) ReadAt(p []byte, off int64) (int, error) {
	n, err := s.ra.ReadAt(p, s.base+off)
	const version, at = "1.7\n", 5 // "%PDF-" is 5 bytes
	for i := range version {
		if k := int64(at+i) - off; k >= 0 && k < int64(n) {
			p[k] = version[i]
		}
	}
	return n, err
}

// pdfExtractor walks the page tree and writes the text of each page.
type pdfExtractor struct {
	ctx     context.Context
	out     *chunker
	objects int   // page tree nodes visited
	page    int   // pages read
	damage  error // the first page that could not be read
}

// pdfStop carries an error that must end the extraction (the sink's, the
// context's) out of the interpreter's callback, which cannot return one.
type pdfStop struct{ err error }

// pages walks the page tree from the catalog.
func (x *pdfExtractor) pages(doc *pdf.Reader) (err error) {
	defer x.recoverAt(&err, "PDF page tree could not be read")
	return x.walk(doc.Trailer().Key("Root").Key("Pages"), 0)
}

// recoverAt turns a panic of the library into damage (reading goes on
// where the caller can), and a pdfStop into its error.
func (x *pdfExtractor) recoverAt(err *error, reason string) {
	switch v := recover().(type) {
	case nil:
	case pdfStop:
		*err = v.err
	default:
		if x.damage == nil {
			x.damage = &Damaged{Reason: reason}
		}
	}
}

func (x *pdfExtractor) walk(node pdf.Value, depth int) error {
	x.objects++
	if depth > maxPDFDepth || x.objects > maxPDFObjects {
		x.noteDamage("PDF page tree too deep or too large")
		return nil
	}
	kids := node.Key("Kids")
	if node.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
		return x.readPage(pdf.Page{V: node})
	}
	for i := range kids.Len() {
		if err := x.walk(kids.Index(i), depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (x *pdfExtractor) noteDamage(reason string) {
	if x.damage == nil {
		x.damage = &Damaged{Reason: reason}
	}
}

// readPage writes the text of one page. Pages are separated by a line
// break; a page that panics the library is skipped.
func (x *pdfExtractor) readPage(page pdf.Page) (err error) {
	x.page++
	if err := x.ctx.Err(); err != nil {
		return err
	}
	defer x.recoverAt(&err, fmt.Sprintf("PDF page %d could not be read", x.page))
	text := newPDFText(x.ctx, x.out, page.Resources())
	text.content(page.V.Key("Contents"), 0)
	return text.separate('\n')
}

// pdfText turns the operators of a content stream into text.
type pdfText struct {
	ctx       context.Context
	out       *chunker
	resources pdf.Value
	fonts     map[string]pdf.TextEncoding
	enc       pdf.TextEncoding
	ops       int

	// Text positioning in text space: where the next glyphs go, and where
	// the last ones went.
	x, y          float64
	leading       float64
	shownX, shown float64 // x and y of the last text shown
	moved         bool    // the position changed since the last text shown
	last          byte    // last byte written, 0 at the start of a page
}

func newPDFText(ctx context.Context, out *chunker, resources pdf.Value) *pdfText {
	return &pdfText{ctx: ctx, out: out, resources: resources, fonts: map[string]pdf.TextEncoding{}}
}

// content interprets a content stream (or an array of them); form
// XObjects it draws are interpreted in turn, to a limited depth.
func (t *pdfText) content(stream pdf.Value, depth int) {
	if stream.IsNull() || depth > 8 {
		return
	}
	pdf.Interpret(stream, func(stk *pdf.Stack, op string) {
		var args [6]pdf.Value
		n := stk.Len()
		for i := n - 1; i >= 0; i-- {
			if v := stk.Pop(); i < len(args) {
				args[i] = v
			}
		}
		t.op(op, args[:min(n, len(args))], depth)
	})
}

func (t *pdfText) op(op string, args []pdf.Value, depth int) {
	t.ops++
	if t.ops%4096 == 0 {
		if err := t.ctx.Err(); err != nil {
			panic(pdfStop{err})
		}
	}
	switch op {
	case "BT":
		t.moveTo(0, 0)
	case "Td", "TD":
		if len(args) == 2 {
			if op == "TD" {
				t.leading = -args[1].Float64()
			}
			t.moveTo(t.x+args[0].Float64(), t.y+args[1].Float64())
		}
	case "Tm":
		if len(args) == 6 {
			t.moveTo(args[4].Float64(), args[5].Float64())
		}
	case "T*":
		t.moveTo(t.x, t.y-t.leading)
	case "TL":
		if len(args) == 1 {
			t.leading = args[0].Float64()
		}
	case "Tf":
		if len(args) == 2 {
			t.enc = t.font(args[0].Name())
		}
	case "Tj", "'", "\"":
		if op != "Tj" {
			t.moveTo(t.x, t.y-t.leading)
		}
		if len(args) > 0 {
			t.show(args[len(args)-1].RawString())
		}
	case "TJ":
		if len(args) == 1 {
			t.showArray(args[0])
		}
	case "Do":
		if len(args) == 1 {
			t.form(args[0].Name(), depth)
		}
	}
}

func (t *pdfText) moveTo(x, y float64) {
	t.x, t.y = x, y
	t.moved = true
}

// show writes a string: after a line break when the line changed, after
// a space when the position jumped along the same line.
func (t *pdfText) show(raw string) {
	if raw == "" {
		return
	}
	if t.moved {
		switch {
		case math.Abs(t.y-t.shown) > 0.5:
			t.must(t.separate('\n'))
		case t.x != t.shownX:
			t.must(t.separate(' '))
		}
		t.moved = false
	}
	t.shownX, t.shown = t.x, t.y
	text := raw
	if t.enc != nil {
		text = t.enc.Decode(raw)
	}
	t.must(t.write(text))
}

// showArray writes a TJ array: strings, and between them offsets, wide
// ones being the gaps between words.
func (t *pdfText) showArray(a pdf.Value) {
	for i := range a.Len() {
		v := a.Index(i)
		if v.Kind() == pdf.String {
			t.show(v.RawString())
			continue
		}
		if v.Float64() <= wordGap {
			t.must(t.separate(' '))
		}
	}
}

// font returns the decoder of a font resource, parsed once per page.
func (t *pdfText) font(name string) pdf.TextEncoding {
	if enc, ok := t.fonts[name]; ok {
		return enc
	}
	f := pdf.Font{V: t.resources.Key("Font").Key(name)}
	enc := f.Encoder()
	t.fonts[name] = enc
	return enc
}

// form interprets a form XObject, the way PDFs reuse content such as
// letterheads; its own resources apply inside it.
func (t *pdfText) form(name string, depth int) {
	xobj := t.resources.Key("XObject").Key(name)
	if xobj.Key("Subtype").Name() != "Form" {
		return
	}
	inner := *t
	inner.fonts = map[string]pdf.TextEncoding{}
	if res := xobj.Key("Resources"); !res.IsNull() {
		inner.resources = res
	}
	inner.content(xobj, depth+1)
	t.last, t.ops = inner.last, inner.ops
}

// separate writes a space or line break unless one is already there; a
// line break replaces nothing but follows a space.
func (t *pdfText) separate(b byte) error {
	if t.last == 0 || t.last == '\n' || t.last == b {
		return nil
	}
	t.last = b
	_, err := t.out.Write([]byte{b})
	return err
}

func (t *pdfText) write(s string) error {
	if s == "" {
		return nil
	}
	t.last = s[len(s)-1]
	_, err := t.out.WriteString(s)
	return err
}

// must ends the interpretation when the sink says stop.
func (t *pdfText) must(err error) {
	if err != nil {
		panic(pdfStop{err})
	}
}
