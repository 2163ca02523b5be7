package detect

// Phone numbers, validated exactly as libphonenumber's Parse and
// IsValidNumber do (github.com/nyaruka/phonenumbers), but about a hundred
// times faster and without allocating unless the number is valid. A leak
// holds millions of numbers; libphonenumber spends ~15 µs on each.
//
// The metadata (patterns per country and number type, prefixes, lengths)
// is read from the library at NewPhones; each region's patterns become a
// DFA over the digits the first time a number of that region is checked
// (see phone_dfa.go). The parsing steps below follow libphonenumber's
// parseHelper step by step, for the subset of inputs E164 accepts (digits,
// a leading '+', and the separators space - . / ( )), so that both give
// the same answer on every such input; phone_test.go checks that on many
// thousands of numbers.

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"strconv"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

const (
	minNSN         = 2   // libphonenumber's MIN_LENGTH_FOR_NSN
	maxNSN         = 17  // MAX_LENGTH_FOR_NSN
	maxInputLength = 250 // MAX_INPUT_STRING_LENGTH
	// maxPhoneDigits bounds the digits of an input: an international
	// prefix, a country code, a national prefix with a carrier code and 17
	// digits fit easily; more is never a valid number.
	maxPhoneDigits = 40
	// scratchLen holds a number after a transform rule added digits.
	scratchLen = maxPhoneDigits + 16
)

// Bits of a region's DFA: the general description, the number types, and
// the region's leading digits (a prefix match).
const (
	bitGeneral = 0
	bitMobile  = 10
	bitLeading = 11
)

// Phones validates phone numbers and writes them in E.164 form. It is safe
// for concurrent use.
type Phones struct {
	regions [26 * 26]*phoneRegion // by ISO 3166 alpha-2 code
	// byCode lists the regions of each country calling code in
	// libphonenumber's order (the main region first); a non-geographic code
	// (800, 808 ...) has one region with the id "001".
	byCode [1000][]*phoneRegion
}

// phoneRegion is the metadata of one region, ready for fast checks.
type phoneRegion struct {
	id         string
	code       int
	codeDigits string
	plusCode   string         // "+" and codeDigits, the start of every E.164 number of the region
	idd        *prefixPattern // international (IDD) prefix; nil: none
	natPrefix  *prefixPattern // national prefix for parsing; nil: none
	transform  template       // national prefix transform rule
	hasLeading bool           // the region has leading digits that pick it among its code's regions
	// lengthOf is libphonenumber's testNumberLength for the general
	// description, by length.
	lengthOf [maxPhoneDigits + scratchLen]lengthVerdict
	// lengthOK holds the pattern bits whose possible lengths allow a
	// number of each length.
	lengthOK [maxNSN + 1]uint16
	// validTypes are the type bits that make a number valid: every type,
	// except mobile when it shares the fixed-line pattern (libphonenumber
	// then never asks the mobile pattern).
	validTypes uint16

	// md is the region's metadata: its patterns are compiled, and the DFA
	// built from them, on the region's first use (see match). A scan
	// meets a few of the 245 regions, and compiling them all took about
	// 15 ms of every scan's start, on one core.
	md       *phonenumbers.PhoneMetadata
	patterns []dfaPattern
	once     sync.Once
	dfa      *digitDFA
}

type lengthVerdict uint8

const (
	lengthPossible lengthVerdict = iota
	lengthTooShort
	lengthTooLong
	lengthInvalid
	lengthLocalOnly
)

// NewPhones returns the phone validator, made once per process (see
// readPhones): it never changes after that, except that each region
// compiles its patterns on first use behind a sync.Once, so scans and
// goroutines share it. The CLI's flag check and the scan then read the
// metadata once between them.
func NewPhones() (*Phones, error) { return sharedPhones() }

var sharedPhones = sync.OnceValues(readPhones)

