package source

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanName(t *testing.T) {
	tests := []struct {
		name, stored, want string
	}{
		{"an ordinary name stays as it is", "export/users.csv", "export/users.csv"},
		{"path traversal segments are kept literally, for the reviewer to see", "../../etc/passwd", "../../etc/passwd"},
		{"a leading slash goes", "/etc/passwd", "etc/passwd"},
		{"backslashes become slashes", `backup\2020\users.csv`, "backup/2020/users.csv"},
		{"a drive letter stays as a segment", `C:\Users\max\export.csv`, "C:/Users/max/export.csv"},
		{"empty and dot segments go", "a//b/./c/", "a/b/c"},
		{"a trailing slash goes", "dir/", "dir"},
		{"Chinese names stay", "导出/用户.csv", "导出/用户.csv"},
		{"invalid UTF-8 becomes the replacement character", "caf\xe9.csv", "caf\uFFFD.csv"},
		{"control characters cannot rewrite the terminal", "evil\x1b[2Jname\r\n.csv", "evil\uFFFD[2Jname\uFFFD\uFFFD.csv"},
		{"bidirectional overrides cannot disguise an extension", "invoice\u202Efdp.exe", "invoice\uFFFDfdp.exe"},
		{"a name of nothing but slashes and dots is shown as unnamed", "/./", "(unnamed)"},
		{"an empty name is shown as unnamed", "", "(unnamed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanName(tt.stored); got != tt.want {
				t.Errorf("cleanName(%q) = %q, want %q", tt.stored, got, tt.want)
			}
		})
	}
}

func FuzzCleanName(f *testing.F) {
	for _, seed := range []string{"a/b", "../../x", `C:\x`, "/abs", "a//./b/", "\x00\xff", "\u202e", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, stored string) {
		got := cleanName(stored)
		switch {
		case !utf8.ValidString(got):
			t.Errorf("cleanName(%q) = %q: not valid UTF-8", stored, got)
		case got == "" || strings.HasPrefix(got, "/") || strings.HasSuffix(got, "/"):
			t.Errorf("cleanName(%q) = %q: empty, or a slash at either end", stored, got)
		case strings.Contains(got, `\`) || strings.Contains(got, "//") || strings.Contains("/"+got+"/", "/./"):
			t.Errorf("cleanName(%q) = %q: a backslash, an empty or a dot segment", stored, got)
		case strings.IndexFunc(got, func(r rune) bool { return displayRune(r) != r && r != utf8.RuneError }) >= 0:
			t.Errorf("cleanName(%q) = %q: a character unsafe for display", stored, got)
		case cleanName(got) != got:
			t.Errorf("cleanName(%q) = %q, but cleaning that again gives %q", stored, got, cleanName(got))
		}
	})
}
