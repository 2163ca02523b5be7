package scan

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// randomEntries are n entries with keys from a small range, so that many
// repeat, of linking and non-linking categories, each with a node of its
// own.
func randomEntries(r *rand.Rand, n, keys int) []entry {
	es := make([]entry, n)
	for i := range es {
		k := uint64(r.IntN(max(keys, 1))) * 0x9E3779B97F4A7C15 // spread over all bytes
		cat := uint8(k % numCategories)
		es[i] = newEntry(nonZero(k), cat, uint8(r.IntN(3)), int32(i))
	}
	return es
}

func TestEntryPacksItsParts(t *testing.T) {
	e := newEntry(42, 11, 200, 1<<31-1)
	if e.key != 42 || e.cat() != 11 || e.kind() != 200 || e.node() != 1<<31-1 {
		t.Fatalf("entry %+v unpacks to cat %d kind %d node %d", e, e.cat(), e.kind(), e.node())
	}
	e = e.setNode(7)
	if e.cat() != 11 || e.kind() != 200 || e.node() != 7 {
		t.Fatalf("after setNode: cat %d kind %d node %d", e.cat(), e.kind(), e.node())
	}
}

// TestRunBufferSortsItsValues adds entries to a buffer and wants the runs
// it gives to be what a stable sort and dropping the later duplicates
// give, and the nodes of the dropped linking values joined to the kept
// ones: on random keys, on keys that share their top bytes (one bucket,
// the insertion pass's fallback), and on keys whose every byte is 0, 1 or
// 2, so that each pass decides the order of many and ties are many. The
// buffer grows its buckets on the way, and a small limit makes several
// runs of one input.
func TestRunBufferSortsItsValues(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 3, 100, 5000, 300000} {
		for _, keys := range []int{0, 1, 7, 1 << 30} {
			for _, limit := range []int{runLimit(2), 64} {
				es := randomEntries(r, n, keys)
				if keys == 0 {
					for i := range es {
						es[i].key = 0
						for b := range 8 {
							es[i].key |= uint64(r.IntN(3)) << (8 * b)
						}
					}
				}
				checkRunBuffer(t, es, limit)
			}
		}
	}
}

// checkRunBuffer adds es to a buffer with the given limit and compares
// each run it makes with sortedTestRun.
func checkRunBuffer(t *testing.T, es []entry, limit int) {
	t.Helper()
	var pool chunkPool
	buf := runBuffer{limit: limit}
	from := 0
	check := func(to int) {
		var got []entry
		run, pairs := buf.sortedRun(&pool, nil)
		for _, part := range run {
			got = append(got, part...)
		}
		want, wantPairs := sortedTestRun(es[from:to])
		if !slices.Equal(got, want) || !slices.Equal(pairs, wantPairs) {
			t.Fatalf("%d entries (limit %d), run of entries %d to %d: %d values and %d pairs, want %d and %d, or others",
				len(es), limit, from, to, len(got), len(pairs), len(want), len(wantPairs))
		}
		from = to
	}
	for i, e := range es {
		if buf.add(e) {
			check(i + 1)
		}
	}
	check(len(es))
}

// sortedTestRun is es sorted by a stable sort without the later of equal
// keys, and the node pairs those join, in the order of the kept entries.
func sortedTestRun(es []entry) ([]entry, []nodePair) {
	es = slices.Clone(es)
	slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	return dedupe(es, nil)
}

