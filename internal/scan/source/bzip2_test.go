package source

import (
	"bytes"
	"os"
	"testing"
)

func TestWalkBzip2(t *testing.T) {
	hello, err := os.ReadFile("testdata/hello.csv.bz2")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		file        string
		data        []byte
		wantMembers []string
		wantErr     string
	}{
		{
			name:        "hello.csv.bz2 holds hello.csv",
			file:        "hello.csv.bz2",
			data:        hello,
			wantMembers: []string{"hello.csv=id,name\n1,Max Mustermann\n"},
		},
		{
			name:        "concatenated streams are one file, as bzip2(1) reads them",
			file:        "twice.csv.bz2",
			data:        append(bytes.Clone(hello), hello...),
			wantMembers: []string{"twice.csv=id,name\n1,Max Mustermann\nid,name\n1,Max Mustermann\n"},
		},
		{
			name:        "a stream cut short: the content reads as damaged and so is the file",
			file:        "hello.csv.bz2",
			data:        hello[:len(hello)-20],
			wantMembers: []string{"hello.csv=* !*bzip2 stream"},
			wantErr:     "*bzip2 stream",
		},
		{
			name:        "not bzip2 at all: the content reads as damaged",
			file:        "x.bz2",
			data:        []byte("plain text"),
			wantMembers: []string{"x= !corrupt bzip2 stream"},
			wantErr:     "corrupt bzip2 stream",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := walkBytes(formatBzip2, tt.data, tt.file, Limits{})
			checkErr(t, err, tt.wantErr, errDamaged)
			checkLines(t, "members", got.members, tt.wantMembers)
			checkLines(t, "skipped", got.skipped, nil)
		})
	}
}
