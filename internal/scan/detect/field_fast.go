package detect

import (
	"math"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Fast paths of the field pass. Most fields of a leak have one of a few
// whole-value shapes: a number (ids, mobiles, ID numbers), a short code of
// letters and digits (resident IDs ending in X, VINs, user names), a
// dotted quad, a timestamp, a "+CC" phone number, an e-mail address. For
// these the general pass's outcome is known from the shape alone, or
// comes from one validator, so runField answers them without reading the
// value for every pass. Each fast path gives exactly the
// matches the general pass gives; field_fast_test.go compares the two on
// many generated values. Anything else goes to the general pass.

// A value's bytes are counted in one register: digits, dots, colons and
// ASCII letters in 16 bits each; flags for '@', '$' and '-' are or-ed
// into another. Two table lookups, an addition and an or per byte, with
// no branches and no store to memory that the next byte must wait for.
const (
	countDigit = 1 << (16 * iota)
	countDot
	countColon
	countLetter
	countMask = 1<<16 - 1
)

const (
	flagAt = 1 << iota
	flagDollar
	flagDash
)

var countOf = func() (t [256]uint64) {
	for c := '0'; c <= '9'; c++ {
		t[c] = countDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = countLetter, countLetter
	}
	t['.'], t[':'] = countDot, countColon
	return t
}()

var flagOf = func() (t [256]uint8) {
	t['@'], t['$'], t['-'] = flagAt, flagDollar, flagDash
	return t
}()

// fieldCounts is what one look at a value's bytes found in it. It is
// nested, with no struct of more than four fields and 32 bytes in all:
// the compiler keeps such a struct in registers; a larger one it copies
// through the stack, with wide loads of narrow stores that stall on store
// forwarding.
type fieldCounts struct {
	digits, letters int
	punctCounts
	seenBytes
}

// punctCounts are counted up to math.MaxInt32, more than any reader of
// them tells apart ("three dots", "two colons or more").
type punctCounts struct{ dots, colons int32 }

// seenBytes tells which bytes a value has that change how it is read.
type seenBytes struct{ at, dollar, dash bool }

// countBytes counts a value's bytes, in chunks short enough that no
// 16-bit count overflows.
//
// The counts are kept in locals and the result built at the end: filling
// the struct field by field makes its copy-out wait on a store-forwarding
// stall that cost more than counting a short value.
func countBytes(v []byte) fieldCounts {
	var digits, dots, colons, letters int
	var flags uint8
	for len(v) > 0 {
		chunk := v[:min(len(v), countMask)]
		v = v[len(chunk):]
		var acc uint64
		for _, c := range chunk {
			acc += countOf[c]
			flags |= flagOf[c]
		}
		digits += int(acc & countMask)
		dots += int(acc >> 16 & countMask)
		colons += int(acc >> 32 & countMask)
		letters += int(acc >> 48)
	}
	return fieldCounts{
		digits: digits, letters: letters,
		punctCounts: punctCounts{dots: int32(min(dots, math.MaxInt32)), colons: int32(min(colons, math.MaxInt32))},
		seenBytes:   seenBytes{at: flags&flagAt != 0, dollar: flags&flagDollar != 0, dash: flags&flagDash != 0},
	}
}

// fastField answers a value of a known shape; it reports false when the
// general pass must read the value.
func (p *pass) fastField(n fieldCounts) bool {
	t := p.text
	if n.at {
		return p.emailField()
	}
	switch {
	case n.digits == len(t):
		p.digitsField()
		return true
	case n.digits+n.letters == len(t) && len(t) < 20:
		p.alnumField(n.digits, n.letters)
		return true
	case n.dots == 3 && n.digits+3 == len(t):
		return p.ipv4Field()
	case len(t) == len("2006-01-02") || len(t) == len("2006-01-02 15:04:05"):
		if isTimestamp(t) {
			return true
		}
	}
	if t[0] == '+' && n.digits >= minPhoneDigit && n.digits <= maxPhoneDigit {
		return p.plusPhoneField()
	}
	return false
}

// emailField reads a value that is one e-mail address. The general pass
// reads the address around the value's first '@' as far as address bytes
// go: for a valid address (at most 64 bytes before the '@' and 253 after,
// all of them address bytes) that is the whole value, which ValidEmail
// accepts; the match covers the field and nothing else is tried. Any
// other value with an '@' goes to the general pass.
func (p *pass) emailField() bool {
	v, ok := p.email(p.text)
	if !ok {
		return false
	}
	p.emit(Match{Category: Email, Value: v})
	return true
}

// plusPhoneField reads a value written as an international phone number:
// '+', then groups of digits joined by single spaces or dashes
// ("+86-133-0184-2787", "+49 151 23456789"). The general pass finds no
// e-mail, key block, token or IP in such a value (no '@', "-----BEGIN",
// '.', '$' or ':'), and its number pass reads the groups as one segment
// and tries the whole run first, as a phone number because of the '+'.
// When that succeeds, nothing else is tried; when it fails, or when three
// groups read as a date (which the number pass sets aside first), the
// general pass decides.
func (p *pass) plusPhoneField() bool {
	t := p.text
	var groups [maxGroups]group
	k := 0
	for i := 1; i < len(t); {
		g, ok := readGroup(t, i)
		if !ok || g.letters > 0 || k == maxGroups {
			return false
		}
		groups[k] = g
		k++
		i = g.end
		if i == len(t) {
			break
		}
		if t[i] != ' ' && t[i] != '-' {
			return false
		}
		i++
	}
	gs := groups[:k]
	if k == 0 || gs[k-1].end != len(t) || p.hint.Hint == HintIdentifier || p.dates(gs) != 0 {
		return false
	}
	return p.phone(gs)
}

// digitsField reads a value of digits only. The general pass would find
// one group (the whole value) and try it as tryRun does; no token can
// come of digits (no '$', '.', ':' and no secret starts with a digit).
// Of the shapes tryRun tries, an IBAN needs letters and a value starting
// at the field's start has no '+' before it.
func (p *pass) digitsField() {
	t := p.text
	d := len(t)
	if d < minDigits || d > maxCompact {
		return
	}
	gs := [1]group{{start: 0, end: d, digits: d}}
	p.codeLike = false
	if p.hint.Hint == HintIdentifier {
		// strongOnly: card, national ID, VIN.
		_ = p.digitsCard(gs[:]) || p.fieldNationalID(gs[:]) || d == 17 && p.vin(t, gs[:])
		return
	}
	if p.digitsCard(gs[:]) || p.fieldNationalID(gs[:]) || d == 17 && p.vin(t, gs[:]) {
		return
	}
	if d >= minPhoneDigit && d <= maxPhoneDigit && p.hint.Hint == HintPhone {
		// A bare digit string is a phone number only in a phone column
		// (phone() checks this first and returns false otherwise).
		p.phone(gs[:])
	}
}

// alnumField reads a short value of ASCII letters and digits, such as a
// resident ID ending in X, a VIN or a user name. The general pass would
// read it as one group: a word (no digits, more than two letters, not
// all of them upper-case when up to four) ends the segment at once, and
// a group of fewer than minDigits digits is not tried; else it tries the
// group as tryRun does. A token must reach 20 bytes to be a secret,
// and without '.' or '$' holds no IP or hash.
func (p *pass) alnumField(digits, letters int) {
	if digits < minDigits {
		return
	}
	g := [1]group{{start: 0, end: len(p.text), digits: digits, letters: letters}}
	// A group of letters and digits makes the segment a code (see segment).
	p.codeLike = letters > 0
	p.tryRun(g[:])
}

func (p *pass) digitsCard(gs []group) bool {
	d := len(p.text)
	return d >= 13 && d <= 19 && p.card(p.text, d, 0, gs)
}

// idFormatsOfLength[n] has bit i set when IDFormats[i] has compact length
// n; weakIDFormats has the bits of the weak formats. A field outside a
// national ID column tries no weak format, so an 11-digit mobile, which
// has the length of two weak German IDs, tries nothing.
var idFormatsOfLength, weakIDFormats = func() (byLength [64]uint32, weak uint32) {
	if len(IDFormats) > 32 {
		panic("detect: more ID formats than idFormatsOfLength's bits")
	}
	for i, f := range IDFormats {
		for _, l := range f.Lengths {
			byLength[l] |= 1 << i
		}
		if f.Weak {
			weak |= 1 << i
		}
	}
	return byLength, weak
}()

// fieldNationalID is the number pass's nationalID for a whole field: a
// weak format counts only in a column naming it, so its validator need
// not run elsewhere (validators have no side effects). The formats are
// tried in IDFormats' order, as nationalID tries them.
func (p *pass) fieldNationalID(gs []group) bool {
	t := p.text
	if len(t) >= len(idFormatsOfLength) {
		return false
	}
	formats := idFormatsOfLength[len(t)]
	if p.hint.Hint != HintNationalID {
		formats &^= weakIDFormats
	}
	for ; formats != 0; formats &= formats - 1 {
		f := &IDFormats[bits.TrailingZeros32(formats)]
		if f.Weak && !p.idContext(f, 0) {
			continue
		}
		if v, ok := f.Validate(t); ok {
			return p.found(Match{Category: NationalID, Kind: f.Kind, Value: v}, gs)
		}
	}
	return false
}

// ipv4Field reads a value of digits and three dots. When the whole value
// is an IPv4 address the general pass finds just that: the token pass
// reads it as one token and ParseIP accepts it (nothing stands before
// it), and the match covers the field.
func (p *pass) ipv4Field() bool {
	if !validIPv4(p.text) {
		return false
	}
	p.emit(Match{Category: IPAddress, Value: p.value(p.text)})
	return true
}

// isTimestamp reports whether t is "2006-01-02" or "2006-01-02 15:04:05"
// in digits of any value. The general pass finds nothing in them: the
// number pass reads the date as a date (never a phone or ID) and the time's
// groups have two digits each; the token pass's tokens are shorter than a
// secret and hold no '.' or '$'; "15:04:05" has neither "::" nor eight
// groups, so is no IPv6 address.
func isTimestamp(t []byte) bool {
	const layout = "dddd-dd-dd dd:dd:dd"
	for i, c := range t {
		if l := layout[i]; l == 'd' && !isDigit(c) || l != 'd' && c != l {
			return false
		}
	}
	return true
}

// FieldScanner is a Scanner's field path for one goroutine: it owns the
// per-call state that Scanner.Field takes from a pool for every field,
// a round trip that costs as much as reading a short value. It is not
// safe for concurrent use; make one per goroutine with NewFieldScanner.
//
// Most of the Values it finds, and the names and addresses it joins, are
// not strings of their own: they point into its arena, to save an
// allocation per value. A Match's Value from Field stays valid until the
// next Reset; whoever keeps one longer (the report's example of a
// category) must copy it (strings.Clone).
type FieldScanner struct {
	s     *Scanner
	p     pass
	arena valueArena
}

// NewFieldScanner returns a field scanner sharing s's tables.
func (s *Scanner) NewFieldScanner() *FieldScanner {
	return &FieldScanner{s: s}
}

// Field is Scanner.Field, but the Values it emits are valid only until
// the next Reset.
func (f *FieldScanner) Field(h ColumnHint, v []byte, emit func(Match)) {
	v, ok := f.s.byHint(h, v, emit, &f.arena)
	if !ok {
		return
	}
	p := &f.p
	p.s, p.text, p.hint, p.inText, p.emit = f.s, v, h, false, emit
	p.arena = &f.arena
	p.taken = p.taken[:0]
	p.codeLike = false
	p.runField()
	// Drop the references to the caller's value and callback.
	p.text, p.emit = nil, nil
}

// JoinName is detect.JoinName, with the name in the arena: it stays
// valid until the next Reset.
func (f *FieldScanner) JoinName(values [][]byte) string {
	return f.arena.join(values, appendName)
}

// JoinAddress is detect.JoinAddress, with the address in the arena: it
// stays valid until the next Reset.
func (f *FieldScanner) JoinAddress(values [][]byte) string {
	return f.arena.join(values, appendAddress)
}

// Reset ends the life of the Values that Field emitted: their bytes may
// be written again. The caller calls it when it holds none of them any
// more, such as between records.
func (f *FieldScanner) Reset() {
	f.arena.reset()
}

// asciiSpace are the ASCII bytes unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// trimSpace is bytes.TrimSpace, which goes the slow way (unicode.IsSpace
// on every rune, from both ends) as soon as a value starts or ends with
// a non-ASCII byte, as every Chinese name and address does. Here only the
// runes at the ends are decoded.
func trimSpace(v []byte) []byte {
	for len(v) > 0 {
		if c := v[0]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			v = v[1:]
			continue
		}
		r, size := utf8.DecodeRune(v)
		if !unicode.IsSpace(r) {
			break
		}
		v = v[size:]
	}
	for len(v) > 0 {
		if c := v[len(v)-1]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			v = v[:len(v)-1]
			continue
		}
		r, size := utf8.DecodeLastRune(v)
		if !unicode.IsSpace(r) {
			break
		}
		v = v[:len(v)-size]
	}
	return v
}
