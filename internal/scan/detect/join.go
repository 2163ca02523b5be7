package detect

// A tabular record's name columns together are one name, and its address
// columns together are one postal address (docs/scanner.md). These join the
// values the way the report defines.
//
// They run for every record with name or address columns (an address
// export has a million), so each builds its result in one buffer, on the
// stack while it is short, and makes one string of it; a FieldScanner
// appends it to its arena instead (FieldScanner.JoinName). join_ref_test.go
// holds them to the plain bytes.Buffer versions they replaced.

// joinStack is the result size built without a heap buffer.
const joinStack = 256

// JoinName joins a record's name values with one space; placeholders and
// values without a letter are left out. It returns "" when nothing is left.
func JoinName(values [][]byte) string {
	var stack [joinStack]byte
	return string(appendName(stack[:0], values))
}

// JoinAddress joins a record's address values with ", ", each trimmed and
// with runs of whitespace collapsed to one space; placeholders are left out.
func JoinAddress(values [][]byte) string {
	var stack [joinStack]byte
	return string(appendAddress(stack[:0], values))
}

// appendName appends JoinName(values) to b; it appends at most
// joinBound(values) bytes.
func appendName(b []byte, values [][]byte) []byte {
	start := len(b)
	for _, v := range values {
		v = trimSpace(v)
		if len(v) == 0 || isPlaceholder(v) || !hasLetter(v) {
			continue
		}
		if len(b) > start {
			b = append(b, ' ')
		}
		b = append(b, v...)
	}
	return b
}

// appendAddress appends JoinAddress(values) to b; it appends at most
// joinBound(values) bytes.
func appendAddress(b []byte, values [][]byte) []byte {
	start := len(b)
	for _, v := range values {
		v = trimSpace(v)
		if len(v) == 0 || isPlaceholder(v) {
			continue
		}
		if len(b) > start {
			b = append(b, ", "...)
		}
		b = appendCollapsed(b, v)
	}
	return b
}

// joinBound bounds the length of a joined name or address: the values
// and two bytes of separator each.
func joinBound(values [][]byte) int {
	n := 0
	for _, v := range values {
		n += len(v) + 2
	}
	return n
}

// collapsible are the whitespace bytes a run of which becomes one space.
var collapsible = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// appendCollapsed appends v with each run of collapsible bytes as one
// space (v is trimmed: it neither starts nor ends with one). The bytes
// between runs are copied whole.
func appendCollapsed(b, v []byte) []byte {
	start := 0
	for i := 0; i < len(v); i++ {
		if !collapsible[v[i]] {
			continue
		}
		b = append(b, v[start:i]...)
		for i+1 < len(v) && collapsible[v[i+1]] {
			i++
		}
		b = append(b, ' ')
		start = i + 1
	}
	return append(b, v[start:]...)
}

// hasLetter reports whether v holds a letter: an ASCII letter or any
// non-ASCII rune (names in Chinese, Greek, Cyrillic...).
func hasLetter(v []byte) bool {
	for _, c := range v {
		if class[c]&(cUpper|cLower) != 0 || c >= 0x80 {
			return true
		}
	}
	return false
}
