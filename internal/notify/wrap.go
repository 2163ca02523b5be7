package notify

import (
	"strings"
	"unicode/utf8"
)

// textWidth is the width of the e-mail's text part in columns.
const textWidth = 76

// isWide reports whether r takes two columns in a fixed-width font (East
// Asian wide and full-width characters).
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF && r != 0x303F,
		r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}

// isHangul: Korean separates words with spaces, so its syllables are not
// broken apart like Chinese or Japanese characters.
func isHangul(r rune) bool { return r >= 0x1100 && r <= 0x11FF || r >= 0xAC00 && r <= 0xD7A3 }

// breaksAnywhere reports whether a line may break before and after r.
func breaksAnywhere(r rune) bool { return isWide(r) && !isHangul(r) }

// noBreakBefore are characters that must not start a line (closing
// punctuation); noBreakAfter must not end one (opening brackets).
const (
	noBreakBefore = "、。，．：；？！）」』】〉》〕］｝〗・ー…—,.;:!?)"
	noBreakAfter  = "（「『【〈《〔［｛〖"
)

// opensBracket reports whether r is in noBreakAfter (all of them lie
// above U+3000: the check costs nothing for Latin text).
func opensBracket(r rune) bool { return r >= 0x3000 && strings.ContainsRune(noBreakAfter, r) }

func runeWidth(r rune) int {
	if isWide(r) {
		return 2
	}
	return 1
}

// displayWidth is the width of s in columns.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// nextUnit returns the length and width of the unbreakable unit at the
// start of s (s does not start with a space): a word, or one CJK
// character with the punctuation that must stay with it.
func nextUnit(s string) (n, width int) {
	r, size := utf8.DecodeRuneInString(s)
	if breaksAnywhere(r) || opensBracket(r) {
		n, width = size, runeWidth(r)
		// An opening bracket stays with what follows it.
		for opensBracket(r) && n < len(s) {
			r, size = utf8.DecodeRuneInString(s[n:])
			n, width = n+size, width+runeWidth(r)
		}
	} else {
		for n < len(s) {
			r, size = utf8.DecodeRuneInString(s[n:])
			if r == ' ' || (n > 0 && (breaksAnywhere(r) || opensBracket(r)) && !strings.ContainsRune(noBreakBefore, r)) {
				break
			}
			n, width = n+size, width+runeWidth(r)
		}
	}
	// Closing punctuation stays with what precedes it.
	for n < len(s) {
		r, size = utf8.DecodeRuneInString(s[n:])
		if !strings.ContainsRune(noBreakBefore, r) {
			break
		}
		n, width = n+size, width+runeWidth(r)
	}
	return n, width
}

// wrapLine writes s to b, broken into lines of at most textWidth columns:
// the first starts with first, the others with rest (of the same width).
// A unit longer than a line (a long link) gets a line of its own.
func wrapLine(b *strings.Builder, s, first, rest string) {
	b.WriteString(first)
	limit := textWidth - displayWidth(first)
	col, space := 0, false
	for len(s) > 0 {
		if s[0] == ' ' {
			space = col > 0
			s = s[1:]
			continue
		}
		n, w := nextUnit(s)
		gap := 0
		if space {
			gap = 1
		}
		if col > 0 && col+gap+w > limit {
			b.WriteByte('\n')
			b.WriteString(rest)
			col, gap = 0, 0
		}
		if gap == 1 {
			b.WriteByte(' ')
		}
		b.WriteString(s[:n])
		col += gap + w
		space = false
		s = s[n:]
	}
	b.WriteByte('\n')
}