// readPhones reads libphonenumber's metadata. The patterns are compiled
// and the DFAs built later, per region, on first use.
func readPhones() (*Phones, error) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return nil, fmt.Errorf("phone metadata: %w", err)
	}
	byID := make(map[string]*phonenumbers.PhoneMetadata)
	nonGeo := make(map[int]*phonenumbers.PhoneMetadata)
	for _, md := range coll.GetMetadata() {
		if md.GetId() == "001" {
			nonGeo[int(md.GetCountryCode())] = md
		} else {
			byID[md.GetId()] = md
		}
	}
	p := &Phones{}
	for code := range phonenumbers.GetSupportedCallingCodes() {
		if err := p.addCode(code, byID, nonGeo); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *Phones) addCode(code int, byID map[string]*phonenumbers.PhoneMetadata, nonGeo map[int]*phonenumbers.PhoneMetadata) error {
	if code <= 0 || code >= len(p.byCode) {
		return fmt.Errorf("phone metadata: calling code %d out of range", code)
	}
	for _, id := range phonenumbers.GetRegionCodesForCountryCode(code) {
		md := byID[id]
		if id == "001" {
			md = nonGeo[code]
		}
		if md == nil {
			return fmt.Errorf("phone metadata: no metadata for region %s of calling code %d", id, code)
		}
		r, err := newPhoneRegion(id, md)
		if err != nil {
			return fmt.Errorf("phone metadata: region %s: %w", id, err)
		}
		p.byCode[code] = append(p.byCode[code], r)
		if i, ok := regionIndex(id); ok {
			p.regions[i] = r
		}
	}
	return nil
}

// regionIndex maps a two-letter code, in any case, to its slot.
func regionIndex(region string) (int, bool) {
	if len(region) != 2 {
		return 0, false
	}
	a, b := region[0]&^0x20, region[1]&^0x20
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return 0, false
	}
	return int(a-'A')*26 + int(b-'A'), true
}

// RegionKnown reports whether region is a supported ISO 3166 alpha-2 code.
// Case does not matter.
func (p *Phones) RegionKnown(region string) bool {
	return p.region(region) != nil
}

func (p *Phones) region(region string) *phoneRegion {
	i, ok := regionIndex(region)
	if !ok {
		return nil
	}
	return p.regions[i]
}

// E164 reads a phone number as written and returns it in E.164 form if it
// is valid. region (ISO 3166 alpha-2, any case) is the country of numbers
// written without a country code; "00" and the region's other
// international prefixes ("011" in the US) introduce a country code, as
// libphonenumber reads them. Letters, extensions and other characters than
// digits, a leading '+' and the separators space - . / ( ) make the input
// invalid.
func (p *Phones) E164(raw []byte, region string) (string, bool) {
	var buf [maxE164]byte
	v, ok := p.appendE164(buf[:0], raw, region)
	if !ok {
		return "", false
	}
	return string(v), true
}

// maxE164 is the longest E.164 form: '+', a code of up to three digits,
// the national number.
const maxE164 = 4 + maxNSN

// appendE164 is E164 appending the number to dst (no allocation when dst
// has room for maxE164 more bytes): a caller that keeps its values in a
// buffer of its own spares a string per number.
func (p *Phones) appendE164(dst, raw []byte, region string) ([]byte, bool) {
	def := p.region(region)
	if v, ok, done := p.e164Fast(dst, raw, def); done {
		return v, ok
	}
	return p.e164General(dst, raw, def)
}

// e164General is appendE164 without the fast paths of phone_fast.go.
func (p *Phones) e164General(dst, raw []byte, def *phoneRegion) ([]byte, bool) {
	var in phoneInput
	if !in.read(raw) {
		return dst, false
	}
	var sc phoneScratch
	code, nsn, ok := p.parse(&in, def, &sc)
	if !ok || !p.valid(code, nsn) {
		return dst, false
	}
	return p.byCode[code][0].appendE164(dst, nsn), true
}

// phoneInput is the digits of a candidate and whether a '+' led them.
type phoneInput struct {
	buf  [maxPhoneDigits]byte
	n    int
	plus bool
}

func (in *phoneInput) digits() []byte { return in.buf[:in.n] }

