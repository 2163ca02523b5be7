package scan

import (
	"io"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// fileSink receives the records of one file from its extractor and packs
// them into batches for the detectors. It runs in the extractor's
// goroutine and does no detection itself.
type fileSink struct {
	w       *worker
	path    string
	columns map[string]*extract.Column
	state   *fileState
	b       *batch
	doc     *docRecord
	lastLoc extract.Loc
}

func newFileSink(w *worker, p string, format extract.Format) *fileSink {
	st := &fileState{report: FileReport{Path: p, Format: string(format), Categories: make(map[detect.Category]int64)}}
	return &fileSink{w: w, path: p, columns: make(map[string]*extract.Column), state: st, b: newBatch(st)}
}

// Column interns a column name and classifies it once.
func (s *fileSink) Column(name string) *extract.Column {
	if c, ok := s.columns[name]; ok {
		return c
	}
	c := &extract.Column{Name: name, Hint: detect.ClassifyColumn(name)}
	s.columns[name] = c
	return c
}

// Row queues one tabular record. Cancellation is checked once a batch,
// when it is handed over, not on every one of millions of rows: a row
// queued after it is dropped by the detectors.
func (s *fileSink) Row(loc extract.Loc, fields []extract.Field) error {
	s.lastLoc = loc
	s.b.addRow(loc, fields)
	return s.handOverIfFull()
}

// RowSpans queues one tabular record given as spans of a buffer.
func (s *fileSink) RowSpans(loc extract.Loc, data []byte, spans []extract.Span) error {
	s.lastLoc = loc
	s.b.addRowSpans(loc, data, spans)
	return s.handOverIfFull()
}

// handOverIfFull hands a full batch over and reports whether the scan
// was cancelled.
func (s *fileSink) handOverIfFull() error {
	if !s.b.full() {
		return nil
	}
	s.flush()
	return s.w.run.ctx.Err()
}

// BeginDoc starts a document record.
func (s *fileSink) BeginDoc(loc extract.Loc) error {
	if err := s.w.run.ctx.Err(); err != nil {
		return err
	}
	s.lastLoc = loc
	s.doc = &docRecord{file: s.state, path: s.path, loc: loc}
	if s.w.run.findings.enabled() {
		s.doc.written = make(map[uint64]struct{})
	}
	return nil
}

// Text queues a chunk of the document's text.
func (s *fileSink) Text(chunk []byte) error {
	if err := s.w.run.ctx.Err(); err != nil {
		return err
	}
	if len(chunk) == 0 {
		return nil
	}
	s.doc.addPending()
	s.b.addText(s.doc, chunk)
	s.flushIfFull()
	return nil
}

// EndDoc queues the end of the document: it is booked once its last chunk
// has been scanned.
func (s *fileSink) EndDoc() error {
	s.b.addDocEnd(s.doc)
	s.doc = nil
	s.flushIfFull()
	return s.w.run.ctx.Err()
}

// Nested scans a file contained in this one as a file of its own, named
// after the record it came with.
func (s *fileSink) Nested(name string, r io.Reader, size int64) error {
	parent := s.path
	if l := s.lastLoc.String(); l != "" {
		parent += ":" + l
	}
	s.w.scanReader(parent+"!"+name, r, size, depthOf(parent)+1)
	return s.w.run.ctx.Err()
}

func (s *fileSink) flushIfFull() {
	if s.b.full() {
		s.flush()
	}
}

// flush hands the batch to the detectors.
func (s *fileSink) flush() {
	s.state.wg.Add(1)
	s.w.run.batches <- s.b
	s.b = newBatch(s.state)
}

// finish hands over what is left; the file's figures go into the report
// once its last batch has been scanned, without holding up the extractor.
func (s *fileSink) finish(bytes int64) {
	if len(s.b.items) > 0 {
		s.flush()
	}
	s.b.release()
	s.w.run.scannedFile(bytes)
	s.w.run.whenScanned(s.state)
}

// depthOf counts the '!' in a display path: how deep in archives and
// attachments a file sits.
func depthOf(p string) int {
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] == '!' {
			n++
		}
	}
	return n
}
