package extract

// OpenDocument text (ODT) and spreadsheets (ODS): zip packages whose
// content is content.xml. An ODT is one document record; the rows of an
// ODS sheet are records like those of an XLSX sheet.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ExtractODT reads an OpenDocument text as one document record: the body
// (content.xml), then the page headers and footers (styles.xml).
func ExtractODT(ctx context.Context, r io.Reader, name string, sink Sink) error {
	zr, err := openPackage(r, ODT)
	if err != nil {
		return err
	}
	if odfEncrypted(zr.File) {
		return &Damaged{Reason: "encrypted ODT, not scanned"}
	}
	parts := odfParts(zr.File, "content.xml", "styles.xml")
	if expandsTooMuch(parts) {
		return &Damaged{Reason: "ODT too large when expanded"}
	}
	if err := sink.BeginDoc(Loc{}); err != nil {
		return err
	}
	damage, err := newTextWalker(ctx, ODT, odtRule, sink).walkParts(parts)
	if err != nil {
		return err
	}
	if err := sink.EndDoc(); err != nil {
		return err
	}
	return damage
}

// odfParts returns the named parts that exist, in the order asked.
func odfParts(files []*zip.File, names ...string) []*zip.File {
	var parts []*zip.File
	for _, name := range names {
		for _, f := range files {
			if partName(f) == name {
				parts = append(parts, f)
				break
			}
		}
	}
	return parts
}

// odfEncrypted reports whether the package's manifest lists encryption
// data: a password-protected document keeps its parts encrypted.
func odfEncrypted(files []*zip.File) bool {
	manifest := odfParts(files, "META-INF/manifest.xml")
	if len(manifest) == 0 {
		return false
	}
	rc, err := manifest[0].Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	head, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
	return bytes.Contains(head, []byte("encryption-data"))
}

// odtRule says what an OpenDocument text element means for the text.
// Paragraphs and headings hold the text (spans, links and notes nest
// inside them).
func odtRule(local string) xmlRule {
	switch local {
	case "p", "h":
		return xmlRule{text: true, after: '\n'}
	case "line-break":
		return xmlRule{before: '\n'}
	case "tab":
		return xmlRule{before: '\t'}
	case "s":
		return xmlRule{spaces: true}
	case "annotation":
		// A comment sits inside the paragraph it is anchored to: keep its
		// text (author, date, remark) apart from the paragraph's.
		return xmlRule{before: '\n', after: '\n'}
	case "creator", "date":
		return xmlRule{after: ' '}
	}
	return xmlRule{}
}

// Limits of an ODS sheet, those of LibreOffice. A row or cell may say it
// repeats: empty repeats (the filler at the end of every sheet) are only
// counted, non-empty ones are expanded up to these limits.
const (
	maxODSRows    = 1 << 20
	maxODSColumns = 1 << 14
	maxODSRow     = 64 << 20 // bytes of text in one row, as a CSV field
)

// ExtractODS reads an OpenDocument spreadsheet: every table of
// content.xml is a sheet, read row by row. Cells come as text: numbers as
// stored (office:value), dates as ISO dates.
func ExtractODS(ctx context.Context, r io.Reader, name string, sink Sink) error {
	zr, err := openPackage(r, ODS)
	if err != nil {
		return err
	}
	if odfEncrypted(zr.File) {
		return &Damaged{Reason: "encrypted ODS, not scanned"}
	}
	parts := odfParts(zr.File, "content.xml")
	if len(parts) == 0 {
		return &Damaged{Reason: "ODS has no content.xml"}
	}
	if expandsTooMuch(parts) {
		return &Damaged{Reason: "ODS too large when expanded"}
	}
	rc, err := parts[0].Open()
	if err != nil {
		return &Damaged{Reason: "ODS: cannot read content.xml"}
	}
	defer rc.Close()
	return newODSReader(ctx, sink).read(rc)
}

