package source

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

func TestWalkZip(t *testing.T) {
	tests := []struct {
		name        string
		zip         func(t *testing.T) []byte
		lim         Limits
		wantMembers []string
		wantSkipped []string
		wantErr     string
		wantErrIs   error
	}{
		{
			name: "stored and deflated members are handed over in directory order with their content",
			zip: func(t *testing.T) []byte {
				return makeZip(t, zipEntry{name: "a.csv", content: "id\n1\n", method: zip.Store},
					zipEntry{name: "dir/b.txt", content: "hello"})
			},
			wantMembers: []string{"a.csv=id\n1\n", "dir/b.txt=hello"},
		},
		{
			name: "directories hold nothing and are passed over",
			zip: func(t *testing.T) []byte {
				return makeZip(t, zipEntry{name: "dir/"}, zipEntry{name: "dir/b.txt", content: "b"})
			},
			wantMembers: []string{"dir/b.txt=b"},
		},
		{
			name: "an empty file is handed over empty",
			zip: func(t *testing.T) []byte {
				return makeZip(t, zipEntry{name: "empty.txt"})
			},
			wantMembers: []string{"empty.txt="},
		},
		{
			name: "an encrypted member is reported and the others are scanned",
			zip: func(t *testing.T) []byte {
				return makeZip(t, zipEntry{name: "secret.csv", content: "x", flags: 0x1},
					zipEntry{name: "open.csv", content: "y"})
			},
			wantMembers: []string{"open.csv=y"},
			wantSkipped: []string{"secret.csv: encrypted (zip), not scanned"},
		},
		{
			name: "path traversal, absolute and drive-letter names are labels, cleaned for display",
			zip: func(t *testing.T) []byte {
				return makeZip(t, zipEntry{name: "../../etc/passwd", content: "1"},
					zipEntry{name: "/abs/x.txt", content: "2"},
					zipEntry{name: `C:\Users\x.txt`, content: "3"})
			},
			wantMembers: []string{"../../etc/passwd=1", "abs/x.txt=2", "C:/Users/x.txt=3"},
		},
		{
			name:        "a member whose checksum is wrong reads as damaged, and the next one is scanned",
			zip:         zipWithBadChecksum,
			wantMembers: []string{"bad.txt=hello !corrupt zip member: checksum error", "good.txt=fine"},
		},
		{
			name: "a member in a compression method Go cannot read is reported",
			zip: func(t *testing.T) []byte {
				return rawZip(t, &zip.FileHeader{Name: "lzma.bin", Method: 14, UncompressedSize64: 4}, []byte("????"))
			},
			wantSkipped: []string{"lzma.bin: unsupported zip compression method 14, not scanned"},
		},
		{
			name: "a bzip2 member is read",
			zip: func(t *testing.T) []byte {
				data, err := os.ReadFile("testdata/hello.csv.bz2")
				if err != nil {
					t.Fatal(err)
				}
				plain := "id,name\n1,Max Mustermann\n"
				return rawZip(t, &zip.FileHeader{Name: "hello.csv", Method: zipBzip2,
					UncompressedSize64: uint64(len(plain)), CRC32: crc32.ChecksumIEEE([]byte(plain))}, data)
			},
			wantMembers: []string{"hello.csv=id,name\n1,Max Mustermann\n"},
		},
		{
			name: "a member whose header declares an expansion over 1:1000 is a bomb: reported unread, and the walk goes on",
			zip: func(t *testing.T) []byte {
				return appendZip(t, zipBomb(t), zipEntry{name: "after.txt", content: "next"})
			},
			wantMembers: []string{"after.txt=next"},
			wantSkipped: []string{"zeros.bin: expansion ratio 1:1012 over 1:1000 — not scanned"},
		},
		{
			name: "a member that understates its size in the header expands no further than declared: damaged",
			zip: func(t *testing.T) []byte {
				return rawZip(t, &zip.FileHeader{Name: "liar.bin", Method: zip.Deflate,
					UncompressedSize64: 1 << 20, CRC32: zerosCRC(100 << 20)}, zeros100MB())
			},
			wantMembers: []string{"liar.bin=<1048576 bytes> !corrupt zip member: invalid header or size"},
		},
		{
			name:        "members that share their data are a zip bomb: the walk stops at the second",
			zip:         overlappingZip,
			wantMembers: []string{"a.bin=<1048576 bytes>"},
			wantErr:     "zip bomb: members share their data, not scanned",
			wantErrIs:   ErrBomb,
		},
		{
			name: "a zip with more members than allowed is not opened",
			zip: func(t *testing.T) []byte {
				return makeZip(t, zipEntry{name: "1"}, zipEntry{name: "2"}, zipEntry{name: "3"})
			},
			lim:       Limits{MaxMembers: 2},
			wantErr:   "zip with 3 members, over the limit of 2: not scanned",
			wantErrIs: ErrBomb,
		},
		{
			name:      "bytes flipped in the central directory make a corrupt zip",
			zip:       zipWithFlippedDirectory,
			wantErr:   "corrupt zip: not a valid zip file",
			wantErrIs: errDamaged,
		},
		{
			name:      "a zip cut short has lost its directory: corrupt",
			zip:       func(t *testing.T) []byte { return makeZip(t, zipEntry{name: "a", content: "a"})[:40] },
			wantErr:   "corrupt zip: not a valid zip file",
			wantErrIs: errDamaged,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := walkBytes(extract.Zip, tt.zip(t), "test.zip", tt.lim)
			checkErr(t, err, tt.wantErr, tt.wantErrIs)
			checkLines(t, "members", got.members, tt.wantMembers)
			checkLines(t, "skipped", got.skipped, tt.wantSkipped)
		})
	}
}

