package scan

import (
	"strconv"
	"sync"
	"testing"
	"unsafe"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

func TestNumCategoriesMatchesTheCategories(t *testing.T) {
	if numCategories != len(detect.Categories) {
		t.Fatalf("numCategories = %d, detect.Categories has %d", numCategories, len(detect.Categories))
	}
}

// TestSharedTablesFromManyDetectors books records whose persons span
// detectors (each pair of records shares a phone number, and the two go
// to different detectors) and checks the figures against the single
// detector's; with -race it checks the tables' locking.
func TestSharedTablesFromManyDetectors(t *testing.T) {
	const n = 20000
	recs := make([]record, n)
	for i := range recs {
		kind := "bcrypt"
		if i%3 == 0 {
			kind = "md5"
		}
		recs[i].addMatches(
			detect.Match{Category: detect.Email, Value: "u" + strconv.Itoa(i) + "@example.com"},
			detect.Match{Category: detect.Phone, Value: "+86138" + strconv.Itoa(i/2)},
			detect.Match{Category: detect.IPAddress, Value: "10.0.0." + strconv.Itoa(i%100)},
			detect.Match{Category: detect.Credential, Kind: kind, Value: "$2a$" + strconv.Itoa(i)},
		)
	}
	var examples [numCategories]string
	for _, workers := range []int{1, 4} {
		tables, accs := newSharedAccs(workers)
		var wg sync.WaitGroup
		for w, a := range accs {
			wg.Go(func() {
				for i := w; i < n; i += workers {
					a.addRecord(&recs[i])
				}
			})
		}
		wg.Wait()
		total := mergeAccs(tables, accs)
		counts := total.categoryCounts()
		if got := total.personCount(); got != n/2 {
			t.Errorf("%d detectors: %d persons, want %d", workers, got, n/2)
		}
		if total.records != n {
			t.Errorf("%d detectors: %d records, want %d", workers, total.records, n)
		}
		for c, want := range map[detect.Category]int64{detect.Email: n, detect.Phone: n / 2, detect.IPAddress: 100, detect.Credential: n} {
			if got := counts[c].Distinct; got != want {
				t.Errorf("%d detectors: %d distinct %s, want %d", workers, got, c, want)
			}
		}
		if k := counts[detect.Credential].Kinds; k["md5"] != (n+2)/3 || k["bcrypt"] != n-(n+2)/3 {
			t.Errorf("%d detectors: credential kinds %v", workers, k)
		}
		if total.examples[categoryIndex(detect.Email)] == "" {
			t.Errorf("%d detectors: no e-mail example", workers)
		}
		if workers > 1 && total.examples != examples {
			t.Errorf("%d detectors: other examples than one detector's", workers)
		}
		examples = total.examples
	}
}

// The person nodes are sized by hand (see ufNode): a field added there
// costs memory per record with a linking value.
func TestNodeSize(t *testing.T) {
	if s := unsafe.Sizeof(ufNode{}); s != 8 {
		t.Errorf("ufNode is %d bytes, want 8", s)
	}
}
