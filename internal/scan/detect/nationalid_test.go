package detect

import (
	"strings"
	"testing"
	"time"
)

// idCase is one example of a national ID table: the compact input, and
// whether it is valid. Valid inputs normalize to themselves unless want
// says otherwise.
type idCase struct {
	name  string
	in    string
	valid bool
	want  string
}

// idFormat returns the format of kind from IDFormats.
func idFormat(t testing.TB, kind string) IDFormat {
	t.Helper()
	for _, f := range IDFormats {
		if f.Kind == kind {
			return f
		}
	}
	t.Fatalf("no ID format %q", kind)
	return IDFormat{}
}

// testIDCases runs a table of examples through the format of kind. Inputs
// of a length the format does not have are still validated: Validate must
// reject them on its own.
func testIDCases(t *testing.T, kind string, cases []idCase) {
	t.Helper()
	f := idFormat(t, kind)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := f.Validate([]byte(c.in))
			want := c.want
			if want == "" && c.valid {
				want = c.in
			}
			if ok != c.valid || got != want {
				t.Errorf("Validate(%q) = %q, %v; want %q, %v", c.in, got, ok, want, c.valid)
			}
		})
	}
}

// pinToday makes the national ID validators take y-m-d as today.
func pinToday(t *testing.T, y int, m time.Month, d int) {
	t.Helper()
	saved := nationalIDClock
	nationalIDClock = func() time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { nationalIDClock = saved })
}

// singleCharChanges returns every variant of s with one digit replaced by
// another digit.
func singleCharChanges(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			continue
		}
		for c := byte('0'); c <= '9'; c++ {
			if c != s[i] {
				out = append(out, s[:i]+string(c)+s[i+1:])
			}
		}
	}
	return out
}

// adjacentSwaps returns every variant of s with two different adjacent
// digits swapped.
func adjacentSwaps(s string) []string {
	var out []string
	for i := 0; i+1 < len(s); i++ {
		if isDigit(s[i]) && isDigit(s[i+1]) && s[i] != s[i+1] {
			b := []byte(s)
			b[i], b[i+1] = b[i+1], b[i]
			out = append(out, string(b))
		}
	}
	return out
}

// testNoNearMissValidates checks that no single-digit change and no swap
// of adjacent digits of a valid number validates: the strong formats'
// checks catch all of those.
func testNoNearMissValidates(t *testing.T, kind, valid string) {
	t.Helper()
	f := idFormat(t, kind)
	if _, ok := f.Validate([]byte(valid)); !ok {
		t.Fatalf("%s: the base number %q does not validate", kind, valid)
	}
	for _, v := range append(singleCharChanges(valid), adjacentSwaps(valid)...) {
		if _, ok := f.Validate([]byte(v)); ok {
			t.Errorf("%s: near miss %q of %q validates", kind, v, valid)
		}
	}
}

func TestIDFormatsTable(t *testing.T) {
	kinds := map[string]bool{}
	seenWeak := false
	for _, f := range IDFormats {
		if kinds[f.Kind] {
			t.Errorf("kind %q is listed twice", f.Kind)
		}
		kinds[f.Kind] = true
		if f.Validate == nil || len(f.Lengths) == 0 || len(f.Words) == 0 {
			t.Errorf("%s: Validate, Lengths and Words must all be set", f.Kind)
		}
		if seenWeak && !f.Weak {
			t.Errorf("%s: a strong format comes after a weak one; strong formats must be tried first", f.Kind)
		}
		seenWeak = seenWeak || f.Weak
		for _, w := range f.Words {
			if w != strings.ToLower(w) || strings.TrimSpace(w) != w || w == "" {
				t.Errorf("%s: word %q must be lower-case and trimmed", f.Kind, w)
			}
		}
	}
	for _, k := range []string{"cn_resident_id", "de_tax_id", "de_id_card", "us_ssn", "uk_nino", "nl_bsn",
		"es_dni", "es_nie", "it_codice_fiscale", "fr_nir"} {
		if !kinds[k] {
			t.Errorf("kind %q is missing", k)
		}
	}
}

func TestIDFormatsRejectEveryOtherLength(t *testing.T) {
	for _, f := range IDFormats {
		for n := 0; n <= 40; n++ {
			if hasLength(f.Lengths, n) {
				continue
			}
			for _, fill := range []byte{'0', '1', '7', 'X', 'A'} {
				in := []byte(strings.Repeat(string(fill), n))
				if _, ok := f.Validate(in); ok {
					t.Errorf("%s: Validate accepts %d characters", f.Kind, n)
				}
			}
		}
	}
}

func TestBirthDateValid(t *testing.T) {
	pinToday(t, 2026, time.November, 24)
	cases := []struct {
		name    string
		y, m, d int
		valid   bool
	}{
		{"the first day of 1900 is the earliest", 1900, 1, 1, true},
		{"the last day of 1899 is too early", 1899, 12, 31, false},
		{"today is a birth date", 2026, 11, 24, true},
		{"tomorrow is not", 2026, 11, 25, false},
		{"next month is not", 2026, 12, 1, false},
		{"next year is not", 2027, 1, 1, false},
		{"29 February of a leap year", 2000, 2, 29, true},
		{"29 February of a common year", 2001, 2, 29, false},
		{"1900 was not a leap year", 1900, 2, 29, false},
		{"31 April does not exist", 1990, 4, 31, false},
		{"month 13 does not exist", 1990, 13, 1, false},
		{"month 0 does not exist", 1990, 0, 1, false},
		{"day 0 does not exist", 1990, 1, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := birthDateValid(c.y, c.m, c.d); got != c.valid {
				t.Errorf("birthDateValid(%d, %d, %d) = %v, want %v", c.y, c.m, c.d, got, c.valid)
			}
		})
	}
}

// BenchmarkIDFormatValidate measures the national ID validators on a
// valid number of each kind (one allocation: the normalized string) and on
// a near miss (none).
func BenchmarkIDFormatValidate(b *testing.B) {
	examples := map[string][2]string{
		"cn_resident_id":    {"11010519491231002X", "11010519491231002Y"},
		"de_tax_id":         {"86095742719", "86095742718"},
		"de_id_card":        {"T220001293", "T220001294"},
		"us_ssn":            {"536905001", "666905001"},
		"uk_nino":           {"AB123456C", "QQ123456C"},
		"nl_bsn":            {"123456782", "123456783"},
		"es_dni":            {"12345678Z", "12345678A"},
		"es_nie":            {"X1234567L", "X1234567M"},
		"it_codice_fiscale": {"RSSMRA85T10A562S", "RSSMRA85T10A562T"},
		"fr_nir":            {"157016748214562", "157016748214563"},
	}
	for _, f := range IDFormats {
		ex := examples[f.Kind]
		for i, name := range []string{"valid", "near_miss"} {
			in := []byte(ex[i])
			b.Run(f.Kind+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				b.ReportAllocs()
				for b.Loop() {
					f.Validate(in)
				}
			})
		}
	}
}
