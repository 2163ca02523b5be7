package extract

// CSV and TSV: a hand-written streaming parser. encoding/csv allocates per
// record and is several times too slow for a 20 GB export; this parser
// finds rows and fields with bytes.IndexByte in a sliding window and hands
// the Sink slices of that window, unquoting quoted fields in place.

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"unicode"
	"unicode/utf8"
)

const (
	// maxCSVField bounds one field; a larger one damages the file rather
	// than the memory.
	maxCSVField = 64 << 20
	// maxCSVRow bounds one row, which is held whole while it is
	// delivered: a 200 MB line of a few huge fields still works.
	maxCSVRow = 256 << 20
	// csvCheckEvery is how many rows pass between cancellation checks.
	csvCheckEvery = 4096
	// maxRecordFields bounds the fields of one record in every tabular
	// format: a line of a million commas must not cost gigabytes of field
	// offsets.
	maxRecordFields = 1 << 20
)

// csvDelimiters are the delimiters sniffed, in order of preference.
var csvDelimiters = [...]byte{',', '\t', ';', '|'}

// ExtractCSV reads a CSV or TSV file: every data row is a record
// (Loc{"row", n}, n counting data rows from 1). The delimiter is sniffed
// from the first lines (a .tsv or .tab name says tab). The first row names
// the columns unless it looks like data (see looksLikeData); columns
// without a name are called "column N". Empty lines are not records, and
// empty fields are left out of a row.
func ExtractCSV(ctx context.Context, r io.Reader, name string, sink Sink) error {
	return extractCSV(ctx, r, name, sink, true)
}

// extractCSV is ExtractCSV; plainValues says whether rows without quotes
// go to their values in one pass (see splitValues), which the tests turn
// off to compare with the general path.
func extractCSV(ctx context.Context, r io.Reader, name string, sink Sink, plainValues bool) error {
	w, err := openWindow(r, maxCSVRow)
	if err != nil {
		return fmt.Errorf("read csv: %w", err)
	}
	w.uncounted = true // rows are counted, not lines
	p := &csvParser{w: w, sink: sink, out: newRowWriter(sink), nl: newlineOf(w.avail()), plainValues: plainValues}
	if delim, ok := excelSeparator(w); ok {
		p.delim = delim
	} else {
		p.delim = sniffDelimiter(w.avail(), name, w.eof).delim
	}
	p.delimWord = swarOnes * uint64(p.delim)
	return p.run(ctx)
}

// excelSeparator reads the "sep=;" line with which Excel exports may
// start, naming their delimiter; it is not a row.
func excelSeparator(w *window) (byte, bool) {
	b := w.avail()
	if len(b) < 5 || string(b[:4]) != "sep=" || b[4] == '\n' || b[4] == '\r' {
		return 0, false
	}
	rest := b[5:]
	if len(rest) > 0 && rest[0] == '\r' {
		rest = rest[1:]
	}
	if len(rest) > 0 && rest[0] != '\n' {
		return 0, false
	}
	w.pos += len(b) - len(rest) + min(len(rest), 1)
	return b[4], true
}

type csvParser struct {
	w     *window
	sink  Sink
	delim byte
	nl    byte
	spans []csvSpan // the current row's fields, offsets into w.avail()
	nlAt  int       // the next newline at or after the scan position; len(b) if none
	// delimWord is delim in every byte of a word.
	delimWord uint64
	fields    []Field // the header row, or a first row that is data
	values    []Span  // the current row's values, in w.avail()
	out       rowWriter
	cols      []*Column // by column index; nil where not yet interned
	header    bool      // the header row has been read
	rows      int64
	// plainValues says that rows without quotes after the header are
	// split straight into p.values.
	plainValues bool
}

// csvSpan is a raw field: b[start:end], still quoted when quoted.
type csvSpan struct {
	start, end int
	quoted     bool
}

type rowState int

const (
	rowDone rowState = iota
	rowNeedsMore
	rowUnterminated // a quote still open at the end of the file
	rowTooWide      // more than maxRecordFields fields
	rowValues       // a record whose values are in p.values, ready to go
	rowBlank        // an empty line, no record
)

