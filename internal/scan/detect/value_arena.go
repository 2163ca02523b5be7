package detect

import "unsafe"

// valueArena holds the values a FieldScanner finds, so that a value costs
// a copy into a buffer instead of a string allocation: a leak has
// millions of values, and nearly all are hashed and dropped once their
// record is booked.
//
// The strings it returns point into its buffer. Bytes a string points to
// are never written again before reset: when the buffer is full, a new
// one is made, and the old one lives on as long as strings point into it.
type valueArena struct {
	buf []byte
}

// minArena is the first buffer's size: a record's values, many times over.
const minArena = 4 << 10

// maxKeptArena is the largest buffer reset keeps: a record with huge
// values (a key block in a column) should not pin memory for the rest of
// the scan.
const maxKeptArena = 1 << 20

// reserve returns n bytes of free space at the buffer's end for the
// caller to write into; commit makes them part of a value. Writing there
// touches no value returned before.
func (a *valueArena) reserve(n int) []byte {
	if cap(a.buf)-len(a.buf) < n {
		// Doubling up to maxKeptArena: a caller that never resets gets
		// buffers of a bounded size, each dropped once its values are.
		a.buf = make([]byte, 0, max(min(2*cap(a.buf), maxKeptArena), n, minArena))
	}
	return a.buf[len(a.buf) : len(a.buf)+n]
}

// commit appends the first n reserved bytes to the buffer and returns
// them as a string.
func (a *valueArena) commit(n int) string {
	if n == 0 {
		return ""
	}
	start := len(a.buf)
	a.buf = a.buf[:start+n]
	return unsafe.String(&a.buf[start], n)
}

// value copies b into the arena; without one (a nil arena), it returns
// a string of its own.
func (a *valueArena) value(b []byte) string {
	if a == nil {
		return string(b)
	}
	copy(a.reserve(len(b)), b)
	return a.commit(len(b))
}

// join writes values joined by join (appendName, appendAddress) into
// the arena. It reserves joinBound(values) bytes, more than join appends,
// so that the append never moves to a buffer of its own.
func (a *valueArena) join(values [][]byte, join func(dst []byte, values [][]byte) []byte) string {
	free := a.reserve(joinBound(values))
	b := join(free[:0], values)
	if len(b) > len(free) {
		return string(b) // cannot happen, see joinBound; never a wrong value
	}
	return a.commit(len(b))
}

// reset lets the buffer be written again: the strings returned before
// must no longer be in use.
func (a *valueArena) reset() {
	if cap(a.buf) > maxKeptArena {
		a.buf = nil
		return
	}
	a.buf = a.buf[:0]
}

// value returns b as a Match's Value: in the arena of a FieldScanner's
// pass, else as a string of its own.
func (p *pass) value(b []byte) string { return p.arena.value(b) }

// email is ValidEmail, writing the address into the pass's arena when it
// has one.
func (p *pass) email(addr []byte) (string, bool) {
	if p.arena == nil {
		return ValidEmail(addr)
	}
	if len(addr) > maxEmailLocal+1+maxEmailDomain {
		return "", false
	}
	if !lowerValidEmail(addr, p.arena.reserve(len(addr))) {
		return "", false
	}
	return p.arena.commit(len(addr)), true
}

// lowerValidEmail is ValidEmail writing the lower-cased address into
// lower (as long as addr) instead of a new string. (A sibling rather than
// a change of ValidEmail; TestLowerValidEmailIsValidEmail keeps the two
// in step.)
func lowerValidEmail(addr, lower []byte) bool {
	if len(addr) > maxEmailLocal+1+maxEmailDomain {
		return false
	}
	at, ok := lowerLocalPart(addr, lower)
	if !ok {
		return false
	}
	tld, ok := lowerDomain(addr[at+1:], lower[at+1:])
	return ok && knownTLD(tld)
}

// e164 is Phones.E164, writing the number into the pass's arena when it
// has one.
func (p *pass) e164(raw []byte) (string, bool) {
	if p.arena == nil {
		return p.s.phones.E164(raw, p.s.region)
	}
	free := p.arena.reserve(maxE164)
	b, ok := p.s.phones.appendE164(free[:0], raw, p.s.region)
	if !ok {
		return "", false
	}
	if len(b) > len(free) {
		return string(b), true // cannot happen: maxE164 bounds the number
	}
	return p.arena.commit(len(b)), true
}
