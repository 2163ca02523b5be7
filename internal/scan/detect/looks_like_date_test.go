package detect

import "testing"

func TestLooksLikeDate(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want bool
	}{
		{"24.11.2026", true},
		{"2026-11-24", true},
		{"11/24/2026", true},
		{"1/2/26", true},
		{"2026-1-2", true},
		{"24.11.20266", false},
		{"12026-11-24", false},
		{"2026-11-245", false},
		{"13301842787", false},
		{"133-0184-2787", false},
		{"1.2.3.4", false},
		{"", false},
	} {
		if got := looksLikeDate([]byte(tc.raw)); got != tc.want {
			t.Errorf("looksLikeDate(%q) = %v, want %v", tc.raw, got, tc.want)
		}
		if got := dateShape([]byte(tc.raw)); got != tc.want {
			t.Errorf("dateShape(%q) = %v, want %v", tc.raw, got, tc.want)
		}
	}
}

// FuzzLooksLikeDate compares looksLikeDate with and without its length
// cut-off.
func FuzzLooksLikeDate(f *testing.F) {
	for _, s := range []string{"24.11.2026", "2026-11-24", "13301842787", "1/2/26", "0000-00-000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if got, want := looksLikeDate([]byte(raw)), dateShape([]byte(raw)); got != want {
			t.Fatalf("looksLikeDate(%q) = %v, without the cut-off %v", raw, got, want)
		}
	})
}
