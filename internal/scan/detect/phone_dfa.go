package detect

// The automata behind Phones. libphonenumber describes each country's
// numbers with regular expressions over digits; running Go's regexp for
// every candidate costs microseconds and allocates. Here the patterns are
// compiled once (regexp/syntax) and then:
//
//   - the full-match patterns of a region (general description, the number
//     types, the leading digits) become one DFA over the ten digits, built by
//     a subset construction over the compiled programs. A check is one walk
//     of at most 17 table lookups and yields a bit per pattern.
//   - the prefix patterns (international and national prefixes) are run by a
//     small backtracker over the program, because libphonenumber needs where
//     the leftmost-first match ends and what its groups captured, which a DFA
//     does not tell. These patterns are tiny and only tried at the start of
//     a number.

import (
	"encoding/binary"
	"fmt"
	"regexp/syntax"
	"slices"
	"strconv"
)

// compilePattern compiles a libphonenumber pattern as Go's regexp would
// (Perl syntax), wrapped in a group so that alternatives stay together.
func compilePattern(pattern string) (*syntax.Prog, error) {
	re, err := syntax.Parse("(?:"+pattern+")", syntax.Perl)
	if err != nil {
		return nil, err
	}
	return syntax.Compile(re.Simplify())
}

// checkDFAProg makes sure a program uses only what the subset construction
// understands: no anchors or word boundaries inside a full-match pattern.
func checkDFAProg(p *syntax.Prog) error {
	for pc, in := range p.Inst {
		if in.Op == syntax.InstEmptyWidth {
			return fmt.Errorf("instruction %d: empty-width assertion not supported", pc)
		}
	}
	return nil
}

// digitSet is the set of digits an instruction consumes: bit d for '0'+d.
func digitSet(in *syntax.Inst) uint16 {
	var set uint16
	for d := rune('0'); d <= '9'; d++ {
		if in.MatchRune(d) {
			set |= 1 << (d - '0')
		}
	}
	return set
}

// dfaPattern is one program the DFA runs, with the bit it sets.
type dfaPattern struct {
	prog *syntax.Prog
	// prefix patterns match when any prefix of the input matches (leading
	// digits); the others must match the whole input.
	prefix bool
}

// digitDFA is a deterministic automaton over '0'-'9'. State 0 is the start.
//
// A walk is a chain of dependent loads, one per digit, so the table is
// laid out for that chain: a state is stored as the offset of its row
// (state*10), which spares a multiplication per digit, and in 16 bits,
// which halves the table (a region has a few hundred states: the largest
// table stays within the first-level cache).
type digitDFA struct {
	next   []uint16 // next[offset+digit] is the offset of the next state
	accept []uint16 // accept[offset/10]: the pattern bits that hold when the input ends there
}

// maxDFAStates keeps every row offset within 16 bits.
const maxDFAStates = (1<<16 - 1) / 10

// walk runs the DFA over digits and returns the bits of the patterns that
// match.
func (d *digitDFA) walk(digits []byte) uint16 {
	s := uint32(0)
	for _, c := range digits {
		// A settled state leads to itself (see buildDigitDFA): one load
		// per digit, no test.
		s = uint32(d.next[s+uint32(c-'0')])
	}
	return d.accept[s/10]
}

// NFA threads are (pattern, pc) pairs; a prefix pattern that has matched
// leaves a mark that every later state carries.
const markedPrefix = 0xFF000000

func thread(pattern, pc int) uint32 { return uint32(pattern)<<24 | uint32(pc) }

// dfaBuilder runs the subset construction.
type dfaBuilder struct {
	pats    []dfaPattern
	sets    map[string]uint32
	states  [][]uint32
	next    []uint32 // next[state*10+digit], by state number
	accept  []uint16
	settled []bool // settled states cannot change their outcome any more
	seen    map[uint32]bool
}

