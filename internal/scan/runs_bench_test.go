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
		putRun(&pool, out)
	}
}

// BenchmarkRunBuffer adds a million random keys to a detector's buffer,
// as two detectors have it, and sorts them into runs.
func BenchmarkRunBuffer(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]entry, 1<<20)
	for i := range src {
		src[i] = newEntry(r.Uint64(), 5, 0, 0)
	}
	var pool chunkPool
	buf := runBuffer{limit: runLimit(2)}
	b.SetBytes(int64(len(src)) * 16)
	for b.Loop() {
		for _, e := range src {
			if buf.add(e) {
				run, _ := buf.sortedRun(&pool, nil)
				putRun(&pool, run)
			}
		}
		run, _ := buf.sortedRun(&pool, nil)
		putRun(&pool, run)
	}
}

func putRun(pool *chunkPool, run sortedRun) {
	for _, c := range run {
		pool.put(c)
	}
}
