package publish

import (
	"regexp"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// SHA-1 of "password" and of "hunter2".
const (
	sha1Password = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"
	sha1Hunter2  = "F3BBBD66A63D4BF1747940578EC3D0103530E21D"
)

func TestParsePasswords(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []PwnedRow // nil: an error
		bad  string     // the error's line numbers
	}{
		{"hashes with counts", sha1Password + ":3\r\n" + strings.ToLower(sha1Hunter2) + ":10\n",
			[]PwnedRow{{"5BAA6", sha1Password[5:], 3}, {"F3BBB", sha1Hunter2[5:], 10}}, ""},
		{"a hash without a count counts once", sha1Password + "\n", []PwnedRow{{"5BAA6", sha1Password[5:], 1}}, ""},
		{"plain passwords are hashed, blank lines skipped", "password\n\n   \nhunter2",
			[]PwnedRow{{"5BAA6", sha1Password[5:], 1}, {"F3BBB", sha1Hunter2[5:], 1}}, ""},
		{"the same hash adds up", "password\n" + sha1Password + ":4\n", []PwnedRow{{"5BAA6", sha1Password[5:], 5}}, ""},
		{"a password with spaces inside is one", "correct horse\n", []PwnedRow{{"2F9E5", "", 1}}, ""},
		{"a bad count", "password\n" + sha1Password + ":x\n" + sha1Password + ":0\n", nil, "line 2, 3"},
		{"control characters", "pass\x00word\n", nil, "line 1"},
		{"not UTF-8", "ok\n\xff\xfe\n", nil, "line 2"},
		{"too long", "a\n" + strings.Repeat("x", maxPasswordLine+1) + "\nb\n", nil, "line 2"},
		{"longer than the buffer", strings.Repeat("y", 200<<10) + "\nb\n", nil, "line 1"},
		{"many bad lines", strings.Repeat(sha1Password+":-1\n", 12), nil, "line 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more"},
		{"empty", "", []PwnedRow{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, err := parsePasswords(strings.NewReader(c.in))
			if c.want == nil {
				if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "passwords: "+c.bad+":") {
					t.Fatalf("err = %v, want lines %q", err, c.bad)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(c.want) {
				t.Fatalf("rows %+v, want %+v", rows, c.want)
			}
			for i, w := range c.want {
				if w.Suffix == "" { // only the prefix is spelled out
					w.Suffix = rows[i].Suffix
				}
				if rows[i] != w {
					t.Errorf("row %d: %+v, want %+v", i, rows[i], w)
				}
			}
		})
	}
}

// errTemplate is every error parsePasswords gives, digits taken out: an
// error never quotes a line (they are passwords).
var errTemplate = regexp.MustCompile(`^passwords: (line [0-9, ]+( and [0-9]+ more)?: neither a SHA-1 hash \(40 hex digits, optionally :count\) nor a password of one line; nothing was imported|the file could not be read after line [0-9]+|more than [0-9]+ distinct hashes)$`)

var rowHex = regexp.MustCompile(`^[0-9A-F]+$`)

func FuzzParsePasswords(f *testing.F) {
	for _, s := range []string{sha1Password + ":3\n", "password\nhunter2\n", sha1Password + ":x\n", "\xff\n", "a:b:c\r\n\r\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := parsePasswords(strings.NewReader(string(in)))
		if err != nil {
			if !errTemplate.MatchString(errs.MessageOf(err)) {
				t.Fatalf("error %q is not one of the fixed messages", errs.MessageOf(err))
			}
			return
		}
		for i, r := range rows {
			if len(r.Prefix) != 5 || len(r.Suffix) != 35 || !rowHex.MatchString(r.Prefix+r.Suffix) || r.Count < 1 {
				t.Fatalf("row %+v", r)
			}
			if i > 0 && rows[i-1].Prefix+rows[i-1].Suffix >= r.Prefix+r.Suffix {
				t.Fatalf("rows not sorted and distinct at %d", i)
			}
		}
	})
}