// buildDigitDFA builds the whole DFA of the patterns (at most 16; bit i of
// an accept mask is pattern i). It reports false when the automaton has
// more states than its 16-bit offsets can number.
func buildDigitDFA(pats []dfaPattern) (*digitDFA, bool) {
	b := &dfaBuilder{pats: pats, sets: make(map[string]uint32), seen: make(map[uint32]bool)}
	var start []uint32
	for i, p := range pats {
		start = b.closure(start, thread(i, p.prog.Start))
	}
	b.add(start)
	for s := 0; s < len(b.states); s++ {
		if len(b.states) > maxDFAStates {
			return nil, false
		}
		for d := range 10 {
			// add may grow next: take the id before indexing.
			id := b.add(b.step(b.states[s], d))
			b.next[s*10+d] = id
		}
	}
	// A settled state has nothing left to match (at most prefix matches
	// already made): a walk that reaches it may stop there. Make every
	// digit keep it there, so that walks need not ask.
	for s, settled := range b.settled {
		if settled {
			for d := range 10 {
				b.next[s*10+d] = uint32(s)
			}
		}
	}
	dfa := &digitDFA{next: make([]uint16, len(b.next)), accept: b.accept}
	for i, s := range b.next {
		dfa.next[i] = uint16(s * 10)
	}
	return dfa, true
}

// add returns the state of a thread set, making it if it is new.
func (b *dfaBuilder) add(set []uint32) uint32 {
	slices.Sort(set)
	set = slices.Compact(set)
	key := make([]byte, 0, 4*len(set))
	for _, t := range set {
		key = binary.LittleEndian.AppendUint32(key, t)
	}
	if id, ok := b.sets[string(key)]; ok {
		return id
	}
	id := uint32(len(b.states))
	b.sets[string(key)] = id
	b.states = append(b.states, set)
	b.next = append(b.next, make([]uint32, 10)...)
	accept, settled := b.outcome(set)
	b.accept = append(b.accept, accept)
	b.settled = append(b.settled, settled)
	return id
}

func (b *dfaBuilder) outcome(set []uint32) (accept uint16, settled bool) {
	settled = true
	for _, t := range set {
		if t&markedPrefix == markedPrefix {
			accept |= 1 << (t &^ markedPrefix)
			continue
		}
		settled = false
		p := b.pats[t>>24].prog
		if p.Inst[t&0xFFFFFF].Op == syntax.InstMatch {
			accept |= 1 << (t >> 24)
		}
	}
	return accept, settled
}

// step advances every thread of set over digit d.
func (b *dfaBuilder) step(set []uint32, d int) []uint32 {
	var next []uint32
	for _, t := range set {
		if t&markedPrefix == markedPrefix {
			next = append(next, t)
			continue
		}
		in := &b.pats[t>>24].prog.Inst[t&0xFFFFFF]
		switch in.Op {
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			if digitSet(in)&(1<<d) != 0 {
				next = b.closure(next, thread(int(t>>24), int(in.Out)))
			}
		}
	}
	return next
}

// closure adds t and every thread reachable from it without consuming a
// digit. Match instructions stay in the set (they mark acceptance); a
// prefix pattern's match becomes its permanent mark.
func (b *dfaBuilder) closure(set []uint32, t uint32) []uint32 {
	clear(b.seen)
	return b.follow(set, t)
}

func (b *dfaBuilder) follow(set []uint32, t uint32) []uint32 {
	if b.seen[t] {
		return set
	}
	b.seen[t] = true
	pat := int(t >> 24)
	in := &b.pats[pat].prog.Inst[t&0xFFFFFF]
	switch in.Op {
	case syntax.InstAlt, syntax.InstAltMatch:
		set = b.follow(set, thread(pat, int(in.Out)))
		return b.follow(set, thread(pat, int(in.Arg)))
	case syntax.InstCapture, syntax.InstNop:
		return b.follow(set, thread(pat, int(in.Out)))
	case syntax.InstFail:
		return set
	case syntax.InstMatch:
		if b.pats[pat].prefix {
			return append(set, markedPrefix|uint32(pat))
		}
	}
	return append(set, t)
}

// prefixPattern matches a pattern at the start of a digit string with the
// leftmost-first semantics of Go's regexp (the match a backtracking
// implementation finds first), and reports its groups.
type prefixPattern struct {
	prog   *syntax.Prog
	groups int // capture groups, not counting the whole match
	// digits[pc] is the digitSet of a rune instruction: the backtracker
	// tests a bit instead of calling MatchRune for every digit.
	digits []uint16
	// first are the digits a match can start with, second[d] those that
	// can follow a first d; a pattern that can match the empty string
	// (emptyOK) can start with anything.
	first   uint16
	second  [10]uint16
	emptyOK bool
}

