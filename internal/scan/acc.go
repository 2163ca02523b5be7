package scan

import (
	"strings"
	"sync"

	"github.com/zeebo/xxh3"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// acc is one detector's share of the figures: its counts, its examples
// and its values waiting to be sorted into a run for the tables, which all
// detectors share (see tables and runStore). Values are kept as 64-bit
// hashes, never as text: memory grows with the number of distinct values
// (16 bytes an entry, plus 8 bytes a person node per record with a
// linking value), not with their size.
// Two different values sharing a hash is astronomically unlikely at the
// scale of a leak (1e-6 for ten million).
type acc struct {
	tables     *tables
	records    int64
	catRecords [numCategories]int64
	standalone int64 // records with personal data but no linking value
	// examples are the values with the smallest hash per category: the
	// summary's masked example is the same on every run.
	examples    [numCategories]string
	exampleKeys [numCategories]uint64
	// kinds is this detector's copy of tables.kinds, so that numbering a
	// known kind takes no lock.
	kinds  [numCategories][]string
	values runBuffer  // values not yet in a run
	pairs  []nodePair // nodes found to be one person, not yet joined
	nodes  nodeBlock  // node numbers for new records
}

// numCategories is len(detect.Categories); a test keeps them equal.
const numCategories = 12

// newAcc makes the accumulator of one of detectors detectors.
func newAcc(t *tables, detectors int) *acc {
	a := &acc{tables: t}
	a.values.limit = runLimit(detectors)
	return a
}

// valueHash hashes a normalized value; the category moves it, so that the
// same text as an e-mail and as a phone number are different links.
func valueHash(category int, v string) uint64 {
	// XXH3 rather than xxhash64: values are short (e-mails, phones, IPs,
	// 60-byte bcrypt hashes), and XXH3 takes them in one or a few 128-bit
	// multiplies where xxhash64 runs its rounds and byte tail: twice as
	// fast on them (BenchmarkValueHash).
	return xxh3.HashString(v) + uint64(category+1)*0x9E3779B97F4A7C15
}

// personalCategories and linkingCategories are the categories (bit i for
// detect.Categories[i]) that are Personal and Linking.
var personalCategories, linkingCategories = func() (personal, linking uint32) {
	for i, c := range detect.Categories {
		if c.Personal() {
			personal |= 1 << i
		}
		if c.Linking() {
			linking |= 1 << i
		}
	}
	return personal, linking
}()

// addRecord books one finished record and returns the set of its
// categories (bit i for detect.Categories[i]). Its linking values all
// name the record's person node.
func (a *acc) addRecord(r *record) uint32 {
	a.records++
	var seen uint32
	personal := false
	node := int32(-1)
	for i := range r.matches {
		e, ok := a.valueEntry(&r.matches[i], r.keys[i])
		if !ok {
			continue
		}
		bit := uint32(1) << e.cat()
		if seen&bit == 0 {
			seen |= bit
			a.catRecords[e.cat()]++
		}
		personal = personal || personalCategories&bit != 0
		if linkingCategories&bit != 0 {
			if node < 0 {
				node = a.tables.persons.newNode(&a.nodes)
			}
			e = e.setNode(node)
		}
		a.book(e)
	}
	if personal && node < 0 {
		a.standalone++
	}
	return seen
}

// offerExample keeps v as the category's example if its key is the
// smallest yet. v may point into a FieldScanner's arena, valid only until
// its record is booked: the example is a copy.
func (a *acc) offerExample(cat int, key uint64, v string) {
	if a.examples[cat] == "" || key < a.exampleKeys[cat] {
		a.examples[cat], a.exampleKeys[cat] = strings.Clone(v), key
	}
}

// valueEntry is the entry for a match with key k (keyOf), without a
// node yet, and the match is offered as the category's example; false
// for a category the report does not know.
func (a *acc) valueEntry(m *detect.Match, k matchKey) (entry, bool) {
	i := k.cat
	if i >= numCategories {
		return entry{}, false
	}
	a.offerExample(i, k.hash, m.Value)
	return newEntry(k.hash, uint8(i), uint8(a.kindIndex(i, m.Kind)), 0), true
}

// docFound is what a chunk of a document held.
type docFound struct {
	seen             uint32
	personal, linked bool
}

// addDocValues books the values of a chunk of a document. In a document
// each linking value is its own person unless it is known already, so
// each gets a node of its own; addDocRecord books the record at its end.
func (a *acc) addDocValues(ms []detect.Match) docFound {
	var f docFound
	for i := range ms {
		e, ok := a.valueEntry(&ms[i], keyOf(&ms[i]))
		if !ok {
			continue
		}
		bit := uint32(1) << e.cat()
		f.seen |= bit
		f.personal = f.personal || personalCategories&bit != 0
		if linkingCategories&bit != 0 {
			e = e.setNode(a.tables.persons.newNode(&a.nodes))
			f.linked = true
		}
		a.book(e)
	}
	return f
}

// addDocRecord books a finished document with the categories seen in it.
func (a *acc) addDocRecord(seen uint32, personal, linked bool) {
	a.records++
	for i := range numCategories {
		if seen&(1<<i) != 0 {
			a.catRecords[i]++
		}
	}
	if personal && !linked {
		a.standalone++
	}
}

// book puts e with the values waiting for a run.
func (a *acc) book(e entry) {
	if a.values.add(e) {
		a.flush()
	}
}

// flush sorts the waiting values into a run for the tables and joins the
// persons that sorting and merging found.
func (a *acc) flush() { a.flushRun(true) }

// flushLast is flush at the end of a scan: the tables keep the run as it
// is, unmerged, since the count at the end walks the runs together anyway
// and the scan waits for this flush.
func (a *acc) flushLast() { a.flushRun(false) }

func (a *acc) flushRun(merge bool) {
	if !a.values.empty() {
		s := &a.tables.runs
		run, pairs := a.values.sortedRun(&s.pool, a.pairs)
		if merge {
			pairs = s.add(run, pairs)
		} else {
			s.push(run)
		}
		a.pairs = pairs
	}
	a.tables.persons.join(a.pairs)
	a.pairs = a.pairs[:0]
}

// kindIndex numbers the kinds of a category, the same for all detectors.
func (a *acc) kindIndex(cat int, kind string) int32 {
	for i, k := range a.kinds[cat] {
		if k == kind {
			return int32(i)
		}
	}
	ks, i := a.tables.kindIndex(cat, kind)
	a.kinds[cat] = ks
	return int32(i)
}

// mergeAccs adds up the detectors' figures, once they have stopped; their
// values are in the tables they share.
func mergeAccs(t *tables, accs []*acc) *acc {
	total := newAcc(t, 1)
	var wg sync.WaitGroup
	for _, a := range accs {
		wg.Go(a.flushLast)
	}
	wg.Wait()
	for _, a := range accs {
		total.records += a.records
		total.standalone += a.standalone
		for i := range numCategories {
			total.catRecords[i] += a.catRecords[i]
			if a.examples[i] != "" {
				total.offerExample(i, a.exampleKeys[i], a.examples[i])
			}
		}
	}
	return total
}

// kindCategories are the categories whose report lists kinds.
var kindCategories = map[detect.Category]bool{detect.NationalID: true, detect.Secret: true, detect.Credential: true}

// categoryCounts is the report's categories section.
func (a *acc) categoryCounts() map[detect.Category]*CategoryCount {
	a.flush()
	counts := a.tables.settle()
	out := make(map[detect.Category]*CategoryCount)
	for i, c := range detect.Categories {
		if a.catRecords[i] == 0 {
			continue
		}
		var distinct int64
		for _, n := range counts[i] {
			distinct += n
		}
		cc := &CategoryCount{Records: a.catRecords[i], Distinct: distinct}
		if kindCategories[c] {
			cc.Kinds = make(map[string]int64)
			for k, n := range counts[i] {
				if n > 0 {
					cc.Kinds[a.tables.kinds[i][k]] = n
				}
			}
		}
		out[c] = cc
	}
	return out
}

// personCount counts people: connected groups of linking values, plus the
// records with personal data but no linking value.
func (a *acc) personCount() int64 {
	a.flush()
	a.tables.settle()
	return a.tables.persons.components() + a.standalone
}