// TestMergesKeepEveryValueOnceAndJoinItsNodes runs the whole path of the
// values, sorting, deduplicating, merging and counting, on random runs,
// and compares with a map: every key once, with the category of its first
// entry, and the nodes that share a linking key all joined.
func TestMergesKeepEveryValueOnceAndJoinItsNodes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 24 {
		var all []entry
		var runs []sortedRun
		var pairs []nodePair
		size, keys := 3000, 4000
		if round%8 == 7 { // merges that write more than a chunk
			size, keys = 3*chunkEntries, 4*chunkEntries
		}
		for range 1 + r.IntN(6) {
			es := randomEntries(r, r.IntN(size), 1+r.IntN(keys))
			for i := range es {
				es[i] = es[i].setNode(int32(len(all) + i))
			}
			all = append(all, es...)
			var run []entry
			run, runPairs := sortedTestRun(es)
			pairs = append(pairs, runPairs...)
			runs = append(runs, cutRun(r, run))
		}
		checkRun := func(what string, run []entry) {
			for i := 1; i < len(run); i++ {
				if run[i-1].key >= run[i].key {
					t.Fatalf("round %d: %s is not sorted without duplicates at %d", round, what, i)
				}
			}
		}
		var pool chunkPool
		mergePairs := slices.Clone(pairs)
		merged := mergeRunsAll(&pool, runs, &mergePairs)
		checkRun("the merged run", merged)
		counts, countPairs, _ := countRuns(runs, &pool)

		first := make(map[uint64]entry)
		for _, e := range all {
			if _, ok := first[e.key]; !ok {
				first[e.key] = e
			}
		}
		if len(merged) != len(first) {
			t.Fatalf("round %d: merged %d values, there are %d", round, len(merged), len(first))
		}
		var want valueCounts
		for _, e := range merged {
			if f := first[e.key]; f.cat() != e.cat() {
				t.Fatalf("round %d: key %x has category %d, first seen as %d", round, e.key, e.cat(), f.cat())
			}
			want[e.cat()][e.kind()]++
		}
		var distinct, wantDistinct int64
		for c := range counts {
			for k := range counts[c] {
				distinct += counts[c][k]
				wantDistinct += want[c][k]
			}
		}
		if distinct != wantDistinct {
			t.Fatalf("round %d: counted %d distinct values, merged %d", round, distinct, wantDistinct)
		}
		checkJoined(t, all, mergePairs)
		checkJoined(t, all, append(pairs, countPairs...))
	}
}

// cutRun makes es a run of parts of random lengths, so that merges meet
// the ends of parts everywhere.
func cutRun(r *rand.Rand, es []entry) sortedRun {
	var run sortedRun
	for len(es) > 0 {
		n := min(len(es), 1+r.IntN(700))
		run, es = append(run, es[:n:n]), es[n:] // clipped: not a chunk of a pool
	}
	return run
}

// mergeRunsAll merges copies of runs one into the next, as the store
// does, giving back the chunks read, and returns the entries in order.
func mergeRunsAll(pool *chunkPool, runs []sortedRun, pairs *[]nodePair) []entry {
	var merged sortedRun
	for _, run := range runs {
		var copied sortedRun
		for _, part := range run {
			copied = append(copied, pool.copyRun(part)...)
		}
		merged, *pairs = pool.merge(merged, copied, true, *pairs)
	}
	var out []entry
	for _, part := range merged {
		out = append(out, part...)
	}
	return out
}

// checkJoined wants the pairs to join exactly the nodes of entries that
// share a linking key (the node of entry i is i): each pair two entries
// of one linking key, and all the entries of a linking key in one group
// of a union-find of its own.
func checkJoined(t *testing.T, all []entry, pairs []nodePair) {
	t.Helper()
	parent := make([]int32, len(all))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	for _, p := range pairs {
		a, b := all[p.a], all[p.b]
		if a.key != b.key || !a.links() {
			t.Fatalf("nodes %d and %d are joined, but their values are %x and %x (linking: %v)", p.a, p.b, a.key, b.key, a.links())
		}
		parent[find(p.a)] = find(p.b)
	}
	roots := make(map[uint64]int32)
	for _, e := range all {
		if !e.links() {
			continue
		}
		root, seen := roots[e.key]
		if !seen {
			roots[e.key] = find(e.node())
		} else if find(e.node()) != root {
			t.Fatalf("two entries of linking key %x are in different persons", e.key)
		}
	}
}

// TestRunStoreFromManyDetectors adds runs from four goroutines at once
// (with -race, a check of its locking) and wants the count of one.
func TestRunStoreFromManyDetectors(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var s runStore
	var inputs [4][][]entry
	keys := make(map[uint64]bool)
	for g := range inputs {
		for range 30 {
			es := randomEntries(r, 2000, 50000)
			for _, e := range es {
				keys[e.key] = true
			}
			run, _ := sortedTestRun(es)
			inputs[g] = append(inputs[g], run)
		}
	}
	var wg sync.WaitGroup
	for g := range inputs {
		wg.Go(func() {
			for _, run := range inputs[g] {
				s.add(s.pool.copyRun(run), nil)
			}
		})
	}
	wg.Wait()
	counts, _, _ := countRuns(s.runs, &s.pool)
	var distinct int64
	for c := range counts {
		for _, n := range counts[c] {
			distinct += n
		}
	}
	if distinct != int64(len(keys)) {
		t.Fatalf("the store counts %d distinct values, there are %d", distinct, len(keys))
	}
	if len(s.runs) > 12 {
		t.Errorf("the store holds %d runs of 120 added: they are not being merged", len(s.runs))
	}
}