// maxCaptures bounds the capture slots of a prefix pattern (metadata uses
// at most two groups).
const maxCaptures = 8

func newPrefixPattern(pattern string) (*prefixPattern, error) {
	p, err := compilePattern(pattern)
	if err != nil {
		return nil, err
	}
	if p.NumCap > maxCaptures {
		return nil, fmt.Errorf("%d capture slots, at most %d supported", p.NumCap, maxCaptures)
	}
	pp := &prefixPattern{prog: p, groups: p.NumCap/2 - 1, digits: make([]uint16, len(p.Inst))}
	for pc := range p.Inst {
		if isRuneInst(p.Inst[pc].Op) {
			pp.digits[pc] = digitSet(&p.Inst[pc])
		}
	}
	pp.setFilter()
	return pp, nil
}

func isRuneInst(op syntax.InstOp) bool {
	return op == syntax.InstRune || op == syntax.InstRune1 || op == syntax.InstRuneAny || op == syntax.InstRuneAnyNotNL
}

// closure follows the instructions that consume nothing from pc and
// returns the rune instructions reached, and whether a match is reached
// without consuming. Assertions are taken to hold: what is derived from
// it is an upper bound, used only to reject.
func (p *prefixPattern) closure(pc uint32, seen []bool, runes []uint32) ([]uint32, bool) {
	if seen[pc] {
		return runes, false
	}
	seen[pc] = true
	in := &p.prog.Inst[pc]
	switch {
	case in.Op == syntax.InstMatch:
		return runes, true
	case in.Op == syntax.InstAlt || in.Op == syntax.InstAltMatch:
		runes, a := p.closure(in.Out, seen, runes)
		runes, b := p.closure(in.Arg, seen, runes)
		return runes, a || b
	case in.Op == syntax.InstCapture || in.Op == syntax.InstEmptyWidth || in.Op == syntax.InstNop:
		return p.closure(in.Out, seen, runes)
	case isRuneInst(in.Op):
		return append(runes, pc), false
	}
	return runes, false // InstFail
}

// setFilter computes first, emptyOK and second.
func (p *prefixPattern) setFilter() {
	starts, empty := p.closure(uint32(p.prog.Start), make([]bool, len(p.prog.Inst)), nil)
	p.emptyOK = empty
	for _, pc := range starts {
		p.first |= p.digits[pc]
	}
	for d := range 10 {
		for _, pc := range starts {
			if p.digits[pc]&(1<<d) == 0 {
				continue
			}
			next, done := p.closure(p.prog.Inst[pc].Out, make([]bool, len(p.prog.Inst)), nil)
			if done {
				p.second[d] = allDigits
			}
			for _, n := range next {
				p.second[d] |= p.digits[n]
			}
		}
	}
}

const allDigits = 1<<10 - 1

// mayMatch reports whether a match can start with s's first two digits.
func (p *prefixPattern) mayMatch(s []byte) bool {
	if p.emptyOK {
		return true
	}
	if len(s) == 0 || !isDigit(s[0]) {
		return false
	}
	d := s[0] - '0'
	if p.first&(1<<d) == 0 {
		return false
	}
	return len(s) == 1 || !isDigit(s[1]) || p.second[d]&(1<<(s[1]-'0')) != 0
}

// match reports whether the pattern matches at the start of s. caps[0:2]
// is the match, caps[2i:2i+2] group i (-1 when it took no part).
func (p *prefixPattern) match(s []byte, caps *[maxCaptures]int) bool {
	for i := range caps {
		caps[i] = -1
	}
	caps[0] = 0
	if !p.mayMatch(s) {
		// Most numbers cannot start a match (an international or national
		// prefix): no need to run the backtracker.
		return false
	}
	return p.try(uint32(p.prog.Start), 0, s, caps)
}

