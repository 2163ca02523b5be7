package scan

import (
	"math/bits"
	"sync/atomic"
)

// Open-addressing hash tables keyed by value hashes. A leak of millions of
// people means millions of distinct values; Go maps spend most of their
// time there on cache misses in their control words. These probe
// linearly over 8-byte keys (one or two cache lines per lookup) and grow
// by doubling at 3/4 load. hashTable maps the linking values to their
// person nodes; the categories' sets are setTables.

// hashTable keeps its keys and payloads in two arrays: a probe reads only
// keys, eight to a cache line, and a slot costs 12 bytes, not the 16 of
// a key and payload side by side (padded to 8).
type hashTable struct {
	keys  []uint64 // value hashes; 0 = empty
	vals  []int32  // vals[i] is the payload of keys[i]: the value's node
	n     int
	shift uint   // 64 - log2(len(keys))
	seed  uint64 // per table: see home
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
	t.keys = make([]uint64, initialSlots)
	t.vals = make([]int32, initialSlots)
	t.shift = 64 - 6
	t.seed = tableSeeds.Add(0x632BE59BD9B4E019) | 1
}

// home is the first slot to probe for key: the high bits of the key
// times an odd number of the table's own. Were it the same function for
// every table, copying one table into another in slot order would insert
// keys in the order of their home slots, and linear probing degrades
// badly on that.
func (t *hashTable) home(key uint64) uint64 { return (key * t.seed) >> t.shift }

// lookup returns the index of key's slot, or of the empty slot where it
// belongs.
func (t *hashTable) lookup(key uint64) int {
	if t.keys == nil {
		t.init()
	}
	mask := uint64(len(t.keys) - 1)
	for i := t.home(key); ; i = (i + 1) & mask {
		if k := t.keys[i]; k == key || k == 0 {
			return int(i)
		}
	}
}

// peek loads the key's home slot, so that a lookup soon after finds it
// in the cache; it returns what it read for the caller to keep.
func (t *hashTable) peek(key uint64) uint64 {
	if t.keys == nil {
		return 0
	}
	i := t.home(key)
	return t.keys[i] + uint64(t.vals[i])
}

// added counts a key just written into an empty slot from lookup, and
// grows the table at 3/4 load; slot indices are stale after it.
func (t *hashTable) added() {
	t.n++
	if t.n*4 >= len(t.keys)*3 {
		t.resize(2 * len(t.keys))
	}
}

// resize rehashes the keys into a table of size slots (a power of two).
func (t *hashTable) resize(size int) {
	oldKeys, oldVals := t.keys, t.vals
	t.keys = make([]uint64, size)
	t.vals = make([]int32, size)
	// Write each page before the reinserts read it: the kernel then maps
	// a fresh page once, rather than the zero page and then a copy.
	for i := 0; i < size; i += 512 {
		t.keys[i] = 0
	}
	for i := 0; i < size; i += 1024 {
		t.vals[i] = 0
	}
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for j, k := range oldKeys {
		if k != 0 {
			i := t.lookup(k)
			t.keys[i], t.vals[i] = k, oldVals[j]
		}
	}
}
