package source

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// walked is what a Walk did, in a form tests compare: each member as
// "name=content" (or "name=<N bytes>" for long content, with " !reason"
// when reading stopped with an error), each skip as "name: reason".
type walked struct {
	members []string
	skipped []string
}

// walkBytes walks data as an archive of the format and reads every member
// to its end.
func walkBytes(format extract.Format, data []byte, name string, lim Limits) (walked, error) {
	var w walked
	err := Walk(context.Background(), format, bytes.NewReader(data), name, lim, 0,
		func(m Member, r io.Reader) error {
			w.members = append(w.members, m.Name+"="+describeContent(r))
			return nil
		},
		func(name, reason string) { w.skipped = append(w.skipped, name+": "+reason) })
	return w, err
}

// describeContent reads r to its end and describes what it got.
func describeContent(r io.Reader) string {
	content, err := io.ReadAll(r)
	s := string(content)
	if len(content) > 64 {
		s = "<" + strconv.Itoa(len(content)) + " bytes>"
	}
	if err != nil {
		s += " !" + Reason(err)
	}
	return s
}

// walkNested walks an archive like the scanner does: members that are
// archives themselves (recognised by their magic bytes) are walked in
// turn, one level deeper, and their members named "outer!inner". visit
// sees every member that is not an archive.
func walkNested(ctx context.Context, format extract.Format, r io.Reader, name string, lim Limits, depth int,
	w *walked) error {
	return Walk(ctx, format, r, baseName(name), lim, depth,
		func(m Member, mr io.Reader) error {
			full := name + "!" + m.Name
			head, content := peek(mr, 512)
			if inner := sniffArchive(head); inner != "" {
				return walkNested(ctx, inner, content, full, lim, depth+1, w)
			}
			w.members = append(w.members, full+"="+describeContent(content))
			return nil
		},
		func(member, reason string) { w.skipped = append(w.skipped, name+"!"+member+": "+reason) })
}

func baseName(name string) string {
	if i := strings.LastIndexAny(name, "!/"); i >= 0 {
		return name[i+1:]
	}
	return name
}

// peek returns the first n bytes of r and a reader of all of r.
func peek(r io.Reader, n int) ([]byte, io.Reader) {
	head := make([]byte, n)
	got, _ := io.ReadFull(r, head)
	return head[:got], io.MultiReader(bytes.NewReader(head[:got]), r)
}

// sniffArchive recognises the archive formats by their magic bytes.
func sniffArchive(head []byte) extract.Format {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return extract.Zip
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return extract.Gzip
	case len(head) >= 262 && string(head[257:262]) == "ustar":
		return extract.Tar
	case bytes.HasPrefix(head, []byte("7z\xbc\xaf\x27\x1c")):
		return extract.SevenZip
	}
	return ""
}

// zipEntry is a member of a zip made for a test.
type zipEntry struct {
	name    string
	content string
	method  uint16 // zip.Store or zip.Deflate (the default)
	flags   uint16
}

func makeZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := e.method
		if method == 0 && !strings.HasSuffix(e.name, "/") {
			method = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method, Flags: e.flags})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, e.content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tarEntry is a member of a tar made for a test.
type tarEntry struct {
	name     string
	content  string
	typeflag byte // tar.TypeReg unless set
	linkname string
}

func makeTar(t testing.TB, entries ...tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		hdr := &tar.Header{Name: e.name, Mode: 0o644, Typeflag: e.typeflag, Linkname: e.linkname}
		if hdr.Typeflag == 0 {
			hdr.Typeflag = tar.TypeReg
		}
		if hdr.Typeflag == tar.TypeReg {
			hdr.Size = int64(len(e.content))
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, e.content); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zeros100MB is 100 MB of zeros deflated at the best level: about 100 KB,
// an expansion ratio just over 1:1000 (deflate's ceiling is 1:1032). It is
// 1 MiB deflated once and flushed to a byte boundary, repeated: blocks
// only refer back to zeros, so the copies decode to zeros too.
var zeros100MB = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Flush()
	chunk := bytes.Clone(buf.Bytes())
	buf.Reset()
	fw.Close() // the final, empty block
	return append(bytes.Repeat(chunk, 100), buf.Bytes()...)
})

// zipBomb is a zip with one member of 100 MB of zeros, made from
// zeros100MB without deflating it again.
func zipBomb(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "zeros.bin", Method: zip.Deflate,
		CompressedSize64: uint64(len(zeros100MB())), UncompressedSize64: 100 << 20, CRC32: zerosCRC(100 << 20),
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(zeros100MB())
	zw.Close()
	return buf.Bytes()
}

// zerosCRC is the CRC-32 of n zero bytes.
func zerosCRC(n int) uint32 {
	zeros := make([]byte, 1<<20)
	var crc uint32
	for ; n > 0; n -= len(zeros) {
		crc = crc32.Update(crc, crc32.IEEETable, zeros[:min(n, len(zeros))])
	}
	return crc
}

// matches reports whether got matches want, where a "*" in want stands
// for any run of characters.
func matches(got, want string) bool {
	parts := strings.Split(want, "*")
	if !strings.HasPrefix(got, parts[0]) {
		return false
	}
	got = got[len(parts[0]):]
	for i, part := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(got, part)
		}
		at := strings.Index(got, part)
		if at < 0 {
			return false
		}
		got = got[at+len(part):]
	}
	return got == ""
}

// checkLines compares lines with patterns (see matches), in order.
func checkLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = matches(got[i], want[i])
	}
	if !ok {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

// checkErr checks err against a wanted reason pattern ("" for no error) and
// the sentinel it must wrap (nil: any).
func checkErr(t *testing.T, err error, want string, wantIs error) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("error %q, want none", err)
	case want != "" && err == nil:
		t.Errorf("no error, want %q", want)
	case want != "" && !matches(err.Error(), want):
		t.Errorf("error %q, want %q", err, want)
	case err != nil && wantIs != nil && !errors.Is(err, wantIs) && !(wantIs == errDamaged && extract.IsDamaged(err)):
		t.Errorf("error %q does not wrap %v", err, wantIs)
	}
}

// errDamaged stands for *extract.Damaged in checkErr.
var errDamaged = errors.New("damaged")