// read accepts digits, one '+' before them, and separators; it also
// applies libphonenumber's viability rule: three digits, or exactly two
// and nothing else.
func (in *phoneInput) read(raw []byte) bool {
	if len(raw) > maxInputLength {
		return false
	}
	n, started, others := 0, false, 0
	for _, c := range raw {
		switch {
		case c >= '0' && c <= '9':
			if n == maxPhoneDigits {
				return false
			}
			in.buf[n] = c
			n++
			started = true
		case c == '+':
			if started {
				return false
			}
			in.plus, started = true, true
		case c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')':
			if started {
				others++
			}
		default:
			return false
		}
	}
	in.n = n
	if in.plus {
		others++
	}
	return n >= 3 || n == 2 && others == 0
}

// phoneScratch holds numbers rewritten by transform rules; two can be alive
// at once (after the country code, then after the national prefix).
type phoneScratch struct {
	a, b [scratchLen]byte
}

var (
	errPhoneInvalidCode = errors.New("invalid country code")
	errPhoneTooShort    = errors.New("too short after the international prefix")
)

// parse is libphonenumber's parseHelper for a read input: it finds the
// country code and the national significant number.
func (p *Phones) parse(in *phoneInput, def *phoneRegion, sc *phoneScratch) (int, []byte, bool) {
	if def == nil && !in.plus {
		return 0, nil, false
	}
	code, national, err := p.extractCode(in.digits(), in.plus, def, &sc.a)
	if err == errPhoneInvalidCode && in.plus {
		// libphonenumber tries again as if the '+' was not there.
		code, national, err = p.extractCode(in.digits(), false, def, &sc.a)
		if err == nil && code == 0 {
			err = errPhoneInvalidCode
		}
	}
	if err != nil {
		return 0, nil, false
	}
	md := def
	if code != 0 {
		if main := p.byCode[code][0]; def == nil || main.id != def.id {
			md = main
		}
	} else {
		code, national = def.code, in.digits()
	}
	if len(national) < minNSN {
		return 0, nil, false
	}
	stripped := md.stripNationalPrefix(national, &sc.b)
	switch md.lengthOf[len(stripped)] {
	case lengthTooShort, lengthLocalOnly, lengthInvalid:
	default:
		national = stripped
	}
	if len(national) < minNSN || len(national) > maxNSN {
		return 0, nil, false
	}
	return code, national, true
}

// extractCode is libphonenumber's maybeExtractCountryCode: a country code
// after '+' or an international prefix, or the default region's own code
// written without one. It returns 0 when the number has none.
func (p *Phones) extractCode(number []byte, plus bool, def *phoneRegion, buf *[scratchLen]byte) (int, []byte, error) {
	if len(number) == 0 {
		return 0, nil, nil
	}
	full, international := number, plus
	if !plus && def != nil && def.idd != nil {
		var caps [maxCaptures]int
		if def.idd.match(number, &caps) && (caps[1] == len(number) || number[caps[1]] != '0') {
			full, international = number[caps[1]:], true
		}
	}
	if international {
		if len(full) <= minNSN {
			return 0, nil, errPhoneTooShort
		}
		if code, rest := p.leadingCode(full); code != 0 {
			return code, rest, nil
		}
		return 0, nil, errPhoneInvalidCode
	}
	if def != nil && len(number) > len(def.codeDigits) && string(number[:len(def.codeDigits)]) == def.codeDigits {
		national := def.stripNationalPrefix(number[len(def.codeDigits):], buf)
		fullValid := def.generalPattern(number)
		nationalValid := def.generalPattern(national)
		if !fullValid && nationalValid || def.lengthOf[len(number)] == lengthTooLong {
			return def.code, national, nil
		}
	}
	return 0, nil, nil
}

// leadingCode reads a known country code of one to three digits.
func (p *Phones) leadingCode(full []byte) (int, []byte) {
	if full[0] == '0' {
		return 0, nil
	}
	code := 0
	for i := 0; i < 3 && i < len(full); i++ {
		code = code*10 + int(full[i]-'0')
		if len(p.byCode[code]) > 0 {
			return code, full[i+1:]
		}
	}
	return 0, nil
}

