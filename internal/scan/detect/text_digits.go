package detect

import (
	"encoding/binary"
	"math/bits"
)

// Most text is words: the number and address passes skip to the next
// digit, and reading eight bytes at a time does that several times faster
// than a loop over bytes.

const (
	ones8  = 0x0101010101010101
	highs8 = 0x8080808080808080
)

// digitBytes returns a word whose byte k has its high bit set exactly when
// byte k of x is an ASCII digit. Per byte, with y the low seven bits:
// y+0x50 reaches 0x80 from '0' on, y+0x46 from ':' on, and neither
// carries into the next byte (y+0x50 <= 0xcf); bytes >= 0x80 are no
// digits.
func digitBytes(x uint64) uint64 {
	y := x &^ highs8
	return (y + 0x50*ones8) &^ (y + 0x46*ones8) &^ x & highs8
}

// indexDigit returns the index of the first ASCII digit in t at or after
// i, or len(t).
func indexDigit(t []byte, i int) int {
	for ; i+8 <= len(t); i += 8 {
		if m := digitBytes(binary.LittleEndian.Uint64(t[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(t); i++ {
		if isDigit(t[i]) {
			return i
		}
	}
	return len(t)
}

// highBits gathers the high bits of the eight bytes of x into the low
// eight bits of the result, byte k's into bit k: the multiplication moves
// each byte's bit to the top byte without carries, as each lands on its
// own bit.
func highBits(x uint64) uint64 {
	return (((x & highs8) >> 7) * 0x0102040810204080) >> 56
}

// digitMask returns a bit map of the digits among the 64 bytes of t from
// at: bit k is set when t[at+k] is an ASCII digit. Bytes past the end of t
// count as no digits.
func digitMask(t []byte, at int) uint64 {
	var m uint64
	if at+64 <= len(t) {
		w := t[at : at+64]
		for k := 0; k < 8; k++ {
			m |= highBits(digitBytes(binary.LittleEndian.Uint64(w[8*k:]))) << (8 * k)
		}
		return m
	}
	for k := at; k < len(t); k++ {
		if isDigit(t[k]) {
			m |= 1 << (k - at)
		}
	}
	return m
}
