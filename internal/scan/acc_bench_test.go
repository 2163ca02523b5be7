package scan

import (
	"strconv"
	"sync"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// benchRecords are users-table rows: four distinct values each, two of
// them linking (e-mail, phone), as in a leaked registration table.
func benchRecords(n int) []record {
	recs := make([]record, n)
	for i := range recs {
		id := strconv.Itoa(i)
		recs[i].addMatches(
			detect.Match{Category: detect.Email, Value: "user" + id + "@example.com"},
			detect.Match{Category: detect.Phone, Value: "+86138" + id},
			detect.Match{Category: detect.IPAddress, Value: "10.1." + id},
			detect.Match{Category: detect.Credential, Kind: "bcrypt", Value: "$2a$10$" + id},
		)
	}
	return recs
}

// BenchmarkAccBook books 256K and 1M such records (the users CSV has 983K)
// from two detectors, merges their figures and counts the report's: the
// accumulator alone, without extraction or detection.
func BenchmarkAccBook(b *testing.B) {
	for _, n := range []int{1 << 18, 1 << 20} {
		b.Run(strconv.Itoa(n>>10)+"K", func(b *testing.B) { benchAccBook(b, n) })
	}
}

func benchAccBook(b *testing.B, n int) {
	recs := benchRecords(n)
	b.ReportAllocs()
	for b.Loop() {
		t, accs := newSharedAccs(2)
		var wg sync.WaitGroup
		for w, a := range accs {
			wg.Go(func() {
				for i := w; i < n; i += len(accs) {
					a.addRecord(&recs[i])
				}
			})
		}
		wg.Wait()
		total := mergeAccs(t, accs)
		counts := total.categoryCounts()
		if got := total.personCount(); got != int64(n) || counts[detect.Credential].Distinct != int64(n) {
			b.Fatalf("persons = %d, credentials = %d, want %d", got, counts[detect.Credential].Distinct, n)
		}
	}
}
