package scan

import "math/bits"

// setTable is one shard's set of the distinct values of a category that
// does not link persons, with each value's kind: an open-addressing table
// of 8-byte slots, probed linearly, that grows by doubling at setMaxLoad.
//
// A slot holds the low 56 bits of the value hash and the kind number in
// the top byte. The top byte of the hash is the shard's number (shardOf),
// the same for every value of the shard, so dropping it loses nothing:
// two values share a slot exactly when their 64-bit hashes are equal, as
// in a 16-byte slot. (The one exception: low bits all zero, kept as 1 to
// stay apart from the empty slot, which joins two values with odds of
// 2^-56 each.) Half the bytes of a 16-byte slot means half the cache
// misses and half the memory.
type setTable struct {
	slots []uint64 // 0: empty
	n     int
	shift uint   // 64 - log2(len(slots))
	seed  uint64 // an odd multiplier: see home
}

const (
	setKeyMask      = 1<<56 - 1
	setInitialSlots = 1 << 6
)

// setMaxLoad is the fill, in quarters, at which a set doubles. With 8
// slots in a cache line, a probe at 3/4 fill still reads one line or two.
const setMaxLoad = 3

// setKey is the part of a value hash a slot keeps (never 0).
func setKey(key uint64) uint64 {
	if k := key & setKeyMask; k != 0 {
		return k
	}
	return 1
}

// home is the first slot to probe for k: the high bits of k times an odd
// multiplier of the table's own (see hashTable.lookup for why per table).
func (t *setTable) home(k uint64) uint64 { return (k * t.seed) >> t.shift }

func (t *setTable) init() {
	t.slots = make([]uint64, setInitialSlots)
	t.shift = 64 - uint(bits.TrailingZeros(setInitialSlots))
	t.seed = tableSeeds.Add(0x632BE59BD9B4E019) | 1
}

// peek loads the value's home slot, so that an add soon after finds it in
// the cache; it returns the slot for the caller to keep.
func (t *setTable) peek(key uint64) uint64 {
	if t.slots == nil {
		return 0
	}
	return t.slots[t.home(setKey(key))]
}

// add puts the value with its kind in the set unless it is there.
func (t *setTable) add(key uint64, kind uint8) {
	if t.slots == nil {
		t.init()
	}
	k := setKey(key)
	mask := uint64(len(t.slots) - 1)
	for i := t.home(k); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s&setKeyMask == k {
			return
		}
		if s == 0 {
			t.slots[i] = k | uint64(kind)<<56
			break
		}
	}
	t.n++
	if t.n*4 >= len(t.slots)*setMaxLoad {
		t.resize(2 * len(t.slots))
	}
}

// resize rehashes the values into a table of size slots (a power of two).
func (t *setTable) resize(size int) {
	old := t.slots
	t.slots = make([]uint64, size)
	// Write each page before the reinserts read it: the kernel then maps
	// a fresh page once, rather than the zero page and then a copy.
	for i := 0; i < len(t.slots); i += 512 {
		t.slots[i] = 0
	}
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	mask := uint64(size - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := t.home(s & setKeyMask)
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// countKinds adds the number of values of each kind to perKind.
func (t *setTable) countKinds(perKind *[256]int64) {
	for _, s := range t.slots {
		if s != 0 {
			perKind[s>>56]++
		}
	}
}
