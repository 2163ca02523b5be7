package detect

import (
	"bytes"
	"cmp"
	"slices"
)

// Byte classes for the passes. One table lookup per byte decides whether a
// byte can belong to what a pass is looking for.
const (
	cDigit uint8 = 1 << iota
	cUpper
	cLower
	cSep    // separators inside a written number: space - . / ( )
	cLocal  // may stand in the local part of an e-mail address
	cDomain // may stand in a domain name
	cToken  // may stand in a token (secret, hash, IP)
	cIPChar // hex digits, '.' and ':'
	cAlnum  = cDigit | cUpper | cLower
)

var class = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] |= cDigit | cLocal | cDomain | cToken | cIPChar
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= cUpper | cLocal | cDomain | cToken
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= cLower | cLocal | cDomain | cToken
	}
	for _, c := range "abcdefABCDEF.:" {
		t[c] |= cIPChar
	}
	for _, c := range " -./()" {
		t[c] |= cSep
	}
	for _, c := range ".!#$%&'*+/=?^_`{|}~-" {
		t[c] |= cLocal
	}
	for _, c := range ".-" {
		t[c] |= cDomain
	}
	for _, c := range "_-.+/$%~" {
		t[c] |= cToken
	}
	return t
}()

// emails finds addresses around each '@'.
func (p *pass) emails() {
	t := p.text
	for off := 0; off < len(t); {
		i := bytes.IndexByte(t[off:], '@')
		if i < 0 {
			return
		}
		at := off + i
		start := at
		for start > 0 && class[t[start-1]]&cLocal != 0 && at-start < 64 {
			start--
		}
		for start < at && t[start] == '.' {
			start++
		}
		end := at + 1
		for end < len(t) && class[t[end]]&cDomain != 0 && end-at < 254 {
			end++
		}
		for end > at+1 && (t[end-1] == '.' || t[end-1] == '-') {
			end--
		}
		off = at + 1
		if start == at || end == at+1 {
			continue
		}
		if v, ok := p.email(t[start:end]); ok {
			p.emit(Match{Category: Email, Value: v})
			p.take(start, end)
			off = end
		}
	}
}

var beginMarker = []byte("-----BEGIN ")

// privateKeys finds PEM private key blocks.
func (p *pass) privateKeys() {
	t := p.text
	for off := 0; off < len(t); {
		i := bytes.Index(t[off:], beginMarker)
		if i < 0 {
			return
		}
		at := off + i
		off = at + len(beginMarker)
		if n, ok := PrivateKeyBlock(t[at:]); ok {
			p.emit(Match{Category: Secret, Kind: "private_key", Value: p.value(t[at : at+n])})
			p.take(at, at+n)
			off = at + n
		}
	}
}

// tokens reads the runs of token characters: password hashes ($2b$...),
// secrets with known shapes (AKIA..., ghp_..., eyJ...), and IP addresses
// inside them.
func (p *pass) tokens() {
	t := p.text
	n := len(t)
	// The values taken so far (e-mails, key blocks), in order: tokens are
	// read left to right, so one cursor tells whether a token overlaps
	// one. The tokens taken here lie behind the reading position.
	p.sortTaken()
	before := taken(p.taken)
	cursor := 0
	skip := newTokenSkipper(t)
	for i := 0; i < n; {
		if tokenBytes[t[i]] == 0 {
			i++
			if skipTokens {
				i = skip.nextFrom(i)
			}
			continue
		}
		start := i
		var seen uint8 // what the token holds: digits, '.' (IP), '$' (hash)
		for i < n {
			m := tokenBytes[t[i]]
			if m == 0 {
				break
			}
			seen |= m
			i++
		}
		if seen&markDollar != 0 {
			// Password hashes hold '=' and ',' ($argon2id$v=19$m=65536,t=3...).
			for i < n && hashChar[t[i]] {
				i++
			}
		}
		if i-start < minToken || !mayBeValue(t[start:i], seen) || before.overlaps(&cursor, start, i) {
			continue
		}
		p.token(start, i, seen)
	}
	p.sortTaken()
	// A ':' ends a token (it separates keys from values), so IPv6
	// addresses are read by their own pass.
	p.ipv6()
	p.sortTaken()
}

// skipTokens is off only in a test that checks skipping short tokens
// finds what reading every byte finds.
var skipTokens = true

// Marks of token bytes: every token byte has markToken, and the bytes
// worth a closer look have one more.
const (
	markToken uint8 = 1 << iota
	markDot
	markDollar
	markDigit
)

// tokenBytes marks the bytes of tokens (class cToken). One lookup per byte
// both finds the end of a token and notes what it holds: the token pass
// reads every byte of a text, so a second table lookup shows.
var tokenBytes = func() (t [256]uint8) {
	for c := range 256 {
		if class[c]&cToken != 0 {
			t[c] = markToken
		}
		if class[c]&cDigit != 0 {
			t[c] |= markDigit
		}
	}
	t['.'] |= markDot
	t['$'] |= markDollar
	return t
}()

// mayHoldIPv4 reports whether ips should read a token: it holds a dot
// before any '=' or ',' a hash token took in (what ips was always given),
// and could hold a dotted quad: ips needs a run with three dots, and a
// quad has digits. Most tokens with a dot are names (http.Request,
// example.com) and are not read again. The bytes after a hash token's '$'
// parts are not in seen, so such tokens skip the second test.
func mayHoldIPv4(tok []byte, seen uint8) bool {
	if seen&markDot == 0 {
		return false
	}
	return seen&markDollar != 0 || seen&markDigit != 0 && bytes.Count(tok, dot) >= 3
}

