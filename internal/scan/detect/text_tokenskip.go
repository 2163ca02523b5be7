package detect

import (
	"bytes"
	"math/bits"
)

// The token pass looks at runs of token bytes, but only at runs of
// minToken bytes or more, or with a '$' in them: shorter runs, most words,
// yield nothing. tokenSkipper finds the runs worth reading from bit maps
// of 64 bytes (bit k: byte k is a token byte), built without a branch per
// byte, so the pass need not read every byte of every word.

// minToken is the shortest token the token pass reads further.
const minToken = 7

// tokenBit is 1 for the bytes of tokens (class cToken).
var tokenBit = func() (t [256]uint64) {
	for c := range 256 {
		if class[c]&cToken != 0 {
			t[c] = 1
		}
	}
	return t
}()

// tokenSkipper holds the bit maps of two blocks of 64 bytes of t.
type tokenSkipper struct {
	t         []byte
	block     int    // cur is the map of t[64*block:], next of the block after; -1 at first
	cur, next uint64 // bit k: byte k of the block is a token byte
	prev      uint64 // the bit of the byte before the block
	dollar    int    // the first '$' at or after some position up to the last asked (-1 at first)
}

func (s *tokenSkipper) bitsOf(block int) uint64 {
	from := block * 64
	if from >= len(s.t) {
		return 0
	}
	var m uint64
	for k, c := range s.t[from:min(len(s.t), from+64)] {
		m |= tokenBit[c] << k
	}
	return m
}

// load makes block the current one.
func (s *tokenSkipper) load(block int) {
	switch {
	case block == s.block:
		return
	case block == s.block+1 && s.block >= 0:
		s.prev, s.cur = s.cur>>63, s.next
	default:
		s.cur, s.prev = s.bitsOf(block), 0
		if block > 0 {
			s.prev = tokenBit[s.t[block*64-1]]
		}
	}
	s.next = s.bitsOf(block + 1)
	s.block = block
}

// nextFrom returns the start of the first run at or after i, which
// follows a byte that is no token byte, that the pass must read: one of
// minToken bytes or more, or any one near a '$' (a hash token takes in
// bytes after its run). len(t) if there is none.
func (s *tokenSkipper) nextFrom(i int) int {
	t := s.t
	if s.dollar < i {
		s.dollar = len(t)
		if k := bytes.IndexByte(t[min(i, len(t)):], '$'); k >= 0 {
			s.dollar = i + k
		}
	}
	for i < len(t) {
		block := i / 64
		s.load(block)
		m, nx := s.cur, s.next
		starts := m &^ (m<<1 | s.prev)
		starts &^= 1<<(i-block*64) - 1 // only runs from i on
		end := block*64 + 64
		if s.dollar < end+minToken {
			// A run from this block may hold the '$': read every run.
			if starts != 0 {
				return block*64 + bits.TrailingZeros64(starts)
			}
		} else {
			// Bit k of long: the minToken bytes from byte k are token
			// bytes (the next block's map gives the last ones).
			long := m
			for j := 1; j < minToken; j++ {
				long &= m>>j | nx<<(64-j)
			}
			if c := starts & long; c != 0 {
				return block*64 + bits.TrailingZeros64(c)
			}
		}
		i = end
		if s.dollar < i {
			s.dollar = len(t)
			if k := bytes.IndexByte(t[min(i, len(t)):], '$'); k >= 0 {
				s.dollar = i + k
			}
		}
	}
	return len(t)
}
