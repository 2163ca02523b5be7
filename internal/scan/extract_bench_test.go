package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// These benchmarks measure extraction and the hand-off to the detectors
// alone: the real extractor feeds the real fileSink, which packs batches,
// and a stand-in detector only releases them. One big file's extractor
// runs in one goroutine, so its speed bounds the whole scan of that file.

// BenchmarkExtractToBatches runs files shaped like the synthetic leak's
// biggest text files through their extractor into batches.
func BenchmarkExtractToBatches(b *testing.B) {
	for _, bench := range []struct {
		name   string
		format extract.Format
		data   []byte
	}{
		{"users-csv", extract.CSV, benchUsersCSV(200000)},
		{"addresses-ndjson", extract.NDJSON, benchAddressesNDJSON(100000)},
		{"owners-sql", extract.SQL, benchOwnersSQL(100000)},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.SetBytes(int64(len(bench.data)))
			b.ReportAllocs()
			for b.Loop() {
				extractToBatches(b, bench.format, bench.data)
			}
		})
	}
}

// BenchmarkExtractFilesToBatches runs the text files of the directory
// that BREACHDESK_BENCH_TEXT names (such as a leakgen leak's CSV, NDJSON
// and SQL files) through their extractors into batches, one sub-benchmark
// a file; it is skipped without the variable.
func BenchmarkExtractFilesToBatches(b *testing.B) {
	dir := os.Getenv("BREACHDESK_BENCH_TEXT")
	if dir == "" {
		b.Skip("BREACHDESK_BENCH_TEXT is not set")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || len(data) < 1<<20 {
			continue
		}
		format := extract.Sniff(data[:min(len(data), extract.SniffSize)], e.Name())
		if _, ok := extractors[format]; !ok || needsRandomAccess[format] {
			continue
		}
		b.Run(e.Name(), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				extractToBatches(b, format, data)
			}
		})
	}
}

// extractToBatches extracts data into batches that a goroutine releases
// as a detector would after scanning them.
func extractToBatches(b *testing.B, format extract.Format, data []byte) {
	r := &run{ctx: context.Background(), batches: make(chan *batch, 4), findings: newFindingsWriter(nil)}
	done := make(chan struct{})
	go func() {
		for bt := range r.batches {
			st := bt.file
			bt.release()
			st.wg.Done()
		}
		close(done)
	}()
	sink := newFileSink(&worker{run: r}, "bench", format)
	// The file reaches its extractor as in scanReader: through a bufio
	// reader that sniffed its head.
	in := bufio.NewReaderSize(bytes.NewReader(data), scanReaderBuffer)
	if _, err := in.Peek(extract.SniffSize); err != nil && !errors.Is(err, io.EOF) {
		b.Fatal(err)
	}
	if err := extractors[format](r.ctx, in, "bench", sink); err != nil {
		b.Fatal(err)
	}
	if len(sink.b.items) > 0 {
		sink.flush()
	}
	sink.b.release()
	close(r.batches)
	<-done
}

// benchUsersCSV writes n rows like registered_users.csv: about 150 bytes
// of id, user name, e-mail, mobile, date, IPv4 and bcrypt hash.
func benchUsersCSV(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("id,username,email,mobile,reg_date,last_login_ip,password_hash\n")
	const hashChars = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	x := uint32(2463534242)
	next := func() uint32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x }
	hash := make([]byte, 53)
	for i := 1; i <= n; i++ {
		for j := range hash {
			hash[j] = hashChars[next()%64]
		}
		v := next()
		fmt.Fprintf(&buf, "%d,xutao%02d,xu_tao%06d@sohu.com,13%09d,2021-%02d-%02d %02d:%02d:%02d,%d.%d.%d.%d,$2b$10$%s\n",
			i, v%100, v%1000000, v%1000000000, v%12+1, v%28+1, v%24, v%60, (v>>8)%60,
			v>>24, (v>>16)&255, (v>>8)&255, v&255, hash)
	}
	return buf.Bytes()
}

// benchAddressesNDJSON writes n lines like addresses.ndjson.
func benchAddressesNDJSON(n int) []byte {
	var buf bytes.Buffer
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&buf, `{"user_id":%d,"receiver":"韩超","phone":"+86 133 %04d %04d","address":{"province":"浙江省","city":"杭州市","district":"西湖区","street":"古墩路%d号"},"postcode":"310018","is_default":true}`+"\n",
			i, i%10000, (i*7)%10000, i%500)
	}
	return buf.Bytes()
}

// benchOwnersSQL writes a MySQL dump like car_owners.sql: INSERTs of 500
// tuples.
func benchOwnersSQL(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("-- MySQL dump 10.13\n\nCREATE TABLE `car_owners` (\n  `id` int NOT NULL\n);\n")
	for i := 1; i <= n; i++ {
		if i%500 == 1 {
			buf.WriteString("INSERT INTO `car_owners` VALUES ")
		} else {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `(%d,'陈磊','44030519680414%04d','LJ1ES6BB0LD6%05d','鄂AD76662','186%08d','江苏省苏州市工业园区金鸡湖大道%d号','客户要求\'尽快\'交车','2019-07-10 19:01:55')`,
			i, i%10000, i%100000, i, i%300)
		if i%500 == 0 || i == n {
			buf.WriteString(";\n")
		}
	}
	return buf.Bytes()
}