// try is the backtracker: alternatives in order of preference, captures
// restored when a branch fails.
func (p *prefixPattern) try(pc uint32, pos int, s []byte, caps *[maxCaptures]int) bool {
	for {
		in := &p.prog.Inst[pc]
		switch in.Op {
		case syntax.InstMatch:
			caps[1] = pos
			return true
		case syntax.InstAlt, syntax.InstAltMatch:
			if p.try(in.Out, pos, s, caps) {
				return true
			}
			pc = in.Arg
		case syntax.InstCapture:
			if int(in.Arg) >= maxCaptures {
				pc = in.Out
				continue
			}
			old := caps[in.Arg]
			caps[in.Arg] = pos
			if p.try(in.Out, pos, s, caps) {
				return true
			}
			caps[in.Arg] = old
			return false
		case syntax.InstEmptyWidth:
			if !emptyWidthHolds(syntax.EmptyOp(in.Arg), pos, len(s)) {
				return false
			}
			pc = in.Out
		case syntax.InstNop:
			pc = in.Out
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			if pos >= len(s) || !p.matchByte(pc, in, s[pos]) {
				return false
			}
			pc, pos = in.Out, pos+1
		default:
			return false
		}
	}
}

// matchByte is in.MatchRune for the instruction at pc, by table for a digit.
func (p *prefixPattern) matchByte(pc uint32, in *syntax.Inst, c byte) bool {
	if isDigit(c) {
		return p.digits[pc]&(1<<(c-'0')) != 0
	}
	return in.MatchRune(rune(c))
}

// emptyWidthHolds evaluates an assertion inside a run of digits: the text
// has no lines, and digits are word characters throughout.
func emptyWidthHolds(op syntax.EmptyOp, pos, n int) bool {
	if op&(syntax.EmptyBeginText|syntax.EmptyBeginLine) != 0 && pos != 0 {
		return false
	}
	if op&(syntax.EmptyEndText|syntax.EmptyEndLine) != 0 && pos != n {
		return false
	}
	atBoundary := pos == 0 || pos == n
	if op&syntax.EmptyWordBoundary != 0 && !atBoundary {
		return false
	}
	if op&syntax.EmptyNoWordBoundary != 0 && atBoundary {
		return false
	}
	return true
}

// template is a replacement as Go's regexp.Expand reads it: literal text
// and $n group references (libphonenumber's transform rules, "9$1").
type template []templatePart

type templatePart struct {
	literal string
	group   int // -1 for a literal
}

func parseTemplate(s string) template {
	var t template
	for s != "" {
		i := 0
		for i < len(s) && s[i] != '$' {
			i++
		}
		if i > 0 {
			t = append(t, templatePart{literal: s[:i], group: -1})
			s = s[i:]
			continue
		}
		if len(s) > 1 && s[1] == '$' {
			t = append(t, templatePart{literal: "$", group: -1})
			s = s[2:]
			continue
		}
		name, rest := templateName(s[1:])
		if n, err := strconv.Atoi(name); err == nil {
			t = append(t, templatePart{group: n})
		} else if name == "" {
			t = append(t, templatePart{literal: "$", group: -1})
			rest = s[1:]
		}
		s = rest
	}
	return t
}

// templateName reads a reference name: ${name} or the longest run of
// letters, digits and underscores.
func templateName(s string) (name, rest string) {
	if len(s) > 0 && s[0] == '{' {
		for i := 1; i < len(s); i++ {
			if s[i] == '}' {
				return s[1:i], s[i+1:]
			}
		}
		return "", s
	}
	i := 0
	for i < len(s) && (s[i] == '_' || s[i] >= '0' && s[i] <= '9' || s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z') {
		i++
	}
	return s[:i], s[i:]
}

// expand appends the template, its groups taken from s by caps, to dst.
func (t template) expand(dst, s []byte, caps *[maxCaptures]int) []byte {
	for _, part := range t {
		if part.group < 0 {
			dst = append(dst, part.literal...)
			continue
		}
		if 2*part.group+1 < maxCaptures && caps[2*part.group] >= 0 && caps[2*part.group+1] >= 0 {
			dst = append(dst, s[caps[2*part.group]:caps[2*part.group+1]]...)
		}
	}
	return dst
}
