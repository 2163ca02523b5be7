package scan

import (
	"sync"
	"sync/atomic"
)

// tables are the distinct values of a whole scan, shared by all the
// detectors: each value is stored once, and no merge is needed at the
// end. They are split into numShards shards by the top byte of the
// value hash, each with its own lock, so that two detectors rarely want
// the same one; a detector gathers its values by shard (acc.flush) and
// takes each shard's lock once for all of its values.
//
// Locking, all told:
//   - tableShard.mu guards everything in its shard: the categories'
//     sets and the ids table of the linking values.
//   - persons.mu guards the links between persons (see unionFind); a
//     detector takes it after its shard locks, never while holding one.
//   - kindsMu guards kinds.
//
// The report reads the tables after the detectors have stopped. Which
// detector stores a value first, and so the numbering of the persons'
// nodes, varies from run to run; the figures do not: they are counts of
// sets and of connected groups, and the examples are the smallest hashes.
type tables struct {
	shards  [numShards]tableShard
	persons unionFind
	kindsMu sync.Mutex
	// kinds numbers the kinds of each category, in the order they were
	// first seen; the tables hold the numbers.
	kinds [numCategories][]string
	accs  atomic.Int32 // accumulators made: see newAcc
}

const numShards = 256

func shardOf(key uint64) int { return int(key >> 56) }

// tableShard is one shard. The shards grow one at a time, each small
// enough to rehash within the CPU's caches; one big table of millions of
// slots spends most of its growing on cache misses.
type tableShard struct {
	mu sync.Mutex
	// sets hold the distinct values of the categories that do not link
	// persons, with their kinds; ids maps the linking values to
	// their nodes in persons.
	sets [numCategories]setTable
	ids  hashTable
}

func newTables() *tables { return &tables{} }

// node returns the node of a linking value, adding it on first sight.
// The caller holds the shard's lock.
func (s *tableShard) node(u *unionFind, b *nodeBlock, key uint64, cat, kind uint8) int32 {
	key = nonZero(key)
	i := s.ids.lookup(key)
	if s.ids.keys[i] == key {
		return s.ids.vals[i]
	}
	id := u.newNode(b, cat, kind)
	s.ids.keys[i], s.ids.vals[i] = key, id
	s.ids.added()
	return id
}

// kindIndex is the number of a kind of category cat, handed out on first
// sight.
func (t *tables) kindIndex(cat int, kind string) ([]string, int) {
	t.kindsMu.Lock()
	defer t.kindsMu.Unlock()
	ks := t.kinds[cat]
	for i, k := range ks {
		if k == kind {
			return ks, i
		}
	}
	t.kinds[cat] = append(ks, kind)
	return t.kinds[cat], len(ks)
}

// categoryCounts counts the distinct values of each category and, for
// the categories with withKinds set, per kind. It runs after the
// detectors have stopped, while nothing else runs: the sets of the shards
// and the person nodes (a million each for a million persons) are counted
// on two goroutines, and the counts added.
func (t *tables) categoryCounts(withKinds [numCategories]bool) (distinct [numCategories]int64, perKind [numCategories]*[256]int64) {
	var nodeDistinct [numCategories]int64
	var nodeKind [numCategories]*[256]int64
	for c := range perKind {
		if withKinds[c] {
			perKind[c], nodeKind[c] = new([256]int64), new([256]int64)
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		t.persons.eachNode(func(_ int32, n *ufNode) {
			nodeDistinct[n.cat]++
			if nodeKind[n.cat] != nil {
				nodeKind[n.cat][n.kind]++
			}
		})
	})
	for s := range t.shards {
		sh := &t.shards[s]
		for c := range sh.sets {
			distinct[c] += int64(sh.sets[c].n)
			if perKind[c] != nil && sh.sets[c].n > 0 {
				sh.sets[c].countKinds(perKind[c])
			}
		}
	}
	wg.Wait()
	for c := range distinct {
		distinct[c] += nodeDistinct[c]
		if perKind[c] != nil {
			for k, n := range nodeKind[c] {
				perKind[c][k] += n
			}
		}
	}
	return distinct, perKind
}
