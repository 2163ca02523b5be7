package detect

// The number pass: phone numbers, IBANs, payment cards, national IDs, VINs
// and, in text, dates of birth.
//
// It reads "segments": groups of letters and digits joined by at most two
// separator bytes (a space, - . / ( ) — at most one space), the way people
// write "+49 151 2345 6789", "DE89 3704 0044 0532 0130 00" or
// "QQ 12 34 56 C". A word of three or more letters ends a segment. Each
// run of adjacent groups is a candidate, longest first; the validators
// decide, in order of how specific they are (IBAN, card, national ID, VIN,
// phone). Groups a match used are not tried again.

const (
	maxGroups     = 16
	maxCompact    = 34 // the longest IBAN
	minDigits     = 6  // fewer digits than any format here holds
	maxPhoneDigit = 15 // E.164
	minPhoneDigit = 7
)

type group struct {
	start, end      int
	digits, letters int
}

func (p *pass) segments() {
	t := p.text
	n := len(t)
	var groups [maxGroups]group
	next := 0 // index into p.taken, which is sorted by start
	for i := 0; i < n; {
		if class[t[i]]&cAlnum == 0 {
			i++
			continue
		}
		for next < len(p.taken) && p.taken[next].end <= i {
			next++
		}
		if skipToDigits {
			if i = p.segmentWithDigits(i, next); i >= n {
				break
			}
		}
		k, digits := 0, 0
		for {
			for next < len(p.taken) && p.taken[next].end <= i {
				next++
			}
			g, ok := readGroup(t, i)
			if !ok {
				break
			}
			if p.isWord(g) || next < len(p.taken) && p.taken[next].start < g.end {
				// A word or a matched value ends the segment; skip past it
				// unless it ends a segment already collected.
				if k == 0 {
					i = g.end
				}
				break
			}
			groups[k] = g
			k++
			digits += g.digits
			i = g.end
			j, ok := separatorAfter(t, i)
			if !ok || k == maxGroups {
				break
			}
			i = j
		}
		if k > 0 {
			if p.enoughDigits(digits) {
				p.segment(groups[:k])
			}
			i = groups[k-1].end
		}
	}
}

// skipToDigits is off only in a test that checks the skipping finds what
// reading every group finds.
var skipToDigits = true

// segmentWithDigits returns where the first segment holding a digit at or
// after i starts (len(text) when no digit is left). Only segments with
// digits can hold a value here, and most text is words: one look at each
// byte finds the next digit, where reading every word as a group would
// take several. From the digit it walks back over the groups the segment
// would have started with, stopping where reading forward from i would
// have: at a word, a matched value, or anything that is no separator.
// Should the walk pass maxGroups groups, the forward reading from i
// decides how the run splits, and i is returned.
func (p *pass) segmentWithDigits(i, next int) int {
	t := p.text
	d := p.nextDigit(i)
	for d < len(t) {
		after, inside := p.afterTakenAt(d, next)
		if !inside {
			break
		}
		i = after
		d = p.nextDigit(i)
	}
	if d == len(t) {
		return d
	}
	start := d
	for start > i && class[t[start-1]]&cAlnum != 0 {
		start--
	}
	for groups := 1; ; groups++ {
		g, ok := groupBefore(t, i, start)
		if !ok || p.isWord(g) || p.takenFrom(next, g) {
			return start
		}
		if groups == maxGroups {
			return i
		}
		start = g.start
	}
}

// nextDigit returns the index of the first digit at or after i, or
// len(text).
func (p *pass) nextDigit(i int) int {
	if len(p.digitMaps) > 0 {
		return p.digitMaps.next(i, len(p.text))
	}
	return indexDigit(p.text, i)
}

