package sqlstore

import (
	"testing"
	"time"
)

func TestNumberedParams(t *testing.T) {
	cases := []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`a = ? AND b = ?`, `a = $1 AND b = $2`},
		{`x LIKE ? ESCAPE '\'`, `x LIKE $1 ESCAPE '\'`},
		{`'what?' = ? AND "odd?col" = ?`, `'what?' = $1 AND "odd?col" = $2`},
		{`'it''s?' || ?`, `'it''s?' || $1`},
	}
	for _, tc := range cases {
		if got := NumberedParams(tc.in); got != tc.want {
			t.Errorf("NumberedParams(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestContainsPatternEscapesWildcards(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Müller", "%müller%"},
		{"50%", `%50\%%`},
		{"file_s", `%file\_s%`},
		{`a\b`, `%a\\b%`},
	}
	for _, tc := range cases {
		if got := containsPattern(tc.in); got != tc.want {
			t.Errorf("containsPattern(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTimesScanFromEveryDriverForm(t *testing.T) {
	want := time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)
	for _, src := range []any{
		"2025-03-14T09:26:53.589793Z",
		[]byte("2025-03-14T09:26:53.589793Z"),
		"2025-03-14T10:26:53.589793+01:00",
		want.In(time.FixedZone("CET", 3600)),
	} {
		var got time.Time
		if err := scanTime(&got).Scan(src); err != nil {
			t.Fatalf("scan %T %v: %v", src, src, err)
		}
		if got != want {
			t.Errorf("scan %T %v = %v, want %v in UTC", src, src, got, want)
		}
	}
	var p *time.Time = &want
	if err := scanNullTime(&p).Scan(nil); err != nil || p != nil {
		t.Errorf("NULL scans as %v, %v; want nil", p, err)
	}
	var t0 time.Time
	if err := scanTime(&t0).Scan(nil); err == nil {
		t.Error("NULL scanned into a time that may not be NULL")
	}
	if got := FormatTime(want.In(time.FixedZone("CET", 3600))); got != "2025-03-14T09:26:53.589793Z" {
		t.Errorf("FormatTime = %s", got)
	}
}
