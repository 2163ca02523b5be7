package scan

import (
	"slices"
	"sync"
)

// A sortedRun is a sorted sequence of entries without duplicates, kept in
// parts: chunks of chunkEntries from a chunkPool as a merge writes them,
// or any slices of entries where a run is cut (countRuns). A merge gives
// each chunk of its inputs back to the pool as soon as it has read it, and
// takes the chunks it writes from there, so merging needs no memory beyond
// its runs and a few chunks: one buffer per run would need as much again
// as the runs hold, and fresh memory for each merge costs a page fault a
// 4 KiB and the zeroing of it.
type sortedRun [][]entry

// chunkEntries is the size of a chunk: 1 MiB.
const chunkEntries = 1 << 16

// size is the number of entries in r.
func (r sortedRun) size() int {
	n := 0
	for _, part := range r {
		n += len(part)
	}
	return n
}

// chunkPool keeps the chunks no run holds.
type chunkPool struct {
	mu   sync.Mutex
	free [][]entry
}

// get is an empty chunk.
func (p *chunkPool) get() []entry {
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		c := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return c[:0]
	}
	p.mu.Unlock()
	return make([]entry, 0, chunkEntries)
}

// put gives back a chunk that was read; a part that is not a whole chunk
// is left to the garbage collector.
func (p *chunkPool) put(c []entry) {
	if cap(c) != chunkEntries {
		return
	}
	p.mu.Lock()
	p.free = append(p.free, c)
	p.mu.Unlock()
}

// copyRun copies sorted es into chunks.
func (p *chunkPool) copyRun(es []entry) sortedRun {
	w := runWriter{pool: p}
	w.writeAll(es)
	return w.finish()
}

// cursor is a place in a run: part c, entry i.
type cursor struct {
	r    sortedRun
	c, i int
	pool *chunkPool // where parts read go; nil: the run is kept
}

func (x *cursor) done() bool    { return x.c == len(x.r) }
func (x *cursor) part() []entry { return x.r[x.c] }
func (x *cursor) head() entry   { return x.r[x.c][x.i] }
func (x *cursor) rest() []entry { return x.r[x.c][x.i:] }
func (x *cursor) advance(n int) { x.i += n; x.skipRead() }

// skipRead moves past the parts read to the end, giving them back.
func (x *cursor) skipRead() {
	for x.c < len(x.r) && x.i == len(x.r[x.c]) {
		if x.pool != nil {
			x.pool.put(x.r[x.c])
			x.r[x.c] = nil
		}
		x.c, x.i = x.c+1, 0
	}
}

// runWriter writes a run in chunks of the pool.
type runWriter struct {
	pool *chunkPool
	out  sortedRun
	w    []entry // the chunk being written: w[:n] is written
	n    int
}

// room is the chunk being written, with a free entry at n.
func (w *runWriter) room() []entry {
	if w.n == len(w.w) {
		if w.w != nil {
			w.out = append(w.out, w.w)
		}
		w.w, w.n = w.pool.get()[:chunkEntries], 0
	}
	return w.w
}

// writeAll writes es.
func (w *runWriter) writeAll(es []entry) {
	for len(es) > 0 {
		k := copy(w.room()[w.n:], es)
		w.n += k
		es = es[k:]
	}
}

func (w *runWriter) write(e entry) {
	w.room()[w.n] = e
	w.n++
}

// copyRest copies what is left of x.
func (w *runWriter) copyRest(x *cursor) {
	for x.skipRead(); !x.done(); x.skipRead() {
		k := copy(w.room()[w.n:], x.rest())
		w.n += k
		x.i += k
	}
}

func (w *runWriter) finish() sortedRun {
	if w.n > 0 {
		w.out = append(w.out, w.w[:w.n])
	} else if w.w != nil {
		w.pool.put(w.w)
	}
	return w.out
}

// merge merges runs a and b into a new run, keeping a's entry of a
// value in both, and notes in pairs the nodes such values join. With release,
// a and b are used up: their chunks go back to the pool as they are read.
func (p *chunkPool) merge(a, b sortedRun, release bool, pairs []nodePair) (sortedRun, []nodePair) {
	x, y := cursor{r: a}, cursor{r: b}
	if release {
		x.pool, y.pool = p, p
	}
	w := runWriter{pool: p}
	for x.skipRead(); ; {
		y.skipRead()
		if x.done() || y.done() {
			break
		}
		if ea, eb := x.head(), y.head(); ea.key == eb.key {
			w.write(ea)
			pairs = samePerson(pairs, ea, eb)
			x.advance(1)
			y.i++
			continue
		}
		out := w.room()
		x.i, y.i, w.n = mergeDistinct(out, x.part(), y.part(), x.i, y.i, w.n)
		x.skipRead()
	}
	w.copyRest(&x)
	w.copyRest(&y)
	return w.finish(), pairs
}

