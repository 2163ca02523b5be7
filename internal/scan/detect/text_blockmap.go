package detect

// blockMaps walks a text as bit maps of 64 bytes (bit k: byte k of the
// block is in some class, such as digits or token bytes), holding the map
// of the current block and the next so that runs across the border are
// seen whole. Passes that look for runs of a class with a shape (five
// digits; seven token bytes) find them with a few operations per 64 bytes,
// and a block's map is built once however many runs it holds.
type blockMaps struct {
	t         []byte
	of        func(t []byte, at int) uint64 // the map of the 64 bytes from at (0 bits past the end)
	block     int                           // cur is the map of block 64*block:, next of the one after; -1 at first
	cur, next uint64
	prev      uint64 // the bit of the byte before the block
	// pre, when set, holds the maps already built (see digitMaps): of is
	// then not called.
	pre digitMaps
}

func newBlockMaps(t []byte, of func([]byte, int) uint64) blockMaps {
	return blockMaps{t: t, of: of, block: -1}
}

// newBlockMapsOf walks the digit maps built beforehand for t.
func newBlockMapsOf(t []byte, pre digitMaps) blockMaps {
	return blockMaps{t: t, of: digitMask, pre: pre, block: -1}
}

// mapAt is the map of the 64 bytes from at.
func (b *blockMaps) mapAt(at int) uint64 {
	if len(b.pre) > 0 {
		return b.pre.at(at)
	}
	return b.of(b.t, at)
}

// load makes block the current one.
func (b *blockMaps) load(block int) {
	switch {
	case block == b.block:
		return
	case block == b.block+1 && b.block >= 0:
		b.prev, b.cur = b.cur>>63, b.next
	default:
		b.cur, b.prev = b.mapAt(block*64), 0
		if block > 0 {
			b.prev = b.mapAt(block*64-1) & 1
		}
	}
	b.next = b.mapAt(block*64 + 64)
	b.block = block
}

// after returns the current map moved down by j bits (0 < j < 64), with
// the next block's bits above: bit k tells about byte k+j.
func (b *blockMaps) after(j int) uint64 {
	return b.cur>>j | b.next<<(64-j)
}

// startsFrom returns the bits of the current block where a run of the
// class starts, at or after byte i of the text (inside the block). With
// runAtI, a run may also start at i itself whatever the byte before it.
func (b *blockMaps) startsFrom(i int, runAtI bool) uint64 {
	off := uint(i - b.block*64)
	before := b.cur<<1 | b.prev
	if runAtI {
		before &^= 1 << off
	}
	return b.cur &^ before &^ (1<<off - 1)
}
