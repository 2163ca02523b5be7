package detect

import (
	"bytes"
	"testing"
)

// isPlaceholderByFolding is isPlaceholder without the first-byte filter.
func isPlaceholderByFolding(v []byte) bool {
	if len(v) > len("undefined") {
		return false
	}
	for _, ph := range placeholders {
		if bytes.EqualFold(v, ph) {
			return true
		}
	}
	return false
}

func TestIsPlaceholderFilterAgreesWithFolding(t *testing.T) {
	values := []string{"", "-", "--", "N/A", "n/A", "NA", "Null", "NIL", "None", "UNKNOWN", "unknown",
		"un\u212Anown", "Undefined", "?", "*", "***", "******", "X", "x", "Max", "韩超", "浙江省",
		"\u212A", "\u017Fx", "Müller", "12", "kein", "s", "nul", "nulll", "xx"}
	for _, ph := range placeholders {
		values = append(values, string(ph), string(bytes.ToUpper(ph)))
	}
	for _, v := range values {
		if got, want := isPlaceholder([]byte(v)), isPlaceholderByFolding([]byte(v)); got != want {
			t.Errorf("isPlaceholder(%q) = %v, folding says %v", v, got, want)
		}
	}
}

func FuzzIsPlaceholder(f *testing.F) {
	f.Add([]byte("N/A"))
	f.Add([]byte("un\u212Anown"))
	f.Fuzz(func(t *testing.T, v []byte) {
		if got, want := isPlaceholder(v), isPlaceholderByFolding(v); got != want {
			t.Errorf("isPlaceholder(%q) = %v, folding says %v", v, got, want)
		}
	})
}
