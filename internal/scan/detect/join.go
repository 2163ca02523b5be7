package detect

// A tabular record's name columns together are one name, and its address
// columns together are one postal address (docs/scanner.md). These join the
// values the way the report defines.

// JoinName joins a record's name values with one space; placeholders and
// values without a letter are left out. It returns "" when nothing is left.
func JoinName(values [][]byte) string {
	return string(appendName(nil, values))
}

// JoinAddress joins a record's address values with ", ", each trimmed and
// with runs of whitespace collapsed to one space; placeholders are left out.
func JoinAddress(values [][]byte) string {
	return string(appendAddress(nil, values))
}

// appendName appends JoinName(values) to dst; it appends at most
// joinBound(values) bytes.
func appendName(dst []byte, values [][]byte) []byte {
	start := len(dst)
	for _, v := range values {
		v = trimSpace(v)
		if len(v) == 0 || isPlaceholder(v) || !hasLetter(v) {
			continue
		}
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		dst = append(dst, v...)
	}
	return dst
}

// appendAddress appends JoinAddress(values) to dst; it appends at most
// joinBound(values) bytes.
func appendAddress(dst []byte, values [][]byte) []byte {
	start := len(dst)
	for _, v := range values {
		v = trimSpace(v)
		if len(v) == 0 || isPlaceholder(v) {
			continue
		}
		if len(dst) > start {
			dst = append(dst, ", "...)
		}
		dst = appendCollapsed(dst, v)
	}
	return dst
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

// appendCollapsed appends v with each run of spaces, tabs and line breaks
// inside it written as one space, a run of other bytes at a time.
func appendCollapsed(dst, v []byte) []byte {
	for len(v) > 0 {
		i := 0
		for i < len(v) && !collapsible(v[i]) {
			i++
		}
		dst = append(dst, v[:i]...)
		j := i
		for j < len(v) && collapsible(v[j]) {
			j++
		}
		if i < j && j < len(v) {
			dst = append(dst, ' ')
		}
		v = v[j:]
	}
	return dst
}

func collapsible(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

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
