package source

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

func TestWalkSevenZip(t *testing.T) {
	tests := []struct {
		name        string
		fixture     string
		change      func([]byte) []byte
		wantMembers []string
		wantSkipped []string
		wantErr     string
		wantErrIs   error
	}{
		{
			name:        "the files of a solid archive are handed over in directory order",
			fixture:     "plain.7z",
			wantMembers: []string{"empty.txt=", "export/users.csv=<69 bytes>", "readme.txt=hello from a 7z archive\n"},
		},
		{
			name:        "encrypted files with readable names are each reported",
			fixture:     "encrypted.7z",
			wantSkipped: []string{"export/users.csv: encrypted (7z), not scanned", "readme.txt: encrypted (7z), not scanned"},
		},
		{
			name:      "an archive with an encrypted directory is not scanned at all",
			fixture:   "encrypted-names.7z",
			wantErr:   "encrypted (7z), not scanned",
			wantErrIs: ErrEncrypted,
		},
		{
			name:        "damaged compressed data: the file reads as damaged, the rest of its solid block is reported",
			fixture:     "plain.7z",
			change:      func(b []byte) []byte { b[40] ^= 0x55; return b },
			wantMembers: []string{"empty.txt=", "export/users.csv= !corrupt 7z member: invalid compressed data"},
			wantSkipped: []string{"readme.txt: not scanned: follows a member that could not be read to its end in a solid 7z block"},
		},
		{
			name:      "a damaged header makes a corrupt 7z",
			fixture:   "plain.7z",
			change:    func(b []byte) []byte { b[len(b)-30] ^= 0xff; return b },
			wantErr:   "corrupt 7z: *",
			wantErrIs: errDamaged,
		},
		{
			name:      "a 7z cut short has lost its directory: corrupt",
			fixture:   "plain.7z",
			change:    func(b []byte) []byte { return b[:100] },
			wantErr:   "corrupt 7z: *",
			wantErrIs: errDamaged,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tt.fixture)
			if err != nil {
				t.Fatal(err)
			}
			if tt.change != nil {
				data = tt.change(data)
			}
			got, err := walkBytes(extract.SevenZip, data, tt.fixture, Limits{})
			checkErr(t, err, tt.wantErr, tt.wantErrIs)
			checkLines(t, "members", got.members, tt.wantMembers)
			checkLines(t, "skipped", got.skipped, tt.wantSkipped)
		})
	}
}

// A reader that stops early must not cost the next file of the same solid
// block its content: Walk reads the rest before moving on.
func TestWalkSevenZipAfterPartialReads(t *testing.T) {
	data, err := os.ReadFile("testdata/plain.7z")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		fnErr       error
		wantSkipped []string
	}{
		{"fn reads five bytes of each file", nil, nil},
		{"fn reads five bytes and passes on its extractor's damage", &extract.Damaged{Reason: "unterminated quote at row 1"},
			[]string{"empty.txt: unterminated quote at row 1", "export/users.csv: unterminated quote at row 1", "readme.txt: unterminated quote at row 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, skipped []string
			err = Walk(t.Context(), extract.SevenZip, io.MultiReader(bytes.NewReader(data)), "plain.7z", Limits{}, 0,
				func(m Member, r io.Reader) error {
					head := make([]byte, 5)
					n, _ := io.ReadFull(r, head)
					got = append(got, m.Name+"="+string(head[:n]))
					return tt.fnErr
				},
				func(name, reason string) { skipped = append(skipped, name+": "+reason) })
			if err != nil {
				t.Fatal(err)
			}
			checkLines(t, "members", got, []string{"empty.txt=", "export/users.csv=id,em", "readme.txt=hello"})
			checkLines(t, "skipped", skipped, tt.wantSkipped)
		})
	}
}
