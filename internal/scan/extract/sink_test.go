package extract

// Test Sinks shared by the tests of every extractor: recordingSink keeps
// every record as strings and checks the Sink protocol; discardSink
// counts for benchmarks.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// errSinkStopped is what a recordingSink returns once StopAfter records
// have been delivered, as a cancelled scan's Sink would.
var errSinkStopped = errors.New("sink stopped")

// errSinkProtocol is returned by a recordingSink for a call that breaks
// the Sink protocol; the call is also kept in Violations.
var errSinkProtocol = errors.New("sink protocol violated")

// recordKind tells the records of a recordingSink apart.
type recordKind string

const (
	rowRecord    recordKind = "row"
	docRecord    recordKind = "doc"
	nestedRecord recordKind = "nested"
)

// recordedField is one field of a recorded row.
type recordedField struct{ Column, Value string }

// recorded is one record as a recordingSink saw it.
type recorded struct {
	Kind    recordKind
	Loc     Loc
	Fields  []recordedField // rows
	Text    string          // documents: the chunks joined
	Chunks  []string        // documents: the chunks as delivered
	Name    string          // nested files
	Content string          // nested files
	Size    int64           // nested files: the size passed
}

// String renders a record for table tests:
//
//	row 3: name=Max | email=max@example.com
//	doc: text of the document
//	doc element 2: text
//	nested invoice.pdf: content
func (r recorded) String() string {
	where := r.Loc.String()
	switch r.Kind {
	case rowRecord:
		parts := make([]string, len(r.Fields))
		for i, f := range r.Fields {
			parts[i] = f.Column + "=" + f.Value
		}
		if where == "" {
			where = "file"
		}
		return where + ": " + strings.Join(parts, " | ")
	case docRecord:
		if where != "" {
			where = " " + where
		}
		return "doc" + where + ": " + r.Text
	}
	return "nested " + r.Name + ": " + r.Content
}

// recordingSink is a Sink that records everything it is given, copying
// values (so that an extractor reusing its buffers too early shows), and
// checks the protocol: Text only inside BeginDoc/EndDoc, chunks of at
// most MaxChunk, no Row or Nested inside a document, fields with columns
// it interned.
type recordingSink struct {
	Records    []recorded
	Columns    map[string]*Column
	Violations []string
	// StopAfter, when positive, makes every call after that many records
	// fail with errSinkStopped.
	StopAfter int
	open      *recorded
}

func newRecordingSink() *recordingSink {
	return &recordingSink{Columns: make(map[string]*Column)}
}

func (s *recordingSink) Column(name string) *Column {
	if c, ok := s.Columns[name]; ok {
		return c
	}
	c := &Column{Name: name}
	s.Columns[name] = c
	return c
}

func (s *recordingSink) Row(loc Loc, fields []Field) error {
	if err := s.check(s.open == nil, "Row inside a document"); err != nil {
		return err
	}
	r := recorded{Kind: rowRecord, Loc: loc}
	for _, f := range fields {
		if err := s.check(f.Col != nil && s.Columns[f.Col.Name] == f.Col, "field with a column the sink did not intern"); err != nil {
			return err
		}
		r.Fields = append(r.Fields, recordedField{Column: f.Col.Name, Value: string(f.Value)})
	}
	return s.add(r)
}

// RowSpans checks that the spans are in order, do not overlap and lie in
// data, and records the row as Row does.
func (s *recordingSink) RowSpans(loc Loc, data []byte, spans []Span) error {
	fields := make([]Field, 0, len(spans))
	prevEnd := 0
	for _, sp := range spans {
		if err := s.check(prevEnd <= sp.Start && sp.Start <= sp.End && sp.End <= len(data), "spans out of order or outside the data"); err != nil {
			return err
		}
		prevEnd = sp.End
		fields = append(fields, Field{Col: sp.Col, Value: data[sp.Start:sp.End]})
	}
	return s.Row(loc, fields)
}

// rowOnlySink hides RowSpans, so that extractors deliver through Row.
type rowOnlySink struct{ Sink }

