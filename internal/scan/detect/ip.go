package detect

// IP addresses. Dotted quads are everywhere that is not an address:
// version numbers ("v1.2.3.4", "version 10.0.0.1"), dates ("01.02.2003"),
// OIDs and section numbers ("1.2.3.4.5"). An IPv4 address here has exactly
// four decimal octets of 0-255 without leading zeros and must not follow a
// version word; an IPv6 address must parse and have at least two colons,
// so that times ("12:30:45") and MAC addresses do not count.

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"net/netip"
	"strings"
)

// versionWords before a dotted quad make it a version number. Lower-case.
var versionWords = []string{
	"version", "versions", "ver", "ver.", "v", "v.", "release", "rel", "rel.", "build", "rev", "rev.",
	"revision", "firmware", "fw", "update", "patch", "kernel", "python", "java", "android", "ios",
	"windows", "chrome", "firefox", "safari", "mozilla", "applewebkit", "versie", "versión", "versione",
}

// ParseIP returns the canonical form of an IPv4 or IPv6 address token. prev
// holds the bytes right before the token in its text (any number; the last
// dozen suffice): a letter, digit or dot right before the token means it is
// part of something else, and a version word before it ("v", "version",
// "build", "Chrome/") makes it a version number. An IPv4 address may carry
// a port (":8080"), which is dropped.
func ParseIP(tok []byte, prev []byte) (string, bool) {
	alone := standsAlone(prev)
	if len(tok) > 1 && tok[0] == ':' && tok[1] != ':' {
		// "IP:10.0.0.1" cut after the letters: the colon is punctuation.
		tok, alone = tok[1:], true
	}
	if len(tok) == 0 || !alone {
		return "", false
	}
	colon := bytes.IndexByte(tok, ':')
	if colon < 0 || bytes.IndexByte(tok[colon+1:], ':') < 0 && validPort(tok[colon+1:]) {
		if colon >= 0 {
			tok = tok[:colon]
		}
		if !validIPv4(tok) || afterVersionWord(prev) {
			return "", false
		}
		return string(tok), true
	}
	return parseIPv6(tok)
}

// standsAlone reports whether the byte before a token ends a word: not a
// letter, digit, dot or underscore.
func standsAlone(prev []byte) bool {
	if len(prev) == 0 {
		return true
	}
	c := prev[len(prev)-1]
	return !isASCIIAlnum(c) && c != '.' && c != '_'
}

// afterVersionWord reports whether prev ends with a version word, maybe
// followed by spaces and a ':', '=', '/' or '-' ("Version: ", "Chrome/"),
// or with a version constraint ("requests==").
func afterVersionWord(prev []byte) bool {
	end := len(prev)
	for end > 0 && (prev[end-1] == ' ' || prev[end-1] == '\t') {
		end--
	}
	if end == 0 {
		return false // nothing before the address, as in a field of its own
	}
	for _, op := range []string{"==", "~=", ">=", "<=", "!="} {
		if bytes.HasSuffix(prev[:end], []byte(op)) {
			return true // a version constraint: requests==2.31.0.1
		}
	}
	for end > 0 && (prev[end-1] == ':' || prev[end-1] == '=' || prev[end-1] == '/' || prev[end-1] == '-') {
		end--
	}
	for end > 0 && (prev[end-1] == ' ' || prev[end-1] == '\t') {
		end--
	}
	for _, w := range versionWords {
		s := end - len(w)
		if s < 0 || !bytes.EqualFold(prev[s:end], []byte(w)) {
			continue
		}
		if s == 0 || !isASCIIAlnum(prev[s-1]) {
			return true
		}
	}
	return false
}

// validIPv4 checks four decimal octets 0-255 without leading zeros. It
// reads the address as two words: the positions of its dots and digits
// come out as bit masks, without a branch per byte, and only the octets'
// lengths and leading digits are looked at one by one.
func validIPv4(s []byte) bool {
	n := len(s)
	if n < len("0.0.0.0") || n > len("255.255.255.255") {
		return false
	}
	var lo, hi uint64
	if n >= 8 {
		// hi holds bytes 8 to n-1, from a word ending at the last byte.
		lo, hi = binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint64(s[n-8:])>>(8*(16-n))
	} else {
		lo = tailWord(s)
	}
	if (lo|hi)&byteHigh != 0 {
		return false
	}
	dots := byteBits(equal(lo, '.')) | byteBits(equal(hi, '.'))<<8
	digits := byteBits(atLeast(lo, '0')&^atLeast(lo, '9'+1)) | byteBits(atLeast(hi, '0')&^atLeast(hi, '9'+1))<<8
	if dots|digits != 1<<n-1 || bits.OnesCount64(dots) != 3 {
		return false
	}
	ends := dots | 1<<n // where each octet ends
	start := 0
	for range 4 {
		end := bits.TrailingZeros64(ends)
		ends &= ends - 1
		if !validOctet(s[start:end]) {
			return false
		}
		start = end + 1
	}
	return true
}

// validOctet checks one to three digits without a leading zero, 255 at
// most.
func validOctet(o []byte) bool {
	switch len(o) {
	case 1:
		return true
	case 2:
		return o[0] != '0'
	case 3:
		return o[0] == '1' || o[0] == '2' && (o[1] < '5' || o[1] == '5' && o[2] <= '5')
	}
	return false
}

// validPort checks a TCP/UDP port number 1-65535 without leading zeros.
func validPort(s []byte) bool {
	if len(s) == 0 || len(s) > 5 || s[0] == '0' {
		return false
	}
	n := 0
	for _, c := range s {
		if !isDigit(c) {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n <= 65535
}

// parseIPv6 parses a token with at least two colons. Before asking
// net/netip it makes sure the token can be an address at all: "::" in it
// or eight groups (seven with an IPv4 tail), a decimal digit, and nothing
// but hex digits, colons and dots. Times like 12:30:45 end there, without
// an allocation.
func parseIPv6(tok []byte) (string, bool) {
	colons, dots, digits := 0, 0, 0
	for _, c := range tok {
		switch {
		case c == ':':
			colons++
		case c == '.':
			dots++
		case isDigit(c):
			digits++
		case c|0x20 < 'a' || c|0x20 > 'f':
			return "", false
		}
	}
	compressed := bytes.Contains(tok, []byte("::"))
	if colons < 2 || digits == 0 || !compressed && colons != 7 && !(colons == 6 && dots == 3) {
		return "", false
	}
	addr, err := netip.ParseAddr(string(tok))
	if err != nil || !addr.Is6() || addr.IsUnspecified() {
		return "", false
	}
	canonical := addr.String()
	if !strings.ContainsAny(canonical, "0123456789") {
		return "", false // "0:0:0:0:0:0:0:dead" is "::dead": hex words, no address
	}
	return canonical, true
}
