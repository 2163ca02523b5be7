package source

import (
	"strings"
	"unicode/utf8"
)

// cleanName makes an archive member's stored name fit for display: forward
// slashes, no leading slash, no empty or "." segments, valid UTF-8, and no
// characters that could rewrite a terminal line or reorder what a reviewer
// reads (control characters, bidirectional formatting) — each such
// character becomes U+FFFD. Everything else stays literal, "../" segments
// and drive letters included ("C:\x" shows as "C:/x"): the name is a label
// that says what the archive claims, and is never used as a path.
func cleanName(name string) string {
	name = strings.Map(displayRune, strings.ToValidUTF8(name, string(utf8.RuneError)))
	segments := strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == '\\' })
	kept := segments[:0]
	for _, s := range segments {
		if s != "." {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		return "(unnamed)"
	}
	return strings.Join(kept, "/")
}

// displayRune replaces control characters and bidirectional formatting
// characters with U+FFFD.
func displayRune(r rune) rune {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0,
		r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return utf8.RuneError
	}
	return r
}
