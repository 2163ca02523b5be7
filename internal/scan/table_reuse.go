package scan

import (
	"math/bits"
	"sync"
)

// slotPool hands out the tables' arrays and keeps those the tables let go
// of when they grow, for other tables to grow into. Fresh memory costs a
// page fault for every 4 KiB on first touch (microseconds each on a VM),
// while clearing a reused array runs at memory speed. The shards grow
// nearly in step, but the tables differ in size (an e-mail and a phone
// number a record fill the linking values' tables twice as fast as a set
// of one value a record), so an array one table drops is often the size
// another is about to need. An array is kept only while there are more
// smaller tables than free arrays of its size, any of which might still
// grow into it: otherwise (all tables past that size, as in a text of
// linking values alone) it would only hold memory the garbage collector
// could give to something else.
//
// Locking: mu is taken last, under a shard's lock, and nothing else is
// taken while it is held.
type slotPool struct {
	mu   sync.Mutex
	held int // bytes in the free lists, at most maxPooledBytes
	keys arrays[uint64]
	vals arrays[int32]
}

// arrays are the arrays of one element type by the log2 of their length:
// how many are in use, and the free ones.
type arrays[T uint64 | int32] struct {
	inUse [64]int
	free  [64][][]T
}

const (
	// minPooledSlots: smaller arrays are cheap to make and not kept.
	minPooledSlots = 1 << 9
	// maxPooledBytes bounds the memory held for reuse: the arrays over
	// it are left to the garbage collector.
	maxPooledBytes = 64 << 20
)

// takeArray returns a zeroed array of n (a power of two) elements of
// elemSize bytes, reused if one is free.
func takeArray[T uint64 | int32](p *slotPool, a *arrays[T], n, elemSize int) []T {
	l := bits.TrailingZeros(uint(n))
	p.mu.Lock()
	a.inUse[l]++
	if k := len(a.free[l]); k > 0 {
		s := a.free[l][k-1]
		a.free[l][k-1] = nil
		a.free[l] = a.free[l][:k-1]
		p.held -= n * elemSize
		p.mu.Unlock()
		clear(s)
		return s
	}
	p.mu.Unlock()
	s := make([]T, n)
	// Write each page before the reinserts read it: the kernel then maps
	// a fresh page once, rather than the zero page and then a copy.
	for i := 0; i < n; i += 4096 / elemSize {
		s[i] = 0
	}
	return s
}

// giveArray takes back an array a table no longer uses, and keeps it if a
// smaller table may want it (see slotPool); the last freed is the first
// out: it is the likeliest to be in the cache.
func giveArray[T uint64 | int32](p *slotPool, a *arrays[T], s []T, elemSize int) {
	n := len(s)
	l := bits.TrailingZeros(uint(n))
	p.mu.Lock()
	defer p.mu.Unlock()
	a.inUse[l]--
	if n < minPooledSlots || p.held+n*elemSize > maxPooledBytes {
		return
	}
	smaller := 0
	for _, c := range a.inUse[:l] {
		smaller += c
	}
	if len(a.free[l]) >= smaller {
		return
	}
	a.free[l] = append(a.free[l], s)
	p.held += n * elemSize
}

func (p *slotPool) takeKeys(n int) []uint64 { return takeArray(p, &p.keys, n, 8) }
func (p *slotPool) giveKeys(s []uint64)     { giveArray(p, &p.keys, s, 8) }
func (p *slotPool) takeVals(n int) []int32  { return takeArray(p, &p.vals, n, 4) }
func (p *slotPool) giveVals(s []int32)      { giveArray(p, &p.vals, s, 4) }
