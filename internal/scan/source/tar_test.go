package source

import (
	"archive/tar"
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

func TestWalkTar(t *testing.T) {
	twoFiles := func(t *testing.T) []byte {
		return makeTar(t, tarEntry{name: "a.csv", content: "id\n1\n"}, tarEntry{name: "b.txt", content: "hello"})
	}
	tests := []struct {
		name        string
		tar         func(t *testing.T) []byte
		lim         Limits
		wantMembers []string
		wantSkipped []string
		wantErr     string
		wantErrIs   error
	}{
		{
			name:        "regular files are handed over in stream order with their content",
			tar:         twoFiles,
			wantMembers: []string{"a.csv=id\n1\n", "b.txt=hello"},
		},
		{
			name: "directories, links and device entries hold no content and are passed over",
			tar: func(t *testing.T) []byte {
				return makeTar(t, tarEntry{name: "dir/", typeflag: tar.TypeDir},
					tarEntry{name: "dir/link", typeflag: tar.TypeSymlink, linkname: "/etc/passwd"},
					tarEntry{name: "dir/hard", typeflag: tar.TypeLink, linkname: "dir/a"},
					tarEntry{name: "dir/fifo", typeflag: tar.TypeFifo},
					tarEntry{name: "dir/a", content: "a"})
			},
			wantMembers: []string{"dir/a=a"},
		},
		{
			name: "path traversal and absolute names are labels, cleaned for display",
			tar: func(t *testing.T) []byte {
				return makeTar(t, tarEntry{name: "../../etc/passwd", content: "1"}, tarEntry{name: "/abs/./x", content: "2"})
			},
			wantMembers: []string{"../../etc/passwd=1", "abs/x=2"},
		},
		{
			name: "an empty tar has no members",
			tar:  func(t *testing.T) []byte { return makeTar(t) },
		},
		{
			name: "a tar cut short inside a member: the member reads as damaged, the walk stops, the members before count",
			tar: func(t *testing.T) []byte {
				return makeTar(t, tarEntry{name: "a", content: "first"}, tarEntry{name: "b", content: "second"})[:512+512+512+3]
			},
			wantMembers: []string{"a=first", "b=sec !truncated tar stream"},
			wantErr:     "truncated tar stream",
			wantErrIs:   errDamaged,
		},
		{
			name:        "a tar cut short inside a header: damaged after the members before",
			tar:         func(t *testing.T) []byte { return twoFiles(t)[:512+512+100] },
			wantMembers: []string{"a.csv=id\n1\n"},
			wantErr:     "truncated tar stream",
			wantErrIs:   errDamaged,
		},
		{
			name:      "garbage is a corrupt tar",
			tar:       func(t *testing.T) []byte { return bytes.Repeat([]byte("not a tar "), 100) },
			wantErr:   "corrupt tar: invalid header",
			wantErrIs: errDamaged,
		},
		{
			name:        "a sparse file that expands far beyond the bytes it holds is a bomb; the walk goes on",
			tar:         sparseBombTar,
			wantMembers: []string{"sparse.bin=<* bytes> !expansion ratio 1:* over 1:1000 — not scanned further", "after.txt=next"},
			wantSkipped: []string{"sparse.bin: expansion ratio 1:* over 1:1000 — not scanned further"},
		},
		{
			name:        "more members than allowed: the first ones are scanned, then the walk stops",
			tar:         twoFiles,
			lim:         Limits{MaxMembers: 1},
			wantMembers: []string{"a.csv=id\n1\n"},
			wantErr:     "more than 1 members, the rest not scanned",
			wantErrIs:   ErrBomb,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := walkBytes(extract.Tar, tt.tar(t), "test.tar", tt.lim)
			checkErr(t, err, tt.wantErr, tt.wantErrIs)
			checkLines(t, "members", got.members, tt.wantMembers)
			checkLines(t, "skipped", got.skipped, tt.wantSkipped)
		})
	}
}

// sparseBombTar is a tar whose first member is a PAX (format 1.0) sparse
// file of 1 TiB that stores 512 bytes: the rest is a hole, which a reader
// fills with zeros. Go's tar writer refuses to write one, so the headers
// are put together by hand.
func sparseBombTar(t *testing.T) []byte {
	const realSize = 1 << 40
	var buf bytes.Buffer
	pax := paxRecord("GNU.sparse.major", "1") + paxRecord("GNU.sparse.minor", "0") +
		paxRecord("GNU.sparse.name", "sparse.bin") + paxRecord("GNU.sparse.realsize", strconv.Itoa(realSize))
	buf.Write(ustarHeader("PaxHeaders/sparse.bin", int64(len(pax)), tar.TypeXHeader))
	buf.Write(padBlock([]byte(pax)))
	sparseMap := padBlock([]byte("1\n0\n512\n")) // one fragment: 512 bytes at offset 0
	buf.Write(ustarHeader("GNUSparseFile.0/sparse.bin", int64(len(sparseMap))+512, tar.TypeReg))
	buf.Write(sparseMap)
	buf.Write(bytes.Repeat([]byte("x"), 512))
	// a normal member after it, and the end of the archive
	buf.Write(makeTar(t, tarEntry{name: "after.txt", content: "next"}))
	return buf.Bytes()
}

// paxRecord is one record of a PAX extended header: "len key=value\n",
// where len counts the whole record, its own digits included.
func paxRecord(key, value string) string {
	body := " " + key + "=" + value + "\n"
	n := len(body) + 1
	for len(strconv.Itoa(n))+len(body) != n {
		n++
	}
	return strconv.Itoa(n) + body
}

// ustarHeader is a 512-byte ustar header block.
func ustarHeader(name string, size int64, typeflag byte) []byte {
	h := make([]byte, 512)
	copy(h[0:100], name)
	copy(h[100:108], "0000644\x00")
	copy(h[108:116], "0000000\x00")
	copy(h[116:124], "0000000\x00")
	copy(h[124:136], fmt.Sprintf("%011o\x00", size))
	copy(h[136:148], "00000000000\x00")
	h[156] = typeflag
	copy(h[257:263], "ustar\x00")
	copy(h[263:265], "00")
	copy(h[148:156], "        ")
	var sum int
	for _, b := range h {
		sum += int(b)
	}
	copy(h[148:156], fmt.Sprintf("%06o\x00 ", sum))
	return h
}

// padBlock pads b with zeros to a multiple of 512 bytes.
func padBlock(b []byte) []byte {
	if rem := len(b) % 512; rem != 0 {
		b = append(b, make([]byte, 512-rem)...)
	}
	return b
}
