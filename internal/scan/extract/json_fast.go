package extract

// The fast path for a JSON record. The general lexer (json.go) goes
// through about ten calls per key and value, each reloading the window's
// state, and can stop anywhere to read more text. Most records are
// simpler than that: a whole object already in the buffer, compact or
// lightly spaced, not deeply nested. fastRecord reads such a record in
// one loop over a local slice and index, and leaves its values where they
// are: the spans point into the window's text (p.text), so nothing is
// copied before the Sink copies the record. A string with an escape
// cannot stay in place: from the first one on, the record is copied into
// the arena, its text so far as it is (so that the spans already made
// stay valid) and then value by value. Whenever it meets anything else
// (the end of the buffered text, nesting deeper than fastJSONDepth, any
// syntax error, a record too wide), it gives up without having consumed anything, and the
// general lexer reads the record from its start: errors, skip reasons
// and everything unusual stay the general lexer's alone.

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

const (
	// fastJSONDepth is the nesting the fast path handles; deeper records
	// go to the general lexer, whose stack grows as needed.
	fastJSONDepth = 32
	// fastJSONBackoff is how many records go straight to the general
	// lexer after the fast path gave up on one, so that a file the fast
	// path cannot read (deep nesting everywhere) is not read twice.
	fastJSONBackoff = 32
)

// fastFrame is an open container of the fast path.
type fastFrame struct {
	object  bool
	pathLen int32 // len(path) when the container opened
}

// fastRecord reads the object at w.pos as one record (p.to is toRecord;
// the spans, path and stack are empty). It reports false, with the
// window untouched, when the general lexer must read it instead.
func (p *jsonParser) fastRecord() bool {
	if p.fastOff > 0 {
		p.fastOff--
		return false
	}
	if p.readFast() {
		return true
	}
	p.spans, p.path = p.spans[:0], p.path[:0]
	p.fastOff = p.fastBackoff
	return false
}

func (p *jsonParser) readFast() bool {
	w := p.w
	b := w.buf[w.pos:w.end]
	var stack [fastJSONDepth]fastFrame
	depth := 0
	spans, path := p.spans[:0], p.path[:0]
	var data []byte // the arena, once a string had an escape
	i := 0
	var c byte
	for {
		// A value starts at b[i] (after spaces).
		if i < len(b) && b[i] > ' ' {
			c = b[i]
		} else if c, i = fastSkipSpace(b, i); i == len(b) {
			return false
		}
		switch {
		case c == '"':
			start, end := i+1, fastStringEnd(b, i+1)
			next := end + 1
			if end == noStringEnd && data == nil {
				return false
			}
			if end < 0 || data != nil {
				if data == nil {
					data = append(p.arena[:0], b[:i]...)
					p.arena = data[:0] // its capacity is kept even if the record fails
				}
				start = len(data)
				var ok bool
				if data, next, ok = fastEscapedString(data, b, i+1); !ok {
					return false
				}
				end = len(data)
			}
			if end > start {
				if len(spans) >= maxRecordFields {
					return false
				}
				spans = append(spans, Span{Col: p.fastColumn(path, len(spans)), Start: start, End: end})
			}
			i = next
		case c == '{' || c == '[':
			if depth == fastJSONDepth {
				return false
			}
			object := c == '{'
			stack[depth] = fastFrame{object: object, pathLen: int32(len(path))}
			depth++
			i++
			if c, i = fastSkipSpace(b, i); i == len(b) {
				return false
			}
			if c == '}' && object || c == ']' && !object {
				i++
				depth-- // the path is unchanged: no key was read
				break
			}
			if object {
				var ok bool
				if path, i, ok = fastKey(path, b, i, int(stack[depth-1].pathLen)); !ok {
					return false
				}
			}
			continue
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(b) && isNumberByte(b[j]) {
				j++
			}
			if j == len(b) || len(spans) >= maxRecordFields {
				return false // the number may go on past the buffer
			}
			start, end := i, j
			if data != nil {
				start = len(data)
				data = append(data, b[i:j]...)
				end = len(data)
			}
			spans = append(spans, Span{Col: p.fastColumn(path, len(spans)), Start: start, End: end})
			i = j
		default:
			var ok bool
			if i, ok = fastLiteral(b, i); !ok {
				return false
			}
		}
		// After a value: commas and closers up to the next value, or the
		// record's end.
		for {
			if depth == 0 {
				w.pos += i
				p.spans, p.path = spans, path
				if data != nil {
					p.arena = data
				} else {
					p.text = b[:i]
				}
				return true
			}
			if i < len(b) && b[i] > ' ' {
				c = b[i]
			} else if c, i = fastSkipSpace(b, i); i == len(b) {
				return false
			}
			top := stack[depth-1]
			if c == ',' {
				i++
				if top.object {
					var ok bool
					if path, i, ok = fastKey(path, b, i, int(top.pathLen)); !ok {
						return false
					}
				}
				break
			}
			if c == '}' && top.object || c == ']' && !top.object {
				i++
				depth--
				path = path[:top.pathLen]
				continue
			}
			return false
		}
	}
}

