package scan

import (
	"bytes"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// detector scans batches: it finds the values in each record and books the
// finished records into its own accumulator.
type detector struct {
	run *run
	acc *acc
	// fields scans the fields of rows; it is this goroutine's own, so
	// that a field costs no round trip through the scanner's pool.
	fields  *detect.FieldScanner
	rec     record
	matches []detect.Match // scratch for a text chunk's matches
	fresh   []detect.Match // scratch for those not yet in the findings
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
				d.bookDoc(it.doc)
			}
		}
	}
}

// row scans one tabular record. Name and address columns are gathered and
// joined into one value each; every other field is scanned by its hint.
func (d *detector) row(b *batch, it item) {
	rec := &d.rec
	rec.reset(it.loc)
	// The last record is booked: nothing holds its values any more.
	d.fields.Reset()
	add := rec.addFunc()
	for _, f := range b.cols[it.from:it.to] {
		v := b.data[f.from:f.to]
		switch f.col.Hint.Hint {
		case detect.HintName:
			if mayHoldContact(v) {
				d.fields.Field(detect.ColumnHint{}, v, add)
			}
			if bytes.IndexByte(v, '@') < 0 { // an e-mail where the name should be is no name
				rec.names = append(rec.names, v)
			}
		case detect.HintAddress:
			if mayHoldContact(v) {
				d.fields.Field(detect.ColumnHint{}, v, add)
			}
			rec.addresses = append(rec.addresses, v)
			if f.col.Hint.Kind != detect.KindLocality && len(trimSpace(v)) > 0 {
				rec.street = true
			}
		default:
			d.fields.Field(f.col.Hint, v, add)
		}
	}
	if name := d.fields.JoinName(rec.names); name != "" {
		add(detect.Match{Category: detect.Name, Value: name})
	}
	// A town alone is no address: the record needs a street or postcode.
	if rec.street {
		if addr := d.fields.JoinAddress(rec.addresses); addr != "" {
			add(detect.Match{Category: detect.PostalAddress, Value: addr})
		}
	}
	d.book(b.file, b.file.report.Path, rec)
}

// text scans a chunk of a document: its values go to the accumulator at
// once, and the document learns what the chunk held.
func (d *detector) text(chunk []byte, doc *docRecord) {
	d.matches = d.matches[:0]
	d.run.det.Text(chunk, func(m detect.Match) { d.matches = append(d.matches, m) })
	found := d.acc.addDocValues(d.matches)
	fresh, complete := doc.addChunk(found, d.matches, d.fresh[:0])
	d.fresh = fresh
	if len(fresh) > 0 {
		d.run.findings.writeMatches(doc.path, doc.loc, fresh)
	}
	if complete {
		d.bookDoc(doc)
	}
}

// bookDoc adds a finished document to its file's figures and the
// accumulator; its values are there already.
func (d *detector) bookDoc(doc *docRecord) {
	d.acc.addDocRecord(doc.seen, doc.personal, doc.linked)
	d.countRecord(doc.seen)
}

// book adds a finished record to its file's figures, the accumulator and
// the findings file.
func (d *detector) book(f *fileState, path string, rec *record) {
	d.countRecord(d.acc.addRecord(rec))
	if d.run.findings.enabled() {
		d.run.findings.writeMatches(path, rec.loc, rec.matches)
	}
}

// countRecord adds a record with the categories seen to the batch's file.
func (d *detector) countRecord(seen uint32) {
	d.counts.records++
	for i := range numCategories {
		if seen&(1<<i) != 0 {
			d.counts.categories[i]++
		}
	}
}

// mayHoldContact tells the name and address values worth scanning for
// other data (an e-mail, a phone number someone typed into the address):
// those with an @ or seven digits. House numbers and postcodes alone have
// fewer, and most values are not scanned twice.
func mayHoldContact(v []byte) bool {
	digits := 0
	for _, c := range v {
		switch {
		case c == '@':
			return true
		case c >= '0' && c <= '9':
			if digits++; digits >= 7 {
				return true
			}
		}
	}
	return false
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

// addChunk adds what a scanned chunk held. With a findings file, it
// appends to fresh the matches not yet written for this document. It
// reports whether the document is now complete and should be booked by
// the caller.
func (doc *docRecord) addChunk(found docFound, ms []detect.Match, fresh []detect.Match) ([]detect.Match, bool) {
	doc.mu.Lock()
	defer doc.mu.Unlock()
	doc.seen |= found.seen
	doc.personal = doc.personal || found.personal
	doc.linked = doc.linked || found.linked
	if doc.written != nil {
		for _, m := range ms {
			h := valueHash(categoryIndex(m.Category), m.Value)
			if _, dup := doc.written[h]; !dup {
				doc.written[h] = struct{}{}
				fresh = append(fresh, m)
			}
		}
	}
	doc.pending--
	return fresh, doc.ended && doc.pending == 0
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
