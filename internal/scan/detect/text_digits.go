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

// digitMaps are the digit bit maps of a whole text, one word per 64 bytes
// (word w, bit k: byte 64*w+k is a digit). The text pass builds them once,
// and the number pass and the address search both skip by them instead of
// each reading every byte for digits.
type digitMaps []uint64

// buildDigitMaps fills dst with the maps of t, reusing its memory.
func buildDigitMaps(dst digitMaps, t []byte) digitMaps {
	dst = dst[:0]
	for at := 0; at < len(t); at += 64 {
		dst = append(dst, digitMask(t, at))
	}
	return dst
}

// at returns the map of the 64 bytes from byte at on (0 bits past the
// end), as digitMask would.
func (d digitMaps) at(at int) uint64 {
	w, shift := at/64, uint(at%64)
	if at < 0 || w >= len(d) {
		return 0
	}
	m := d[w] >> shift
	if shift > 0 && w+1 < len(d) {
		m |= d[w+1] << (64 - shift)
	}
	return m
}

// next returns the index of the first digit at or after i, or n (the
// length of the text) when there is none.
func (d digitMaps) next(i, n int) int {
	w := i / 64
	if w >= len(d) {
		return n
	}
	m := d[w] &^ (1<<uint(i%64) - 1)
	for m == 0 {
		w++
		if w >= len(d) {
			return n
		}
		m = d[w]
	}
	return w*64 + bits.TrailingZeros64(m)
}
