package detect

// E-mail addresses: an RFC 5322 dot-atom local part, a domain of letters,
// digits and hyphens, and a top-level domain that really exists (the ICANN
// section of the public suffix list), so that "user@host.invalidtld" and
// "a@b.c" from code or logs do not count.

import (
	"sync"

	"golang.org/x/net/publicsuffix"
)

const (
	maxEmailLocal  = 64
	maxEmailDomain = 253
	maxDomainLabel = 63
)

// ValidEmail checks a candidate "local@domain" and returns it lower-cased.
// Quoted local parts and domains in Unicode (rather than xn-- form) are not
// accepted. It allocates for a valid address, and for a top-level
// domain of more than three letters, which it looks up in the public
// suffix list (the list allocates).
func ValidEmail(addr []byte) (string, bool) {
	// A valid address is at most 64+1+253 bytes: it is checked and
	// lower-cased on the stack, so that the string is the only allocation.
	var buf [maxEmailLocal + 1 + maxEmailDomain]byte
	if len(addr) > len(buf) {
		return "", false
	}
	lower := buf[:len(addr)]
	at, ok := lowerLocalPart(addr, lower)
	if !ok {
		return "", false
	}
	tld, ok := lowerDomain(addr[at+1:], lower[at+1:])
	if !ok || !knownTLD(tld) {
		return "", false
	}
	return string(lower), true
}

// Byte classes of an address, one table lookup per byte.
const (
	emailLocal  uint8 = 1 << iota // an RFC 5322 atom's byte
	emailDomain                   // a letter, digit or '-'
	emailDot
	emailAt
)

var emailClass = func() (t [256]uint8) {
	for c := range 256 {
		if isASCIIAlnum(byte(c)) {
			t[c] = emailLocal | emailDomain
		}
	}
	for _, c := range []byte("!#$%&'*+/=?^_`{|}~") {
		t[c] = emailLocal
	}
	t['-'] = emailLocal | emailDomain
	t['.'], t['@'] = emailDot, emailAt
	return t
}()

// lowerLocalPart reads the local part, a dot-atom (atoms joined by single
// dots) up to the first '@', into lower, and returns where the '@' is.
func lowerLocalPart(addr, lower []byte) (int, bool) {
	prev := emailDot // a leading dot would follow an empty atom
	for i, c := range addr {
		k := emailClass[c]
		switch {
		case k&emailLocal != 0:
			lower[i] = lowerASCII(c)
		case k == emailDot && prev != emailDot:
			lower[i] = c
		case k == emailAt && prev != emailDot && i <= maxEmailLocal:
			lower[i] = c
			return i, true
		default:
			return 0, false
		}
		prev = k
	}
	return 0, false
}

// lowerDomain reads a domain name of two labels or more into lower and
// returns its last label, lower-cased.
func lowerDomain(d, lower []byte) ([]byte, bool) {
	if len(d) > maxEmailDomain {
		return nil, false
	}
	labels, start := 0, 0
	for i, c := range d {
		k := emailClass[c]
		if k&emailDomain != 0 {
			lower[i] = lowerASCII(c)
			continue
		}
		if k != emailDot || !validLabel(d[start:i]) {
			return nil, false
		}
		lower[i] = c
		labels++
		start = i + 1
	}
	if labels == 0 || !validLabel(d[start:]) {
		return nil, false
	}
	return lower[start:], true
}

func validLabel(l []byte) bool {
	return len(l) > 0 && len(l) <= maxDomainLabel && l[0] != '-' && l[len(l)-1] != '-'
}

// knownTLD reports whether tld (any case) is a top-level domain of the
// ICANN section of the public suffix list.
func knownTLD(tld []byte) bool {
	if len(tld) < 2 {
		return false
	}
	if len(tld) <= 3 {
		i, ok := shortTLDIndex(tld)
		return ok && shortTLDs()[i]
	}
	var buf [maxDomainLabel]byte
	n := 0
	for _, c := range tld {
		buf[n] = lowerASCII(c)
		n++
	}
	_, icann := publicsuffix.PublicSuffix(string(buf[:n]))
	return icann
}

// icannTLD asks the public suffix list about a name in tld: a country
// under a wildcard rule only ("*.ck") is no suffix itself.
func icannTLD(tld string) bool {
	_, icann := publicsuffix.PublicSuffix("example." + tld)
	return icann
}

// shortTLDs tells for every string of two or three letters whether it is
// an ICANN top-level domain. Most addresses end in one (com, de, cn, net);
// the table spares them the public suffix lookup, which allocates. It is
// made on first use by asking the list about all 18,252 strings (~5 ms).
var shortTLDs = sync.OnceValue(func() []bool {
	t := make([]bool, 26*26+26*26*26)
	var name [3]byte
	for n := 2; n <= 3; n++ {
		forEachLetters(name[:n], 0, func(s []byte) {
			i, _ := shortTLDIndex(s)
			t[i] = icannTLD(string(s))
		})
	}
	return t
})

func forEachLetters(s []byte, k int, f func([]byte)) {
	if k == len(s) {
		f(s)
		return
	}
	for c := byte('a'); c <= 'z'; c++ {
		s[k] = c
		forEachLetters(s, k+1, f)
	}
}

// shortTLDIndex numbers the strings of two, then three letters.
func shortTLDIndex(s []byte) (int, bool) {
	i := 0
	for _, c := range s {
		c = lowerASCII(c)
		if c < 'a' || c > 'z' {
			return 0, false
		}
		i = i*26 + int(c-'a')
	}
	if len(s) == 3 {
		i += 26 * 26
	}
	return i, true
}
