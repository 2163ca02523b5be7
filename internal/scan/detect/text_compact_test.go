package detect

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// compactEager is compact as it was, before tryRun asked groupCounts
// first: it copied every run, counting as it went.
func compactEager(p *pass, gs []group) ([]byte, int, int, bool) {
	n, digits, letters := 0, 0, 0
	for _, g := range gs {
		src := p.text[g.start:g.end]
		if n+len(src) > maxCompact {
			return nil, 0, 0, false
		}
		dst := p.buf[n : n+len(src)]
		for k, c := range src {
			dst[k] = upperASCII[c]
		}
		n += len(src)
		digits += g.digits
		letters += g.letters
	}
	return p.buf[:n], digits, letters, true
}

// checkCompact reads the groups of text and compares groupCounts and
// compact with compactEager over every run of them.
func checkCompact(t *testing.T, text []byte) {
	t.Helper()
	var gs []group
	for i := 0; i < len(text); i++ {
		if g, ok := readGroup(text, i); ok {
			gs = append(gs, g)
			i = g.end
		}
	}
	p := &pass{text: text}
	for a := range gs {
		for b := a + 1; b <= len(gs); b++ {
			run := gs[a:b]
			want, wd, wl, wok := compactEager(p, run)
			want = bytes.Clone(want)
			// Counts of runs too long for p.buf are not used.
			d, l, ok := groupCounts(run)
			if ok != wok {
				t.Fatalf("text %q groups %d:%d: fits %v, eager %v", text, a, b, ok, wok)
			}
			if !ok {
				continue
			}
			if d != wd || l != wl {
				t.Fatalf("text %q groups %d:%d: counts %d %d, eager %d %d", text, a, b, d, l, wd, wl)
			}
			if got := p.compact(run); !bytes.Equal(got, want) {
				t.Fatalf("text %q groups %d:%d: compact %q, eager %q", text, a, b, got, want)
			}
		}
	}
}

// compactPieces are letters and digits, the bytes around them, and bytes
// of 0x80 and above.
const compactPieces = "09azAZ@[`{ -.\x80\xc1\xe1\xfa\xff"

func TestCompactAgreesWithEager(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 19))
	for range 3000 {
		text := make([]byte, rng.IntN(90))
		for k := range text {
			text[k] = compactPieces[rng.IntN(len(compactPieces))]
			if rng.IntN(2) == 0 {
				text[k] = byte('0' + rng.IntN(10))
			}
		}
		checkCompact(t, text)
	}
}

func FuzzCompactAgrees(f *testing.F) {
	f.Add([]byte("DE89 3704 0044 0532 0130 00 abcdefghijklmnopqrstuvwxyz"))
	f.Add([]byte("1HGcm82633a004352 12345678901234567890123456789012345"))
	f.Fuzz(func(t *testing.T, text []byte) {
		checkCompact(t, text)
	})
}