// fastColumn is columnAt with its most common case inline: the field at
// the same position in the previous record had the same path.
func (p *jsonParser) fastColumn(path []byte, k int) *Column {
	if k < len(p.prev) {
		if col := p.prev[k]; col != nil && col.Name == string(path) {
			return col
		}
	}
	return p.columnAt(path, k)
}

// fastSkipSpace skips the spaces at b[i:] and returns the byte after them
// and its index, which is len(b) if the buffer ends first.
func fastSkipSpace(b []byte, i int) (byte, int) {
	for ; i < len(b); i++ {
		switch c := b[i]; c {
		case ' ', '\n', '\r', '\t':
		default:
			return c, i
		}
	}
	return 0, i
}

// What fastStringEnd returns for a string it cannot read in place.
const (
	noStringEnd   = -1 // a raw line break, or the end of the buffer
	escapedString = -2 // an escape
)

// fastStringEnd returns the index of the closing quote of the string
// whose content starts at b[i], or noStringEnd or escapedString.
func fastStringEnd(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		m := jsonStringStops(binary.LittleEndian.Uint64(b[i:]))
		if m == 0 {
			continue
		}
		switch k := i + bits.TrailingZeros64(m)/8; b[k] {
		case '"':
			return k
		case '\\':
			return escapedString
		}
		return noStringEnd
	}
	return noStringEnd // the last bytes of the buffer: left to the general lexer
}

// fastKey reads the key at b[i:] (after spaces) and the colon after it,
// setting path to the key joined to the container's path.
func fastKey(path, b []byte, i, pathLen int) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		var c byte
		if c, i = fastSkipSpace(b, i); c != '"' {
			return path, i, false
		}
	}
	path = path[:pathLen]
	if pathLen > 0 {
		path = append(path, '.')
	}
	if j := fastStringEnd(b, i+1); j >= 0 {
		path = appendShort(path, b[i+1:], j-(i+1))
		i = j + 1
	} else {
		var ok bool
		if path, i, ok = fastEscapedString(path, b, i+1); !ok {
			return path, i, false
		}
	}
	if i < len(b) && b[i] == ':' {
		return path, i + 1, true
	}
	if c, i := fastSkipSpace(b, i); c != ':' {
		return path, i, false
	}
	return path, i + 1, true
}

// appendShort appends b[:n] to dst, where b holds at least eight bytes.
// Most keys are that short: one word stored into dst's spare capacity
// costs less than the memmove call of append.
func appendShort(dst, b []byte, n int) []byte {
	if n > 8 || cap(dst)-len(dst) < 8 {
		return append(dst, b[:n]...)
	}
	binary.LittleEndian.PutUint64(dst[len(dst):len(dst)+8], binary.LittleEndian.Uint64(b))
	return dst[:len(dst)+n]
}

// fastEscapedString appends the unescaped content of the string at b[i:]
// (its opening quote consumed) to dst and returns the index after its
// closing quote. Escapes are decoded as the general lexer's escape does;
// ok is false where the general lexer would read more text or fail.
func fastEscapedString(dst, b []byte, i int) ([]byte, int, bool) {
	for {
		var k int
		dst, k = appendJSONPlain(dst, b[i:])
		i += k
		if i == len(b) {
			return dst, i, false
		}
		switch b[i] {
		case '"':
			return dst, i + 1, true
		case '\\':
			if len(b)-i < 12 {
				return dst, i, false // the general lexer would read on first
			}
			var n int
			dst, n = appendEscape(dst, b[i:])
			i += n
		default:
			return dst, i, false // a raw line break
		}
	}
}

// appendEscape decodes the escape at the start of b (at least 12 bytes,
// the longest escape) as escape does, and returns how many bytes it took.
func appendEscape(dst, b []byte) ([]byte, int) {
	if e := jsonEscapes[b[1]]; e != 0 {
		return append(dst, e), 2
	}
	if b[1] == 'u' {
		if r, n := decodeUnicodeEscape(b); n > 0 {
			return utf8.AppendRune(dst, r), n
		}
	}
	return append(dst, '\\'), 1
}

// fastLiteral skips the true, false or null at b[i:].
func fastLiteral(b []byte, i int) (int, bool) {
	for _, lit := range [...]string{"true", "false", "null"} {
		if b[i] != lit[0] {
			continue
		}
		if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
			return i, false
		}
		return i + len(lit), true
	}
	return i, false
}
