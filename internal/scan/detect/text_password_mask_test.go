package detect

import "testing"

// TestSeparatorBytes checks every byte value at every place of a word.
func TestSeparatorBytes(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			x := uint64(0x6161616161616161) &^ (0xff << (8 * pos)) // 'a' elsewhere
			x |= uint64(c) << (8 * pos)
			want := uint64(0)
			if c == '=' || c == ':' || c == '>' {
				want = 0x80 << (8 * pos)
			}
			if got := separatorBytes(x); got != want {
				t.Fatalf("byte %#x at %d: %#x, want %#x", c, pos, got, want)
			}
		}
	}
}
