package detect

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// joinNameReference and joinAddressReference are JoinName and
// JoinAddress written the plain way (bytes.TrimSpace, a bytes.Buffer, a
// byte at a time), as they were before they appended into a FieldScanner's
// arena.
func joinNameReference(values [][]byte) string {
	var b bytes.Buffer
	for _, v := range values {
		v = bytes.TrimSpace(v)
		if len(v) == 0 || isPlaceholder(v) || !hasLetter(v) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(v)
	}
	return b.String()
}

func joinAddressReference(values [][]byte) string {
	var b bytes.Buffer
	for _, v := range values {
		v = bytes.TrimSpace(v)
		if len(v) == 0 || isPlaceholder(v) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		space := false
		for _, c := range v {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				space = true
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// joinsEqual checks JoinName, JoinAddress and the FieldScanner's joins,
// which write into its arena, against the references. fs's arena is not
// reset, so that the joins land after earlier values.
func joinsEqual(t *testing.T, fs *FieldScanner, values [][]byte) {
	t.Helper()
	name, addr := joinNameReference(values), joinAddressReference(values)
	if got := JoinName(values); got != name {
		t.Fatalf("JoinName(%q) = %q, want %q", values, got, name)
	}
	if got := JoinAddress(values); got != addr {
		t.Fatalf("JoinAddress(%q) = %q, want %q", values, got, addr)
	}
	gotName, gotAddr := fs.JoinName(values), fs.JoinAddress(values)
	if gotName != name || gotAddr != addr {
		t.Fatalf("FieldScanner joins of %q = %q, %q; want %q, %q", values, gotName, gotAddr, name, addr)
	}
}

// joinPieces are values at the edges of the joins' rules: spaces of every
// kind at either end and inside, placeholders, values without a letter,
// Chinese, invalid UTF-8.
var joinPieces = []string{"", " ", "Max", " Max ", "n/a", "N/A", "-", "12345", "Musterstraße  12", " Berlin\n",
	"\t\r\n", "a \t b", "王芳", "\u3000王芳\u3000", "浙江省 杭州市", "\u00a0x\u00a0", "\xff", "a\vb", "a\fb ", " x  y  ",
	"null", "Unknown", "10 Downing St.", "  \u2003"}

func TestJoinsMatchTheReference(t *testing.T) {
	fs := scannerFor(t, "CN").NewFieldScanner()
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		values := make([][]byte, r.IntN(5))
		for i := range values {
			values[i] = []byte(joinPieces[r.IntN(len(joinPieces))])
		}
		joinsEqual(t, fs, values)
	}
	joinsEqual(t, fs, nil)
	joinsEqual(t, fs, [][]byte{[]byte(strings.Repeat("Lange Straße ", 2000))})
}

// FuzzJoins compares the joins with the references on values split from
// the input at '|'.
func FuzzJoins(f *testing.F) {
	for _, s := range []string{" Max |n/a|Mustermann", "Musterstraße  12||12345| Berlin\n", "王芳|\u3000浙江省\u3000", "\xff| \t "} {
		f.Add(s)
	}
	fs := scannerFor(f, "CN").NewFieldScanner()
	f.Fuzz(func(t *testing.T, s string) {
		var values [][]byte
		for _, v := range strings.Split(s, "|") {
			values = append(values, []byte(v))
		}
		joinsEqual(t, fs, values)
		fs.Reset()
	})
}