// valid is IsValidNumber: the region of the number within its calling
// code, then that region's patterns.
func (p *Phones) valid(code int, nsn []byte) bool {
	regions := p.byCode[code]
	if len(regions) == 1 {
		return regions[0].valid(regions[0].match(nsn), len(nsn))
	}
	for _, r := range regions {
		m := r.match(nsn)
		if r.hasLeading {
			if m&(1<<bitLeading) != 0 {
				return r.valid(m, len(nsn))
			}
			continue
		}
		if r.valid(m, len(nsn)) {
			return true
		}
	}
	return false
}

func newPhoneRegion(id string, md *phonenumbers.PhoneMetadata) (*phoneRegion, error) {
	r := &phoneRegion{id: id, code: int(md.GetCountryCode()), md: md}
	r.codeDigits = strconv.Itoa(r.code)
	r.plusCode = "+" + r.codeDigits
	var err error
	if s := md.GetInternationalPrefix(); s != "" {
		if r.idd, err = newPrefixPattern(s); err != nil {
			return nil, fmt.Errorf("international prefix: %w", err)
		}
	}
	if s := md.GetNationalPrefixForParsing(); s != "" {
		if r.natPrefix, err = newPrefixPattern(s); err != nil {
			return nil, fmt.Errorf("national prefix: %w", err)
		}
		r.transform = parseTemplate(md.GetNationalPrefixTransformRule())
	}
	if err := r.setLengths(md.GetGeneralDesc()); err != nil {
		return nil, err
	}
	r.setTypes(md)
	return r, nil
}

// setLengths tabulates testNumberLength for the general description.
func (r *phoneRegion) setLengths(general *phonenumbers.PhoneNumberDesc) error {
	possible := general.GetPossibleLength()
	if len(possible) == 0 {
		return errors.New("general description without possible lengths")
	}
	local := general.GetPossibleLengthLocalOnly()
	for n := range r.lengthOf {
		r.lengthOf[n] = testLength(int32(n), possible, local)
	}
	return nil
}

func testLength(n int32, possible, local []int32) lengthVerdict {
	switch {
	case possible[0] == -1:
		return lengthInvalid
	case containsLength(local, n):
		return lengthLocalOnly
	case n == possible[0]:
		return lengthPossible
	case n < possible[0]:
		return lengthTooShort
	case n > possible[len(possible)-1]:
		return lengthTooLong
	case containsLength(possible[1:], n):
		return lengthPossible
	}
	return lengthInvalid
}

func containsLength(lengths []int32, n int32) bool {
	for _, l := range lengths {
		if l == n {
			return true
		}
	}
	return false
}

// descsInBitOrder are a region's number descriptions in bit order:
// general, then the types libphonenumber's getNumberTypeHelper tries.
func descsInBitOrder(md *phonenumbers.PhoneMetadata) [bitLeading]*phonenumbers.PhoneNumberDesc {
	return [...]*phonenumbers.PhoneNumberDesc{
		md.GetGeneralDesc(), md.GetPremiumRate(), md.GetTollFree(), md.GetSharedCost(), md.GetVoip(),
		md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail(), md.GetFixedLine(), md.GetMobile(),
	}
}

// setTypes tabulates what needs no pattern: the lengths each type
// allows, the types that make a number valid, and whether leading digits
// pick the region among its code's.
func (r *phoneRegion) setTypes(md *phonenumbers.PhoneMetadata) {
	for bit, d := range descsInBitOrder(md) {
		r.allowLengths(bit, d.GetPossibleLength())
		if bit != bitGeneral && (bit != bitMobile || !md.GetSameMobileAndFixedLinePattern()) {
			r.validTypes |= 1 << bit
		}
	}
	r.hasLeading = md.GetLeadingDigits() != ""
}

