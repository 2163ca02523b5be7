package synthleak

import (
	"hash/maphash"
	"slices"
	"strings"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// The ledger is the generator's own bookkeeping: every writer tells it,
// record by record, which normalized values it planted, and the ledger
// counts them the way docs/scanner.md defines the report. It never looks
// at the files written, and it never runs the scanner: the expected report
// must come from what was planted, or the end-to-end test would only prove
// that the scanner agrees with itself.

const numCategories = 12

// catIndex numbers the categories in report order.
func catIndex(c detect.Category) int {
	return slices.Index(detect.Categories, c)
}

// valueKey identifies a normalized value by two independent 64-bit hashes:
// at a million persons the ledger holds millions of values, and 128 bits
// keep it exact (a collision is as likely as a meteor strike) without
// keeping the text.
type valueKey struct{ a, b uint64 }

// noNode marks a distinct value that does not link records into persons.
const noNode = -1

// catBook is one category's figures.
type catBook struct {
	records int64
	values  map[valueKey]int32 // value -> union-find node, or noNode
	kinds   map[string]int64   // distinct values per kind
}

// ledger accumulates the expected report.
type ledger struct {
	seedA, seedB maphash.Seed
	cats         [numCategories]catBook
	parent       []int32 // union-find over the linking values
	loners       int64   // records with personal data but no linking value
	files        []scan.FileReport
	skipped      []scan.Skipped
	bytes        int64
	records      int64

	// plant, when not nil, receives every planted value and decoy; tests
	// use it to check each value against the validators.
	plant *plantLog
}

// plantLog keeps what was planted, for tests.
type plantLog struct {
	values []finding
	decoys []decoy
}

// decoy is a value written to look like personal data that must not count.
type decoy struct {
	what   string // "order_no", "tracking_no", "iban", "card", "uuid", "sha256", "version"
	value  string
	before string // version: what stands right before the number ("v", "build=")
}

func newLedger(keep bool) *ledger {
	l := &ledger{seedA: maphash.MakeSeed(), seedB: maphash.MakeSeed()}
	for i := range l.cats {
		l.cats[i].values = make(map[valueKey]int32)
		l.cats[i].kinds = make(map[string]int64)
	}
	if keep {
		l.plant = &plantLog{}
	}
	return l
}

func (l *ledger) key(v string) valueKey {
	return valueKey{maphash.String(l.seedA, v), maphash.String(l.seedB, v)}
}

// decoy notes a value planted to be ignored.
func (l *ledger) decoy(what, value string) {
	if l.plant != nil {
		l.plant.decoys = append(l.plant.decoys, decoy{what: what, value: value})
	}
}

// versionDecoy notes a version number of four parts, which is no IP
// address because of what stands before it.
func (l *ledger) versionDecoy(before, version string) {
	if l.plant != nil {
		l.plant.decoys = append(l.plant.decoys, decoy{what: "version", value: version, before: before})
	}
}

// skip books a file the scanner must list as skipped.
func (l *ledger) skip(path, reason string) {
	l.skipped = append(l.skipped, scan.Skipped{Path: path, Reason: reason})
}

// finding is one planted value, normalized as the report defines it.
type finding struct {
	cat   detect.Category
	kind  string
	value string
}

// record collects the values of one record before it is booked.
type record struct {
	tabular bool
	found   []finding
}

// add plants a value in the record; a value the record holds already
// counts once, as in the scanner.
func (r *record) add(cat detect.Category, kind, value string) {
	for _, f := range r.found {
		if f.cat == cat && f.value == value {
			return
		}
	}
	r.found = append(r.found, finding{cat, kind, value})
}

// fileBook books the records of one file.
type fileBook struct {
	led    *ledger
	report scan.FileReport
	rec    record
}

// file starts the book of a scanned file at its display path.
func (l *ledger) file(path string, format string) *fileBook {
	return &fileBook{led: l, report: scan.FileReport{
		Path: path, Format: format, Categories: make(map[detect.Category]int64),
	}}
}

// row starts a tabular record: a CSV or sheet row, a JSON object, an SQL
// tuple. All its linking values are one person.
func (f *fileBook) row() *record {
	f.rec.tabular = true
	f.rec.found = f.rec.found[:0]
	return &f.rec
}

// doc starts a document record: a message, a letter, a whole file. Each of
// its linking values is a person of its own unless known already.
func (f *fileBook) doc() *record {
	f.rec.tabular = false
	f.rec.found = f.rec.found[:0]
	return &f.rec
}

// end books the record started last.
func (f *fileBook) end() {
	f.report.Records++
	var seen [numCategories]bool
	for _, v := range f.rec.found {
		i := catIndex(v.cat)
		if !seen[i] {
			seen[i] = true
			f.report.Categories[v.cat]++
		}
	}
	f.led.book(&f.rec)
}

// close adds the file's figures to the report; size is the bytes the
// scanner reads of it (uncompressed for archive members, decoded for mail
// attachments).
func (f *fileBook) close(size int64) {
	f.led.files = append(f.led.files, f.report)
	f.led.bytes += size
	f.led.records += f.report.Records
}

// book adds a record's values to the distinct sets and its identifiers to
// the persons.
func (l *ledger) book(r *record) {
	var seen [numCategories]bool
	personal, linked := false, false
	var first int32
	for _, v := range r.found {
		i := catIndex(v.cat)
		if !seen[i] {
			seen[i] = true
			l.cats[i].records++
		}
		node := l.distinct(i, v)
		personal = personal || v.cat.Personal()
		if node == noNode {
			continue
		}
		if linked && r.tabular {
			l.union(first, node)
		}
		if !linked {
			first, linked = node, true
		}
	}
	if personal && !linked {
		l.loners++
	}
	if l.plant != nil {
		l.plant.values = append(l.plant.values, r.found...)
	}
}

// distinct adds a value to its category's set and returns its union-find
// node (noNode for values that do not link).
func (l *ledger) distinct(i int, v finding) int32 {
	cb := &l.cats[i]
	k := l.key(v.value)
	if node, ok := cb.values[k]; ok {
		return node
	}
	node := int32(noNode)
	if v.cat.Linking() {
		node = int32(len(l.parent))
		l.parent = append(l.parent, node)
	}
	cb.values[k] = node
	cb.kinds[v.kind]++
	return node
}

func (l *ledger) find(n int32) int32 {
	for l.parent[n] != n {
		l.parent[n] = l.parent[l.parent[n]]
		n = l.parent[n]
	}
	return n
}

func (l *ledger) union(a, b int32) {
	ra, rb := l.find(a), l.find(b)
	if ra != rb {
		l.parent[rb] = ra
	}
}

// persons counts people as docs/scanner.md defines them: connected groups
// of linking values, plus the records with personal data but none.
func (l *ledger) persons() int64 {
	n := l.loners
	for i := range l.parent {
		if l.parent[i] == int32(i) {
			n++
		}
	}
	return n
}

// kindCategories are the categories whose report lists kinds.
var kindCategories = []detect.Category{detect.NationalID, detect.Secret, detect.Credential}

// report is the expected report. Scanned.Seconds stays 0: the end-to-end
// test zeroes the scanner's before comparing.
func (l *ledger) report() *scan.Report {
	rep := &scan.Report{
		Complete:   true,
		Scanned:    scan.Scanned{Files: int64(len(l.files)), Bytes: l.bytes, Records: l.records},
		Skipped:    slices.Clone(l.skipped),
		Categories: make(map[detect.Category]*scan.CategoryCount),
		Persons:    l.persons(),
		Files:      slices.Clone(l.files),
	}
	for i, c := range detect.Categories {
		cb := &l.cats[i]
		if cb.records == 0 {
			continue
		}
		cc := &scan.CategoryCount{Records: cb.records, Distinct: int64(len(cb.values))}
		if slices.Contains(kindCategories, c) {
			cc.Kinds = make(map[string]int64, len(cb.kinds))
			for k, n := range cb.kinds {
				cc.Kinds[k] = n
			}
		}
		rep.Categories[c] = cc
	}
	slices.SortFunc(rep.Files, func(a, b scan.FileReport) int { return strings.Compare(a.Path, b.Path) })
	slices.SortStableFunc(rep.Skipped, func(a, b scan.Skipped) int { return strings.Compare(a.Path, b.Path) })
	return rep
}
