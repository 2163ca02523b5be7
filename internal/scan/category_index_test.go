package scan

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

func TestCategoryIndexFollowsTheReportOrder(t *testing.T) {
	for i, c := range detect.Categories {
		if got := categoryIndex(c); got != i {
			t.Errorf("categoryIndex(%q) = %d, want %d (its place in detect.Categories)", c, got, i)
		}
	}
	if got := categoryIndex(detect.Category("shoe_size")); got != numCategories {
		t.Errorf("an unknown category gave %d, want numCategories", got)
	}
}
