package source

import (
	"archive/zip"
	"bytes"
	"strconv"
	"testing"
)

func TestZipEntries(t *testing.T) {
	tests := []struct {
		name   string
		data   func(t *testing.T) []byte
		want   uint64
		wantOK bool
	}{
		{"an ordinary zip: the count in its end record", func(t *testing.T) []byte {
			return makeZip(t, zipEntry{name: "a"}, zipEntry{name: "b"}, zipEntry{name: "c"})
		}, 3, true},
		{"an empty zip has no entries", func(t *testing.T) []byte { return makeZip(t) }, 0, true},
		{"a zip with a comment", func(t *testing.T) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			zw.Create("a")
			zw.SetComment(string(bytes.Repeat([]byte("c"), 60000)))
			zw.Close()
			return buf.Bytes()
		}, 1, true},
		{"a zip64 archive with 65,536 entries: the count in the zip64 end record", func(t *testing.T) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for i := range 1 << 16 {
				zw.CreateHeader(&zip.FileHeader{Name: strconv.Itoa(i), Method: zip.Store})
			}
			zw.Close()
			return buf.Bytes()
		}, 1 << 16, true},
		{"no end record: not found", func(t *testing.T) []byte { return bytes.Repeat([]byte("x"), 1000) }, 0, false},
		{"shorter than an end record: not found", func(t *testing.T) []byte { return []byte("PK\x05\x06") }, 0, false},
		{"a zip64 count whose locator is missing: not found", func(t *testing.T) []byte {
			end := make([]byte, zipEndLen)
			copy(end, zipEndSignature)
			end[10], end[11] = 0xff, 0xff
			return append(bytes.Repeat([]byte("x"), 100), end...)
		}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			got, ok := zipEntries(bytes.NewReader(data), int64(len(data)))
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("zipEntries = %d, %v; want %d, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func FuzzZipEntries(f *testing.F) {
	f.Add(makeZip(f, zipEntry{name: "a", content: "a"}, zipEntry{name: "b"}))
	f.Add(makeZip(f))
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, ok := zipEntries(bytes.NewReader(data), int64(len(data)))
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		// archive/zip itself checks the low 16 bits of the count.
		if !ok || uint16(n) != uint16(len(zr.File)) {
			t.Errorf("zipEntries = %d, %v; archive/zip reads %d entries", n, ok, len(zr.File))
		}
	})
}
