package scan

import (
	"slices"
	"sync"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// A batch carries records from a file's extractor (one goroutine) to the
// detectors (several), so that one big file keeps every core busy: the
// extractor only copies bytes; finding and validating values is the
// expensive part, and it runs in parallel.
type batch struct {
	file  *fileState
	items []item
	cols  []fieldRef
	data  []byte // the values and text, back to back
}

// item is a tabular record (fields cols[from:to]), a chunk of a document's
// text (data[from:to]), or the end of a document.
type item struct {
	kind     itemKind
	loc      extract.Loc
	doc      *docRecord
	from, to int
}

type itemKind uint8

const (
	itemRow itemKind = iota
	itemText
	itemDocEnd
)

// fieldRef is one field of a row: its column and its value in data.
type fieldRef struct {
	col      *extract.Column
	from, to int
}

// batchBytes is how much a batch holds before it goes to a detector:
// large enough that handing over costs nothing, small enough to spread a
// file over the cores and to keep memory flat.
const (
	batchBytes = 256 << 10
	batchItems = 2048
)

var batchPool = sync.Pool{New: func() any { return &batch{data: make([]byte, 0, batchBytes+4096)} }}

func newBatch(f *fileState) *batch {
	b := batchPool.Get().(*batch)
	b.file = f
	return b
}

func (b *batch) full() bool { return len(b.data) >= batchBytes || len(b.items) >= batchItems }

func (b *batch) release() {
	b.file = nil
	b.items = b.items[:0]
	b.cols = b.cols[:0]
	b.data = b.data[:0]
	batchPool.Put(b)
}

func (b *batch) addRow(loc extract.Loc, fields []extract.Field) {
	first := len(b.cols)
	for _, f := range fields {
		from := len(b.data)
		b.data = append(b.data, f.Value...)
		b.cols = append(b.cols, fieldRef{col: f.Col, from: from, to: len(b.data)})
	}
	it := b.newItem()
	it.kind, it.loc, it.from, it.to = itemRow, loc, first, len(b.cols)
}

// addRowSpans adds a record whose values are data[s.Start:s.End]: the
// bytes from its first value to its last are copied at once, and the
// fields point into them.
func (b *batch) addRowSpans(loc extract.Loc, data []byte, spans []extract.Span) {
	first := len(b.cols)
	if len(spans) > 0 {
		lo, hi := spans[0].Start, spans[len(spans)-1].End
		base := len(b.data) - lo
		b.data = append(b.data, data[lo:hi]...)
		n := len(b.cols)
		b.cols = slices.Grow(b.cols, len(spans))[:n+len(spans)]
		refs := b.cols[n:]
		for i, s := range spans {
			r := &refs[i]
			r.col, r.from, r.to = s.Col, base+s.Start, base+s.End
		}
	}
	it := b.newItem()
	it.kind, it.loc, it.from, it.to = itemRow, loc, first, len(b.cols)
}

// newItem appends a zero item and returns it to be filled in place:
// appending a composite literal builds it on the stack first and copies
// it with wide loads that the narrower stores cannot forward to, a stall
// that CPU profiles of the CSV extractor showed on every row.
func (b *batch) newItem() *item {
	b.items = append(b.items, item{})
	return &b.items[len(b.items)-1]
}

func (b *batch) addText(doc *docRecord, chunk []byte) {
	from := len(b.data)
	b.data = append(b.data, chunk...)
	b.items = append(b.items, item{kind: itemText, doc: doc, from: from, to: len(b.data)})
}

func (b *batch) addDocEnd(doc *docRecord) {
	b.items = append(b.items, item{kind: itemDocEnd, doc: doc})
}

// docRecord is a document whose text chunks may be scanned by several
// detectors at once. Its values go to the detectors' accumulators as the
// chunks are scanned (in a document each identifier is its own person, so
// nothing waits for the rest of it); the document keeps only what the
// record needs at its end, under the lock, and whoever finishes the last
// piece after the end was seen books the record. A text of millions of
// e-mail addresses so costs no more memory than its distinct values.
type docRecord struct {
	mu       sync.Mutex
	loc      extract.Loc
	seen     uint32 // the categories found (bit i for detect.Categories[i])
	personal bool   // a personal value was found
	linked   bool   // a linking value was found
	// written holds the hashes of the values already in the findings
	// file, which lists each value once per record; nil without findings.
	written map[uint64]struct{}
	pending int  // chunks handed out and not yet scanned
	ended   bool // EndDoc was seen
	file    *fileState
	path    string
}

// fileState is one file's figures while its batches are being scanned.
type fileState struct {
	mu     sync.Mutex
	report FileReport
	wg     sync.WaitGroup // batches in flight
}

// add adds a batch's figures to the file's.
func (f *fileState) add(c *fileCounts) {
	if c.records == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.report.Records += c.records
	for i, n := range c.categories {
		if n > 0 {
			f.report.Categories[detect.Categories[i]] += n
		}
	}
}