// afterTakenAt tells whether the digit at d lies in a matched value (an
// e-mail address's "user123", an IP address), and if so returns where the
// reading goes on: the first letter or digit after the group that runs over
// the value's end. Reading forward would get there too: the groups from the
// reading position to the value hold no digits, so they make no segment
// worth trying, and the group over the value is skipped whole.
// taken[next:] end after the reading position.
func (p *pass) afterTakenAt(d, next int) (int, bool) {
	t := p.text
	k := next
	for k < len(p.taken) && p.taken[k].end <= d {
		k++
	}
	if k == len(p.taken) || p.taken[k].start > d {
		return 0, false
	}
	e := p.taken[k].end
	if class[t[e-1]]&cAlnum != 0 {
		for e < len(t) && class[t[e]]&cAlnum != 0 {
			e++
		}
	}
	for e < len(t) && class[t[e]]&cAlnum == 0 {
		e++
	}
	return e, true
}

// groupBefore is separatorAfter read backwards: the group that the
// separator before start follows, not starting before lower. It counts the
// group's digits as it walks back, as readGroup would reading forward, so
// that the group need not be read again.
func groupBefore(t []byte, lower, start int) (group, bool) {
	j, spaces := start, 0
	for j > lower && start-j < 2 && class[t[j-1]]&cSep != 0 {
		if t[j-1] == ' ' {
			spaces++
		}
		j--
	}
	if j == start || spaces > 1 || j <= lower || class[t[j-1]]&cAlnum == 0 {
		return group{}, false
	}
	g := group{end: j}
	for ; j > lower; j-- {
		c := class[t[j-1]]
		if c&cAlnum == 0 {
			break
		}
		g.digits += int(c & cDigit) // cDigit is 1, see readGroup
	}
	g.start = j
	g.letters = g.end - g.start - g.digits
	return g, true
}

// takenFrom reports whether g overlaps a matched value; taken[next:] are
// the values that end after the reading position, sorted by start.
func (p *pass) takenFrom(next int, g group) bool {
	for k := next; k < len(p.taken) && p.taken[k].start < g.end; k++ {
		if p.taken[k].end > g.start {
			return true
		}
	}
	return false
}

// readGroup counts digits by adding class bits: cDigit must stay 1 (this
// fails to compile otherwise).
var _ = [1]struct{}{}[cDigit-1]

// readGroup reads the letters and digits at i.
func readGroup(t []byte, i int) (group, bool) {
	g := group{start: i}
	for ; i < len(t); i++ {
		c := class[t[i]]
		if c&cAlnum == 0 {
			break
		}
		g.digits += int(c & cDigit) // cDigit is 1: no branch per byte
	}
	g.end = i
	g.letters = g.end - g.start - g.digits
	return g, g.end > g.start
}

// isWord reports whether a group of letters only is a word, which ends a
// segment. Short upper-case groups are not words: "WEST" in a spaced
// British IBAN, "QQ" and "C" of a National Insurance number.
func (p *pass) isWord(g group) bool {
	if g.digits != 0 || g.letters <= 2 {
		return false
	}
	if g.letters > 4 {
		return true
	}
	for _, c := range p.text[g.start:g.end] {
		if !isUpper(c) {
			return true
		}
	}
	return false
}

// separatorAfter reads the separator bytes after a group: one or two of
// space - . / ( ), at most one of them a space, followed by a letter or
// digit. It returns where the next group starts.
func separatorAfter(t []byte, i int) (int, bool) {
	j, spaces := i, 0
	for j < len(t) && j-i < 2 && class[t[j]]&cSep != 0 {
		if t[j] == ' ' {
			spaces++
		}
		j++
	}
	if j == i || spaces > 1 || j >= len(t) || class[t[j]]&cAlnum == 0 {
		return 0, false
	}
	return j, true
}

// segment tries the runs of groups, longest first.
func (p *pass) segment(gs []group) {
	digits := 0
	p.codeLike = false
	for _, g := range gs {
		digits += g.digits
		// A group of letters and digits ("DE88", "A562S") makes the segment
		// a code: a broken IBAN's tail is no phone number.
		p.codeLike = p.codeLike || g.digits > 0 && g.letters > 0
	}
	if !p.enoughDigits(digits) {
		return
	}
	used := p.dates(gs)
	form := newSegmentForm(gs)
	for length := len(gs); length >= 1; length-- {
		for a := 0; a+length <= len(gs); a++ {
			mask := uint32(1)<<(a+length) - uint32(1)<<a
			if used&mask != 0 {
				continue
			}
			if p.tryCounted(gs[a:a+length], form.counts(a, a+length), &form, a) {
				used |= mask
			}
		}
	}
}

