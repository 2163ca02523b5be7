// Package extract turns files into records: the rows of a CSV, XLSX sheet
// or SQL dump, the objects of a JSON array or the lines of NDJSON, the
// messages of an mbox, and whole documents (PDF, DOCX, HTML, text). A
// record is the unit the scanner counts.
//
// Extractors stream: they read from an io.Reader and hand each record to a
// Sink as soon as it is complete, reusing their buffers, so no file is ever
// held in memory whole. Values handed to the Sink are valid only during the
// call.
package extract

import (
	"context"
	"errors"
	"io"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// Loc locates a record within its file, for humans: "row 17",
// "message 12", or "" for a file that is one record.
type Loc struct {
	Unit string // "row", "object", "line", "tuple", "message", "sheet Staff row" ...; "" for the whole file
	N    int64  // 1-based
}

// String is the locator as the findings file writes it after the file's
// path and a colon: "row 17".
func (l Loc) String() string {
	if l.Unit == "" {
		return ""
	}
	return l.Unit + " " + strconv.FormatInt(l.N, 10)
}

// Column is a column or field name, interned per file by the Sink so that
// its classification is computed once.
type Column struct {
	Name string
	Hint detect.ColumnHint // set by the Sink; extractors leave it alone
}

// Field is one value of a tabular record.
type Field struct {
	Col   *Column
	Value []byte
}

// Span is one value of a tabular record handed to a SpanSink: the bytes
// data[Start:End] of the record's buffer.
type Span struct {
	Col        *Column
	Start, End int
}

// SpanSink is a Sink that also takes a tabular record as one buffer and
// the spans of its values in it, in order and not overlapping. Extractors
// whose values lie in one buffer (the CSV window, the JSON and SQL
// arenas) use RowSpans when the Sink has it: the Sink can then copy a
// record's bytes at once rather than value by value, which is most of
// the cost of handing a record over. The bytes between the spans mean
// nothing. data is valid only during the call, as Row's values are.
type SpanSink interface {
	Sink
	RowSpans(loc Loc, data []byte, spans []Span) error
}

// Sink receives the records of one file. Tabular records (rows, objects,
// tuples) come whole through Row. Documents come as a stream: BeginDoc,
// any number of Text chunks, EndDoc. Contained files (mail attachments,
// files embedded in a document) go back to the scanner through Nested,
// which scans them as files of their own with the locator name after a '!'.
//
// A non-nil error from a Sink method means stop (the scan was cancelled):
// the extractor returns it at once.
type Sink interface {
	// Column interns a column or field name.
	Column(name string) *Column
	// Row delivers one tabular record.
	Row(loc Loc, fields []Field) error
	// BeginDoc starts a document record; Text delivers its text in chunks
	// cut at whitespace where possible; EndDoc closes it.
	BeginDoc(loc Loc) error
	Text(chunk []byte) error
	EndDoc() error
	// Nested scans a file contained in this one (a mail attachment, an
	// embedded file). size is -1 if unknown. It is never called between
	// BeginDoc and EndDoc.
	Nested(name string, r io.Reader, size int64) error
}

// Extractor reads a file of its format from r and feeds its records to
// sink. name is the file's base name (for formats that care about the
// extension). A damaged file is read as far as it goes: the extractor
// returns a *Damaged error saying where it stopped, and the records before
// that count.
type Extractor func(ctx context.Context, r io.Reader, name string, sink Sink) error

// Damaged says a file could not be read to its end; what came before was
// scanned.
type Damaged struct {
	Reason string // short, for the report: "truncated gzip stream", "unterminated quote at row 17"
}

func (d *Damaged) Error() string { return d.Reason }

// IsDamaged reports whether err is a *Damaged.
func IsDamaged(err error) bool {
	var d *Damaged
	return errors.As(err, &d)
}

// MaxChunk is the largest text chunk a document extractor hands to Text.
const MaxChunk = 1 << 20

// RandomAccess is a file that can be read at any offset. Formats that are
// zip files inside (XLSX, DOCX, ODT, ODS) and PDF need it: the scanner
// passes their extractor a reader that implements it (the file itself, or
// a spooled copy of an archive member), and the extractor type-asserts.
type RandomAccess interface {
	io.Reader
	io.ReaderAt
	Size() int64
}