func (s *recordingSink) BeginDoc(loc Loc) error {
	if err := s.check(s.open == nil, "BeginDoc inside a document"); err != nil {
		return err
	}
	if err := s.stopped(); err != nil {
		return err
	}
	s.open = &recorded{Kind: docRecord, Loc: loc}
	return nil
}

func (s *recordingSink) Text(chunk []byte) error {
	if err := s.check(s.open != nil, "Text outside a document"); err != nil {
		return err
	}
	if err := s.check(len(chunk) <= MaxChunk, fmt.Sprintf("chunk of %d bytes, more than MaxChunk", len(chunk))); err != nil {
		return err
	}
	s.open.Chunks = append(s.open.Chunks, string(chunk))
	return nil
}

func (s *recordingSink) EndDoc() error {
	if err := s.check(s.open != nil, "EndDoc without BeginDoc"); err != nil {
		return err
	}
	doc := *s.open
	doc.Text = strings.Join(doc.Chunks, "")
	s.open = nil
	return s.add(doc)
}

func (s *recordingSink) Nested(name string, r io.Reader, size int64) error {
	if err := s.check(s.open == nil, "Nested inside a document"); err != nil {
		return err
	}
	content, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return s.add(recorded{Kind: nestedRecord, Name: name, Content: string(content), Size: size})
}

// check records a violation of the protocol unless ok.
func (s *recordingSink) check(ok bool, violation string) error {
	if ok {
		return nil
	}
	s.Violations = append(s.Violations, violation)
	return errSinkProtocol
}

func (s *recordingSink) add(r recorded) error {
	if err := s.stopped(); err != nil {
		return err
	}
	s.Records = append(s.Records, r)
	return nil
}

func (s *recordingSink) stopped() error {
	if s.StopAfter > 0 && len(s.Records) >= s.StopAfter {
		return errSinkStopped
	}
	return nil
}

// Lines renders every record with recorded.String.
func (s *recordingSink) Lines() []string {
	lines := make([]string, len(s.Records))
	for i, r := range s.Records {
		lines[i] = r.String()
	}
	return lines
}

// AllText joins the text of every document.
func (s *recordingSink) AllText() string {
	var b strings.Builder
	for _, r := range s.Records {
		if r.Kind == docRecord {
			b.WriteString(r.Text)
		}
	}
	return b.String()
}

// assertProtocol fails the test if the extractor broke the Sink protocol,
// including leaving a document open.
func (s *recordingSink) assertProtocol(t testing.TB) {
	t.Helper()
	if s.open != nil {
		s.Violations = append(s.Violations, "document left open")
	}
	if len(s.Violations) > 0 {
		t.Errorf("sink protocol violated: %s", strings.Join(s.Violations, "; "))
	}
}

// extractBytes runs an extractor over data with a fresh recordingSink and
// checks the protocol.
func extractBytes(t testing.TB, extract Extractor, name string, data []byte) (*recordingSink, error) {
	t.Helper()
	sink := newRecordingSink()
	err := extract(context.Background(), bytes.NewReader(data), name, sink)
	sink.assertProtocol(t)
	// Records delivered through RowSpans and through Row are the same.
	rowOnly := newRecordingSink()
	rowErr := extract(context.Background(), bytes.NewReader(data), name, rowOnlySink{rowOnly})
	rowOnly.assertProtocol(t)
	if fmt.Sprint(err) != fmt.Sprint(rowErr) || !slices.Equal(sink.Lines(), rowOnly.Lines()) {
		t.Errorf("through Row instead of RowSpans: error %v, records\n%s\nwant error %v, records\n%s",
			rowErr, strings.Join(rowOnly.Lines(), "\n"), err, strings.Join(sink.Lines(), "\n"))
	}
	return sink, err
}

// discardSink is a Sink that only counts, for benchmarks and memory
// tests: the cost measured is the extractor's.
type discardSink struct {
	columns map[string]*Column
	rows    int64
	fields  int64
	text    int64
	onRow   func() // called after every row, if set
}