func (p *csvParser) run(ctx context.Context) error {
	for {
		if p.w.pos == p.w.end && !p.w.more() {
			if p.w.err != nil {
				return fmt.Errorf("read csv: %w", p.w.err)
			}
			return nil
		}
		b := p.w.avail()
		n, state := p.scanRow(b, p.w.eof)
		switch state {
		case rowNeedsMore:
			if err := p.readMore(ctx, b); err != nil {
				return err
			}
			continue
		case rowTooWide:
			return &Damaged{Reason: "more than 1048576 fields in " + p.where()}
		case rowValues, rowBlank:
			if err := p.deliverValues(b, state); err != nil {
				return err
			}
			p.w.pos += n
			continue
		}
		var where string
		if state == rowUnterminated {
			where = p.where() // before deliver counts the row
		}
		if err := p.deliver(b); err != nil {
			return err
		}
		p.w.pos += n
		if state == rowUnterminated {
			return &Damaged{Reason: "unterminated quote at " + where}
		}
		if p.rows%csvCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
}

// readMore extends the window for a row that does not fit yet.
func (p *csvParser) readMore(ctx context.Context, b []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	fieldStart := 0
	if len(p.spans) > 0 {
		fieldStart = p.spans[len(p.spans)-1].start
	}
	if len(b)-fieldStart > maxCSVField {
		return &Damaged{Reason: "field larger than 64 MiB at " + p.where()}
	}
	if p.w.more() {
		return nil
	}
	switch {
	case p.w.err != nil:
		return fmt.Errorf("read csv: %w", p.w.err)
	case p.w.full:
		return &Damaged{Reason: "row larger than 256 MiB at " + p.where()}
	}
	return nil // at the end of the file: the next scan ends the row
}

// where names the row being read, for Damaged reasons.
func (p *csvParser) where() string {
	if !p.header {
		return "the header row"
	}
	return "row " + strconv.FormatInt(p.rows+1, 10)
}

// scanRow finds the fields of the row at the start of b and returns the
// length of the row including its newline. Fields are recorded in
// p.spans (the last one ends where the data ends when more is needed).
func (p *csvParser) scanRow(b []byte, eof bool) (int, rowState) {
	p.spans = p.spans[:0]
	p.nlAt = -1
	if k := bytes.IndexByte(b, p.nl); k >= 0 {
		p.nlAt = k
		if bytes.IndexByte(b[:k], '"') < 0 {
			if p.header && p.plainValues && k <= maxCSVField {
				return p.splitValues(b, k)
			}
			return p.splitPlain(b, k)
		}
	}
	return p.scanFields(b, eof)
}

// scanFields is scanRow for any row: quoted fields, or a row that may
// not be complete in b.
func (p *csvParser) scanFields(b []byte, eof bool) (int, rowState) {
	i := 0
	for {
		start, quoted := i, false
		if i < len(b) && b[i] == '"' {
			j, state := scanQuoted(b, i+1, eof)
			if state != rowDone {
				p.spans = append(p.spans, csvSpan{start, len(b), true})
				return len(b), state
			}
			i, quoted = j, true
		}
		k := p.fieldEnd(b, i)
		if k < 0 {
			p.spans = append(p.spans, csvSpan{start, len(b), quoted})
			if !eof {
				return 0, rowNeedsMore
			}
			return len(b), rowDone
		}
		p.spans = append(p.spans, csvSpan{start, k, quoted})
		if len(p.spans) > maxRecordFields {
			return 0, rowTooWide
		}
		if b[k] != p.delim {
			p.trimCR(b)
			return k + 1, rowDone
		}
		i = k + 1
	}
}

// splitPlain records the fields of a whole row without quotes, b[:nl],
// and returns its length with the newline. Most rows are like that, and
// their delimiters are found eight bytes at a time, every one of them
// from the same word, rather than by an IndexByte call per field.
func (p *csvParser) splitPlain(b []byte, nl int) (int, rowState) {
	row := b[:nl]
	start, i := 0, 0
	for ; i+8 <= len(row); i += 8 {
		m := swarEqualBytes(binary.LittleEndian.Uint64(row[i:]), p.delimWord)
		for ; m != 0; m &= m - 1 {
			k := i + bits.TrailingZeros64(m)/8
			p.spans = append(p.spans, csvSpan{start, k, false})
			start = k + 1
		}
		if len(p.spans) > maxRecordFields {
			return 0, rowTooWide
		}
	}
	for ; i < len(row); i++ {
		if row[i] == p.delim {
			p.spans = append(p.spans, csvSpan{start, i, false})
			start = i + 1
		}
	}
	p.spans = append(p.spans, csvSpan{start, nl, false})
	if len(p.spans) > maxRecordFields {
		return 0, rowTooWide
	}
	p.trimCR(b)
	return nl + 1, rowDone
}

// splitValues is splitPlain and deliver in one pass for a data row
// without quotes, b[:nl], which is most of a big export: the delimiters
// found in each word become the spans of the non-empty values at once,
// with their columns. The row is no longer than maxCSVField, so no field
// is too large. A value in a column not interned yet sends the row the
// general way, which interns it.
func (p *csvParser) splitValues(b []byte, nl int) (int, rowState) {
	row := b[:nl]
	if p.nl == '\n' && nl > 0 && row[nl-1] == '\r' {
		row = row[:nl-1] // the CR of a CRLF line end belongs to no field
	}
	if len(row) == 0 {
		return nl + 1, rowBlank
	}
	p.values = p.values[:0]
	field, start, i := 0, 0, 0
	for ; i+8 <= len(row); i += 8 {
		m := swarEqualBytes(binary.LittleEndian.Uint64(row[i:]), p.delimWord)
		for ; m != 0; m &= m - 1 {
			k := i + bits.TrailingZeros64(m)/8
			if !p.addValue(field, start, k) {
				return p.splitPlain(b, nl)
			}
			field, start = field+1, k+1
		}
	}
	for ; i < len(row); i++ {
		if row[i] == p.delim {
			if !p.addValue(field, start, i) {
				return p.splitPlain(b, nl)
			}
			field, start = field+1, i+1
		}
	}
	if field >= maxRecordFields {
		return 0, rowTooWide // empty fields past the header's
	}
	if !p.addValue(field, start, len(row)) {
		return p.splitPlain(b, nl)
	}
	return nl + 1, rowValues
}

// addValue adds the value of field i, b[start:end], unless it is empty;
// it reports false if the field's column is not interned yet, so that
// p.values never holds more values than the header has columns.
func (p *csvParser) addValue(i, start, end int) bool {
	if end == start {
		return true
	}
	if i >= len(p.cols) || p.cols[i] == nil {
		return false
	}
	p.values = append(p.values, Span{Col: p.cols[i], Start: start, End: end})
	return true
}

// fieldEnd returns the index of the delimiter or newline ending the field
// at b[i:], or -1 when b ends first. Rows are found with one IndexByte for
// the newline and fields with one IndexByte per delimiter, both vectorized.
func (p *csvParser) fieldEnd(b []byte, i int) int {
	if p.nlAt < i {
		p.nlAt = len(b)
		if k := bytes.IndexByte(b[i:], p.nl); k >= 0 {
			p.nlAt = i + k
		}
	}
	if d := bytes.IndexByte(b[i:p.nlAt], p.delim); d >= 0 {
		return i + d
	}
	if p.nlAt == len(b) {
		return -1
	}
	return p.nlAt
}

// trimCR drops the carriage return of a CRLF line end from the last field.
func (p *csvParser) trimCR(b []byte) {
	last := &p.spans[len(p.spans)-1]
	if p.nl == '\n' && last.end > last.start && b[last.end-1] == '\r' {
		last.end--
	}
}

// scanQuoted returns the index just past the closing quote of a quoted
// field whose content starts at b[j].
func scanQuoted(b []byte, j int, eof bool) (int, rowState) {
	for {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			if eof {
				return len(b), rowUnterminated
			}
			return 0, rowNeedsMore
		}
		q := j + k
		switch {
		case q+1 < len(b) && b[q+1] == '"':
			j = q + 2
		case q+1 < len(b) || eof:
			return q + 1, rowDone
		default:
			return 0, rowNeedsMore // "" or the end of the field: the next byte decides
		}
	}
}

