package scan

import (
	"math/bits"
	"sync"
)

// slotPool keeps the arrays the tables let go of when they grow, for
// other tables to grow into. Fresh memory costs a page fault for every
// 4 KiB on first touch (microseconds each on a VM), while clearing a
// reused array runs at memory speed. The shards grow nearly in step, but
// the tables differ in size (an e-mail and a phone number a record fill
// the linking values' tables twice as fast as a set of one value a
// record), so an array one table drops is soon the size another needs.
//
// Locking: mu is taken last, under a shard's lock, and nothing else is
// taken while it is held.
type slotPool struct {
	mu   sync.Mutex
	held int // bytes in the free lists, at most maxPooledBytes
	keys freeArrays[uint64]
	vals freeArrays[int32]
}

// freeArrays are free arrays by the log2 of their length.
type freeArrays[T uint64 | int32] [64][][]T

const (
	// minPooledSlots: smaller arrays are cheap to make and not kept.
	minPooledSlots = 1 << 9
	// maxPooledBytes bounds the memory held for reuse: the arrays over
	// it are left to the garbage collector.
	maxPooledBytes = 64 << 20
)

// takeArray returns a zeroed array of n (a power of two) elements of
// elemSize bytes, reused if one is free.
func takeArray[T uint64 | int32](p *slotPool, free *freeArrays[T], n, elemSize int) []T {
	if n >= minPooledSlots {
		l := bits.TrailingZeros(uint(n))
		p.mu.Lock()
		if k := len(free[l]); k > 0 {
			s := free[l][k-1]
			free[l][k-1] = nil
			free[l] = free[l][:k-1]
			p.held -= n * elemSize
			p.mu.Unlock()
			clear(s)
			return s
		}
		p.mu.Unlock()
	}
	s := make([]T, n)
	// Write each page before the reinserts read it: the kernel then maps
	// a fresh page once, rather than the zero page and then a copy.
	for i := 0; i < n; i += 4096 / elemSize {
		s[i] = 0
	}
	return s
}

// giveArray puts an array a table no longer uses in the free lists, the
// last freed first out: it is the likeliest to be in the cache.
func giveArray[T uint64 | int32](p *slotPool, free *freeArrays[T], s []T, elemSize int) {
	n := len(s)
	if n < minPooledSlots {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.held+n*elemSize > maxPooledBytes {
		return
	}
	l := bits.TrailingZeros(uint(n))
	free[l] = append(free[l], s)
	p.held += n * elemSize
}

func (p *slotPool) takeKeys(n int) []uint64 { return takeArray(p, &p.keys, n, 8) }
func (p *slotPool) giveKeys(s []uint64)     { giveArray(p, &p.keys, s, 8) }
func (p *slotPool) takeVals(n int) []int32  { return takeArray(p, &p.vals, n, 4) }
func (p *slotPool) giveVals(s []int32)      { giveArray(p, &p.vals, s, 4) }
