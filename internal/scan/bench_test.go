package scan_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/synthleak"
)

// BenchmarkScanLeak scans a synthetic NIO-shaped leak (users CSV, address
// NDJSON, SQL dump, XLSX, DOCX, PDF, mbox, zip and tar.gz backups, config
// files, decoys) with every detector on. BREACHDESK_BENCH_LEAK names a leak
// directory made by leakgen to scan instead (docs/benchmarks.md).
func BenchmarkScanLeak(b *testing.B) {
	dir, size := benchLeak(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Region: "CN"})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Persons == 0 {
			b.Fatal("no persons found")
		}
	}
}

var (
	leakOnce sync.Once
	leakDir  string
	leakSize int64
	leakErr  error
)

func benchLeak(b *testing.B) (string, int64) {
	if dir := os.Getenv("BREACHDESK_BENCH_LEAK"); dir != "" {
		rep, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Region: "CN"})
		if err != nil {
			b.Fatal(err)
		}
		return dir, rep.Scanned.Bytes
	}
	leakOnce.Do(func() {
		leakDir, leakErr = os.MkdirTemp("", "breachdesk-bench-")
		if leakErr != nil {
			return
		}
		var rep *scan.Report
		rep, leakErr = synthleak.Generate(leakDir, synthleak.Options{Persons: 100_000, Seed: 7})
		if leakErr == nil {
			leakSize = rep.Scanned.Bytes
		}
	})
	if leakErr != nil {
		b.Fatal(leakErr)
	}
	return leakDir, leakSize
}
