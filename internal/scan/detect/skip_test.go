package detect

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// textMatches scans t as free text, with or without skipping to digits.
func textMatches(s *Scanner, t string, skip bool) []string {
	skipToDigits = skip
	defer func() { skipToDigits = true }()
	var ms []Match
	s.Text([]byte(t), func(m Match) { ms = append(ms, m) })
	return found(ms)
}

// skipPieces are the bits random texts are made of: words, short capitals,
// digit groups, separators, and values that the passes match.
var skipPieces = []string{
	"Hello", "the", "QQ", "C", "DE", "AB", "Tel.", "Kundennummer", "geboren", "am", "born", "on", "IBAN",
	"12", "34", "56", "1234", "5678", "030", "151", "2345", "6789", "0", "7", "123456789", "2022",
	" ", " ", " ", "-", ".", "/", "(", ")", ", ", "  ", "\n", ": ", " - ",
	"+49 151 2345 6789", "DE89 3704 0044 0532 0130 00", "QQ 12 34 56 C", "4111 1111 1111 1111",
	"11010519491231002X", "jane.doe@example.com", "192.168.10.1", "1HGCM82633A004352", "01.02.1980",
	"$2b$10$pFNDgl1YZPue0uOwuSttNNsN1F/Ezc19qWk3tE0rlpv2kL9I43ln/", "v1.2.3", "A562S", "X1234567L",
}

func TestSkippingToDigitsFindsWhatReadingEveryGroupFinds(t *testing.T) {
	s := scannerFor(t, "DE")
	rng := rand.New(rand.NewPCG(3, 11))
	texts := []string{
		"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22",
		"QQ 12 34 56 C and AB CD 1234 5678",
		"Words only, no digits at all.",
	}
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(skipPieces[rng.IntN(len(skipPieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		want, got := textMatches(s, text, false), textMatches(s, text, true)
		if !slices.Equal(got, want) {
			t.Fatalf("text %q:\nskipping finds %q\nreading every group finds %q", text, got, want)
		}
	}
}

func FuzzSkippingToDigitsAgrees(f *testing.F) {
	for _, p := range skipPieces {
		f.Add(p + " " + p)
	}
	f.Add("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20")
	s := scannerFor(f, "DE")
	f.Fuzz(func(t *testing.T, text string) {
		want, got := textMatches(s, text, false), textMatches(s, text, true)
		if !slices.Equal(got, want) {
			t.Fatalf("text %q:\nskipping finds %q\nreading every group finds %q", text, got, want)
		}
	})
}

// overlaps with a cursor must answer what checking every span answers.
func TestTakenOverlapsAgreesWithCheckingEverySpan(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for range 500 {
		var spans taken
		for at := rng.IntN(5); at < 200; at += 1 + rng.IntN(20) {
			end := at + 1 + rng.IntN(15)
			spans = append(spans, span{at, end})
			at = end
		}
		cursor := 0
		for start := 0; start < 220; start += rng.IntN(6) {
			end := start + 1 + rng.IntN(12)
			want := false
			for _, s := range spans {
				want = want || start < s.end && s.start < end
			}
			if got := spans.overlaps(&cursor, start, end); got != want {
				t.Fatalf("spans %v: [%d,%d) overlaps = %v, want %v", spans, start, end, got, want)
			}
			start++
		}
	}
}
