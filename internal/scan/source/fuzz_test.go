package source

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// fuzzLimits are small, so that a mutated archive cannot make a fuzz run
// slow or big.
var fuzzLimits = Limits{MaxExpanded: 8 << 20, SpoolMemory: 256 << 10, MaxMembers: 1000}

// fuzzWalk walks data as an archive of the format and checks what must
// hold for any input: no panic (the fuzzer catches those), no more bytes
// handed over than the budget allows, and only errors that are reasons for
// the report, never a library's raw message.
func fuzzWalk(t *testing.T, format extract.Format, data []byte) {
	if len(data) > 1<<20 {
		return
	}
	lim := fuzzLimits.ForFile(int64(len(data)))
	var handed int64
	buf := make([]byte, 32<<10)
	err := Walk(context.Background(), format, bytes.NewReader(data), "fuzz.gz", lim, 0,
		func(m Member, r io.Reader) error {
			n, err := io.CopyBuffer(io.Discard, r, buf)
			handed += n
			if err != nil && !isReason(err) {
				t.Errorf("reading member %q: %T %v, want a reason", m.Name, err, err)
			}
			return nil
		},
		func(name, reason string) {
			if reason == "" {
				t.Errorf("member %q skipped without a reason", name)
			}
		})
	if err != nil && !isReason(err) {
		t.Errorf("Walk: %T %v, want a reason", err, err)
	}
	if handed > lim.budget.max+int64(len(buf)) {
		t.Errorf("%d bytes handed over, budget %d", handed, lim.budget.max)
	}
}

func FuzzWalkZip(f *testing.F) {
	f.Add(makeZip(f, zipEntry{name: "a.csv", content: "id,email\n1,a@example.com\n"}, zipEntry{name: "dir/"},
		zipEntry{name: "b.txt", content: "stored", method: 0x0}))
	f.Add(makeZip(f, zipEntry{name: "enc", content: "x", flags: 1}))
	f.Add(makeZip(f, zipEntry{name: "zeros", content: string(make([]byte, 2<<20))}))
	f.Add(makeZip(f, zipEntry{name: "inner.zip", content: string(makeZip(f, zipEntry{name: "x", content: "y"}))}))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzWalk(t, extract.Zip, data) })
}

func FuzzWalkTar(f *testing.F) {
	f.Add(makeTar(f, tarEntry{name: "a.csv", content: "id\n1\n"}, tarEntry{name: "d/", typeflag: '5'},
		tarEntry{name: "l", typeflag: '2', linkname: "a.csv"}))
	f.Add(makeTar(f, tarEntry{name: "../x", content: string(make([]byte, 3000))})[:1500])
	f.Add(makeTar(f))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzWalk(t, extract.Tar, data) })
}

func FuzzWalkGzip(f *testing.F) {
	f.Add(gzipped(f, []byte("id,email\n1,a@example.com\n")))
	f.Add(append(gzipped(f, []byte("one")), gzipped(f, []byte("two"))...))
	f.Add(gzipped(f, make([]byte, 4<<20)))
	f.Add(gzipped(f, makeTar(f, tarEntry{name: "a", content: "b"})))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzWalk(t, extract.Gzip, data) })
}

func FuzzWalkBzip2(f *testing.F) {
	if hello, err := os.ReadFile("testdata/hello.csv.bz2"); err == nil {
		f.Add(hello)
	}
	f.Add([]byte("BZh91AY&SY"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzWalk(t, formatBzip2, data) })
}

func FuzzWalkSevenZip(f *testing.F) {
	for _, name := range []string{"plain.7z", "encrypted.7z", "encrypted-names.7z"} {
		if data, err := os.ReadFile("testdata/" + name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzWalk(t, extract.SevenZip, data) })
}