// odsReader walks content.xml token by token and assembles rows.
type odsReader struct {
	ctx    context.Context
	sink   Sink
	tokens int
	damage error // the first limit hit; reading goes on

	sheets int          // tables seen
	sheet  *sheetWriter // nil outside a table
	tables int          // open tables: a table in a cell is not a sheet
	rowAt  int64        // rows of the current sheet so far, repeats counted

	rowRepeat int64
	row       odsRow

	inCell      bool
	cellRepeat  int
	cellValue   string // office:value or office:date-value, when it is the value
	cellStart   int    // where the cell's text starts in row.buf
	paragraphs  int    // text:p seen in the cell
	textDepth   int    // open text:p/text:h in the cell
	ignoreDepth int    // open annotations (comments) in the cell
}

func newODSReader(ctx context.Context, sink Sink) *odsReader {
	return &odsReader{ctx: ctx, sink: sink}
}

func (o *odsReader) read(r io.Reader) error {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	open := 0 // elements not yet closed: RawToken does not check
	for {
		tok, err := dec.RawToken()
		if err == io.EOF && open <= 0 {
			return o.damage
		}
		if err != nil {
			return xmlDamaged("ODS", "content.xml", dec)
		}
		switch tok.(type) {
		case xml.StartElement:
			open++
		case xml.EndElement:
			open--
		}
		if err := o.token(tok); err != nil {
			return err
		}
	}
}

func (o *odsReader) token(tok xml.Token) error {
	o.tokens++
	if o.tokens%1024 == 0 {
		if err := o.ctx.Err(); err != nil {
			return err
		}
	}
	switch t := tok.(type) {
	case xml.StartElement:
		o.start(t)
	case xml.EndElement:
		return o.end(t.Name.Local)
	case xml.CharData:
		if o.textDepth > 0 && o.ignoreDepth == 0 {
			o.cellChars(t)
		}
	}
	return nil
}

func (o *odsReader) start(t xml.StartElement) {
	if t.Name.Local == "table" {
		o.tables++
		if o.tables == 1 {
			o.sheets++
			o.sheet = newSheetWriter(o.sink, attr(t.Attr, "name"))
			o.rowAt = 0
		}
		return
	}
	if o.tables != 1 {
		return
	}
	switch t.Name.Local {
	case "table-row":
		o.rowRepeat = int64(repeat(t.Attr, "number-rows-repeated", maxODSRows))
		o.row.reset()
	case "table-cell", "covered-table-cell":
		o.startCell(t.Attr)
	default:
		if o.inCell {
			o.cellText(t)
		}
	}
}

func (o *odsReader) startCell(attrs []xml.Attr) {
	o.inCell = true
	o.cellRepeat = repeat(attrs, "number-columns-repeated", maxODSColumns)
	o.cellValue = typedValue(attrs)
	o.cellStart = len(o.row.buf)
	o.paragraphs = 0
	o.textDepth = 0
	o.ignoreDepth = 0
}

// cellText handles the elements inside a cell: paragraphs (one line
// each), spaces, tabs and line breaks; comments are not the cell's value.
func (o *odsReader) cellText(t xml.StartElement) {
	switch t.Name.Local {
	case "annotation":
		o.ignoreDepth++
	case "p", "h":
		o.textDepth++
		if o.ignoreDepth > 0 {
			return
		}
		if o.paragraphs > 0 {
			o.row.buf = append(o.row.buf, '\n')
		}
		o.paragraphs++
	case "s":
		for range spaceCount(t.Attr) {
			o.row.buf = append(o.row.buf, ' ')
		}
	case "tab":
		o.row.buf = append(o.row.buf, '\t')
	case "line-break":
		o.row.buf = append(o.row.buf, '\n')
	}
}

// cellChars adds text to the cell, up to maxODSRow bytes a row.
func (o *odsReader) cellChars(t []byte) {
	if len(o.row.buf)+len(t) > maxODSRow {
		o.noteDamage(fmt.Sprintf("ODS sheet %d: a row larger than 64 MiB, cut short", o.sheets))
		return
	}
	o.row.buf = append(o.row.buf, t...)
}

func (o *odsReader) end(local string) error {
	if local == "table" {
		o.tables = max(o.tables-1, 0)
		if o.tables == 0 {
			o.sheet = nil
		}
		return nil
	}
	if o.tables != 1 {
		return nil
	}
	switch local {
	case "table-row":
		return o.endRow()
	case "table-cell", "covered-table-cell":
		o.endCell()
	case "annotation":
		if o.inCell && o.ignoreDepth > 0 {
			o.ignoreDepth--
		}
	case "p", "h":
		if o.inCell && o.textDepth > 0 {
			o.textDepth--
		}
	}
	return nil
}

