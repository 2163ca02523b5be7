package scan

import (
	"cmp"
	"slices"
)

// The distinct values of a scan are kept as sorted runs of entries, not in
// hash tables. A leak of a million people holds millions of distinct
// values; a hash table of them is far larger than the CPU's caches, so
// every insert is a cache miss and, on a virtual machine, a long walk of
// the page tables as well: about 70 ns a value, a third of the whole scan.
// Sorting a detector's values and merging sorted runs reads and writes
// memory in sequence instead, where the CPU fetches ahead, at a few
// nanoseconds a value for each time it is merged.
//
// A detector gathers its values (runBuffer), sorts them by key when it
// has enough and drops the duplicates, and hands the run to the
// runStore. The store merges runs of about the same size, as a binary
// counter adds ones, so a value is merged about log2(distinct / run size)
// times, and it holds a few runs at a time whose total is the number of
// distinct values: memory grows with distinct values, not with how often
// they occur. At the end, the runs are counted in one walk (countRuns).
//
// Two entries with the same key are the same value (see acc on hashes);
// a merge keeps one. When the value links persons, each entry names the
// person node of the record it came from, and the two records are the
// same person: the merge notes the pair of nodes (nodePair) and the
// persons' union-find joins them.

// entry is one value: its key (nonZero(valueHash)) and what it belongs to,
// packed: the category in the top byte of info, the kind below it, and for
// a linking value the person node of its record in the low 32 bits.
type entry struct {
	key  uint64
	info uint64
}

func newEntry(key uint64, cat, kind uint8, node int32) entry {
	return entry{key: key, info: uint64(cat)<<56 | uint64(kind)<<48 | uint64(uint32(node))}
}

func (e entry) cat() uint8  { return uint8(e.info >> 56) }
func (e entry) kind() uint8 { return uint8(e.info >> 48) }
func (e entry) node() int32 { return int32(uint32(e.info)) }
func (e entry) links() bool { return linkingCategories&(1<<e.cat()) != 0 }
func (e entry) setNode(n int32) entry {
	e.info = e.info&^(1<<32-1) | uint64(uint32(n))
	return e
}

// nodePair is two person nodes that are the same person: their records
// share a linking value.
type nodePair struct{ a, b int32 }

// insertionSort sorts nearly sorted es, keeping the order of equal keys.
// Keys made to share their top bits would make it quadratic; past a few
// moves an entry it leaves the rest to a merge sort.
func insertionSort(es []entry) {
	budget := 4 * len(es)
	for i := 1; i < len(es); i++ {
		if es[i].key >= es[i-1].key {
			continue
		}
		e := es[i]
		j := i
		for j > 0 && es[j-1].key > e.key {
			es[j] = es[j-1]
			j--
		}
		es[j] = e
		if budget -= i - j; budget < 0 {
			slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
			return
		}
	}
}

// dedupe drops the later of equal keys from sorted es, in place, and
// notes the person nodes they join in pairs.
func dedupe(es []entry, pairs []nodePair) ([]entry, []nodePair) {
	if len(es) == 0 {
		return es, pairs
	}
	out := es[:1]
	for _, e := range es[1:] {
		last := &out[len(out)-1]
		if e.key != last.key {
			out = append(out, e)
			continue
		}
		pairs = samePerson(pairs, *last, e)
	}
	return out, pairs
}

// samePerson notes that kept and dropped, one value, join their nodes.
func samePerson(pairs []nodePair, kept, dropped entry) []nodePair {
	if kept.links() && kept.node() != dropped.node() {
		pairs = append(pairs, nodePair{kept.node(), dropped.node()})
	}
	return pairs
}

// mergeDistinct merges a[i:] and b[j:] into out[n:] until one ends or
// their heads are equal, and returns where it stopped. It calls nothing,
// so its indices stay in registers.
func mergeDistinct(out, a, b []entry, i, j, n int) (int, int, int) {
	for i < len(a) && j < len(b) && n < len(out) {
		ka, kb := a[i].key, b[j].key
		if ka == kb {
			break
		}
		ia, ib := a[i].info, b[j].info
		takeA := ka < kb
		k, info := kb, ib
		if takeA {
			k, info = ka, ia
		}
		out[n] = entry{k, info}
		n++
		step := b2i(takeA)
		i += step
		j += 1 - step
	}
	return i, j, n
}

// b2i is 1 for true; the compiler makes it a flag, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// countDistinct counts a[i:] and b[j:] merged into c until one ends or
// their heads are equal, and returns where it stopped; like
// mergeDistinct, without a branch on which side is smaller.
func countDistinct(a, b []entry, i, j int, c *valueCounts) (int, int) {
	for i < len(a) && j < len(b) {
		ka, kb := a[i].key, b[j].key
		if ka == kb {
			break
		}
		ia, ib := a[i].info, b[j].info
		takeA := ka < kb
		info := ib
		if takeA {
			info = ia
		}
		c[info>>56][info>>48&0xff]++
		step := b2i(takeA)
		i += step
		j += 1 - step
	}
	return i, j
}