// deliver hands the scanned row to the Sink, or takes it as the header.
func (p *csvParser) deliver(b []byte) error {
	if len(p.spans) == 1 && p.spans[0].end == p.spans[0].start {
		return nil // an empty line
	}
	if !p.header {
		return p.deliverFirst(b)
	}
	// One pass: unquote, name and keep the fields with a value.
	p.values = p.values[:0]
	for i, s := range p.spans {
		end := s.end
		if s.quoted {
			end = s.start + len(unquoteInPlace(b[s.start:s.end]))
		}
		if end-s.start > maxCSVField {
			return &Damaged{Reason: "field larger than 64 MiB at " + p.where()}
		}
		if end == s.start {
			continue
		}
		var col *Column
		if i < len(p.cols) && p.cols[i] != nil {
			col = p.cols[i]
		} else {
			col = p.column(i)
		}
		p.values = append(p.values, Span{Col: col, Start: s.start, End: end})
	}
	p.rows++
	return p.out.row(Loc{Unit: "row", N: p.rows}, b, p.values)
}

// deliverValues hands over a row that splitValues read.
func (p *csvParser) deliverValues(b []byte, state rowState) error {
	if state == rowBlank {
		return nil
	}
	p.rows++
	return p.out.row(Loc{Unit: "row", N: p.rows}, b, p.values)
}

