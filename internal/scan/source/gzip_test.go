package source

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

func TestWalkGzip(t *testing.T) {
	csv := []byte("id,email\n1,a@example.com\n")
	tests := []struct {
		name        string
		file        string
		gz          func(t *testing.T) []byte
		wantMembers []string
		wantSkipped []string
		wantErr     string
		wantErrIs   error
	}{
		{
			name:        "users.csv.gz holds users.csv",
			file:        "users.csv.gz",
			gz:          func(t *testing.T) []byte { return gzipped(t, csv) },
			wantMembers: []string{"users.csv=" + string(csv)},
		},
		{
			name:        "backup.tgz holds backup.tar",
			file:        "backup.TGZ",
			gz:          func(t *testing.T) []byte { return gzipped(t, csv) },
			wantMembers: []string{"backup.tar=" + string(csv)},
		},
		{
			name: "a file without a gzip suffix holds the name stored in its header",
			file: "download",
			gz: func(t *testing.T) []byte {
				var buf bytes.Buffer
				zw := gzip.NewWriter(&buf)
				zw.Name = "export/users.csv"
				zw.Write(csv)
				zw.Close()
				return buf.Bytes()
			},
			wantMembers: []string{"users.csv=" + string(csv)},
		},
		{
			name: "concatenated gzip members are one file, as gzip(1) reads them",
			file: "log.gz",
			gz: func(t *testing.T) []byte {
				return append(gzipped(t, []byte("part one\n")), gzipped(t, []byte("part two\n"))...)
			},
			wantMembers: []string{"log=part one\npart two\n"},
		},
		{
			name:        "zeros after the stream (tape padding) are ignored, as gzip(1) does",
			file:        "users.csv.gz",
			gz:          func(t *testing.T) []byte { return append(gzipped(t, csv), make([]byte, 1024)...) },
			wantMembers: []string{"users.csv=" + string(csv)},
		},
		{
			name:        "a stream cut short: the content reads as damaged and so is the gzip file",
			file:        "users.csv.gz",
			gz:          func(t *testing.T) []byte { g := gzipped(t, csv); return g[:len(g)-10] },
			wantMembers: []string{"users.csv=* !truncated gzip stream"},
			wantErr:     "truncated gzip stream",
			wantErrIs:   errDamaged,
		},
		{
			name: "a wrong checksum: the content reads as damaged",
			file: "users.csv.gz",
			gz: func(t *testing.T) []byte {
				g := gzipped(t, csv)
				g[len(g)-8] ^= 0xff // the CRC-32 in the trailer
				return g
			},
			wantMembers: []string{"users.csv=" + string(csv) + " !corrupt gzip: checksum error"},
			wantErr:     "corrupt gzip: checksum error",
			wantErrIs:   errDamaged,
		},
		{
			name:      "not gzip at all: an invalid header, nothing handed over",
			file:      "users.csv.gz",
			gz:        func(t *testing.T) []byte { return []byte("plain text, not gzip") },
			wantErr:   "corrupt gzip: invalid header",
			wantErrIs: errDamaged,
		},
		{
			name:        "a gzip bomb is stopped by the expansion ratio while read",
			file:        "zeros.gz",
			gz:          func(t *testing.T) []byte { return gzipBomb() },
			wantMembers: []string{"zeros=<* bytes> !expansion ratio 1:1* over 1:1000 — not scanned further"},
			wantSkipped: []string{"zeros: expansion ratio 1:1* over 1:1000 — not scanned further"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := walkBytes(extract.Gzip, tt.gz(t), tt.file, Limits{})
			checkErr(t, err, tt.wantErr, tt.wantErrIs)
			checkLines(t, "members", got.members, tt.wantMembers)
			checkLines(t, "skipped", got.skipped, tt.wantSkipped)
		})
	}
}

// gzipBomb is 100 MB of zeros in a gzip file of about 100 KB, wrapped by
// hand around zeros100MB.
func gzipBomb() []byte {
	header := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff}
	trailer := make([]byte, 8)
	crc, size := zerosCRC(100<<20), uint32(100<<20)
	for i := range 4 {
		trailer[i] = byte(crc >> (8 * i))
		trailer[4+i] = byte(size >> (8 * i))
	}
	return append(append(header, zeros100MB()...), trailer...)
}

func TestSingleMemberName(t *testing.T) {
	tests := []struct {
		file, stored string
		rules        []suffixRule
		want         string
	}{
		{"users.csv.gz", "", gzipSuffixes, "users.csv"},
		{"USERS.CSV.GZ", "", gzipSuffixes, "USERS.CSV"},
		{"backup.tgz", "", gzipSuffixes, "backup.tar"},
		{"backup.taz", "", gzipSuffixes, "backup.tar"},
		{"dump.sql.gzip", "", gzipSuffixes, "dump.sql"},
		{"old.z", "", gzipSuffixes, "old"},
		{`C:\exports\users.csv.gz`, "", gzipSuffixes, "users.csv"},
		{"outer.zip!dir/users.csv.gz", "", gzipSuffixes, "users.csv"},
		{".gz", "", gzipSuffixes, ".gz"},
		{"download", "users.csv", gzipSuffixes, "users.csv"},
		{"download", "../../etc/passwd", gzipSuffixes, "passwd"},
		{"download", "", gzipSuffixes, "download"},
		{"data.csv.bz2", "", bzip2Suffixes, "data.csv"},
		{"backup.tbz2", "", bzip2Suffixes, "backup.tar"},
		{"backup.tar.bz2", "", bzip2Suffixes, "backup.tar"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" with header name "+tt.stored, func(t *testing.T) {
			if got := singleMemberName(tt.file, tt.stored, tt.rules); got != tt.want {
				t.Errorf("singleMemberName(%q, %q) = %q, want %q", tt.file, tt.stored, got, tt.want)
			}
		})
	}
}
