package extract

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// encodeText writes text in an encoding, as a breached system would have.
func encodeText(t testing.TB, e encoding.Encoding, text string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatalf("encode test text: %v", err)
	}
	return b
}

var (
	utf16LEWithBOM = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16BEWithBOM = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	utf16LENoBOM   = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	utf16BENoBOM   = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
)

func TestDecode(t *testing.T) {
	const german = "Name;Straße\nJürgen Weiß;Hauptstraße 5, 10115 Berlin\nÄnne Müller;Grüner Weg 1\n"
	const chinese = "姓名,手机,地址\n王伟,13812345678,北京市朝阳区建国路88号\n李娜,13912345678,上海市浦东新区世纪大道100号\n"
	tests := []struct {
		name     string
		raw      []byte
		text     string
		encoding string
	}{
		{"UTF-8 passes through", []byte(german), german, "utf-8"},
		{"a UTF-8 BOM is stripped", append([]byte("\xef\xbb\xbf"), chinese...), chinese, "utf-8"},
		{"UTF-16 LE with BOM", encodeText(t, utf16LEWithBOM, chinese), chinese, "utf-16le"},
		{"UTF-16 BE with BOM", encodeText(t, utf16BEWithBOM, german), german, "utf-16be"},
		{"UTF-16 LE without BOM, told by its zero bytes", encodeText(t, utf16LENoBOM, german), german, "utf-16le"},
		{"UTF-16 BE without BOM, told by its zero bytes", encodeText(t, utf16BENoBOM, german), german, "utf-16be"},
		{"UTF-32 LE with BOM", encodeText(t, utf32.UTF32(utf32.LittleEndian, utf32.UseBOM), german), german, "utf-32le"},
		{"GBK", encodeText(t, simplifiedchinese.GBK, chinese), chinese, "gb18030"},
		{"GB18030 with four-byte characters", encodeText(t, simplifiedchinese.GB18030, chinese+"€ 𠀀\n"), chinese + "€ 𠀀\n", "gb18030"},
		{"Windows-1252", encodeText(t, charmap.Windows1252, german+"„Zitat“ – 5 €\n"), german + "„Zitat“ – 5 €\n", "windows-1252"},
		{"ISO-8859-1 reads as Windows-1252", encodeText(t, charmap.ISO8859_1, german), german, "windows-1252"},
		{"a sample cut inside a UTF-8 character is still UTF-8", []byte("abc王"), "abc王", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, enc := Decode(bytes.NewReader(tt.raw), tt.raw)
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if enc != tt.encoding {
				t.Errorf("encoding %q, want %q", enc, tt.encoding)
			}
			if string(got) != tt.text {
				t.Errorf("text %q, want %q", got, tt.text)
			}
		})
	}
}

func TestDecodeUTF8IsTheReaderItself(t *testing.T) {
	raw := []byte("plain UTF-8 text, ä ö ü\n")
	r := bytes.NewReader(raw)
	if got, _ := Decode(r, raw); got != io.Reader(r) {
		t.Error("valid UTF-8 without a BOM was wrapped; it should pass through untouched")
	}
}

func TestValidUTF8Prefix(t *testing.T) {
	tests := []struct {
		name   string
		sample string
		want   bool
	}{
		{"whole characters", "abc王", true},
		{"cut after the first byte of a character", "abc\xe7", true},
		{"cut after two bytes of a character", "abc\xe7\x8e", true},
		{"an invalid byte at the end", "abc\xff", false},
		{"an invalid byte inside", "a\xffbc", false},
		{"a lone continuation byte at the end", "abc\x8b", false},
	}
	for _, tt := range tests {
		if got := validUTF8Prefix([]byte(tt.sample)); got != tt.want {
			t.Errorf("%s: validUTF8Prefix(%q) = %v, want %v", tt.name, tt.sample, got, tt.want)
		}
	}
}

func TestLooksGBK(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		want bool
	}{
		{"Chinese in GBK", encodeText(t, simplifiedchinese.GBK, "王伟 北京市朝阳区"), true},
		{"German in Windows-1252", encodeText(t, charmap.Windows1252, "Müller, Weiß, Straße"), false},
		{"French in Windows-1252", encodeText(t, charmap.Windows1252, "Hélène Lefèvre, rue de la Paix, 75002 Paris"), false},
		{"ASCII", []byte("plain"), false},
	}
	for _, tt := range tests {
		if got := looksGBK(tt.raw); got != tt.want {
			t.Errorf("%s: looksGBK = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestExtractorsDecodeTheirInput(t *testing.T) {
	// Every text extractor reads a UTF-16 file as well as a UTF-8 one.
	csv := "name,email\nJürgen,j@example.com\n"
	jsonText := `[{"name":"Jürgen"}]`
	sql := "INSERT INTO t (name) VALUES ('Jürgen');"
	html := "<html><body><p>Jürgen</p></body></html>"
	tests := []struct {
		name    string
		extract Extractor
		text    string
		want    string
	}{
		{"csv", ExtractCSV, csv, "row 1: name=Jürgen | email=j@example.com"},
		{"json", ExtractJSON, jsonText, "object 1: name=Jürgen"},
		{"sql", ExtractSQL, sql, "tuple 1: name=Jürgen"},
		{"html", ExtractHTML, html, "doc: \n\n\nJürgen\n\n\n"},
		{"text", ExtractText, csv, "doc: " + csv},
	}
	for _, tt := range tests {
		for _, enc := range []encoding.Encoding{utf16LEWithBOM, utf16BENoBOM, charmap.Windows1252} {
			sink, err := extractBytes(t, tt.extract, "x", encodeText(t, enc, tt.text))
			if err != nil {
				t.Fatalf("%s in %v: %v", tt.name, enc, err)
			}
			if got := sink.Lines(); !slices.Equal(got, []string{tt.want}) {
				t.Errorf("%s in %v: got %q, want %q", tt.name, enc, got, tt.want)
			}
		}
	}
}

func TestWindowGrowsOnlyToItsLimit(t *testing.T) {
	w := &window{r: strings.NewReader(strings.Repeat("x", 1<<20)), buf: make([]byte, 16), limit: 64}
	for w.more() {
	}
	if !w.full || len(w.buf) != 64 || w.end != 64 {
		t.Errorf("full %v, buffer %d, data %d; want a full window of 64", w.full, len(w.buf), w.end)
	}
}

func TestWindowCountsLines(t *testing.T) {
	w, err := openWindow(strings.NewReader("a\nb\n\nc"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []int64{1, 2, 3, 4} {
		if got := w.line(); got != want {
			t.Fatalf("line %d, want %d", got, want)
		}
		if i := bytes.IndexByte(w.avail(), '\n'); i >= 0 {
			w.pos += i + 1
		}
	}
	w.rewind(0)
	if got := w.line(); got != 1 {
		t.Errorf("line %d after rewinding to the start, want 1", got)
	}
}
