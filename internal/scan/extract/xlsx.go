package extract

// XLSX: every sheet streamed row by row with excelize's row iterator. The
// first non-empty row of a sheet is its header, unless it looks like data
// (the rule CSV uses); each further non-empty row is a record
// "sheet NAME row N". The rows of one sheet become records through a
// sheetWriter, which ODS shares.

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits of the expanded package. Sheets and the shared strings are
// streamed (excelize spools large ones to temporary files), so they may be
// large; every other part excelize holds in memory.
const (
	maxXLSXOtherParts = 256 << 20
	maxXLSXTotal      = 4 << 30
)

// ExtractXLSX reads an Excel workbook: every sheet, hidden ones included,
// row by row. Cells come as text: numbers as stored, dates as ISO dates
// (yyyy-mm-dd, with hh:mm:ss when the format shows a time).
func ExtractXLSX(ctx context.Context, r io.Reader, name string, sink Sink) error {
	zr, err := openPackage(r, XLSX)
	if err != nil {
		return err
	}
	if xlsxExpandsTooMuch(zr.File) {
		return &Damaged{Reason: "XLSX too large when expanded"}
	}
	ra := r.(RandomAccess) // openPackage checked
	book, err := openWorkbook(ra)
	if err != nil {
		return err
	}
	defer book.Close()
	var damage error // the first damaged sheet; the others are still read
	for i, sheet := range book.GetSheetList() {
		err := extractSheet(ctx, book, sheet, i+1, sink)
		if err != nil && !IsDamaged(err) {
			return err
		}
		if damage == nil {
			damage = err
		}
	}
	return damage
}

// xlsxExpandsTooMuch checks the sizes the zip directory claims before
// excelize unpacks anything.
func xlsxExpandsTooMuch(files []*zip.File) bool {
	var other, total uint64
	for _, f := range files {
		size := f.UncompressedSize64
		total += size
		switch name := strings.ToLower(partName(f)); {
		case name == "xl/sharedstrings.xml", strings.HasPrefix(name, "xl/worksheets/"):
			if size > maxPartSize {
				return true
			}
		default:
			other += size
		}
	}
	return other > maxXLSXOtherParts || total > maxXLSXTotal
}

// openWorkbook opens the package with excelize. excelize holds the
// compressed file in memory while it unpacks it; it may panic on
// malformed parts, which must not end the scan.
func openWorkbook(ra RandomAccess) (book *excelize.File, err error) {
	defer recoverDamaged(&err, "XLSX could not be read")
	book, err = excelize.OpenReader(io.NewSectionReader(ra, 0, ra.Size()), excelize.Options{
		ShortDatePattern: "yyyy-mm-dd",
		UnzipSizeLimit:   maxXLSXTotal,
	})
	if err != nil {
		if book != nil {
			book.Close()
		}
		return nil, &Damaged{Reason: "XLSX could not be read"}
	}
	if err := showCellsAsStored(book); err != nil {
		book.Close()
		return nil, &Damaged{Reason: "XLSX styles could not be read"}
	}
	return book, nil
}

// recoverDamaged turns a panic of a library into a *Damaged error with
// reason. The panic value is dropped: it may quote the file's content.
func recoverDamaged(err *error, reason string) {
	if recover() != nil {
		*err = &Damaged{Reason: reason}
	}
}

// extractSheet turns the rows of one sheet into records.
func extractSheet(ctx context.Context, book *excelize.File, sheet string, number int, sink Sink) error {
	rows, err := openSheetRows(book, sheet)
	if err != nil {
		return sheetDamaged(number, 0)
	}
	defer rows.close()
	out := newSheetWriter(sink, sheet)
	var cells cellBuffer
	for n := int64(1); ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		values, more, err := rows.next()
		if err != nil {
			return sheetDamaged(number, n)
		}
		if !more {
			return nil
		}
		if err := out.row(cells.fill(values)); err != nil {
			return err
		}
	}
}

func sheetDamaged(number int, row int64) error {
	if row == 0 {
		return &Damaged{Reason: fmt.Sprintf("XLSX sheet %d could not be read", number)}
	}
	return &Damaged{Reason: fmt.Sprintf("XLSX sheet %d damaged at row %d", number, row)}
}

// sheetRows reads the rows of a sheet as displayed, falling back to the
// stored text of cells that display rounded. excelize shows numbers of
// more than 15 digits the way Excel does (4111111111111111 as
// 4.11111111111111E+15), which would lose card numbers and IDs that
// exports write as numbers. Once such a cell appears, a second iterator
// over the same sheet reads the raw values alongside; sheets without one
// are read once.
type sheetRows struct {
	book   *excelize.File
	sheet  string
	shown  *excelize.Rows
	stored *excelize.Rows // nil until a rounded cell appears
	read   int            // rows advanced so far
}

