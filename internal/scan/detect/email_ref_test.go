package detect

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// validEmailReference is ValidEmail as it was before it read the address
// in one pass: find the '@', check the local part, then the domain, then
// lower-case. The tests compare the two.
func validEmailReference(addr []byte) (string, bool) {
	at := bytes.IndexByte(addr, '@')
	if at < 0 || bytes.IndexByte(addr[at+1:], '@') >= 0 || !refLocalPart(addr[:at]) {
		return "", false
	}
	tld, ok := refDomainTLD(addr[at+1:])
	if !ok || !knownTLD(tld) {
		return "", false
	}
	lower := make([]byte, len(addr))
	for i, c := range addr {
		lower[i] = lowerASCII(c)
	}
	return string(lower), true
}

func refLocalPart(s []byte) bool {
	if len(s) == 0 || len(s) > maxEmailLocal || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for i, c := range s {
		if c == '.' {
			if s[i-1] == '.' {
				return false
			}
			continue
		}
		if !isASCIIAlnum(c) && !strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", rune(c)) {
			return false
		}
	}
	return true
}

func refDomainTLD(d []byte) ([]byte, bool) {
	if len(d) == 0 || len(d) > maxEmailDomain {
		return nil, false
	}
	labels := bytes.Split(d, []byte("."))
	if len(labels) < 2 {
		return nil, false
	}
	for _, l := range labels {
		if !validLabel(l) {
			return nil, false
		}
		for _, c := range l {
			if !isASCIIAlnum(c) && c != '-' {
				return nil, false
			}
		}
	}
	return labels[len(labels)-1], true
}

func emailEqual(t *testing.T, addr string) {
	t.Helper()
	got, ok := ValidEmail([]byte(addr))
	want, wantOK := validEmailReference([]byte(addr))
	if got != want || ok != wantOK {
		t.Fatalf("ValidEmail(%q) = %q, %v; the reference %q, %v", addr, got, ok, want, wantOK)
	}
}

// TestValidEmailMatchesReference builds addresses from pieces that sit
// at the edges of every rule (lengths 63/64/65, dots, hyphens, '@', case,
// bytes outside ASCII).
func TestValidEmailMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	locals := []string{"", "a", "A.b", ".a", "a.", "a..b", "Wang.Wei1048576", "x+tag", "a-b", "a b", "é",
		strings.Repeat("a", 63), strings.Repeat("a", 64), strings.Repeat("a", 65), "a@b", "!#$%&'*+/=?^_`{|}~-"}
	domains := []string{"", "com", "163.com", "Example.COM", "a.b.c.de", "-a.com", "a-.com", "a..com", ".com", "com.",
		"ex_ample.com", "example.invalidtld", "example.photography", "example.XN--P1AI", "example.co.ck", "10.0.0.1",
		strings.Repeat("a", 63) + ".com", strings.Repeat("a", 64) + ".com", "b@c.de", "a.c", "a.cOm", "例子.com",
		strings.Repeat("abcdefghi.", 24) + "com", strings.Repeat("abcdefghi.", 25) + "com"}
	n := 0
	for _, l := range locals {
		for _, d := range domains {
			emailEqual(t, l+"@"+d)
			emailEqual(t, l+d)
			n += 2
		}
	}
	alphabet := "aZ09.-@_+ é"
	for range 100000 {
		b := make([]byte, 1+rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		emailEqual(t, string(b)+[]string{".com", ".de", ".zz", ".online", ""}[rng.IntN(5)])
		n++
	}
	t.Logf("%d addresses compared", n)
}

// FuzzValidEmailReference compares ValidEmail with the reference.
func FuzzValidEmailReference(f *testing.F) {
	for _, s := range []string{"Wang.Wei@163.com", "a@b.c", "user@host.invalidtld", "x@example.co.ck", "..@..", "a@b@c.de",
		"xu_tao618530@sohu.com", "a@-b.com", "a@b-.com", "a@b..com", "A@B.ONLINE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) { emailEqual(t, addr) })
}
