package extract

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

func TestChunks(t *testing.T) {
	tests := []struct {
		name  string
		input string
		max   int
		want  []string
	}{
		{"a short text is one chunk", "hello world\n", 100, []string{"hello world\n"}},
		{"an empty text has no chunks", "", 100, nil},
		{"a full chunk is cut after its last newline", "aaaa\nbbbb\ncccc", 12, []string{"aaaa\nbbbb\n", "cccc"}},
		{"without a newline it is cut after the last space", "aaaa bbbb cccc", 12, []string{"aaaa bbbb ", "cccc"}},
		{"without any whitespace it is cut at the limit", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"a character is never cut in two", "ab王王", 5, []string{"ab王", "王"}},
		{"a newline wins over a later space", "a\nb c d", 6, []string{"a\n", "b c d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := Chunks(strings.NewReader(tt.input), tt.max, func(chunk []byte) error {
				got = append(got, string(chunk))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("chunks %q, want %q", got, tt.want)
			}
		})
	}
}

func TestChunksOfALargeText(t *testing.T) {
	// Lines of varied length, read in odd pieces: chunks stay within
	// MaxChunk, end at a newline, and join to the whole text.
	var b strings.Builder
	for i := 0; b.Len() < 5*MaxChunk; i++ {
		b.WriteString(strings.Repeat("wörter ", i%300) + "\n")
	}
	text := b.String()
	var joined bytes.Buffer
	err := Chunks(iotest.HalfReader(strings.NewReader(text)), MaxChunk, func(chunk []byte) error {
		if len(chunk) > MaxChunk {
			t.Fatalf("chunk of %d bytes", len(chunk))
		}
		if joined.Len()+len(chunk) < len(text) && chunk[len(chunk)-1] != '\n' {
			t.Fatalf("chunk ends in %q, not at a newline", chunk[len(chunk)-10:])
		}
		if !utf8.Valid(chunk) {
			t.Fatal("chunk is not valid UTF-8")
		}
		joined.Write(chunk)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if joined.String() != text {
		t.Error("the chunks do not join to the text")
	}
}

func TestChunksReturnsErrors(t *testing.T) {
	stop := errors.New("stop")
	err := Chunks(strings.NewReader(strings.Repeat("x ", 100)), 10, func([]byte) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("error %v, want the emit error", err)
	}
	readErr := errors.New("disk gone")
	err = Chunks(iotest.ErrReader(readErr), 10, func([]byte) error { return nil })
	if !errors.Is(err, readErr) {
		t.Errorf("error %v, want the read error", err)
	}
}

func TestChunkerWrite(t *testing.T) {
	var got []string
	c := newChunker(8, func(chunk []byte) error {
		got = append(got, string(chunk))
		return nil
	})
	for _, piece := range []string{"abc ", "def ", "ghijklmnop", "\nq"} {
		if _, err := c.WriteString(piece); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	want := []string{"abc def ", "ghijklmn", "op\nq"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("chunks %q, want %q", got, want)
	}
}

func TestCutPointAvoidsSpacesInsideNumbers(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"call +49 151 2345 6789", len("call ")},  // not between the digit groups
		{"IBAN DE89 3704 0044", len("IBAN ")},     // not inside the IBAN
		{"12 34 56 78", len("12 34 56 ")},         // only number spaces: the last
		{"line one\nline 2 3", len("line one\n")}, // a newline first
	} {
		if got := cutPoint([]byte(tc.text)); got != tc.want {
			t.Errorf("cutPoint(%q) = %d (%q|%q), want %d", tc.text, got, tc.text[:got], tc.text[got:], tc.want)
		}
	}
}

func BenchmarkChunks(b *testing.B) {
	text := bytes.Repeat([]byte("Sehr geehrte Frau Müller, Ihre Daten wurden am 1. März entwendet.\n"), 200000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Chunks(bytes.NewReader(text), MaxChunk, func([]byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
