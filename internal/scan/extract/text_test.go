package extract

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestExtractText(t *testing.T) {
	tests := []struct {
		name  string
		input []byte
		want  string
	}{
		{"UTF-8 text is one document", []byte("Dear customer,\nyour data\n"), "Dear customer,\nyour data\n"},
		{"a BOM is dropped", []byte("\xef\xbb\xbfhello"), "hello"},
		{"an empty file is an empty document", nil, ""},
		{"invalid UTF-8 after a valid start passes as it is", append(bytes.Repeat([]byte("a"), SniffSize), 0xff), strings.Repeat("a", SniffSize) + "\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractText, "notes.txt", tt.input)
			if err != nil {
				t.Fatal(err)
			}
			if len(sink.Records) != 1 || sink.Records[0].Loc != (Loc{}) {
				t.Fatalf("records %q, want one document for the whole file", sink.Lines())
			}
			if got := sink.Records[0].Text; got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExtractTextLargeFileIsChunked(t *testing.T) {
	line := "2024-03-01 12:00:00 login user=max@example.com ip=203.0.113.7\n"
	text := strings.Repeat(line, 3*MaxChunk/len(line))
	sink, err := extractBytes(t, ExtractText, "app.log", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	doc := sink.Records[0]
	if len(doc.Chunks) < 3 || doc.Text != text {
		t.Errorf("%d chunks, text intact %v; want several chunks joining to the file", len(doc.Chunks), doc.Text == text)
	}
	for _, c := range doc.Chunks {
		if !strings.HasSuffix(c, "\n") {
			t.Fatalf("a chunk does not end at a line break: ...%q", c[len(c)-20:])
		}
	}
}

func TestExtractTextReadErrorClosesTheDocument(t *testing.T) {
	disk := errors.New("disk gone")
	sink := newRecordingSink()
	err := ExtractText(context.Background(), &failingReader{data: strings.Repeat("line\n", 30000), err: disk}, "x.txt", sink)
	if !errors.Is(err, disk) {
		t.Fatalf("error %v, want the read error", err)
	}
	sink.assertProtocol(t)
	if len(sink.Records) != 1 {
		t.Errorf("%d records, want the document read so far", len(sink.Records))
	}
}

// failingReader yields data, then fails with err.
type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func BenchmarkExtractText(b *testing.B) {
	text := bytes.Repeat([]byte("2024-03-01 12:00:00 login user=max@example.com ip=203.0.113.7\n"), 200000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if err := ExtractText(context.Background(), bytes.NewReader(text), "app.log", newDiscardSink()); err != nil {
			b.Fatal(err)
		}
	}
}