// segmentForm holds the sums of a segment's groups and, once a run needs
// it, the compact form of all of them in p.seg: the runs of a segment
// overlap (up to 136 of 16 groups), and each takes its counts and compact
// form from here instead of reading its groups again.
type segmentForm struct {
	gs []group
	// n, digits and letters sum the groups before each; off is where each
	// group's compact form starts in p.seg (a group too long for any run
	// has none).
	n, digits, letters, off [maxGroups + 1]int
	built                   bool
}

func newSegmentForm(gs []group) segmentForm {
	f := segmentForm{gs: gs}
	for k, g := range gs {
		f.n[k+1] = f.n[k] + g.end - g.start
		f.digits[k+1] = f.digits[k] + g.digits
		f.letters[k+1] = f.letters[k] + g.letters
	}
	return f
}

// counts returns the counts of groups a to b.
func (f *segmentForm) counts(a, b int) runCounts {
	return runCounts{n: f.n[b] - f.n[a], digits: f.digits[b] - f.digits[a], letters: f.letters[b] - f.letters[a]}
}

// compact returns the compact form of groups a to b, which fits in
// maxCompact bytes.
func (f *segmentForm) compact(p *pass, a, b int) []byte {
	if !f.built {
		f.build(p)
	}
	return p.seg[f.off[a]:f.off[b]]
}

// build writes the groups' letters (upper-cased) and digits into p.seg.
func (f *segmentForm) build(p *pass) {
	for k, g := range f.gs {
		f.off[k+1] = f.off[k]
		if g.end-g.start > maxCompact {
			continue // in no run that fits, so never read
		}
		dst := p.seg[f.off[k] : f.off[k]+g.end-g.start]
		for j, c := range p.text[g.start:g.end] {
			dst[j] = upperASCII[c]
		}
		f.off[k+1] += len(dst)
	}
	f.built = true
}

// enoughDigits reports whether a segment with this many digits can hold a
// value: most segments in text are short numbers that cannot.
func (p *pass) enoughDigits(digits int) bool {
	return digits >= minDigits || p.inText && digits >= 4
}

// dates finds the dates among the groups (24.11.2026, 2026-11-24,
// 11/24/2026) and returns them as used: a date is never part of a phone
// number or an ID. In text, a date after a birth word is a date of birth.
func (p *pass) dates(gs []group) uint32 {
	var used uint32
	for i := 0; i+3 <= len(gs); i++ {
		if !p.isDate(gs[i : i+3]) {
			continue
		}
		if p.inText && !p.timeAfter(gs[i+2].end) {
			p.birthDate(gs[i:i+3], gs[i].digits+gs[i+1].digits+gs[i+2].digits, 0)
		}
		used |= 7 << i
		i += 2
	}
	return used
}

// timeAfter reports whether a time of day follows at i ("T10:15",
// " 10:15"): a timestamp, as in every log line, is nobody's birthday.
func (p *pass) timeAfter(i int) bool {
	t := p.text
	if i+3 >= len(t) || (t[i] != ' ' && t[i] != 'T') {
		return false
	}
	j := i + 1
	for j < len(t) && j-i <= 3 && isDigit(t[j]) {
		j++
	}
	return j < len(t) && t[j] == ':'
}

// isDate reports whether three groups joined by single '.', '-' or '/'
// are written like a date.
func (p *pass) isDate(gs []group) bool {
	for i, g := range gs {
		if g.letters != 0 {
			return false
		}
		if i > 0 {
			gap := p.text[gs[i-1].end:g.start]
			if len(gap) != 1 || (gap[0] != '.' && gap[0] != '-' && gap[0] != '/') {
				return false
			}
		}
	}
	a, b, c := gs[0].digits, gs[1].digits, gs[2].digits
	return a <= 2 && b <= 2 && (c == 2 || c == 4) || a == 4 && b <= 2 && c <= 2
}

