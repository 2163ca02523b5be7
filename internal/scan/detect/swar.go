package detect

// Helpers for reading eight bytes at a time ("SIMD within a register"):
// a byte of a mask has its top bit set when the byte of the word is of a
// class. Validators of long or fixed-shape values (hashes, digit strings,
// dotted quads) read their input this way, without a branch per byte.

// tailWord packs the last (fewer than eight) bytes of a value into a
// word, padded with zero bytes, which are of no class.
func tailWord(v []byte) uint64 {
	var w uint64
	for i, c := range v {
		w |= uint64(c) << (8 * i)
	}
	return w
}

// SWAR constants: a byte's top bit, and its other seven.
const (
	byteOnes = 0x0101010101010101
	byteHigh = 0x8080808080808080
	byteLow7 = 0x7f7f7f7f7f7f7f7f
)

// atLeast sets the top bit of each byte of t (all below 0x80) that is c
// or more.
func atLeast(t uint64, c byte) uint64 {
	return (t + (0x80-uint64(c))*byteOnes) & byteHigh
}

// equal sets the top bit of each byte of t (all below 0x80) that is c.
func equal(t uint64, c byte) uint64 {
	return ^((t ^ uint64(c)*byteOnes) + byteLow7) & byteHigh
}

// byteBits gathers the top bits of w's bytes into its lowest eight bits,
// byte i's into bit i: one multiplication moves each to its place, and no
// two products overlap, so nothing carries.
func byteBits(w uint64) uint64 {
	return (w >> 7) * 0x0102040810204080 >> 56
}
