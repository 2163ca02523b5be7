package extract

// Fuzz targets for sniffing, decoding, chunking and the text-format
// extractors: no panic, no hang, bounded memory, and the Sink protocol
// kept, whatever the input. `go test` runs their seeds; run one for real
// with
//
//	go test -run '^$' -fuzz '^FuzzExtractCSV$' -fuzztime 20s ./internal/scan/extract

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// maxFuzzInput caps fuzz inputs, so that memory stays bounded.
const maxFuzzInput = 1 << 20

// addSeeds adds every testdata file with one of the prefixes, and the
// given inputs, to the seed corpus.
func addSeeds(f *testing.F, prefixes []string, inputs ...string) {
	for _, in := range inputs {
		f.Add([]byte(in))
	}
	for _, prefix := range prefixes {
		files, _ := filepath.Glob(filepath.Join("testdata", prefix+"*"))
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
}

// fuzzExtractor runs an extractor and checks what must hold for any input.
func fuzzExtractor(t *testing.T, extract Extractor, name string, data []byte) error {
	if len(data) > maxFuzzInput {
		t.Skip()
	}
	_, err := extractBytes(t, extract, name, data) // checks the protocol, and RowSpans against Row
	if err != nil && !IsDamaged(err) {
		t.Fatalf("error %v: only Damaged is expected from a reader that does not fail", err)
	}
	return err
}

func FuzzSniff(f *testing.F) {
	addSeeds(f, []string{"sql_", "text_", "csv_", "json_"},
		"", "%PDF-1.4", "PK\x03\x04", "[1,2]", "{\"a\":1}\n{\"a\":2}\n", "a,b\n1,2\n",
		"From x\nFrom: a\nSubject: b\n\n", "<!doctype html>", "\xff\xfea\x00,\x00b\x00")
	f.Fuzz(func(t *testing.T, head []byte) {
		if len(head) > SniffSize {
			head = head[:SniffSize]
		}
		first := Sniff(head, "x.csv")
		if again := Sniff(head, "x.csv"); again != first {
			t.Fatalf("Sniff is not deterministic: %q then %q", first, again)
		}
		if len(head) == 0 && first != Empty {
			t.Fatalf("empty head sniffed as %q", first)
		}
	})
}

func FuzzDecode(f *testing.F) {
	addSeeds(f, nil, "plain", "\xef\xbb\xbfbom", "\xff\xfea\x00", "\xfe\xff\x00a", "a\x00b\x00c\x00", "\xcd\xf5\xce\xb0", "M\xfcller", "\xff\xfe\x00\x00a\x00\x00\x00")
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > maxFuzzInput {
			t.Skip()
		}
		r, enc := Decode(bytes.NewReader(raw), raw[:min(len(raw), SniffSize)])
		text, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("decode as %s: %v", enc, err)
		}
		if enc != "utf-8" && !utf8.Valid(text) {
			t.Fatalf("decoded %s is not valid UTF-8", enc)
		}
	})
}

func FuzzChunks(f *testing.F) {
	f.Add([]byte("aaaa\nbbbb cccc"), uint16(5))
	f.Add([]byte("王王王王"), uint16(4))
	f.Add([]byte(strings.Repeat("x", 100)), uint16(1))
	f.Fuzz(func(t *testing.T, text []byte, size uint16) {
		limit := int(size%8192) + 1
		var joined []byte
		err := Chunks(bytes.NewReader(text), limit, func(chunk []byte) error {
			if len(chunk) == 0 || len(chunk) > limit {
				t.Fatalf("chunk of %d bytes with a limit of %d", len(chunk), limit)
			}
			joined = append(joined, chunk...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(joined, text) {
			t.Fatal("chunks do not join to the text")
		}
	})
}

func FuzzExtractCSV(f *testing.F) {
	addSeeds(f, []string{"csv_"},
		"name,email\nMax,max@example.com\n", "a;b\r\n\"x;\"\"y\"\"\";z\r\n", "\"open\n", "a\tb\n1\t2", "a|b\n\n\n1|2|3|4\n", "x\ry\r", "\"a\"b,c\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = fuzzExtractor(t, ExtractCSV, "x.csv", data)
	})
}

func FuzzExtractJSON(f *testing.F) {
	addSeeds(f, []string{"json_"},
		`[{"a":"b","c":{"d":[1,2,{"e":"f"}]}}]`, "{\"a\":1}\n{\"a\":\"\\ud83d\\ude00\"}\n", `"x"`, `[1,"a",[true]]`,
		"{\"a\":\n", `[{"a":"\u00e4\q"}]`, strings.Repeat("[", 1100), "{}\n[]\n\"s\"\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		err := fuzzExtractor(t, ExtractJSON, "x.json", data)
		if err != nil && json.Valid(data) && depthOf(data) <= maxJSONDepth {
			t.Fatalf("valid JSON reported damaged: %v", err)
		}
	})
}

// depthOf is the nesting depth of a valid JSON text.
func depthOf(data []byte) int {
	depth, deepest := 0, 0
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return deepest
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			deepest = max(deepest, depth)
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

func FuzzExtractSQL(f *testing.F) {
	addSeeds(f, []string{"sql_"},
		"INSERT INTO `t` (`a`,`b`) VALUES ('x\\'y',1),(NULL,0x41);", "COPY t (a) FROM stdin;\nx\\ty\n\\.\n",
		"CREATE TABLE t (a int, b text);\nINSERT INTO t VALUES (1, $$q$$);", "INSERT INTO t VALUES ('", "/* open comment",
		"DELIMITER ;;\nx;;\nDELIMITER ;\n", "-- PostgreSQL database dump\nINSERT INTO t VALUES (E'\\x41', $a$b$a$);")
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = fuzzExtractor(t, ExtractSQL, "x.sql", data)
	})
}

func FuzzExtractHTML(f *testing.F) {
	addSeeds(f, []string{"text_"},
		"<p>a<br>b</p>", "<script>x", "<a href=\"mailto:%zz\">", "<table><tr><td>1<td>2", "&amp;&#x1F600;&bogus;")
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = fuzzExtractor(t, ExtractHTML, "x.html", data)
	})
}

func FuzzExtractText(f *testing.F) {
	addSeeds(f, []string{"text_"}, "text", "\xff\xfet\x00", "\xcd\xf5")
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = fuzzExtractor(t, ExtractText, "x.txt", data)
	})
}