// tryRun validates one run of groups as each shape it could have.
func (p *pass) tryRun(gs []group) bool {
	return p.tryCounted(gs, groupCounts(gs), nil, 0)
}

// runCounts are the length of a run's compact form, and its digits and
// letters.
type runCounts struct{ n, digits, letters int }

// tryCounted is tryRun for a run whose counts are known: in a segment
// (form not nil, the run starting at its group a), or alone (form nil).
func (p *pass) tryCounted(gs []group, c runCounts, form *segmentForm, a int) bool {
	n, digits, letters := c.n, c.digits, c.letters
	if n > maxCompact {
		return false
	}
	if p.inText && p.birthDate(gs, digits, letters) {
		return true
	}
	if digits < minDigits {
		return false
	}
	// Most runs of text stop above (a version, a line number, a short
	// date), and many of the rest have no validator's length: only the
	// others are copied and validated.
	var compact []byte
	switch {
	case !validatedLength(n):
	case form != nil:
		compact = form.compact(p, a, a+len(gs))
	default:
		compact = p.compact(gs)
	}
	switch {
	case p.hint.Hint == HintIdentifier:
		return compact != nil && p.strongOnly(compact, gs)
	case gs[0].start > 0 && p.text[gs[0].start-1] == '+':
		// "+49 151 2345 0123" is written as a phone number: it is one or
		// nothing, whatever its digits would pass for (here, Luhn).
		return letters == 0 && digits >= minPhoneDigit && digits <= maxPhoneDigit && p.phone(gs)
	case compact != nil && (p.iban(compact, gs) || p.card(compact, digits, letters, gs) || p.nationalID(compact, gs) || p.vin(compact, gs)):
		return true
	}
	if letters == 0 && !p.codeLike && digits >= minPhoneDigit && digits <= maxPhoneDigit {
		return p.phone(gs)
	}
	return false
}

// strongOnly is for columns of our own identifiers (order and tracking
// numbers): only formats with a real check count there.
func (p *pass) strongOnly(compact []byte, gs []group) bool {
	return p.iban(compact, gs) || p.card(compact, len(compact), 0, gs) || p.nationalID(compact, gs) || p.vin(compact, gs)
}

// groupCounts returns the counts of the groups: a compact form of more
// than maxCompact bytes does not fit in p.buf.
func groupCounts(gs []group) runCounts {
	var c runCounts
	for _, g := range gs {
		c.n += g.end - g.start
		c.digits += g.digits
		c.letters += g.letters
	}
	return c
}

// validatedLength reports whether a compact form of length n may pass
// iban, card, nationalID or vin (in tryRun or strongOnly): each of them
// turns down other lengths first thing. A card has 13 to 19 digits, an
// IBAN 15 bytes or more, a VIN 17.
func validatedLength(n int) bool {
	return n >= 13 || idFormatsOfLength[n] != 0
}

// compact writes the groups' letters (upper-cased) and digits into p.buf,
// which holds them (groupCounts says so); the result is never nil.
func (p *pass) compact(gs []group) []byte {
	n := 0
	for _, g := range gs {
		dst := p.buf[n : n+g.end-g.start]
		for k, c := range p.text[g.start:g.end] {
			dst[k] = upperASCII[c]
		}
		n += len(dst)
	}
	return p.buf[:n]
}

func (p *pass) found(m Match, gs []group) bool {
	p.emit(m)
	p.take(gs[0].start, gs[len(gs)-1].end)
	return true
}

func (p *pass) iban(compact []byte, gs []group) bool {
	if len(compact) < 15 || !isUpper(compact[0]) || !isUpper(compact[1]) || !isDigit(compact[2]) || !isDigit(compact[3]) {
		return false
	}
	if !ValidIBAN(compact) {
		return false
	}
	return p.found(Match{Category: IBAN, Value: p.value(compact)}, gs)
}

func (p *pass) card(compact []byte, digits, letters int, gs []group) bool {
	if letters != 0 || digits < 13 || digits > 19 || !ValidCard(compact) {
		return false
	}
	return p.found(Match{Category: PaymentCard, Value: p.value(compact)}, gs)
}

