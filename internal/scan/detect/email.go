package detect

// E-mail addresses: an RFC 5322 dot-atom local part, a domain of letters,
// digits and hyphens, and a top-level domain that really exists (the ICANN
// section of the public suffix list), so that "user@host.invalidtld" and
// "a@b.c" from code or logs do not count.

import (
	"bytes"
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
	at := bytes.IndexByte(addr, '@')
	if at < 0 || bytes.IndexByte(addr[at+1:], '@') >= 0 || !validLocalPart(addr[:at]) {
		return "", false
	}
	domain := addr[at+1:]
	tld, ok := domainTLD(domain)
	if !ok || !knownTLD(tld) {
		return "", false
	}
	// A valid address is at most 64+1+253 bytes: lower-case it on the
	// stack, so that the string is the only allocation.
	var buf [maxEmailLocal + 1 + maxEmailDomain]byte
	lower := buf[:len(addr)]
	for i, c := range addr {
		lower[i] = lowerASCII(c)
	}
	return string(lower), true
}

// emailAtext marks the bytes of an RFC 5322 atom.
var emailAtext = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isASCIIAlnum(byte(c))
	}
	for _, c := range []byte("!#$%&'*+-/=?^_`{|}~") {
		t[c] = true
	}
	return t
}()

// validLocalPart checks a dot-atom: atoms joined by single dots.
func validLocalPart(s []byte) bool {
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
		if !emailAtext[c] {
			return false
		}
	}
	return true
}

// domainTLD checks the labels of a domain name and returns its last label.
func domainTLD(d []byte) ([]byte, bool) {
	if len(d) == 0 || len(d) > maxEmailDomain {
		return nil, false
	}
	labels, start := 0, 0
	for i := 0; i <= len(d); i++ {
		if i < len(d) && d[i] != '.' {
			if !isASCIIAlnum(d[i]) && d[i] != '-' {
				return nil, false
			}
			continue
		}
		if !validLabel(d[start:i]) {
			return nil, false
		}
		labels++
		start = i + 1
	}
	if labels < 2 {
		return nil, false
	}
	return d[bytes.LastIndexByte(d, '.')+1:], true
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