func openSheetRows(book *excelize.File, sheet string) (rows *sheetRows, err error) {
	defer recoverDamaged(&err, "XLSX sheet could not be read")
	shown, err := book.Rows(sheet)
	if err != nil {
		return nil, err
	}
	return &sheetRows{book: book, sheet: sheet, shown: shown}, nil
}

// next advances to the next row and returns its cells, "" for empty ones.
func (s *sheetRows) next() (values []string, more bool, err error) {
	defer recoverDamaged(&err, "XLSX sheet could not be read")
	if !s.shown.Next() {
		return nil, false, s.shown.Error()
	}
	s.read++
	if s.stored != nil {
		s.stored.Next()
	}
	values, err = s.shown.Columns()
	if err != nil || !anyRounded(values) {
		return values, true, err
	}
	if stored, err := s.storedValues(); err == nil {
		for i, v := range values {
			if i < len(stored) && looksRounded(v) {
				values[i] = stored[i]
			}
		}
	}
	return values, true, nil
}

// storedValues reads the current row raw, opening the second iterator and
// bringing it to the current row on first use.
func (s *sheetRows) storedValues() ([]string, error) {
	if s.stored == nil {
		stored, err := s.book.Rows(s.sheet)
		if err != nil {
			return nil, err
		}
		for range s.read {
			stored.Next()
		}
		s.stored = stored
	}
	return s.stored.Columns(excelize.Options{RawCellValue: true})
}

func (s *sheetRows) close() {
	s.shown.Close()
	if s.stored != nil {
		s.stored.Close()
	}
}

func anyRounded(values []string) bool {
	for _, v := range values {
		if looksRounded(v) {
			return true
		}
	}
	return false
}

// looksRounded reports whether v is a number in the exponent form excelize
// gives numbers it rounds to 15 digits ("4.11111111111111E+15").
func looksRounded(v string) bool {
	e := strings.Index(v, "E+")
	if e < 1 || e+2 == len(v) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < '0' || c > '9') && c != '.' && c != '-' && i != e && i != e+1 {
			return false
		}
	}
	return true
}

// cellBuffer turns the strings of a row into byte slices held in one
// reused buffer.
type cellBuffer struct {
	buf   []byte
	cells [][]byte
}

func (c *cellBuffer) fill(values []string) [][]byte {
	c.buf = c.buf[:0]
	for _, v := range values {
		c.buf = append(c.buf, v...)
	}
	c.cells = c.cells[:0]
	at := 0
	for _, v := range values {
		c.cells = append(c.cells, c.buf[at:at+len(v):at+len(v)])
		at += len(v)
	}
	return c.cells
}

// sheetWriter turns the rows of one sheet (XLSX or ODS) into records. The
// first non-empty row names the columns unless it looks like data; rows
// count from 1 after the header; empty rows are skipped. Column names are
// interned once per sheet.
type sheetWriter struct {
	sink    Sink
	loc     Loc
	decided bool // the header row has been seen
	cols    []*Column
	fields  []Field
}

func newSheetWriter(sink Sink, sheet string) *sheetWriter {
	return &sheetWriter{sink: sink, loc: Loc{Unit: "sheet " + sheet + " row"}}
}

// row takes the cells of one row, indexed by column; an empty cell is an
// empty or nil slice.
func (s *sheetWriter) row(cells [][]byte) error {
	if !hasValue(cells) {
		return nil
	}
	if !s.decided {
		s.decided = true
		if !sheetRowLooksLikeData(cells) {
			s.nameColumns(cells)
			return nil
		}
	}
	s.fields = s.fields[:0]
	for i, v := range cells {
		if len(v) > 0 {
			s.fields = append(s.fields, Field{Col: s.column(i), Value: v})
		}
	}
	s.loc.N++
	return s.sink.Row(s.loc, s.fields)
}

func hasValue(cells [][]byte) bool {
	for _, v := range cells {
		if len(bytes.TrimSpace(v)) > 0 {
			return true
		}
	}
	return false
}

// sheetRowLooksLikeData is the CSV header rule: a cell with an '@' or a
// number of five or more digits, or no letter in the whole row, means the
// first row is data.
func sheetRowLooksLikeData(cells [][]byte) bool {
	letters := false
	for _, v := range cells {
		if bytes.IndexByte(v, '@') >= 0 || isLongNumber(v) {
			return true
		}
		letters = letters || hasLetter(v)
	}
	return !letters
}