// runStore holds the sorted runs of a scan. Runs are merged by whoever
// adds one, outside the lock, so two detectors can merge at once.
type runStore struct {
	mu sync.Mutex
	// runs are each about half the size of the one before or less: a
	// binary counter's digits.
	runs []sortedRun
	pool chunkPool
	// changed says a run was added since the last count (tables.settle).
	changed bool
}

// add puts r into the store, first merging it with the runs on top that
// are no more than twice its size, and returns pairs with the nodes those
// merges found to be one person appended.
func (s *runStore) add(r sortedRun, pairs []nodePair) []nodePair {
	size := r.size()
	for {
		s.mu.Lock()
		s.changed = true
		n := len(s.runs)
		if n == 0 || s.runs[n-1].size() > 2*size {
			s.runs = append(s.runs, r)
			s.mu.Unlock()
			return pairs
		}
		top := s.runs[n-1]
		s.runs[n-1] = nil
		s.runs = s.runs[:n-1]
		s.mu.Unlock()
		r, pairs = s.pool.merge(top, r, true, pairs)
		size = r.size()
	}
}

// push puts r into the store without merging it.
func (s *runStore) push(r sortedRun) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changed = true
	s.runs = append(s.runs, r)
}

// countRuns counts the distinct values of runs per category and kind, on
// two goroutines, each for half of the keys (keys are hashes, so the
// halves are about equal), and returns the pairs of nodes that the same
// value in two runs joins, and the runs left: countMerged merges the
// smaller runs of each half, and the merges use up their inputs.
func countRuns(runs []sortedRun, pool *chunkPool) (*valueCounts, []nodePair, []sortedRun) {
	var low, high []sortedRun
	for _, r := range runs {
		l, h := splitRun(r, 1<<63)
		low, high = append(low, l), append(high, h)
	}
	var counts [2]valueCounts
	var lowPairs []nodePair
	var wg sync.WaitGroup
	wg.Go(func() { lowPairs, low = countMerged(low, pool, &counts[0]) })
	highPairs, high := countMerged(high, pool, &counts[1])
	wg.Wait()
	for c := range counts[0] {
		for k, n := range counts[1][c] {
			counts[0][c][k] += n
		}
	}
	return &counts[0], append(lowPairs, highPairs...), append(low, high...)
}

// splitRun cuts r into the entries with keys below mid and the rest. The
// chunk cut in two stays with the high half: the low half's piece is not
// a whole chunk, so a merge that uses it up does not give it back.
func splitRun(r sortedRun, mid uint64) (low, high sortedRun) {
	for c, part := range r {
		if len(part) == 0 || part[len(part)-1].key < mid {
			continue
		}
		i, _ := slices.BinarySearchFunc(part, mid, func(e entry, k uint64) int {
			if e.key < k {
				return -1
			}
			return 1
		})
		low = append(slices.Clip(r[:c]), part[:i:i])
		high = append(sortedRun{part[i:]}, r[c+1:]...)
		return low, high
	}
	return r, nil
}

// countMerged counts into c the distinct values of runs and returns the
// pairs of nodes that the same value in two runs joins, and the runs left.
// The smaller runs are merged until two are left (the store leaves a few,
// the largest about half of all), and those two are walked together as a
// merge would, without writing the merged run.
func countMerged(runs []sortedRun, pool *chunkPool, c *valueCounts) ([]nodePair, []sortedRun) {
	var pairs []nodePair
	type sized struct {
		r sortedRun
		n int
	}
	var rs []sized
	for _, r := range runs {
		if n := r.size(); n > 0 {
			rs = append(rs, sized{r, n})
		}
	}
	for len(rs) > 2 {
		slices.SortFunc(rs, func(a, b sized) int { return a.n - b.n })
		var m sortedRun
		m, pairs = pool.merge(rs[0].r, rs[1].r, true, pairs)
		rs = append(rs[2:], sized{m, m.size()})
	}
	var left []sortedRun
	for _, r := range rs {
		left = append(left, r.r)
	}
	x, y := cursor{}, cursor{}
	switch len(rs) {
	case 2:
		x.r, y.r = rs[0].r, rs[1].r
	case 1:
		x.r = rs[0].r
	}
	for x.skipRead(); ; {
		y.skipRead()
		if x.done() || y.done() {
			break
		}
		if ea, eb := x.head(), y.head(); ea.key == eb.key {
			c[ea.cat()][ea.kind()]++
			pairs = samePerson(pairs, ea, eb)
			x.advance(1)
			y.i++
			continue
		}
		x.i, y.i = countDistinct(x.part(), y.part(), x.i, y.i, c)
		x.skipRead()
	}
	for _, rest := range []*cursor{&x, &y} {
		for rest.skipRead(); !rest.done(); rest.skipRead() {
			for _, e := range rest.rest() {
				c[e.cat()][e.kind()]++
			}
			rest.i = len(rest.part())
		}
	}
	return pairs, left
}
