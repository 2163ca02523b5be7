package detect

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// arenaFields are fields whose values a FieldScanner writes into its
// arena: e-mails (lower-cased), IPs, password hashes, cards, IBANs and
// VINs in a note, of many lengths, so that the values sit at ever other
// offsets and the arena grows while a record's values are still held.
func arenaFields(r *rand.Rand, i int) (hints []ColumnHint, vals []string) {
	pad := strings.Repeat("x", r.IntN(40))
	return columns("email", "password_hash", "last_login_ip", "note", "password"), []string{
		fmt.Sprintf("User%d.%s@Example.COM", i, pad),
		fmt.Sprintf("$2b$10$%053d", r.Int64N(1e18)),
		fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), i%256),
		fmt.Sprintf("card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, VIN 1M8GDM9AXKP042788 %s", pad),
		strings.Repeat("secret", r.IntN(3000)) + fmt.Sprint(i),
	}
}

// TestFieldScannerValuesSurviveArenaGrowth holds every value a
// FieldScanner emits for many fields between two Resets, as a record
// holds its values, and requires them all to equal what Scanner.Field
// (a string per value) finds: growing the arena must not move or
// overwrite a value still held. After a Reset, the next values must be
// right again.
func TestFieldScannerValuesSurviveArenaGrowth(t *testing.T) {
	s := scannerFor(t, "CN")
	fs := s.NewFieldScanner()
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 20 {
		var got, want []Match
		for i := range 50 {
			hints, vals := arenaFields(r, round*50+i)
			for k, v := range vals {
				fs.Field(hints[k], []byte(v), func(m Match) { got = append(got, m) })
				s.Field(hints[k], []byte(v), func(m Match) { want = append(want, m) })
			}
		}
		if len(want) < 50*6 {
			t.Fatalf("round %d: only %d values found; the fields should hold more", round, len(want))
		}
		if !slices.Equal(found(got), found(want)) {
			t.Fatalf("round %d: field scanner found\n%v\nScanner.Field\n%v", round, found(got), found(want))
		}
		fs.Reset()
	}
}

// TestValueArenaNeverWritesOverAHeldValue fills the arena past its
// capacity, with values larger than a buffer too, and checks the values
// returned before.
func TestValueArenaNeverWritesOverAHeldValue(t *testing.T) {
	var a valueArena
	var held, want []string
	for i := range 2000 {
		v := strings.Repeat(string(rune('a'+i%26)), i%300)
		if i%500 == 0 {
			v = strings.Repeat("K", 3*minArena)
		}
		held = append(held, a.value([]byte(v)))
		want = append(want, v)
		// A failed reservation writes into free space only.
		copy(a.reserve(64), strings.Repeat("#", 64))
	}
	if !slices.Equal(held, want) {
		t.Fatal("a value in the arena changed after more were added")
	}
	if s := (*valueArena)(nil).value([]byte("own")); s != "own" {
		t.Fatalf("a nil arena's value = %q", s)
	}
}

func TestFieldScannerResetDropsAHugeArena(t *testing.T) {
	var a valueArena
	a.value(make([]byte, 2*maxKeptArena))
	a.reset()
	if cap(a.buf) != 0 {
		t.Fatalf("the arena keeps %d bytes after reset", cap(a.buf))
	}
	a.value([]byte("x"))
	a.reset()
	if cap(a.buf) == 0 || len(a.buf) != 0 {
		t.Fatalf("a small arena is not reused: len %d cap %d", len(a.buf), cap(a.buf))
	}
}

// lowerValidEmailEqual checks lowerValidEmail against ValidEmail, writing
// into a buffer of garbage.
func lowerValidEmailEqual(t *testing.T, addr string) {
	t.Helper()
	want, wantOK := ValidEmail([]byte(addr))
	lower := []byte(strings.Repeat("#", len(addr)))
	ok := lowerValidEmail([]byte(addr), lower)
	if ok != wantOK || ok && string(lower) != want {
		t.Fatalf("lowerValidEmail(%q) = %q, %v; ValidEmail %q, %v", addr, lower, ok, want, wantOK)
	}
}

func TestLowerValidEmailIsValidEmail(t *testing.T) {
	for _, addr := range []string{"Wang.Wei@163.COM", "a@b.c", "user@host.invalidtld", "x@example.co.ck", "..@..",
		"a@b@c.de", "a@-b.com", "A@B.ONLINE", strings.Repeat("a", 64) + "@example.com",
		strings.Repeat("a", 65) + "@example.com", "a@" + strings.Repeat("abcdefghi.", 25) + "com", ""} {
		lowerValidEmailEqual(t, addr)
	}
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := "aZ09.-@_+ é"
	for range 20000 {
		b := make([]byte, 1+r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		lowerValidEmailEqual(t, string(b)+[]string{".com", ".de", ".zz", ".online", ""}[r.IntN(5)])
	}
}

func FuzzLowerValidEmail(f *testing.F) {
	for _, s := range []string{"Wang.Wei@163.com", "a@b.c", "x@example.co.ck", "a@b@c.de", "A@B.ONLINE"} {
		f.Add(s)
	}
	f.Fuzz(lowerValidEmailEqual)
}
