package detect

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// textMatchesSkippingTokens scans t as free text, with or without the
// token pass skipping short tokens.
func textMatchesSkippingTokens(s *Scanner, t string, skip bool) []string {
	skipTokens = skip
	defer func() { skipTokens = true }()
	var ms []Match
	s.Text([]byte(t), func(m Match) { ms = append(ms, m) })
	return found(ms)
}

// tokenPieces add what the token pass cares about to skipPieces: hashes
// and the bytes a hash token takes in after its '$', secrets, dotted
// quads, tokens around seven bytes long.
var tokenPieces = append(slices.Clone(skipPieces),
	"$", "$$", "=", ",", "%", "~", "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
	"$1$", "abcdefg", "abcdef", "abcdefgh", "a.b", "10.0.0.1", "1.2.3.4.5", "AKIAIOSFODNN7EXAMPLE", "ghp_",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "\t", ";", "::1", "fe80::1", "x=$2y$", "key",
)

func TestSkippingShortTokensFindsWhatReadingEveryByteFinds(t *testing.T) {
	s := scannerFor(t, "DE")
	rng := rand.New(rand.NewPCG(7, 13))
	texts := []string{"a b c d e f g h $2b$ 1.2.3.4", "abcdef;1.2.3.4 $x=1,2"}
	for range 5000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(tokenPieces[rng.IntN(len(tokenPieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		want, got := textMatchesSkippingTokens(s, text, false), textMatchesSkippingTokens(s, text, true)
		if !slices.Equal(got, want) {
			t.Fatalf("text %q:\nskipping finds %q\nreading every byte finds %q", text, got, want)
		}
	}
}

func FuzzSkippingShortTokensAgrees(f *testing.F) {
	for _, p := range tokenPieces {
		f.Add(p + " " + p)
	}
	s := scannerFor(f, "DE")
	f.Fuzz(func(t *testing.T, text string) {
		want, got := textMatchesSkippingTokens(s, text, false), textMatchesSkippingTokens(s, text, true)
		if !slices.Equal(got, want) {
			t.Fatalf("text %q:\nskipping finds %q\nreading every byte finds %q", text, got, want)
		}
	})
}