// compilePatterns compiles the patterns in bit order, the leading digits
// last.
func (r *phoneRegion) compilePatterns() error {
	r.patterns = make([]dfaPattern, bitLeading+1)
	never, err := compilePattern("[^\\x00-\\x{10FFFF}]")
	if err != nil {
		return err
	}
	for bit, d := range descsInBitOrder(r.md) {
		prog := never
		if pattern := d.GetNationalNumberPattern(); pattern != "" {
			if prog, err = compilePattern(pattern); err != nil {
				return fmt.Errorf("pattern %d: %w", bit, err)
			}
			if err := checkDFAProg(prog); err != nil {
				return fmt.Errorf("pattern %d: %w", bit, err)
			}
		}
		r.patterns[bit] = dfaPattern{prog: prog}
	}
	return r.setLeading(r.md.GetLeadingDigits(), never)
}

func (r *phoneRegion) allowLengths(bit int, possible []int32) {
	for n := range r.lengthOK {
		if len(possible) == 0 || containsLength(possible, int32(n)) {
			r.lengthOK[n] |= 1 << bit
		}
	}
}

func (r *phoneRegion) setLeading(pattern string, never *syntax.Prog) error {
	r.patterns[bitLeading] = dfaPattern{prog: never, prefix: true}
	if pattern == "" {
		return nil
	}
	prog, err := compilePattern(pattern)
	if err != nil {
		return fmt.Errorf("leading digits: %w", err)
	}
	if err := checkDFAProg(prog); err != nil {
		return fmt.Errorf("leading digits: %w", err)
	}
	r.patterns[bitLeading] = dfaPattern{prog: prog, prefix: true}
	return nil
}

// match walks the region's DFA, building it on first use.
func (r *phoneRegion) match(digits []byte) uint16 {
	r.once.Do(r.build)
	return r.dfa.walk(digits)
}

// build compiles the region's patterns and builds its DFA. The metadata
// is compiled into the binary, and every region of this library version
// compiles and fits with room to spare (TestEveryRegionBuilds); a new
// version that does not must fail loudly, not validate wrongly.
func (r *phoneRegion) build() {
	if err := r.compilePatterns(); err != nil {
		panic("phone metadata: region " + r.id + ": " + err.Error())
	}
	dfa, ok := buildDigitDFA(r.patterns)
	if !ok {
		panic("phone metadata: region " + r.id + " needs more DFA states than supported")
	}
	r.dfa = dfa
}

// generalPattern reports whether digits match the general description's
// pattern, whatever their length (libphonenumber's "viable" numbers).
func (r *phoneRegion) generalPattern(digits []byte) bool {
	return r.match(digits)&(1<<bitGeneral) != 0
}

// valid is getNumberTypeHelper(...) != UNKNOWN on the DFA's bits m for a
// national significant number of length n.
func (r *phoneRegion) valid(m uint16, n int) bool {
	if n > maxNSN {
		return false
	}
	m &= r.lengthOK[n]
	return m&(1<<bitGeneral) != 0 && m&r.validTypes != 0
}

// stripNationalPrefix is libphonenumber's
// maybeStripNationalPrefixAndCarrierCode: it removes (or rewrites, with
// the transform rule) a national prefix, unless that would turn a number
// matching the general pattern into one that does not. A rewritten number
// goes into buf.
func (r *phoneRegion) stripNationalPrefix(number []byte, buf *[scratchLen]byte) []byte {
	if len(number) == 0 || r.natPrefix == nil {
		return number
	}
	var caps [maxCaptures]int
	if !r.natPrefix.match(number, &caps) {
		return number
	}
	viable := r.generalPattern(number)
	if len(r.transform) == 0 || caps[2*r.natPrefix.groups] < 0 {
		rest := number[caps[1]:]
		if viable && !r.generalPattern(rest) {
			return number
		}
		return rest
	}
	out := r.transform.expand(buf[:0], number, &caps)
	if len(out)+len(number)-caps[1] > len(buf) {
		return number
	}
	out = append(out, number[caps[1]:]...)
	if viable && !r.generalPattern(out) {
		return number
	}
	return out
}
