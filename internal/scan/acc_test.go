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
