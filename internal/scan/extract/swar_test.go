package extract

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestIndexJSONStringStop(t *testing.T) {
	naive := func(b []byte) int {
		if i := bytes.IndexAny(b, "\"\\\n"); i >= 0 {
			return i
		}
		return len(b)
	}
	// Every position of a stop byte within the first words, after runs of
	// bytes that trip carries and borrows (0x00, 0x01, 0x80, 0xff,
	// multi-byte UTF-8), and no stop byte at all.
	fillers := []byte{'a', 0x00, 0x01, 0x21, 0x23, 0x5b, 0x5d, 0x80, 0xe4, 0xff}
	for _, fill := range fillers {
		for n := 0; n <= 20; n++ {
			for _, stop := range []byte{'"', '\\', '\n'} {
				for at := -1; at < n; at++ {
					b := bytes.Repeat([]byte{fill}, n)
					if at >= 0 {
						b[at] = stop
						if at+1 < n {
							b[at+1] = '"' // a later stop must not win
						}
					}
					if got, want := indexJSONStringStop(b), naive(b); got != want {
						t.Fatalf("indexJSONStringStop(%q) = %d, want %d", b, got, want)
					}
				}
			}
		}
	}
	s := []byte("浙江省\"杭州市\\n")
	if got := indexJSONStringStop(s); got != 9 {
		t.Errorf("indexJSONStringStop(%q) = %d, want 9", s, got)
	}
}

func TestIndexEitherShort(t *testing.T) {
	for _, fill := range []byte{'a', 0x00, 0x01, 0x26, 0x28, 0x5b, 0x5d, 0x80, 0xe4, 0xff} {
		for n := 0; n <= 20; n++ {
			for at := -1; at < n; at++ {
				for _, stop := range []byte{'\'', '\\'} {
					b := bytes.Repeat([]byte{fill}, n)
					if at >= 0 {
						b[at] = stop
						if at+1 < n {
							b[at+1] = '\'' // a later stop must not win
						}
					}
					want := bytes.IndexAny(b, "'\\")
					if got := indexEitherShort(b, '\'', '\\'); got != want {
						t.Fatalf("indexEitherShort(%q) = %d, want %d", b, got, want)
					}
				}
			}
		}
	}
}

func TestSWAREqualBytes(t *testing.T) {
	// Every byte value next to every other, at every position: the mask
	// marks exactly the bytes equal to the delimiter.
	for _, d := range []byte{',', '\t', ';', '|', 0x00, 0x80, 0xff} {
		for x := range 256 {
			for y := range 256 {
				var b [8]byte
				for i := range b {
					b[i] = byte(x)
					if i%2 == 1 {
						b[i] = byte(y)
					}
				}
				m := swarEqualBytes(binary.LittleEndian.Uint64(b[:]), swarOnes*uint64(d))
				for i, c := range b {
					if got := m>>(8*i+7)&1 == 1; got != (c == d) {
						t.Fatalf("delimiter %#x in % x: byte %d marked %v", d, b, i, got)
					}
				}
			}
		}
	}
}

func TestAppendJSONPlain(t *testing.T) {
	inputs := []string{"", "a", `abc"def`, `abcdefgh"`, `abcdefghi"`, "浙江省杭州市\"x", `0123456789abcdef\n`, "0123456789abcdefghij\nx", "noStopAtAllInThisOne"}
	for _, in := range inputs {
		for _, prefix := range []string{"", "p", "user.address"} {
			for extra := range 10 {
				dst := make([]byte, len(prefix), len(prefix)+extra)
				copy(dst, prefix)
				got, n := appendJSONPlain(dst, []byte(in))
				k := indexJSONStringStop([]byte(in))
				if n != k || string(got) != prefix+in[:k] {
					t.Errorf("appendJSONPlain(%q, %q) = %q, %d; want %q, %d", prefix, in, got, n, prefix+in[:k], k)
				}
			}
		}
	}
}
