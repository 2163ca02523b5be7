package source

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// benchCSV is 1 MiB of CSV shaped like a user table; it compresses about
// 4:1 with gzip, like real dumps.
var benchCSV = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	b.WriteString("id,first_name,last_name,email,phone,street,zip,city,registered\n")
	x := uint32(7)
	next := func() uint32 { x = x*1664525 + 1013904223; return x >> 8 }
	for i := 0; b.Len() < 1<<20; i++ {
		n := strconv.Itoa(100_000 + int(next()%900_000))
		b.WriteString(strconv.Itoa(i) + ",Vorname" + n[:3] + ",Nachname" + n + ",user" + n + "@example.com,+49 30 " +
			strconv.Itoa(int(next()%10_000_000)) + ",Musterstraße " + strconv.Itoa(int(next()%200)) + "," +
			strconv.Itoa(10000+int(next()%89999)) + ",Berlin,2020-0" + strconv.Itoa(1+int(next()%9)) + "-1" + n[:1] + "\n")
	}
	return b.Bytes()[:1<<20]
})

const benchMembers = 64 // 64 MiB of content per walk

func benchTar(b *testing.B) []byte {
	entries := make([]tarEntry, benchMembers)
	for i := range entries {
		entries[i] = tarEntry{name: "export/users_" + strconv.Itoa(i) + ".csv", content: string(benchCSV())}
	}
	return makeTar(b, entries...)
}

func benchGzip(b *testing.B, data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf) // the default level, as most dumps are made
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// drainWalk walks an archive and reads every member, as the scanner
// does, with nested tars walked too.
func drainWalk(b *testing.B, format extract.Format, data []byte, name string) int64 {
	buf := make([]byte, 256<<10)
	var total int64
	var fn func(m Member, r io.Reader) error
	fn = func(m Member, r io.Reader) error {
		if filepath.Ext(m.Name) == ".tar" {
			return Walk(b.Context(), extract.Tar, r, m.Name, Limits{}, 1, fn, nil)
		}
		n, err := io.CopyBuffer(io.Discard, r, buf)
		total += n
		return err
	}
	if err := Walk(b.Context(), format, bytes.NewReader(data), name, Limits{}, 0, fn, nil); err != nil {
		b.Fatal(err)
	}
	return total
}

// BenchmarkTarGzMembers streams the members of a tar.gz: gunzip, tar and
// the limits; MB/s of content handed over.
func BenchmarkTarGzMembers(b *testing.B) {
	data := benchGzip(b, benchTar(b))
	b.SetBytes(benchMembers << 20)
	b.ResetTimer()
	for b.Loop() {
		if n := drainWalk(b, extract.Gzip, data, "dump.tar.gz"); n != benchMembers<<20 {
			b.Fatalf("%d bytes handed over", n)
		}
	}
}

// BenchmarkGunzipStdlib is compress/gzip alone over the same tar.gz, for
// comparison: Walk inflates with klauspost/compress because the whole of
// BenchmarkTarGzMembers is faster than this.
func BenchmarkGunzipStdlib(b *testing.B) {
	data := benchGzip(b, benchTar(b))
	buf := make([]byte, 256<<10)
	b.SetBytes(benchMembers << 20)
	b.ResetTimer()
	for b.Loop() {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		io.CopyBuffer(io.Discard, zr, buf)
	}
}

// BenchmarkTarMembers streams the members of an uncompressed tar.
func BenchmarkTarMembers(b *testing.B) {
	data := benchTar(b)
	b.SetBytes(benchMembers << 20)
	b.ResetTimer()
	for b.Loop() {
		drainWalk(b, extract.Tar, data, "dump.tar")
	}
}

// BenchmarkZipMembers reads the deflated members of a zip.
func BenchmarkZipMembers(b *testing.B) {
	entries := make([]zipEntry, benchMembers)
	for i := range entries {
		entries[i] = zipEntry{name: "export/users_" + strconv.Itoa(i) + ".csv", content: string(benchCSV())}
	}
	data := makeZip(b, entries...)
	b.SetBytes(benchMembers << 20)
	b.ResetTimer()
	for b.Loop() {
		drainWalk(b, extract.Zip, data, "dump.zip")
	}
}

// BenchmarkPlainFileRead reads the same content from a file (in the page
// cache): what the scanner gets from an uncompressed dump.
func BenchmarkPlainFileRead(b *testing.B) {
	name := filepath.Join(b.TempDir(), "users.csv")
	f, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	for range benchMembers {
		f.Write(benchCSV())
	}
	f.Close()
	buf := make([]byte, 256<<10)
	b.SetBytes(benchMembers << 20)
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		io.CopyBuffer(io.Discard, f, buf)
		f.Close()
	}
}
