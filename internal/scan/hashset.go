package scan

import (
	"math/bits"
	"sync/atomic"
)

// Open-addressing hash tables keyed by value hashes. A leak of millions of
// people means millions of distinct values; Go maps spend most of their
// time there on cache misses in their control words. These keep key and
// payload side by side, probe linearly (one or two cache lines per
// lookup) and grow by doubling at 3/4 load. hashTable maps the linking
// values to their person nodes; the categories' sets are setTables.

// hashSlot is one slot: a value hash (0 = empty) and a payload (the
// value's node in persons).
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

// initialSlots must stay 1<<6: init derives the first shift from it.
const initialSlots = 1 << 6

// nonZero keeps a hash out of the empty marker.
func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

func (t *hashTable) init() {
	t.slots = make([]hashSlot, initialSlots)
	t.shift = 64 - 6
	t.seed = tableSeeds.Add(0x632BE59BD9B4E019) | 1
}

// lookup returns the slot for key, which is either the key's slot or the
// empty slot where it belongs.
func (t *hashTable) lookup(key uint64) *hashSlot {
	if t.slots == nil {
		t.init()
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

// peek loads the key's home slot, so that a put soon after finds it in
// the cache; it returns the slot's key for the caller to keep.
func (t *hashTable) peek(key uint64) uint64 {
	if t.slots == nil {
		return 0
	}
	return t.slots[(key*t.seed)>>t.shift].key
}

// added counts a key just written into an empty slot from lookup, and
// grows the table at 3/4 load; slot pointers are stale after it.
func (t *hashTable) added() {
	t.n++
	if t.n*4 >= len(t.slots)*3 {
		t.grow()
	}
}

func (t *hashTable) grow() { t.resize(2 * len(t.slots)) }

// resize rehashes the keys into a table of size slots (a power of two).
func (t *hashTable) resize(size int) {
	old := t.slots
	t.slots = make([]hashSlot, size)
	for i := 0; i < len(t.slots); i += 256 {
		t.slots[i].key = 0
	}
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for _, s := range old {
		if s.key != 0 {
			*t.lookup(s.key) = s
		}
	}
}
