package detect

import (
	"bytes"
	"fmt"
	"sync"
	"time"
)

// Scanner finds validated values in tabular fields and in free text. It is
// safe for concurrent use: it holds only read-only tables; each call keeps
// its state on the stack (or in a pass it allocates).
//
// How it stays fast: it never runs a regular expression over the input.
// Each pass looks for something cheap first — an '@' (bytes.IndexByte),
// "-----BEGIN", a '$', a run of digits — and only then reads the
// surroundings and calls the validator of that shape.
type Scanner struct {
	phones *Phones
	region string
	today  time.Time
	// passes recycles the per-call state: validators are called through
	// function values, so the state escapes to the heap, and a leak has
	// millions of fields.
	passes sync.Pool
}

// NewScanner returns a scanner that reads phone numbers without a country
// code as numbers of region (ISO 3166 alpha-2), and accepts dates of birth
// up to today.
func NewScanner(region string, today time.Time) (*Scanner, error) {
	phones, err := NewPhones()
	if err != nil {
		return nil, err
	}
	if !phones.RegionKnown(region) {
		return nil, fmt.Errorf("unknown region %q: use an ISO 3166 alpha-2 country code such as DE, CN or US", region)
	}
	s := &Scanner{phones: phones, region: region, today: today}
	s.passes.New = func() any { return new(pass) }
	return s, nil
}

// newPass takes a pass from the pool, set up for one call.
func (s *Scanner) newPass(text []byte, h ColumnHint, inText bool, emit func(Match)) *pass {
	p := s.passes.Get().(*pass)
	p.s, p.text, p.hint, p.inText, p.emit = s, text, h, inText, emit
	p.arena = nil
	p.taken = p.taken[:0]
	p.codeLike = false
	p.digitMaps = p.digitMaps[:0]
	return p
}

// done returns a pass to the pool without the references it held.
func (s *Scanner) done(p *pass) {
	p.text, p.emit = nil, nil
	s.passes.Put(p)
}

// Field finds the values of one tabular field whose column says h. Name
// and address columns yield nothing here: a record's name and address
// columns together make one value, which the caller joins (see JoinName,
// JoinAddress). A FieldScanner does the same without the pool round trip.
func (s *Scanner) Field(h ColumnHint, v []byte, emit func(Match)) {
	v, ok := s.byHint(h, v, emit, nil)
	if !ok {
		return
	}
	p := s.newPass(v, h, false, emit)
	p.runField()
	s.done(p)
}

// byHint answers the columns whose hint decides how to read them, and
// trims the value. It returns false when nothing is left to do. The
// values it finds go to arena, or are strings of their own when it is nil.
func (s *Scanner) byHint(h ColumnHint, v []byte, emit func(Match), arena *valueArena) ([]byte, bool) {
	if h.Hint == HintName || h.Hint == HintAddress {
		return nil, false
	}
	v = trimSpace(v)
	if len(v) == 0 {
		return nil, false
	}
	switch h.Hint {
	case HintBirth:
		if iso, ok := ParseDate(v, s.today); ok {
			emit(Match{Category: DateOfBirth, Value: iso})
		}
		return nil, false
	case HintPassword:
		s.password(v, emit, arena)
		return nil, false
	}
	return v, true
}

// password reads a value of a password column: a hash in a known format,
// or anything else that is not a placeholder, as found.
func (s *Scanner) password(v []byte, emit func(Match), arena *valueArena) {
	if isPlaceholder(v) {
		return
	}
	kind := HashKind(v)
	if kind == "" {
		kind = "password"
	}
	emit(Match{Category: Credential, Kind: kind, Value: arena.value(v)})
}

// Text finds the values in a piece of free text (a document's chunk).
func (s *Scanner) Text(t []byte, emit func(Match)) {
	if len(t) == 0 {
		return
	}
	p := s.newPass(t, ColumnHint{}, true, emit)
	p.digitMaps = buildDigitMaps(p.digitMaps, t)
	p.run()
	p.documentOnly()
	s.done(p)
}

