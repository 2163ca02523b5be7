package scan

import (
	"strings"

	"github.com/zeebo/xxh3"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// acc is one detector's share of the figures: its counts, its examples
// and its values waiting for the tables, which all detectors share (see
// tables). Values are kept as 64-bit hashes, never as text: memory grows
// with the number of distinct values (8 bytes a slot in the categories'
// sets, 12 in the table of linking values, at most 3/4 full, plus 8
// bytes a person node), not with their size. Two
// different values sharing a hash is astronomically unlikely at the
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
	kinds   [numCategories][]string
	ops     []tableOp // values not yet in the tables
	flushes flushScratch
	nodes   nodeBlock // node numbers for new linking values
	touched uint64
}

// numCategories is len(detect.Categories); a test keeps them equal.
const numCategories = 12

func newAcc(t *tables) *acc {
	a := &acc{tables: t}
	// Odd strides visit every shard; the detectors get different ones.
	n := int(t.accs.Add(1))
	a.flushes.first = n * 101 % numShards
	a.flushes.stride = (2*n*37 + 1) % numShards
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
// categories (bit i for detect.Categories[i]). Its values go to the tables
// in groups: see tableOp.
func (a *acc) addRecord(r *record) uint32 {
	a.records++
	var seen uint32
	personal, linked := false, false
	for i := range r.matches {
		op, ok := a.valueOp(&r.matches[i], r.keys[i])
		if !ok {
			continue
		}
		bit := uint32(1) << op.cat
		if seen&bit == 0 {
			seen |= bit
			a.catRecords[op.cat]++
		}
		personal = personal || personalCategories&bit != 0
		if linkingCategories&bit != 0 {
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

// offerExample keeps v as the category's example if its key is the
// smallest yet. v may point into a FieldScanner's arena, valid only until
// its record is booked: the example is a copy.
func (a *acc) offerExample(cat int, key uint64, v string) {
	if a.examples[cat] == "" || key < a.exampleKeys[cat] {
		a.examples[cat], a.exampleKeys[cat] = strings.Clone(v), key
	}
}

// valueOp is the table operation for a match with key k (keyOf), not yet
// linked, and the match is offered as the category's example; false for
// a category the report does not know.
func (a *acc) valueOp(m *detect.Match, k matchKey) (tableOp, bool) {
	i := k.cat
	if i >= numCategories {
		return tableOp{}, false
	}
	a.offerExample(i, k.hash, m.Value)
	return tableOp{key: k.hash, cat: uint8(i), kind: uint8(a.kindIndex(i, m.Kind))}, true
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
	for i := range ms {
		op, ok := a.valueOp(&ms[i], keyOf(&ms[i]))
		if !ok {
			continue
		}
		bit := uint32(1) << op.cat
		f.seen |= bit
		f.personal = f.personal || personalCategories&bit != 0
		if linkingCategories&bit != 0 {
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
// one at a time, those waits add up. Gathered by shard, the home slots
// of a shard's values are first touched in a row, where the CPU fetches
// many at once, and the inserts that follow find them in the cache.
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

// opsPerFlush gives a flush some 16 values a shard: enough for the CPU to
// fetch their slots at once, and a shard's lock is taken once for them.
const opsPerFlush = 4096

// flushScratch is a detector's scratch for grouping its values by shard.
type flushScratch struct {
	start [numShards + 1]int32 // ops of shard s: order[start[s]:start[s+1]]
	order []int32              // op indices grouped by shard
	nodes []int32              // per op, the node of a linking value
	busy  []int                // shards left for later: their lock was taken
	// first is the shard the next flush starts at; it moves by stride.
	first, stride int
}

// flush puts the waiting values into the shared tables: one shard at a
// time under its lock, then the links between persons under theirs.
func (a *acc) flush() {
	if len(a.ops) == 0 {
		return
	}
	f := &a.flushes
	a.groupByShard()
	f.nodes = growInt32s(f.nodes, len(a.ops))
	// Were every detector to take the shards in the same order, two
	// flushing at once would queue at the same locks in step. Each starts
	// where its last flush left off plus a stride of its own, and leaves
	// a shard whose lock is taken for after the others.
	links := false
	busy := f.busy[:0]
	for j := range numShards {
		s := (f.first + j) % numShards
		if f.start[s] == f.start[s+1] {
			continue
		}
		if !a.tables.shards[s].mu.TryLock() {
			busy = append(busy, s)
			continue
		}
		links = a.flushLocked(s) || links
	}
	f.busy = busy[:0] // the buffer, for the next flush
	// The shards still busy: those free now first; wait for one only
	// when a whole round found them all taken.
	for len(busy) > 0 {
		waiting := busy[:0]
		for _, s := range busy {
			if a.tables.shards[s].mu.TryLock() {
				links = a.flushLocked(s) || links
			} else {
				waiting = append(waiting, s)
			}
		}
		if len(waiting) > 0 && len(waiting) == len(busy) {
			a.tables.shards[waiting[0]].mu.Lock()
			links = a.flushLocked(waiting[0]) || links
			waiting = waiting[1:]
		}
		busy = waiting
	}
	f.first = (f.first + f.stride) % numShards
	if links {
		a.link()
	}
	a.ops = a.ops[:0]
}

// groupByShard sorts the waiting ops' indices by shard (counting sort,
// keeping their order within a shard).
func (a *acc) groupByShard() {
	f := &a.flushes
	f.start = [numShards + 1]int32{}
	for _, op := range a.ops {
		f.start[shardOf(op.key)+1]++
	}
	for s := 1; s <= numShards; s++ {
		f.start[s] += f.start[s-1]
	}
	f.order = growInt32s(f.order, len(a.ops))
	next := f.start
	for i, op := range a.ops {
		s := shardOf(op.key)
		f.order[next[s]] = int32(i)
		next[s]++
	}
}

// flushLocked flushes shard s, whose lock the caller took, and unlocks it.
func (a *acc) flushLocked(s int) bool {
	defer a.tables.shards[s].mu.Unlock()
	f := &a.flushes
	return a.flushShard(s, f.order[f.start[s]:f.start[s+1]])
}

// flushShard puts the ops of shard s into it and notes the nodes of the
// linking values; it reports whether a value joins another's person. The
// caller holds the shard's lock. The home slots are touched first (see
// tableOp).
func (a *acc) flushShard(s int, order []int32) bool {
	sh := &a.tables.shards[s]
	persons := &a.tables.persons
	links := false
	var touched uint64
	for _, i := range order {
		op := &a.ops[i]
		if op.link == linkNone {
			touched += sh.sets[op.cat].peek(op.key)
		} else {
			touched += sh.ids.peek(op.key)
		}
	}
	a.touched += touched // keeps the loads from being optimized away
	for _, i := range order {
		op := &a.ops[i]
		switch op.link {
		case linkNone:
			sh.sets[op.cat].add(op.key, op.kind)
		case linkSame:
			links = true
			fallthrough
		default:
			a.flushes.nodes[i] = sh.node(persons, &a.nodes, op.key, op.cat, op.kind)
		}
	}
	return links
}

// link joins the persons of the values of a record, in the ops' order,
// holding the persons' lock.
func (a *acc) link() {
	persons := &a.tables.persons
	persons.mu.Lock()
	defer persons.mu.Unlock()
	first := int32(-1)
	for i, op := range a.ops {
		switch op.link {
		case linkNew:
			first = a.flushes.nodes[i]
		case linkSame:
			persons.union(first, a.flushes.nodes[i])
		}
	}
}

func growInt32s(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, max(n, opsPerFlush+opsPerFlush/2))
	}
	return s[:n]
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
	total := newAcc(t)
	for _, a := range accs {
		a.flush()
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
	var withKinds [numCategories]bool
	for i, c := range detect.Categories {
		withKinds[i] = kindCategories[c]
	}
	distinct, perKind := a.tables.categoryCounts(withKinds)
	out := make(map[detect.Category]*CategoryCount)
	for i, c := range detect.Categories {
		if a.catRecords[i] == 0 {
			continue
		}
		cc := &CategoryCount{Records: a.catRecords[i], Distinct: distinct[i]}
		if withKinds[i] {
			cc.Kinds = make(map[string]int64)
			for k, n := range perKind[i] {
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
	return a.tables.persons.components() + a.standalone
}