// deliverFirst takes the first row as the header, or else delivers it.
func (p *csvParser) deliverFirst(b []byte) error {
	p.fields = p.fields[:0]
	for _, s := range p.spans {
		v := b[s.start:s.end]
		if s.quoted {
			v = unquoteInPlace(v)
		}
		if len(v) > maxCSVField {
			return &Damaged{Reason: "field larger than 64 MiB at " + p.where()}
		}
		p.fields = append(p.fields, Field{Value: v})
	}
	p.header = true
	if !p.looksLikeData() {
		p.nameColumns()
		return nil
	}
	for i := range p.fields {
		p.fields[i].Col = p.column(i)
	}
	p.rows++
	return p.sink.Row(Loc{Unit: "row", N: p.rows}, dropEmpty(p.fields))
}

// dropEmpty removes the fields without a value, in place.
func dropEmpty(fields []Field) []Field {
	kept := fields[:0]
	for _, f := range fields {
		if len(f.Value) > 0 {
			kept = append(kept, f)
		}
	}
	return kept
}

// column returns the interned column i, naming it "column N" unless the
// header named it.
func (p *csvParser) column(i int) *Column {
	for len(p.cols) <= i {
		p.cols = append(p.cols, nil)
	}
	if p.cols[i] == nil {
		p.cols[i] = p.sink.Column(columnName(i))
	}
	return p.cols[i]
}

// columnName is the name of an unnamed column: "column 3" for index 2.
func columnName(i int) string { return "column " + strconv.Itoa(i+1) }

// nameColumns interns the header row's fields as the column names.
func (p *csvParser) nameColumns() {
	p.cols = p.cols[:0]
	for i, f := range p.fields {
		name := string(bytes.TrimSpace(f.Value))
		if name == "" {
			name = columnName(i)
		}
		p.cols = append(p.cols, p.sink.Column(name))
	}
}

// looksLikeData reports whether the first row is data rather than a
// header: a field with an '@' or a number of five or more digits, or no
// letter in the whole row. Column names have letters and no '@'.
func (p *csvParser) looksLikeData() bool {
	letters := false
	for _, f := range p.fields {
		if bytes.IndexByte(f.Value, '@') >= 0 || isLongNumber(f.Value) {
			return true
		}
		letters = letters || hasLetter(f.Value)
	}
	return !letters
}

// isLongNumber reports whether v is a number of at least five digits,
// possibly written with separators (+49 30 1234567, 12.345.678).
func isLongNumber(v []byte) bool {
	digits := 0
	for _, c := range bytes.TrimSpace(v) {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case bytes.IndexByte([]byte("+-./() "), c) < 0:
			return false
		}
	}
	return digits >= 5
}

func hasLetter(v []byte) bool {
	for len(v) > 0 {
		r, size := utf8.DecodeRune(v)
		if unicode.IsLetter(r) {
			return true
		}
		v = v[size:]
	}
	return false
}

