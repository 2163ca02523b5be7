package detect

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// compactEager is compact as it was, before tryRun counted the groups
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

// tryRunEager is tryRun as it was: every run copied, and every validator
// asked whatever the run's length.
func (p *pass) tryRunEager(gs []group) bool {
	compact, digits, letters, ok := compactEager(p, gs)
	if !ok {
		return false
	}
	if p.inText && p.birthDate(gs, digits, letters) {
		return true
	}
	if digits < minDigits {
		return false
	}
	switch {
	case p.hint.Hint == HintIdentifier:
		return p.strongOnly(compact, gs)
	case gs[0].start > 0 && p.text[gs[0].start-1] == '+':
		return letters == 0 && digits >= minPhoneDigit && digits <= maxPhoneDigit && p.phone(gs)
	case p.iban(compact, gs), p.card(compact, digits, letters, gs), p.nationalID(compact, gs), p.vin(compact, gs):
		return true
	}
	if letters == 0 && !p.codeLike && digits >= minPhoneDigit && digits <= maxPhoneDigit {
		return p.phone(gs)
	}
	return false
}

// segmentEager is segment as it was, trying each run with tryRunEager.
func (p *pass) segmentEager(gs []group) {
	digits := 0
	p.codeLike = false
	for _, g := range gs {
		digits += g.digits
		p.codeLike = p.codeLike || g.digits > 0 && g.letters > 0
	}
	if !p.enoughDigits(digits) {
		return
	}
	used := p.dates(gs)
	for length := len(gs); length >= 1; length-- {
		for a := 0; a+length <= len(gs); a++ {
			mask := uint32(1)<<(a+length) - uint32(1)<<a
			if used&mask != 0 {
				continue
			}
			if p.tryRunEager(gs[a : a+length]) {
				used |= mask
			}
		}
	}
}

// segmentResult runs seg on a fresh pass over text, returning what it
// found and took.
func segmentResult(s *Scanner, text []byte, h ColumnHint, inText bool, gs []group, seg func(*pass, []group)) string {
	var ms []Match
	p := s.newPass(text, h, inText, func(m Match) { ms = append(ms, m) })
	defer s.done(p)
	seg(p, gs)
	return fmt.Sprint(found(ms), p.taken, p.codeLike)
}

// checkSegments compares segment with segmentEager on windows of up to
// maxGroups of text's groups, as free text and as a field with each hint.
func checkSegments(t *testing.T, s *Scanner, text []byte) {
	t.Helper()
	gs := textGroups(text)
	for a := range gs {
		w := gs[a:min(len(gs), a+maxGroups)]
		for k, h := range runHints {
			want := segmentResult(s, text, h, k == 0, w, (*pass).segmentEager)
			if got := segmentResult(s, text, h, k == 0, w, (*pass).segment); got != want {
				t.Fatalf("text %q groups from %d hint %v: segment %s, eager %s", text, a, h, got, want)
			}
		}
	}
}

// textGroups reads the groups of letters and digits of text.
func textGroups(text []byte) []group {
	var gs []group
	for i := 0; i < len(text); i++ {
		if g, ok := readGroup(text, i); ok {
			gs = append(gs, g)
			i = g.end
		}
	}
	return gs
}

// runHints are the hints tryRun treats apart, and none.
var runHints = []ColumnHint{{}, {Hint: HintIdentifier}, {Hint: HintNationalID}, {Hint: HintPhone}, {Hint: HintNationalID, Kind: "de_tax_id"}}

// tryRunResult runs try on a fresh pass over text, returning what it
// returned, found and took.
func tryRunResult(s *Scanner, text []byte, h ColumnHint, inText, codeLike bool, gs []group, try func(*pass, []group) bool) string {
	var ms []Match
	p := s.newPass(text, h, inText, func(m Match) { ms = append(ms, m) })
	defer s.done(p)
	p.codeLike = codeLike
	ok := try(p, gs)
	return fmt.Sprint(ok, found(ms), p.taken)
}

// checkTryRun compares tryRun with tryRunEager on every run of up to six
// of text's groups, as free text and as a field with each hint.
func checkTryRun(t *testing.T, s *Scanner, text []byte) (matched int) {
	t.Helper()
	gs := textGroups(text)
	for a := range gs {
		for b := a + 1; b <= min(len(gs), a+6); b++ {
			for k, h := range runHints {
				inText, codeLike := k == 0, (a+b)%2 == 0
				want := tryRunResult(s, text, h, inText, codeLike, gs[a:b], (*pass).tryRunEager)
				got := tryRunResult(s, text, h, inText, codeLike, gs[a:b], (*pass).tryRun)
				if got != want {
					t.Fatalf("text %q groups %d:%d hint %v: tryRun %s, eager %s", text, a, b, h, got, want)
				}
				if strings.HasPrefix(want, "true") {
					matched++
				}
			}
		}
	}
	return matched
}

