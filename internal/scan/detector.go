package scan

import (
	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// detector scans batches: it finds the values in each record and books the
// finished records into its own accumulator.
type detector struct {
	run     *run
	acc     *acc
	rec     record
	matches []detect.Match // scratch for a text chunk's matches
	// counts are the figures of the batch's file, added to it once per
	// batch rather than under its lock per record.
	counts fileCounts
}

type fileCounts struct {
	records    int64
	categories [numCategories]int64
}

func (d *detector) loop(batches <-chan *batch) {
	for b := range batches {
		d.scan(b)
	}
}

func (d *detector) scan(b *batch) {
	defer func() {
		b.file.wg.Done()
		b.release()
	}()
	if d.run.ctx.Err() != nil {
		return
	}
	d.counts = fileCounts{}
	defer func() { b.file.add(&d.counts) }()
	for _, it := range b.items {
		switch it.kind {
		case itemRow:
			d.row(b, it)
		case itemText:
			d.text(b.data[it.from:it.to], it.doc)
		case itemDocEnd:
			if it.doc.end() {
				d.book(b.file, it.doc.path, &it.doc.rec)
			}
		}
	}
}

// row scans one tabular record. Name and address columns are gathered and
// joined into one value each; every other field is scanned by its hint.
func (d *detector) row(b *batch, it item) {
	rec := &d.rec
	rec.reset(it.loc, true)
	add := rec.addFunc()
	for _, f := range b.cols[it.from:it.to] {
		v := b.data[f.from:f.to]
		switch f.col.Hint.Hint {
		case detect.HintName:
			rec.names = append(rec.names, v)
		case detect.HintAddress:
			rec.addresses = append(rec.addresses, v)
			if f.col.Hint.Kind != detect.KindLocality && len(trimSpace(v)) > 0 {
				rec.street = true
			}
		default:
			d.run.det.Field(f.col.Hint, v, add)
		}
	}
	if name := detect.JoinName(rec.names); name != "" {
		add(detect.Match{Category: detect.Name, Value: name})
	}
	// A town alone is no address: the record needs a street or postcode.
	if addr := detect.JoinAddress(rec.addresses); addr != "" && rec.street {
		add(detect.Match{Category: detect.PostalAddress, Value: addr})
	}
	d.book(b.file, b.file.report.Path, rec)
}

// text scans a chunk of a document and adds its matches to the document.
func (d *detector) text(chunk []byte, doc *docRecord) {
	d.matches = d.matches[:0]
	d.run.det.Text(chunk, func(m detect.Match) { d.matches = append(d.matches, m) })
	if doc.addMatches(d.matches) {
		d.book(doc.file, doc.path, &doc.rec)
	}
}

// book adds a finished record to its file's figures, the accumulator and
// the findings file.
func (d *detector) book(f *fileState, path string, rec *record) {
	seen := d.acc.addRecord(rec)
	d.counts.records++
	for i := range numCategories {
		if seen&(1<<i) != 0 {
			d.counts.categories[i]++
		}
	}
	if d.run.findings.enabled() {
		d.run.findings.write(path, rec)
	}
}

func trimSpace(v []byte) []byte {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t' || v[0] == '\r' || v[0] == '\n') {
		v = v[1:]
	}
	for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t' || v[len(v)-1] == '\r' || v[len(v)-1] == '\n') {
		v = v[:len(v)-1]
	}
	return v
}

// addPending counts a chunk handed to the detectors.
func (doc *docRecord) addPending() {
	doc.mu.Lock()
	doc.pending++
	doc.mu.Unlock()
}

// addMatches adds a scanned chunk's matches; it reports whether the
// document is now complete and should be booked by the caller.
func (doc *docRecord) addMatches(ms []detect.Match) bool {
	doc.mu.Lock()
	defer doc.mu.Unlock()
	for _, m := range ms {
		doc.rec.addMatch(m)
	}
	doc.pending--
	return doc.ended && doc.pending == 0
}

// end marks the end of the document; it reports whether all its chunks are
// scanned, so the caller books it.
func (doc *docRecord) end() bool {
	doc.mu.Lock()
	defer doc.mu.Unlock()
	doc.ended = true
	return doc.pending == 0
}

var _ extract.Sink = (*fileSink)(nil)
