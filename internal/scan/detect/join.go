package detect

import "bytes"

// A tabular record's name columns together are one name, and its address
// columns together are one postal address (docs/scanner.md). These join the
// values the way the report defines.

// JoinName joins a record's name values with one space; placeholders and
// values without a letter are left out. It returns "" when nothing is left.
func JoinName(values [][]byte) string {
	var b bytes.Buffer
	for _, v := range values {
		v = bytes.TrimSpace(v)
		if len(v) == 0 || isPlaceholder(v) || !hasLetter(v) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(v)
	}
	return b.String()
}

// JoinAddress joins a record's address values with ", ", each trimmed and
// with runs of whitespace collapsed to one space; placeholders are left out.
func JoinAddress(values [][]byte) string {
	var b bytes.Buffer
	for _, v := range values {
		v = bytes.TrimSpace(v)
		if len(v) == 0 || isPlaceholder(v) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		writeCollapsed(&b, v)
	}
	return b.String()
}

func writeCollapsed(b *bytes.Buffer, v []byte) {
	space := false
	for _, c := range v {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
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
