package extract

// Scanning eight bytes at a time. The lexers look for the first of a few
// stop bytes in runs that are mostly short (a JSON key, an e-mail
// address): too short for several bytes.IndexByte calls to pay off, and
// a byte-at-a-time table loop costs a load and a branch per byte. Here
// eight bytes are tested per step with word arithmetic.

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// swarZeroBytes has the high bit of the lowest zero byte of v set, and
// possibly bits above it, never below: the borrow of the subtraction only
// runs upwards from a zero byte. Bytes >= 0x80 are no zero bytes (their
// own high bit is masked by ^v), so the lowest set bit is exact.
func swarZeroBytes(v uint64) uint64 { return (v - swarOnes) & ^v & swarHighs }

// swarEqualBytes has the high bit set of exactly the bytes of v equal to
// the byte repeated in w: unlike swarZeroBytes, no borrow crosses bytes,
// so every set bit can be used.
func swarEqualBytes(v, w uint64) uint64 {
	x := v ^ w
	const lows = swarHighs - swarOnes // 0x7f in every byte
	return ^((x&lows + lows) | x) & swarHighs
}

// indexJSONStringStop returns the index of the first '"', '\\' or '\n' in
// b, or len(b) if there is none.
func indexJSONStringStop(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if m := jsonStringStops(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c == '\n' {
			return i
		}
	}
	return len(b)
}

// indexEitherShort returns the index of the first a or c in b, or -1 if
// there is none. It is meant for the first few dozen bytes of a value,
// where one pass beats two IndexByte calls.
func indexEitherShort(b []byte, a, c byte) int {
	wa, wc := swarOnes*uint64(a), swarOnes*uint64(c)
	i := 0
	for ; i+8 <= len(b); i += 8 {
		v := binary.LittleEndian.Uint64(b[i:])
		if m := swarZeroBytes(v^wa) | swarZeroBytes(v^wc); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if x := b[i]; x == a || x == c {
			return i
		}
	}
	return -1
}

// appendJSONPlain appends to dst the run of plain string content at the
// start of b, up to the first '"', '\\' or '\n', and returns the run's
// length. Each word is stored into dst's spare capacity as it is tested,
// so a short string costs no memmove call; the bytes stored past the run
// lie beyond len(dst) and mean nothing.
func appendJSONPlain(dst, b []byte) ([]byte, int) {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if cap(dst)-len(dst) < 8 {
			dst = slices.Grow(dst, 64)
		}
		v := binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(dst[len(dst):len(dst)+8], v)
		if m := jsonStringStops(v); m != 0 {
			k := bits.TrailingZeros64(m) / 8
			return dst[:len(dst)+k], i + k
		}
		dst = dst[:len(dst)+8]
	}
	k := indexJSONStringStop(b[i:])
	return append(dst, b[i:i+k]...), i + k
}

// jsonStringStops marks the lowest '"', '\\' or '\n' byte of v (and maybe
// bits above it).
func jsonStringStops(v uint64) uint64 {
	const (
		quotes     = swarOnes * '"'
		backslashs = swarOnes * '\\'
		newlines   = swarOnes * '\n'
	)
	return swarZeroBytes(v^quotes) | swarZeroBytes(v^backslashs) | swarZeroBytes(v^newlines)
}
