package scan

import "sync"

// tables are the distinct values of a whole scan, shared by all the
// detectors, as sorted runs (see runStore), and the persons their linking
// values make (see unionFind).
//
// Locking, all told:
//   - runStore.mu guards the list of runs; a run is merged outside it by
//     the detector that took it off the list. chunkPool.mu guards the
//     spare chunks of the runs.
//   - persons.mu guards the links between persons; a detector takes it
//     to join the nodes its merges found to be one person.
//   - kindsMu guards kinds.
//
// The report reads the tables after the detectors have stopped (settle).
// Which detector books a value first, and so which record's node and
// which kind an entry keeps, varies from run to run; the figures do not:
// they are counts of distinct keys and of connected groups, and the
// examples are the smallest hashes.
type tables struct {
	runs    runStore
	persons unionFind
	kindsMu sync.Mutex
	// kinds numbers the kinds of each category, in the order they were
	// first seen; the entries hold the numbers.
	kinds [numCategories][]string
	// counts are the distinct values per category and kind, once the
	// detectors have stopped: see settle.
	counts *valueCounts
}

func newTables() *tables { return &tables{} }

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

// settle counts the distinct values of the runs and joins the persons
// whose values are still apart in different runs. It runs while nothing
// else uses the tables: once the detectors have stopped, and again after
// an absorb. The runs stay (merged into a few), for an absorb into other
// tables.
func (t *tables) settle() *valueCounts {
	s := &t.runs
	if t.counts == nil || s.changed {
		counts, pairs, runs := countRuns(s.runs, &s.pool)
		t.persons.join(pairs)
		t.counts, s.changed = counts, false
		s.runs = runs
		s.pool.free = nil // for the garbage collector
	}
	return t.counts
}

// valueCounts is the number of distinct values per category and kind.
type valueCounts [numCategories][256]int64