var dot = []byte{'.'}

// mayBeValue reports whether token may try tok at all: a hash holds a '$',
// a secret is long and starts with a byte of secretStart, and an IPv4
// address holds dots and digits. Most long tokens of text are identifiers
// and words with none of these, and are passed over here without a call.
func mayBeValue(tok []byte, seen uint8) bool {
	return seen&markDollar != 0 || seen&(markDot|markDigit) == markDot|markDigit || len(tok) >= 20 && secretStart[tok[0]]
}

func (p *pass) token(start, end int, seen uint8) {
	tok := p.text[start:end]
	switch {
	case seen&markDollar != 0:
		if kind := HashKind(tok); kind != "" {
			p.emit(Match{Category: Credential, Kind: kind, Value: p.value(tok)})
			p.take(start, end)
			return
		}
	case len(tok) >= 20 && secretStart[tok[0]]:
		if kind := SecretKind(tok); kind != "" {
			p.emit(Match{Category: Secret, Kind: kind, Value: p.value(tok)})
			p.take(start, end)
			return
		}
	}
	if mayHoldIPv4(tok, seen) {
		p.ips(start, end)
	}
}

// hashChar are the bytes of password hash strings.
var hashChar = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = class[c]&cAlnum != 0
	}
	for _, c := range "./+$=,_-" {
		t[c] = true
	}
	return t
}()

// secretStart are the first bytes of the secret shapes SecretKind knows:
// AKIA/ASIA, ghp_/github_pat_, xox*, sk_live_/rk_live_, eyJ (JWT).
var secretStart = func() (t [256]bool) {
	for _, c := range "AgxsreE" {
		t[c] = true
	}
	return t
}()

// ips tries the runs of hex digits, dots and colons inside a token.
func (p *pass) ips(start, end int) {
	t := p.text
	for i := start; i < end; {
		if class[t[i]]&cIPChar == 0 || t[i] == '.' {
			i++
			continue
		}
		rs := i
		dots, colons := 0, 0
		for i < end && class[t[i]]&cIPChar != 0 {
			switch t[i] {
			case '.':
				dots++
			case ':':
				colons++
			}
			i++
		}
		if dots < 3 && colons < 2 {
			continue
		}
		run := bytes.TrimRight(t[rs:i], ".:")
		prev := t[max(0, rs-12):rs]
		if v, ok := ParseIP(run, prev); ok {
			p.emit(Match{Category: IPAddress, Value: v})
			p.take(rs, rs+len(run))
		}
	}
}

// sortTaken orders the matched ranges by start. Most often they are in
// order already (a one-line dump has tens of thousands of e-mails, taken
// left to right): one look at the starts, without a comparison function,
// says so. Only strictly increasing starts skip the sort, so ranges with
// equal starts end up as the sort leaves them, as before.
func (p *pass) sortTaken() {
	for k := 1; k < len(p.taken); k++ {
		if p.taken[k].start <= p.taken[k-1].start {
			slices.SortFunc(p.taken, func(a, b span) int { return cmp.Compare(a.start, b.start) })
			return
		}
	}
}

// taken is a list of taken spans sorted by start, which do not overlap.
type taken []span

// overlaps reports whether [start, end) overlaps a span. Calls must come
// with starts that never decrease; *cursor, 0 at first, remembers the first
// span that may still overlap.
func (t taken) overlaps(cursor *int, start, end int) bool {
	for *cursor < len(t) && t[*cursor].end <= start {
		*cursor++
	}
	return *cursor < len(t) && t[*cursor].start < end
}

// ipv6 reads the runs of hex digits and colons around each ':' holding at
// least two colons, and tries them as IPv6 addresses.
func (p *pass) ipv6() {
	t := p.text
	before := taken(p.taken) // sorted by tokens; see there
	cursor := 0
	for off := 0; off < len(t); {
		i := bytes.IndexByte(t[off:], ':')
		if i < 0 {
			return
		}
		at := off + i
		start := at
		for start > 0 && class[t[start-1]]&cIPChar != 0 {
			start--
		}
		colons, end := 0, start
		for ; end < len(t) && class[t[end]]&cIPChar != 0; end++ {
			if t[end] == ':' {
				colons++
			}
		}
		off = max(end, at+1)
		if colons < 2 || before.overlaps(&cursor, start, end) {
			continue
		}
		run := bytes.TrimRight(t[start:end], ".:")
		if timeLike(run) {
			continue
		}
		if v, ok := ParseIP(run, t[max(0, start-12):start]); ok {
			p.emit(Match{Category: IPAddress, Value: v})
			p.take(start, start+len(run))
		}
	}
}

var (
	colon       = []byte{':'}
	doubleColon = []byte("::")
)

// timeLike reports whether ParseIP would turn run down for its colons
// alone: two to five of them, no "::", and no leading ':' (which ParseIP
// drops): no IPv4 address with a port, and too few groups for IPv6. Every
// time of day in a log ("10:15:02") is one; this answers without the rest
// of ParseIP's checks.
func timeLike(run []byte) bool {
	if len(run) == 0 || run[0] == ':' {
		return false
	}
	n := bytes.Count(run, colon)
	return n >= 2 && n < 6 && !bytes.Contains(run, doubleColon)
}