func (p *pass) vin(compact []byte, gs []group) bool {
	if len(compact) != 17 || !ValidVIN(compact) {
		return false
	}
	return p.found(Match{Category: VIN, Value: p.value(compact)}, gs)
}

func (p *pass) nationalID(compact []byte, gs []group) bool {
	for i := range IDFormats {
		f := &IDFormats[i]
		if !hasLength(f.Lengths, len(compact)) {
			continue
		}
		v, ok := f.Validate(compact)
		if !ok || f.Weak && !p.idContext(f, gs[0].start) {
			continue
		}
		return p.found(Match{Category: NationalID, Kind: f.Kind, Value: v}, gs)
	}
	return false
}

// idContext reports whether a weak ID format is named by the column, or in
// text by a word before the value.
func (p *pass) idContext(f *IDFormat, at int) bool {
	if p.inText {
		return ContextBefore(p.text, at, f.Words)
	}
	return p.hint.Hint == HintNationalID && (p.hint.Kind == "" || p.hint.Kind == f.Kind)
}

// phone validates a run written as a phone number. A bare digit string
// counts only where a phone column or a phone word says so: order and
// tracking numbers are bare digit strings too.
func (p *pass) phone(gs []group) bool {
	t := p.text
	start, end := gs[0].start, gs[len(gs)-1].end
	if start > 0 && (t[start-1] == '+' || t[start-1] == '(') {
		start--
		if t[start] == '(' && start > 0 && t[start-1] == '+' {
			start--
		}
	}
	if end < len(t) && t[end] == ')' {
		end++
	}
	raw := t[start:end]
	if looksLikeDate(raw) {
		return false
	}
	// A column's context is a comparison, text's is a search: check the
	// cheaper of context and validity first.
	bare := len(gs) == 1 && raw[0] != '+' && raw[0] != '('
	if bare && !p.inText && !p.phoneContext(start) {
		return false
	}
	v, ok := p.e164(raw)
	if !ok {
		return false
	}
	if bare && p.inText && !p.phoneContext(start) {
		return false
	}
	p.emit(Match{Category: Phone, Value: v})
	p.take(start, end)
	return true
}

func (p *pass) phoneContext(at int) bool {
	if p.inText {
		return ContextBefore(p.text, at, PhoneWords)
	}
	return p.hint.Hint == HintPhone
}

// looksLikeDate reports whether raw is written like a date (24.11.2026,
// 2026-11-24, 11/24/2026): such runs are never phone numbers.
func looksLikeDate(raw []byte) bool {
	// The longest dates it takes have 4+2+2 digits and two separators;
	// every mobile number of a phone column is longer.
	return len(raw) <= len("2026-11-24") && dateShape(raw)
}

// dateShape reports whether raw is two or three groups of digits joined by
// '.', '-' or '/' in the lengths of a day-month-year or year-month-day
// date; no run longer than a date has that shape (TestLooksLikeDate).
func dateShape(raw []byte) bool {
	parts, lens := 0, [4]int{}
	cur := 0
	for _, c := range raw {
		switch {
		case isDigit(c):
			cur++
		case c == '.' || c == '-' || c == '/':
			if parts >= 3 {
				return false
			}
			lens[parts] = cur
			parts++
			cur = 0
		default:
			return false
		}
	}
	if parts != 2 {
		return false
	}
	lens[2] = cur
	dmy := lens[0] <= 2 && lens[1] <= 2 && (lens[2] == 2 || lens[2] == 4)
	ymd := lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2
	return dmy || ymd
}

func hasLength(lengths []int, n int) bool {
	for _, l := range lengths {
		if l == n {
			return true
		}
	}
	return false
}

// upperASCII upper-cases ASCII letters by table: the letters and digits
// of a run are mixed, and a branch per byte would often guess wrong.
var upperASCII = func() (t [256]byte) {
	for c := range 256 {
		t[c] = byte(c)
		if c >= 'a' && c <= 'z' {
			t[c] -= 'a' - 'A'
		}
	}
	return t
}()

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
