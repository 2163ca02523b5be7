package source

import "testing"

func TestLimitsZeroFieldsTakeTheirDefaults(t *testing.T) {
	got := Limits{MaxDepth: 2, TempDir: "/spool"}.withDefaults()
	want := DefaultLimits()
	want.MaxDepth, want.TempDir = 2, "/spool"
	if got != want {
		t.Errorf("withDefaults = %+v, want %+v", got, want)
	}
	if (Limits{}).withDefaults() != DefaultLimits() {
		t.Error("the zero Limits are not the defaults")
	}
}

func TestForFileBudget(t *testing.T) {
	tests := []struct {
		name string
		lim  Limits
		size int64
		want int64
	}{
		{"a small file may expand 1000 times its size, plus a grace", Limits{}, 42_000, 42_000_000 + ratioGrace},
		{"a size of 0 (not known to the caller) allows MaxExpanded", Limits{MaxRatio: 10}, 0, 1 << 40},
		{"a file of unknown size may expand up to MaxExpanded", Limits{}, -1, 1 << 40},
		{"a huge file is capped by MaxExpanded", Limits{MaxExpanded: 1 << 30}, 1 << 30, 1 << 30},
		{"the ratio is the one configured", Limits{MaxRatio: 10}, 1000, 10_000 + ratioGrace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.lim.ForFile(tt.size).budget.max; got != tt.want {
				t.Errorf("budget %d bytes, want %d", got, tt.want)
			}
		})
	}
}

// Copies of the Limits ForFile returned share one budget: that is how it
// spans every archive nested in one top-level file.
func TestForFileCopiesShareTheBudget(t *testing.T) {
	lim := Limits{MaxRatio: 1}.ForFile(10)
	inner := lim
	inner.budget.add(ratioGrace)
	if !lim.budget.add(10) || lim.budget.add(1) {
		t.Error("the copy's spending is not seen by the original")
	}
	if !lim.budget.exhausted() || lim.ForFile(10).budget.exhausted() {
		t.Error("ForFile does not start a fresh budget")
	}
}
