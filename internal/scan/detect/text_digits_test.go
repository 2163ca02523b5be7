package detect

import (
	"math/rand"
	"testing"
)

func naiveIndexDigit(t []byte, i int) int {
	for ; i < len(t); i++ {
		if isDigit(t[i]) {
			return i
		}
	}
	return len(t)
}

// TestIndexDigit checks every byte value at every position of a word, and
// random texts, against a loop over bytes.
func TestIndexDigit(t *testing.T) {
	for c := range 256 {
		for pos := range 19 {
			buf := make([]byte, 19)
			for k := range buf {
				buf[k] = 'x'
			}
			buf[pos] = byte(c)
			for from := range buf {
				if got, want := indexDigit(buf, from), naiveIndexDigit(buf, from); got != want {
					t.Fatalf("byte %#x at %d from %d: got %d, want %d", c, pos, from, got, want)
				}
			}
		}
	}
	r := rand.New(rand.NewSource(1))
	for range 2000 {
		buf := make([]byte, r.Intn(40))
		for k := range buf {
			buf[k] = byte(r.Intn(256))
			if r.Intn(4) > 0 {
				buf[k] = "abc /:9\xff\x80\xb0\xb9"[r.Intn(11)]
			}
		}
		for from := 0; from <= len(buf); from++ {
			if got, want := indexDigit(buf, from), naiveIndexDigit(buf, from); got != want {
				t.Fatalf("%q from %d: got %d, want %d", buf, from, got, want)
			}
		}
	}
}

func TestDigitMask(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for range 3000 {
		buf := make([]byte, r.Intn(150))
		for k := range buf {
			buf[k] = "0123456789a /:\xff\xb5"[r.Intn(16)]
		}
		for at := 0; at <= len(buf)+2; at++ {
			var want uint64
			for k := 0; k < 64 && at+k < len(buf); k++ {
				if isDigit(buf[at+k]) {
					want |= 1 << k
				}
			}
			if got := digitMask(buf, at); got != want {
				t.Fatalf("%q at %d: got %064b, want %064b", buf, at, got, want)
			}
		}
	}
}

// TestDigitMaps checks the maps of a whole text against digitMask and
// indexDigit at every position.
func TestDigitMaps(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	var maps digitMaps
	for range 500 {
		buf := make([]byte, r.Intn(300))
		for k := range buf {
			buf[k] = "0123456789a /:\xff\xb5"[r.Intn(16)]
			if r.Intn(3) > 0 {
				buf[k] = 'x'
			}
		}
		maps = buildDigitMaps(maps, buf)
		for at := 0; at <= len(buf)+2; at++ {
			if got, want := maps.at(at), digitMask(buf, at); got != want {
				t.Fatalf("%q at %d: map %x, want %x", buf, at, got, want)
			}
			if at <= len(buf) {
				if got, want := maps.next(at, len(buf)), indexDigit(buf, at); got != want {
					t.Fatalf("%q from %d: next %d, want %d", buf, at, got, want)
				}
			}
		}
	}
}