func newDiscardSink() *discardSink {
	return &discardSink{columns: make(map[string]*Column)}
}

func (s *discardSink) Column(name string) *Column {
	if c, ok := s.columns[name]; ok {
		return c
	}
	c := &Column{Name: name}
	s.columns[name] = c
	return c
}

func (s *discardSink) Row(_ Loc, fields []Field) error {
	s.rows++
	s.fields += int64(len(fields))
	if s.onRow != nil {
		s.onRow()
	}
	return nil
}

// RowSpans makes the discardSink a SpanSink, as the scanner's Sink is.
func (s *discardSink) RowSpans(loc Loc, _ []byte, spans []Span) error {
	s.rows++
	s.fields += int64(len(spans))
	if s.onRow != nil {
		s.onRow()
	}
	return nil
}

func (s *discardSink) BeginDoc(Loc) error { return nil }
func (s *discardSink) EndDoc() error      { return nil }

func (s *discardSink) Text(chunk []byte) error {
	s.text += int64(len(chunk))
	return nil
}

func (s *discardSink) Nested(_ string, r io.Reader, _ int64) error {
	_, err := io.Copy(io.Discard, r)
	return err
}

// repeatReader generates head, then body count times, then tail, without
// ever holding more than body: gigabytes of input at no memory cost.
type repeatReader struct {
	head, body, tail []byte
	count            int
	cur              []byte // what is left of the current part
}

func newRepeatReader(head, body []byte, count int, tail []byte) *repeatReader {
	return &repeatReader{head: head, body: body, tail: tail, count: count, cur: head}
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(r.cur) == 0 {
			switch {
			case r.count > 0:
				r.count--
				r.cur = r.body
			case r.tail != nil:
				r.cur, r.tail = r.tail, nil
			default:
				if n == 0 {
					return 0, io.EOF
				}
				return n, nil
			}
		}
		k := copy(p[n:], r.cur)
		r.cur = r.cur[k:]
		n += k
	}
	return n, nil
}

// heapBound is what streaming a file of any size may hold in the heap.
const heapBound = 64 << 20

// assertConstantMemory streams size-independent input through extract
// and fails if the heap in use ever exceeds heapBound; rows is how many
// records the input holds.
func assertConstantMemory(t *testing.T, extract Extractor, name string, input io.Reader, rows int64) {
	t.Helper()
	if testing.Short() {
		t.Skip("streams hundreds of megabytes")
	}
	runtime.GC()
	var peak uint64
	var stats runtime.MemStats
	sink := newDiscardSink()
	sink.onRow = func() {
		if sink.rows%50000 == 0 {
			runtime.ReadMemStats(&stats)
			peak = max(peak, stats.HeapInuse)
		}
	}
	if err := extract(context.Background(), input, name, sink); err != nil {
		t.Fatal(err)
	}
	if sink.rows != rows {
		t.Errorf("%d records, want %d", sink.rows, rows)
	}
	if peak == 0 || peak > heapBound {
		t.Errorf("heap in use peaked at %d MB, want under %d MB", peak>>20, heapBound>>20)
	}
	t.Logf("%d records, heap in use peaked at %.1f MB", sink.rows, float64(peak)/(1<<20))
}

// assertNoAllocsPerRecord fails if extracting large allocates more than
// extracting small: steady-state parsing must not allocate per record,
// only per file (buffers) and per column name. Both inputs should exceed
// the window's full size, so that its growth allocates the same.
func assertNoAllocsPerRecord(t *testing.T, extract Extractor, name string, small, large []byte) {
	t.Helper()
	allocs := func(data []byte) float64 {
		return testing.AllocsPerRun(5, func() {
			if err := extract(context.Background(), bytes.NewReader(data), name, newDiscardSink()); err != nil {
				t.Fatal(err)
			}
		})
	}
	if a, b := allocs(small), allocs(large); b > a {
		t.Errorf("%.0f allocations for the small file, %.0f for the large one: the extractor allocates per record", a, b)
	}
}
