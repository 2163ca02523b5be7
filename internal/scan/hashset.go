package scan

import "sync/atomic"

// Open-addressing hash tables keyed by value hashes. A leak of millions of
// people means millions of distinct values; Go maps spend most of their
// time there on cache misses in their control words. These keep key and
// payload side by side, probe linearly (usually one cache line per
// lookup) and grow by doubling at half load.

// hashSlot is one slot: a value hash (0 = empty) and a payload (the kind
// index in a category set, the node in the person table).
type hashSlot struct {
	key uint64
	val int32
}

type hashTable struct {
	slots []hashSlot
	n     int
	shift uint   // 64 - log2(len(slots))
	seed  uint64 // per table: see lookup
}

// tableSeeds gives each table its own seed.
var tableSeeds atomic.Uint64

// initialSlots must stay 1<<10: lookup derives the first shift from it.
const initialSlots = 1 << 10

// nonZero keeps a hash out of the empty marker.
func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// lookup returns the slot for key, which is either the key's slot or the
// empty slot where it belongs.
func (t *hashTable) lookup(key uint64) *hashSlot {
	if t.slots == nil {
		t.slots = make([]hashSlot, initialSlots)
		t.shift = 64 - 10
		t.seed = tableSeeds.Add(0x632BE59BD9B4E019) | 1
	}
	mask := uint64(len(t.slots) - 1)
	// The slot comes from the high bits of the key times an odd number of
	// the table's own. Were it the same function for every table, merging
	// one table into another in slot order would insert keys in the order
	// of their home slots, and linear probing degrades badly on that.
	for i := (key * t.seed) >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.key == key || s.key == 0 {
			return s
		}
	}
}

// put inserts key with val unless it is there; it reports whether it was
// new, and returns the payload stored.
func (t *hashTable) put(key uint64, val int32) (int32, bool) {
	key = nonZero(key)
	s := t.lookup(key)
	if s.key == key {
		return s.val, false
	}
	s.key, s.val = key, val
	t.n++
	if t.n*2 >= len(t.slots) {
		t.grow()
	}
	return val, true
}

func (t *hashTable) grow() {
	old := t.slots
	t.slots = make([]hashSlot, 2*len(old))
	t.shift--
	for _, s := range old {
		if s.key != 0 {
			*t.lookup(s.key) = s
		}
	}
}

// each calls fn for every key and payload.
func (t *hashTable) each(fn func(key uint64, val int32)) {
	for _, s := range t.slots {
		if s.key != 0 {
			fn(s.key, s.val)
		}
	}
}

func (t *hashTable) len() int { return t.n }