// pass is one scan of one field value or text chunk.
type pass struct {
	s      *Scanner
	text   []byte
	hint   ColumnHint
	inText bool
	emit   func(Match)
	// arena holds the values found, for a FieldScanner's pass; nil for
	// the pool's passes, whose values are strings of their own.
	arena *valueArena
	// taken are the byte ranges already matched, in order of their start:
	// digits inside an e-mail address or an IP are not also a phone.
	taken []span
	// buf holds the compact form of the run being tried.
	buf [maxCompact]byte
	// seg holds the compact form of the segment being tried (segmentForm).
	seg [maxGroups * maxCompact]byte
	// digitMaps are the text's digit maps, built by Text only (empty for
	// fields, which are short).
	digitMaps digitMaps
	// codeLike is set while the number pass reads a segment with a group of
	// letters and digits.
	codeLike bool
}

type span struct{ start, end int }

func (p *pass) run() {
	if p.inText {
		p.emails()
		p.privateKeys()
		p.tokens()
		p.segments()
		return
	}
	p.runField()
}

// runField runs only the passes a field value can need: one look at its
// bytes tells whether it holds an '@', a '$', colons, digits... Most
// fields of a leak are short and hold one kind of value.
//
// The counts go by value, in registers (see fieldCounts).
func (p *pass) runField() {
	counts := countBytes(p.text)
	if p.fastField(counts) {
		return
	}
	p.generalField(counts)
}

// generalField runs the passes the counts say a value can need.
func (p *pass) generalField(sum fieldCounts) {
	if sum.at {
		p.emails()
		if p.covered() {
			return
		}
	}
	if sum.dash && len(p.text) > 40 {
		p.privateKeys()
	}
	if len(p.text) >= 7 && (sum.dollar || sum.dots > 0 || len(p.text) >= 20 || sum.colons >= 2) {
		p.tokens()
		if p.covered() {
			return
		}
	}
	if sum.digits >= minDigits {
		p.segments()
	}
}

// covered reports whether one match took the whole value: a field that is
// an e-mail address or an IP address is nothing else.
func (p *pass) covered() bool {
	return len(p.taken) == 1 && p.taken[0].start == 0 && p.taken[0].end == len(p.text)
}

// documentOnly runs what only free text needs: address blocks and
// password assignments in configuration text. (Dates after a birth word
// are found by the number pass.)
func (p *pass) documentOnly() {
	findAddresses(p.text, newBlockMapsOf(p.text, p.digitMaps), func(addr []byte) {
		p.emit(Match{Category: PostalAddress, Value: string(addr)})
	})
	FindPasswordAssignments(p.text, func(v []byte) {
		p.emit(Match{Category: Credential, Kind: "password", Value: string(v)})
	})
}

// take records a matched range.
func (p *pass) take(start, end int) {
	p.taken = append(p.taken, span{start, end})
}

// placeholders are values that stand for "nothing" in exports.
var placeholders = [][]byte{
	[]byte("-"), []byte("--"), []byte("n/a"), []byte("na"), []byte("null"), []byte("nil"), []byte("none"),
	[]byte("unknown"), []byte("undefined"), []byte("?"), []byte("*"), []byte("***"), []byte("******"), []byte("x"),
}

// placeholderStart are the first bytes of the placeholders in either case.
// Only K and S among ASCII letters have non-ASCII case partners (the
// Kelvin sign, the long s), and no placeholder starts with either, so a
// value starting with any other byte is none: most names and address
// parts are turned down here, before bytes.EqualFold decodes them.
var placeholderStart = func() (t [256]bool) {
	for _, ph := range placeholders {
		c := ph[0]
		t[c] = true
		if 'a' <= c && c <= 'z' {
			t[c-'a'+'A'] = true
		}
	}
	return t
}()

func isPlaceholder(v []byte) bool {
	if len(v) == 0 || len(v) > len("undefined") || !placeholderStart[v[0]] {
		return false
	}
	for _, ph := range placeholders {
		if bytes.EqualFold(v, ph) {
			return true
		}
	}
	return false
}