// unquoteInPlace turns a raw quoted field ("a ""b""" or "a"b) into its
// value: doubled quotes become one, the closing quote ends the quoted
// part and whatever follows it up to the delimiter is kept as written.
func unquoteInPlace(v []byte) []byte {
	src := v[1:]
	out := 0
	for {
		k := bytes.IndexByte(src, '"')
		if k < 0 {
			out += copy(v[out:], src)
			return v[:out]
		}
		out += copy(v[out:], src[:k])
		if k+1 < len(src) && src[k+1] == '"' {
			v[out] = '"'
			out++
			src = src[k+2:]
			continue
		}
		out += copy(v[out:], src[k+1:])
		return v[:out]
	}
}

// newlineOf says which byte ends lines: '\n', or '\r' for old Mac files
// that have no '\n' at all.
func newlineOf(text []byte) byte {
	if bytes.IndexByte(text, '\n') < 0 && bytes.IndexByte(text, '\r') >= 0 {
		return '\r'
	}
	return '\n'
}

// delimiterGuess is what the first lines say about a CSV file.
type delimiterGuess struct {
	delim   byte
	fields  int // the most common field count with delim
	records int // complete records looked at
	share   int // percent of those records with that field count
}

// consistent reports whether the guess shows a table: at least two
// records that mostly have the same number (two or more) of fields.
func (g delimiterGuess) consistent() bool {
	return g.records >= 2 && g.fields >= 2 && g.share >= 80
}

// sniffRecords is how many records the delimiter sniffing looks at.
const sniffRecords = 30

// sniffDelimiter picks the delimiter whose field counts agree best over
// the first records of text, respecting quotes. complete says text is the
// whole file, so its last line counts even without a newline.
func sniffDelimiter(text []byte, name string, complete bool) delimiterGuess {
	best := delimiterGuess{delim: ','}
	if hasExt(name, ".tsv", ".tab") {
		best.delim = '\t'
	}
	for _, d := range csvDelimiters {
		g := countFields(text, d, complete)
		if g.fields < 2 {
			continue
		}
		if best.fields < 2 || g.share > best.share || (g.share == best.share && g.fields > best.fields) {
			best = g
		}
	}
	if hasExt(name, ".tsv", ".tab") && best.delim != '\t' {
		best = countFields(text, '\t', complete)
		best.delim = '\t'
	}
	return best
}

// countFields counts the fields of the first records of text with
// delimiter d and returns the most common count and its share.
func countFields(text []byte, d byte, complete bool) delimiterGuess {
	var counts [sniffRecords]int
	n := 0
	fields, blank, state := 1, true, fieldStart
	for i := 0; i < len(text) && n < sniffRecords; i++ {
		c := text[i]
		switch state {
		case inQuotes:
			if c == '"' {
				state = quoteInQuotes
			}
			continue
		case quoteInQuotes:
			if c == '"' {
				state = inQuotes
				continue
			}
		}
		switch {
		case c == '"' && state == fieldStart:
			state, blank = inQuotes, false
		case c == d:
			fields, blank, state = fields+1, false, fieldStart
		case c == '\n':
			if !blank {
				counts[n] = fields
				n++
			}
			fields, blank, state = 1, true, fieldStart
		case c != '\r':
			blank, state = false, inField
		}
	}
	if complete && state != inQuotes && !blank && n < sniffRecords {
		counts[n] = fields
		n++
	}
	return modeOf(d, counts[:n])
}

// The states of countFields' small CSV scanner.
const (
	fieldStart = iota
	inField
	inQuotes
	quoteInQuotes // a quote inside quotes: doubled, or the closing one
)

// modeOf summarizes field counts by their most common value.
func modeOf(d byte, counts []int) delimiterGuess {
	g := delimiterGuess{delim: d, records: len(counts)}
	best := 0
	for _, c := range counts {
		same := 0
		for _, o := range counts {
			if o == c {
				same++
			}
		}
		if same > best || (same == best && c > g.fields) {
			best, g.fields = same, c
		}
	}
	if len(counts) > 0 {
		g.share = best * 100 / len(counts)
	}
	return g
}
