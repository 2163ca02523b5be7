package scan

import (
	"sync"

	"github.com/cespare/xxhash/v2"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// acc accumulates one worker's figures. Values are kept as 64-bit hashes,
// never as text: memory grows with the number of distinct values (16 bytes
// a slot in the tables below, at most 3/4 full, plus 12 bytes a person
// link), not with their size. Two different values sharing a hash is
// astronomically unlikely at the scale of a leak (1e-6 for ten million).
type acc struct {
	records    int64
	catRecords [numCategories]int64
	// sets hold the distinct values of the categories that do not link
	// persons; the linking ones (e-mail, phone, national ID) are the
	// nodes of persons.
	sets       [numCategories]shardedTable
	kinds      [numCategories][]string
	persons    *unionFind
	standalone int64 // records with personal data but no linking value
	// examples are the values with the smallest hash per category: the
	// summary's masked example is the same on every run.
	examples    [numCategories]string
	exampleKeys [numCategories]uint64
	ops         []tableOp // values not yet in the tables
	touched     uint64
}

// numCategories is len(detect.Categories); a test keeps them equal.
const numCategories = 12

func newAcc() *acc { return &acc{persons: newUnionFind()} }

// valueHash hashes a normalized value; the category moves it, so that the
// same text as an e-mail and as a phone number are different links.
func valueHash(category int, v string) uint64 {
	return xxhash.Sum64String(v) + uint64(category+1)*0x9E3779B97F4A7C15
}

// addRecord books one finished record and returns the set of its
// categories (bit i for detect.Categories[i]). Its values go to the tables
// in groups: see tableOp.
func (a *acc) addRecord(r *record) uint32 {
	a.records++
	var seen uint32
	personal, linked := false, false
	for _, m := range r.matches {
		op, ok := a.valueOp(m)
		if !ok {
			continue
		}
		if bit := uint32(1) << op.cat; seen&bit == 0 {
			seen |= bit
			a.catRecords[op.cat]++
		}
		personal = personal || m.Category.Personal()
		if m.Category.Linking() {
			op.link = linkNew
			if linked {
				op.link = linkSame
			}
			linked = true
		}
		a.ops = append(a.ops, op)
	}
	if personal && !linked {
		a.standalone++
	}
	if len(a.ops) >= opsPerFlush {
		a.flush()
	}
	return seen
}

func (a *acc) offerExample(cat int, key uint64, v string) {
	if a.examples[cat] == "" || key < a.exampleKeys[cat] {
		a.examples[cat], a.exampleKeys[cat] = v, key
	}
}

// valueOp is the table operation for a match (not yet linked), and the
// match is offered as the category's example; false for a category the
// report does not know.
func (a *acc) valueOp(m detect.Match) (tableOp, bool) {
	i := categoryIndex(m.Category)
	if i >= numCategories {
		return tableOp{}, false
	}
	key := nonZero(valueHash(i, m.Value))
	a.offerExample(i, key, m.Value)
	return tableOp{key: key, cat: uint8(i), kind: uint8(a.kindIndex(i, m.Kind))}, true
}

// docFound is what a chunk of a document held.
type docFound struct {
	seen             uint32
	personal, linked bool
}

// addDocValues books the values of a chunk of a document. In a document
// each linking value is its own person unless it is known already, so
// they go to the tables at once; addDocRecord books the record at its end.
func (a *acc) addDocValues(ms []detect.Match) docFound {
	var f docFound
	for _, m := range ms {
		op, ok := a.valueOp(m)
		if !ok {
			continue
		}
		f.seen |= 1 << op.cat
		f.personal = f.personal || m.Category.Personal()
		if m.Category.Linking() {
			op.link = linkNew
			f.linked = true
		}
		a.ops = append(a.ops, op)
	}
	if len(a.ops) >= opsPerFlush {
		a.flush()
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

// tableOp is a value waiting to go into the tables. The tables are far
// larger than the CPU's caches, so nearly every insert waits for memory;
// one at a time, those waits add up. Gathered, the home slots of a few
// thousand values are first touched in a row, where the CPU fetches many
// at once, and the inserts that follow find them in the cache.
type tableOp struct {
	key  uint64
	cat  uint8
	kind uint8
	link uint8 // linkNone, or how a linking value joins its record's person
}

const (
	linkNone = iota // not a linking category: a set of distinct values
	linkNew         // the first linking value of its record
	linkSame        // a later linking value of a record: the same person
)

// opsPerFlush keeps the touched slots within the CPU's L2 cache.
const opsPerFlush = 4096

// flush puts the waiting values into the tables.
func (a *acc) flush() {
	var touched uint64
	for _, op := range a.ops {
		touched += a.table(op).peek(op.key)
	}
	a.touched += touched // keeps the loads from being optimized away
	first := int32(-1)
	for _, op := range a.ops {
		switch op.link {
		case linkNone:
			a.sets[op.cat].put(op.key, int32(op.kind))
		case linkNew:
			first = a.persons.node(op.key, op.cat, op.kind)
		case linkSame:
			a.persons.union(first, a.persons.node(op.key, op.cat, op.kind))
		}
	}
	a.ops = a.ops[:0]
}

// table is the table an operation goes into.
func (a *acc) table(op tableOp) *shardedTable {
	if op.link == linkNone {
		return &a.sets[op.cat]
	}
	return &a.persons.ids
}

// kindIndex numbers the kinds of a category in this accumulator.
func (a *acc) kindIndex(cat int, kind string) int32 {
	for i, k := range a.kinds[cat] {
		if k == kind {
			return int32(i)
		}
	}
	a.kinds[cat] = append(a.kinds[cat], kind)
	return int32(len(a.kinds[cat]) - 1)
}

// size is how many distinct values the accumulator holds.
func (a *acc) size() int {
	a.flush()
	n := a.persons.ids.len()
	for i := range a.sets {
		n += a.sets[i].len()
	}
	return n
}

// mergeAccs folds the workers' accumulators into the largest of them.
func mergeAccs(accs []*acc) *acc {
	base := 0
	for i, a := range accs {
		if a.size() > accs[base].size() {
			base = i
		}
	}
	total := accs[base]
	for i, a := range accs {
		if i != base {
			total.merge(a)
		}
	}
	return total
}

// merge adds o into a. The categories' sets and the persons are separate
// tables, so they merge side by side: the merge runs after the last file,
// when every core is free.
func (a *acc) merge(o *acc) {
	a.flush()
	o.flush()
	a.records += o.records
	a.standalone += o.standalone
	var wg sync.WaitGroup
	for i := range o.sets {
		a.catRecords[i] += o.catRecords[i]
		if o.examples[i] != "" {
			a.offerExample(i, o.exampleKeys[i], o.examples[i])
		}
		if o.sets[i].len() == 0 {
			continue
		}
		wg.Go(func() {
			o.sets[i].each(func(h uint64, k int32) {
				a.sets[i].put(h, a.kindIndex(i, o.kinds[i][k]))
			})
		})
	}
	// Only the sets of categories that do not link persons are used, and
	// only the persons use the linking categories' kinds: the goroutines
	// share nothing.
	a.persons.merge(o.persons, func(cat, kind uint8) uint8 {
		return uint8(a.kindIndex(int(cat), o.kinds[cat][kind]))
	})
	wg.Wait()
}

// kindCategories are the categories whose report lists kinds.
var kindCategories = map[detect.Category]bool{detect.NationalID: true, detect.Secret: true, detect.Credential: true}

// categoryCounts is the report's categories section.
func (a *acc) categoryCounts() map[detect.Category]*CategoryCount {
	a.flush()
	distinct := make([]int64, numCategories)
	kinds := make([]map[int32]int64, numCategories)
	for i := range kinds {
		kinds[i] = make(map[int32]int64)
	}
	for i := range a.sets {
		a.sets[i].each(func(_ uint64, k int32) { kinds[i][k]++ })
		distinct[i] = int64(a.sets[i].len())
	}
	a.persons.eachNode(func(cat, kind uint8) {
		distinct[cat]++
		kinds[cat][int32(kind)]++
	})
	out := make(map[detect.Category]*CategoryCount)
	for i, c := range detect.Categories {
		if a.catRecords[i] == 0 {
			continue
		}
		cc := &CategoryCount{Records: a.catRecords[i], Distinct: distinct[i]}
		if kindCategories[c] {
			cc.Kinds = make(map[string]int64)
			for k, n := range kinds[i] {
				cc.Kinds[a.kinds[i][k]] = n
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
	return a.persons.components() + a.standalone
}
