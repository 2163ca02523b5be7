package scan

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// randomRun is a sorted run of n random keys (odd, so never 0).
func randomRun(r *rand.Rand, n int) []entry {
	es := make([]entry, n)
	for i := range es {
		es[i] = newEntry(r.Uint64()|1, 5, 0, 0)
	}
	slices.SortFunc(es, func(a, b entry) int {
		if a.key < b.key {
			return -1
		}
		return 1
	})
	return es
}

// BenchmarkMergeRuns merges two runs of a million random keys each, the
// step a value takes about log2(distinct/runEntries) times.
func BenchmarkMergeRuns(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var pool chunkPool
	x, y := pool.copyRun(randomRun(r, 1<<20)), pool.copyRun(randomRun(r, 1<<20))
	b.SetBytes(2 << 20 * 16)
	for b.Loop() {
		out, _ := pool.merge(x, y, false, nil)
		for _, c := range out {
			pool.put(c)
		}
	}
}

// BenchmarkSortEntries sorts a detector's full buffer of random keys.
func BenchmarkSortEntries(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]entry, runEntries)
	for i := range src {
		src[i] = newEntry(r.Uint64(), 5, 0, 0)
	}
	es, tmp := make([]entry, runEntries), make([]entry, runEntries)
	b.SetBytes(runEntries * 16)
	for b.Loop() {
		copy(es, src)
		sortEntries(es, tmp)
	}
}
