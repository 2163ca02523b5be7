package detect

import (
	"bytes"
	"encoding/binary"
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

// tokenSkipper finds the runs of token bytes the token pass must read.
type tokenSkipper struct {
	maps   blockMaps
	dollar int // the first '$' at or after some position up to the last asked (-1 at first)
	// long is the map of the bytes of block longBlock that start minToken
	// token bytes: the pass asks several times per block, one per token.
	long      uint64
	longBlock int
}

func newTokenSkipper(t []byte) tokenSkipper {
	return tokenSkipper{maps: newBlockMaps(t, tokenMask), dollar: -1, longBlock: -1}
}

// longRuns returns, for the current block, bit k set when the minToken
// bytes from byte k are token bytes.
func (s *tokenSkipper) longRuns() uint64 {
	if s.longBlock != s.maps.block {
		long := s.maps.cur
		for j := 1; j < minToken; j++ {
			long &= s.maps.after(j)
		}
		s.long, s.longBlock = long, s.maps.block
	}
	return s.long
}

// tokenMask is the bit map of the token bytes among the 64 bytes from at.
func tokenMask(t []byte, at int) uint64 {
	if at >= len(t) {
		return 0
	}
	var m uint64
	if at+64 <= len(t) {
		w := t[at : at+64]
		for k := 0; k < 64; k += 8 {
			m |= tokenBits8(binary.LittleEndian.Uint64(w[k:])) << k
		}
		return m
	}
	for k, c := range t[at:] {
		m |= tokenBit[c] << k
	}
	return m
}

// tokenBits8 maps the eight bytes of x (the first in the low byte) to
// eight bits; the shifts are constants, which a loop over bytes would not
// give.
func tokenBits8(x uint64) uint64 {
	return tokenBit[byte(x)] | tokenBit[byte(x>>8)]<<1 | tokenBit[byte(x>>16)]<<2 | tokenBit[byte(x>>24)]<<3 |
		tokenBit[byte(x>>32)]<<4 | tokenBit[byte(x>>40)]<<5 | tokenBit[byte(x>>48)]<<6 | tokenBit[byte(x>>56)]<<7
}

// nextFrom returns the start of the first run of token bytes at or after
// i that the pass must read: one of minToken bytes or more, or any one
// near a '$' (a hash token takes in bytes after its run); len(t) if there
// is none. The byte before i is no token byte.
func (s *tokenSkipper) nextFrom(i int) int {
	t := s.maps.t
	for i < len(t) {
		if s.dollar < i {
			s.dollar = len(t)
			if k := bytes.IndexByte(t[i:], '$'); k >= 0 {
				s.dollar = i + k
			}
		}
		block := i / 64
		s.maps.load(block)
		starts := s.maps.startsFrom(i, false)
		end := block*64 + 64
		if s.dollar < end+minToken {
			// A run from this block may hold the '$': read every run.
			if starts != 0 {
				return block*64 + bits.TrailingZeros64(starts)
			}
		} else {
			if c := starts & s.longRuns(); c != 0 {
				return block*64 + bits.TrailingZeros64(c)
			}
		}
		i = end
	}
	return len(t)
}