func TestWalkZipReadFromAStreamIsSpooled(t *testing.T) {
	data := makeZip(t, zipEntry{name: "a.txt", content: "streamed"})
	var got []string
	err := Walk(t.Context(), extract.Zip, io.MultiReader(bytes.NewReader(data)), "a.zip", Limits{}, 0,
		func(m Member, r io.Reader) error {
			got = append(got, m.Name+"="+describeContent(r))
			return nil
		}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, "members", got, []string{"a.txt=streamed"})
}

// appendZip is the zip data with more entries after its own, copied raw.
func appendZip(t *testing.T, data []byte, more ...zipEntry) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range more {
		w, _ := zw.Create(e.name)
		io.WriteString(w, e.content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawZip is a zip with one member whose compressed data is given as is.
func rawZip(t *testing.T, hdr *zip.FileHeader, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	hdr.CompressedSize64 = uint64(len(data))
	w, err := zw.CreateRaw(hdr)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipWithBadChecksum(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "bad.txt", Method: zip.Store,
		CompressedSize64: 5, UncompressedSize64: 5, CRC32: 12345})
	io.WriteString(w, "hello")
	w, _ = zw.Create("good.txt")
	io.WriteString(w, "fine")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipWithFlippedDirectory flips the signature of the first central
// directory header.
func zipWithFlippedDirectory(t *testing.T) []byte {
	data := makeZip(t, zipEntry{name: "a.txt", content: "a"}, zipEntry{name: "b.txt", content: "b"})
	end := bytes.LastIndex(data, []byte(zipEndSignature))
	dir := binary.LittleEndian.Uint32(data[end+16:])
	for i := range 4 {
		data[int(dir)+i] ^= 0xff
	}
	return data
}

// overlappingZip is the trick of the overlapping-file zip bombs: two
// directory entries point to the same data. An honest zip never does
// that; a bomb repeats one highly compressed kernel thousands of times.
func overlappingZip(t *testing.T) []byte {
	data := makeZip(t, zipEntry{name: "a.bin", content: strings.Repeat("\x00", 1<<20)})
	end := bytes.LastIndex(data, []byte(zipEndSignature))
	dirAt := binary.LittleEndian.Uint32(data[end+16:])
	entry := bytes.Clone(data[dirAt:end])
	second := bytes.Clone(entry)
	copy(second[46:], "b.bin") // same length name, same data offset
	var out bytes.Buffer
	out.Write(data[:dirAt])
	out.Write(entry)
	out.Write(second)
	eocd := bytes.Clone(data[end:])
	binary.LittleEndian.PutUint16(eocd[8:], 2)
	binary.LittleEndian.PutUint16(eocd[10:], 2)
	binary.LittleEndian.PutUint32(eocd[12:], uint32(2*len(entry)))
	out.Write(eocd)
	return out.Bytes()
}