// endCell places the cell's value in its columns: a typed value replaces
// the displayed text, which may be rounded or localized.
func (o *odsReader) endCell() {
	if !o.inCell {
		return
	}
	o.inCell = false
	if o.cellValue != "" {
		o.row.buf = append(o.row.buf[:o.cellStart], o.cellValue...)
	}
	if len(o.row.buf) > o.cellStart {
		o.row.place(o.cellStart, len(o.row.buf), o.cellRepeat)
	}
	o.row.col += o.cellRepeat
}

// endRow hands the row to the sheet, as often as it repeats. Empty rows,
// repeated or not, are only counted.
func (o *odsReader) endRow() error {
	if o.sheet == nil {
		return nil
	}
	times := o.rowRepeat
	if o.row.empty() {
		o.rowAt = min(o.rowAt+times, maxODSRows+1)
		return nil
	}
	if o.rowAt+times > maxODSRows {
		times = max(0, maxODSRows-o.rowAt)
		o.noteDamage(fmt.Sprintf("ODS sheet %d: rows beyond %d not scanned", o.sheets, maxODSRows))
	}
	if o.row.clipped {
		o.noteDamage(fmt.Sprintf("ODS sheet %d: columns beyond %d not scanned", o.sheets, maxODSColumns))
	}
	cells := o.row.cells()
	for range times {
		if err := o.sheet.row(cells); err != nil {
			return err
		}
	}
	o.rowAt += times
	return nil
}

func (o *odsReader) noteDamage(reason string) {
	if o.damage == nil {
		o.damage = &Damaged{Reason: reason}
	}
}

// odsRow holds the values of one row: their text in one buffer, and for
// each column with a value where it lies.
type odsRow struct {
	buf     []byte
	col     int // the next cell's column
	spans   []odsSpan
	out     [][]byte
	clipped bool // values beyond maxODSColumns were dropped
}

type odsSpan struct{ col, start, end int }

func (r *odsRow) reset() {
	r.buf = r.buf[:0]
	r.col = 0
	r.spans = r.spans[:0]
	r.clipped = false
}

// place puts buf[start:end] in the next repeat columns.
func (r *odsRow) place(start, end, repeat int) {
	for i := range repeat {
		if r.col+i >= maxODSColumns {
			r.clipped = true
			return
		}
		r.spans = append(r.spans, odsSpan{col: r.col + i, start: start, end: end})
	}
}

func (r *odsRow) empty() bool { return len(r.spans) == 0 }

// cells returns the row's values indexed by column.
func (r *odsRow) cells() [][]byte {
	width := r.spans[len(r.spans)-1].col + 1
	r.out = r.out[:0]
	for range width {
		r.out = append(r.out, nil)
	}
	for _, s := range r.spans {
		r.out[s.col] = r.buf[s.start:s.end:s.end]
	}
	return r.out
}

// typedValue returns the value a cell stores when it is more exact than
// its displayed text: the number of a float, percentage or currency cell
// (the text may be rounded or grouped), the ISO date of a date cell.
func typedValue(attrs []xml.Attr) string {
	switch attr(attrs, "value-type") {
	case "float", "percentage", "currency":
		return attr(attrs, "value")
	case "date":
		return isoDateTime(attr(attrs, "date-value"))
	}
	return ""
}

// isoDateTime writes an ODF date value (1985-03-15 or
// 1985-03-15T13:45:00) as a date, with its time when it has one.
func isoDateTime(v string) string {
	date, clock, found := strings.Cut(v, "T")
	if !found || strings.Trim(clock, "0:.") == "" {
		return date
	}
	return date + " " + clock
}

// attr returns the value of the attribute with the local name, "" if
// there is none.
func attr(attrs []xml.Attr, local string) string {
	for _, a := range attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// repeat reads a repeat count: at least 1, at most limit.
func repeat(attrs []xml.Attr, local string, limit int) int {
	n, err := strconv.Atoi(attr(attrs, local))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, limit)
}
