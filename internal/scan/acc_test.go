package scan

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

func TestNumCategoriesMatchesTheCategories(t *testing.T) {
	if numCategories != len(detect.Categories) {
		t.Fatalf("numCategories = %d, detect.Categories has %d", numCategories, len(detect.Categories))
	}
}

func TestCategoryNumberIsCategoryIndex(t *testing.T) {
	for _, c := range append(append([]detect.Category{}, detect.Categories...), "no_such_category", "") {
		if got, want := categoryNumber(c), categoryIndex(c); got != want {
			t.Errorf("categoryNumber(%q) = %d, categoryIndex says %d", c, got, want)
		}
	}
}
