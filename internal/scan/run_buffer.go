package scan

// runBuffer is a detector's values waiting to be sorted into a run, dealt
// as they come into 256 buckets by the top byte of their key: the first
// pass of a radix sort, made while the entry is at hand. When a bucket is
// full, each bucket is sorted on its own, small enough to stay in the
// CPU's caches, and the buckets in order are the run. Buckets that fill
// while the buffer is small double it (a small scan keeps a small
// buffer), up to its limit; the larger the runs, the fewer times the
// store merges a value (about log2(distinct values / run size)).
type runBuffer struct {
	entries []entry // bucket b is entries[b*size : b*size+fill[b]]
	fill    [256]int32
	size    int // entries a bucket holds
	limit   int // the largest size
	scratch []entry
}

// A detector's buffer holds at most maxRunEntries (8 MiB: larger buffers
// sort no faster, their entries scattered over more memory than the CPU
// caches), and all detectors' buffers together at most allRunEntries
// (16 MiB) but each at least minRunEntries.
const (
	maxRunEntries = 1 << 19
	allRunEntries = 1 << 20
	minRunEntries = 1 << 16
	firstBucket   = 16
)

// runLimit is the bucket size of each of n detectors' buffers.
func runLimit(n int) int {
	return min(max(allRunEntries/max(n, 1), minRunEntries), maxRunEntries) / 256
}

// add puts e in its bucket and reports whether that bucket is full: the
// buffer must be sorted (sortedRun) before the next add.
func (r *runBuffer) add(e entry) bool {
	if r.entries == nil {
		r.size = firstBucket
		r.entries = make([]entry, 256*r.size)
	}
	b := e.key >> 56
	f := r.fill[b]
	r.entries[int(b)*r.size+int(f)] = e
	r.fill[b] = f + 1
	if int(f)+1 < r.size {
		return false
	}
	if r.size < r.limit {
		r.grow()
		return false
	}
	return true
}

// grow doubles the buckets.
func (r *runBuffer) grow() {
	size := min(2*r.size, r.limit)
	entries := make([]entry, 256*size)
	for b := range 256 {
		copy(entries[b*size:], r.bucket(b))
	}
	r.entries, r.size = entries, size
}

func (r *runBuffer) bucket(b int) []entry {
	return r.entries[b*r.size : b*r.size+int(r.fill[b])]
}

func (r *runBuffer) empty() bool { return r.fill == [256]int32{} }

// sortedRun sorts the buffer's values into a run of pool's chunks without
// duplicates, noting in pairs the nodes that duplicates of a linking value
// join, and empties the buffer.
func (r *runBuffer) sortedRun(pool *chunkPool, pairs []nodePair) (sortedRun, []nodePair) {
	if len(r.scratch) < r.size {
		r.scratch = make([]entry, r.size)
	}
	w := runWriter{pool: pool}
	for b := range 256 {
		es := r.bucket(b)
		if len(es) == 0 {
			continue
		}
		sortBucket(es, r.scratch)
		insertionSort(es)
		es, pairs = dedupe(es, pairs)
		w.writeAll(es)
	}
	r.fill = [256]int32{}
	return w.finish(), pairs
}

// sortBucket sorts es, whose keys share their top byte, by the 22 bits
// below it, in two passes of 11 bits from the lowest, keeping the order
// of equal keys, with scratch at least as long; the result is back in es.
// A bucket holds a few thousand random keys, which rarely share their top
// 30 bits: insertionSort finishes the order.
func sortBucket(es, scratch []entry) {
	const digitBits = 11
	var counts [2][1 << digitBits]int32
	for i := range es {
		k := es[i].key
		counts[0][k>>34&(1<<digitBits-1)]++
		counts[1][k>>45&(1<<digitBits-1)]++
	}
	src, dst := es, scratch[:len(es)]
	for d := range 2 {
		shift := uint(34 + digitBits*d)
		c := &counts[d]
		var sum int32
		for b := range c {
			c[b], sum = sum, sum+c[b]
		}
		for _, e := range src {
			b := e.key >> shift & (1<<digitBits - 1)
			dst[c[b]] = e
			c[b]++
		}
		src, dst = dst, src
	}
}
