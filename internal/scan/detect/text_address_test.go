package detect

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// findAddressesEveryRun is FindAddresses as it was before it skipped to
// the runs of one or five digits: it tries every run of digits.
func findAddressesEveryRun(text []byte) []string {
	var got []string
	emit := func(a []byte) { got = append(got, string(a)) }
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		if start, end, ok := addressAround(text, i, j); ok {
			emitCollapsed(text[start:end], emit)
			j = max(j, end)
		}
		i = j
	}
	findChineseAddresses(text, emit)
	return got
}

func findAddressesNow(text []byte) []string {
	var got []string
	FindAddresses(text, func(a []byte) { got = append(got, string(a)) })
	return got
}

var addressPieces = []string{
	"Musterstraße 12, 12345 Berlin", "12 rue de Rivoli, 75001 Paris", "1600 Pennsylvania Avenue NW, Washington, DC 20500",
	"10 Downing Street, London SW1A 2AA", "北京市朝阳区建国路88号", "221B Baker Street\nLondon NW1 6XE",
	"1", "12", "12345", "123456", "2AA", "SW1A", " ", "\n", ", ", "Berlin", "Street", "DC", "-", "x", "9", "00000",
}

func TestFindAddressesFindsWhatTryingEveryRunFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 4))
	for range 4000 {
		var b strings.Builder
		for range 1 + rng.IntN(60) {
			b.WriteString(addressPieces[rng.IntN(len(addressPieces))])
		}
		text := []byte(b.String())
		if got, want := findAddressesNow(text), findAddressesEveryRun(text); !slices.Equal(got, want) {
			t.Fatalf("text %q:\nfinds %q\ntrying every run finds %q", text, got, want)
		}
	}
}

func FuzzFindAddressesAgrees(f *testing.F) {
	for _, p := range addressPieces {
		f.Add(p + " " + p)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := findAddressesNow([]byte(text)), findAddressesEveryRun([]byte(text)); !slices.Equal(got, want) {
			t.Fatalf("text %q:\nfinds %q\ntrying every run finds %q", text, got, want)
		}
	})
}