func (s *sheetWriter) nameColumns(cells [][]byte) {
	s.cols = s.cols[:0]
	for i, v := range cells {
		name := string(bytes.TrimSpace(v))
		if name == "" {
			name = columnName(i)
		}
		s.cols = append(s.cols, s.sink.Column(name))
	}
}

// column returns the interned column i, "column N" unless the header named
// it.
func (s *sheetWriter) column(i int) *Column {
	for len(s.cols) <= i {
		s.cols = append(s.cols, nil)
	}
	if s.cols[i] == nil {
		s.cols[i] = s.sink.Column(columnName(i))
	}
	return s.cols[i]
}

// Number formats, as far as showing a cell goes.
type numberFormat uint8

const (
	formatNumber   numberFormat = iota // shown as stored
	formatDate                         // shown as yyyy-mm-dd
	formatDateTime                     // shown as yyyy-mm-dd hh:mm:ss
	formatTime                         // shown as hh:mm:ss
)

// storedFormatID is a number format id excelize knows neither as built-in
// nor as custom: a cell styled with it shows its stored value unchanged.
const storedFormatID = -1

// showCellsAsStored rewrites the number formats of the workbook's cell
// styles, in memory only, so that excelize shows what the detectors need,
// fast. Why: excelize formats a styled cell by parsing its format code
// each time, and a date costs about 100 µs (it searches its locale table
// when the format names no locale); a column of birth dates would crawl.
// So number styles point at a format id excelize does not know (the cell
// then shows its stored text), and date and time styles at ISO formats
// that name their locale ([$-409]), which excelize formats quickly.
func showCellsAsStored(book *excelize.File) error {
	styles := book.Styles
	if styles == nil || styles.CellXfs == nil {
		return nil
	}
	kinds := make([]numberFormat, len(styles.CellXfs.Xf))
	for i, xf := range styles.CellXfs.Xf {
		kinds[i] = styleFormat(book, xf.NumFmtID)
	}
	ids := map[numberFormat]int{formatNumber: storedFormatID}
	for kind, code := range map[numberFormat]string{
		formatDate:     "[$-409]yyyy-mm-dd",
		formatDateTime: "[$-409]yyyy-mm-dd hh:mm:ss",
		formatTime:     "[$-409]hh:mm:ss",
	} {
		id, err := customFormatID(book, code)
		if err != nil {
			return err
		}
		ids[kind] = id
	}
	xfs := book.Styles.CellXfs.Xf // NewStyle may have grown the slice
	for i, kind := range kinds {
		id := ids[kind]
		xfs[i].NumFmtID = &id
	}
	return nil
}

// customFormatID adds a style with the format code and returns the id
// excelize gave the format.
func customFormatID(book *excelize.File, code string) (int, error) {
	style, err := book.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return 0, err
	}
	id := book.Styles.CellXfs.Xf[style].NumFmtID
	if id == nil {
		return 0, fmt.Errorf("style %d has no number format", style)
	}
	return *id, nil
}

func styleFormat(book *excelize.File, id *int) numberFormat {
	if id == nil {
		return formatNumber
	}
	if book.Styles.NumFmts != nil {
		for _, f := range book.Styles.NumFmts.NumFmt {
			if f != nil && f.NumFmtID == *id {
				return customFormat(f.FormatCode)
			}
		}
	}
	return builtinFormat(*id)
}

// builtinFormat classifies the built-in format ids, including the ones
// whose code depends on the locale (Chinese, Japanese, Korean, Thai).
func builtinFormat(id int) numberFormat {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 58,
		id >= 71 && id <= 74, id == 81:
		return formatDate
	case id == 22, id == 77:
		return formatDateTime
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47,
		id == 75, id == 76, id >= 78 && id <= 80:
		return formatTime
	}
	return formatNumber
}

// customFormat classifies a format code by its date and time tokens,
// skipping quoted text, escaped characters and bracketed parts (colours,
// locales). An m is a month next to a y or d, or alone, and a minute next
// to an h or s.
func customFormat(code string) numberFormat {
	var date, clock, m bool
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			}
		case '[':
			if j := strings.IndexByte(code[i+1:], ']'); j >= 0 {
				i += j + 1
			}
		case '\\', '_', '*':
			i++
		case 'y', 'Y', 'd', 'D', 'b', 'B':
			date = true
		case 'h', 'H', 's', 'S':
			clock = true
		case 'm', 'M':
			m = true
		case ';':
			i = len(code) // the first section decides
		}
	}
	switch {
	case date && clock:
		return formatDateTime
	case date, m && !clock:
		return formatDate
	case clock:
		return formatTime
	}
	return formatNumber
}
