package scan_test

import (
	"context"
	"os"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan"
)

// BenchmarkScanDense scans the dense one-line text named by
// BREACHDESK_BENCH_DENSE (made by leakgen -dense): one document record of
// millions of distinct e-mails and phone numbers, each its own person, so
// nearly all of the accumulator's work is on document values.
func BenchmarkScanDense(b *testing.B) {
	path := os.Getenv("BREACHDESK_BENCH_DENSE")
	if path == "" {
		b.Skip("BREACHDESK_BENCH_DENSE names no file")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		rep, err := scan.Run(context.Background(), scan.Options{Paths: []string{path}, Region: "CN"})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Persons == 0 {
			b.Fatal("no persons found")
		}
	}
}