// runPieces are numbers of the lengths validators take (cards, IBANs,
// VINs, IDs), words before IDs, and separators.
var runPieces = []string{
	"4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "1HGCM82633A004352", "11010519491231002X",
	"12345678", "123456", "1234567", "123456789012", "86095742719", "+49 151 23450123", "+",
	" ", "-", ".", "/", "(", ")", "Steuer-ID ", "tax id ", "DNI ", "12345678Z", "X1234567L", "a", "AB",
	"1990-01-02", "02.01.1990 ", "born ", "\x80",
}

func TestTryRunAgreesWithEager(t *testing.T) {
	s := scannerFor(t, "DE")
	rng := rand.New(rand.NewPCG(5, 19))
	matched := 0
	for range 1500 {
		var text []byte
		for range 1 + rng.IntN(8) {
			p := runPieces[rng.IntN(len(runPieces))]
			if rng.IntN(4) == 0 {
				p = fmt.Sprint(1e15 + rng.Int64N(9e15))[:1+rng.IntN(15)]
			}
			text = append(text, p...)
		}
		matched += checkTryRun(t, s, text)
		checkSegments(t, s, text)
	}
	// The texts must hold values, or the comparison says little.
	if matched < 1000 {
		t.Fatalf("only %d runs matched", matched)
	}
	t.Logf("%d runs matched", matched)
}

func TestCompactAgreesWithEager(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 23))
	for range 2000 {
		text := make([]byte, rng.IntN(90))
		for k := range text {
			text[k] = "09azAZ@[`{ -.\x80\xc1\xe1\xfa\xff"[rng.IntN(17)]
			if rng.IntN(2) == 0 {
				text[k] = byte('0' + rng.IntN(10))
			}
		}
		checkCompact(t, text)
	}
}

// checkCompact compares groupCounts and compact with compactEager on every
// run of text's groups.
func checkCompact(t *testing.T, text []byte) {
	t.Helper()
	gs := textGroups(text)
	p := &pass{text: text}
	for a := range gs {
		for b := a + 1; b <= len(gs); b++ {
			run := gs[a:b]
			want, wd, wl, wok := compactEager(p, run)
			want = bytes.Clone(want)
			c := groupCounts(run)
			if ok := c.n <= maxCompact; ok != wok {
				t.Fatalf("text %q groups %d:%d: fits %v, eager %v", text, a, b, ok, wok)
			}
			if !wok {
				continue // counts of runs too long for p.buf are not used
			}
			if got := p.compact(run); !bytes.Equal(got, want) || len(got) != c.n || c.digits != wd || c.letters != wl {
				t.Fatalf("text %q groups %d:%d: compact %q %+v, eager %q %d %d", text, a, b, got, c, want, wd, wl)
			}
			// The segment's form, from a segment of at most maxGroups.
			if b-a > maxGroups {
				continue
			}
			form := newSegmentForm(gs[a:min(len(gs), a+maxGroups)])
			if fc := form.counts(0, b-a); fc != c {
				t.Fatalf("text %q groups %d:%d: segment counts %+v, groups %+v", text, a, b, fc, c)
			}
			if got := form.compact(p, 0, b-a); !bytes.Equal(got, want) {
				t.Fatalf("text %q groups %d:%d: segment compact %q, eager %q", text, a, b, got, want)
			}
		}
	}
}

func FuzzTryRunAgrees(f *testing.F) {
	for _, p := range runPieces {
		f.Add([]byte(p + " " + p))
	}
	s := scannerFor(f, "DE")
	f.Fuzz(func(t *testing.T, text []byte) {
		checkCompact(t, text)
		checkTryRun(t, s, text)
		checkSegments(t, s, text)
	})
}

// The validators must stay without side effects, or tryRun would differ
// from tryRunEager for asking them less often; this only checks that
// every length a validator takes is let through.
func TestValidatedLengthLetsEveryFormatThrough(t *testing.T) {
	for _, f := range IDFormats {
		for _, n := range f.Lengths {
			if !validatedLength(n) {
				t.Errorf("%s: length %d turned down", f.Kind, n)
			}
		}
	}
	if lengths := slices.Collect(func(yield func(int) bool) {
		for n := 13; n <= maxCompact; n++ {
			if !validatedLength(n) && !yield(n) {
				return
			}
		}
	}); len(lengths) > 0 {
		t.Errorf("card, IBAN or VIN lengths turned down: %v", lengths)
	}
}
