package extract

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// columnOrderSink is a recordingSink that also keeps the order in which
// columns were interned, which the fast path must not change either.
type columnOrderSink struct {
	*recordingSink
	order []string
}

func (s *columnOrderSink) Column(name string) *Column {
	if _, ok := s.Columns[name]; !ok {
		s.order = append(s.order, name)
	}
	return s.recordingSink.Column(name)
}

// extractJSONBothWays extracts data with and without the fast path, and
// through RowSpans and Row, and fails the test unless all agree on the
// records, the columns and the error.
func extractJSONBothWays(t *testing.T, name string, data []byte) {
	t.Helper()
	compareJSONWays(t, name, data, jsonWay{0, true}, jsonWay{0, false}, jsonWay{fastJSONBackoff, true})
}

// jsonWay is one way of extracting JSON: a backoff of the fast path
// (negative: no fast path) and a Sink with or without RowSpans.
type jsonWay struct {
	backoff int
	spans   bool
}

// jsonResult is what one way of extracting gave.
type jsonResult struct {
	lines []string
	order []string
	err   string
}

func extractJSONWay(t *testing.T, name string, data []byte, way jsonWay) jsonResult {
	rec := &columnOrderSink{recordingSink: newRecordingSink()}
	var sink Sink = rec
	if !way.spans {
		sink = rowOnlySink{rec}
	}
	err := extractJSON(context.Background(), bytes.NewReader(data), name, sink, way.backoff)
	rec.assertProtocol(t)
	return jsonResult{rec.Lines(), rec.order, fmt.Sprint(err)}
}

// compareJSONWays fails the test unless the general lexer and every way
// given agree.
func compareJSONWays(t *testing.T, name string, data []byte, ways ...jsonWay) {
	t.Helper()
	want := extractJSONWay(t, name, data, jsonWay{-1, true})
	for _, way := range ways {
		got := extractJSONWay(t, name, data, way)
		if got.err != want.err || !slices.Equal(got.lines, want.lines) || !slices.Equal(got.order, want.order) {
			t.Fatalf("%s (%+v): error %s, columns %q, records\n%s\nwant error %s, columns %q, records\n%s",
				name, way, got.err, got.order, strings.Join(got.lines, "\n"), want.err, want.order, strings.Join(want.lines, "\n"))
		}
	}
}

// jsonFastCases are records on the edge of what the fast path reads.
var jsonFastCases = []string{
	`{"a":"b","c":{"d":[1,2,{"e":"f"}]}}`,
	`{ "a" : "b" , "c" : [ ] , "d" : { } , "e" : [ "x" , -1.5e+3 ] }`,
	"{\"a\":\n\t\"b\"\r\n}",
	`{"":"x","":{"":"y"},"a":{"":{"b":"z"}}}`,
	`{"a":"\u00e4\q","b":"\ud83d\ude00","c":"\ud83d","d":"\n\"\\\/"}`,
	`{"a":"","b":0,"c":true,"d":false,"e":null,"f":[null,true,""]}`,
	`{"a":tru}`, `{"a":nul}`, `{"a":"b"`, `{"a" "b"}`, `{"a":"b",}`, `{"a":["b"}`, `{"a":{"b":"c"]}`,
	`{"a":1}}`, `{,"a":1}`, `{"a":--1}`, `{"a":1x}`, `{"a":"b` + "\n" + `"}`, `{1:2}`,
	`{"a":` + strings.Repeat("[", 40) + `"deep"` + strings.Repeat("]", 40) + `}`,
	`{"a":` + strings.Repeat(`{"b":`, 31) + `"deep"` + strings.Repeat("}", 31) + `}`,
	`{"a":` + strings.Repeat("[", 1100) + strings.Repeat("]", 1100) + `}`,
	`{"a":"x\u12"}`, `{"a":"x\u12`, `{"a":"\`, `{"a":12`, `{"a":"short"}`,
	`{"name":"Wang Wei","email":"wang.wei@163.com","address":{"city":"Beijing","street":"Chang'an Avenue 1"},"tags":["a","b"]}`,
	"{\"a\":\"\x00\x01\xff\xfe\"}",
}

func TestJSONFastPathAgreesWithTheLexer(t *testing.T) {
	for i, c := range jsonFastCases {
		for _, name := range []string{"x.json", "x.ndjson"} {
			t.Run(strconv.Itoa(i)+"/"+name, func(t *testing.T) {
				extractJSONBothWays(t, name, []byte(c))
				extractJSONBothWays(t, name, []byte(c+"\n"+c+"\n"))
				extractJSONBothWays(t, name, []byte("["+c+",\n"+c+"]"))
				extractJSONBothWays(t, name, []byte("[1,"+c+",\"x\","+c+"]"))
			})
		}
	}
}

// TestJSONFastPathAgreesAcrossTheBuffer repeats the edge cases until the
// records cross the window's buffer at every kind of place.
func TestJSONFastPathAgreesAcrossTheBuffer(t *testing.T) {
	var nd, arr bytes.Buffer
	arr.WriteString("[")
	for i := 0; nd.Len() < 3*initialBufSize; i++ {
		c := jsonFastCases[i%len(jsonFastCases)]
		if i%7 == 3 {
			c = strings.Repeat(" ", i%13) + c // shift the records' offsets
		}
		nd.WriteString(c + "\n")
		if i > 0 {
			arr.WriteString(",")
		}
		arr.WriteString(c)
	}
	arr.WriteString("]")
	extractJSONBothWays(t, "x.ndjson", nd.Bytes())
	extractJSONBothWays(t, "x.json", arr.Bytes())
	extractJSONBothWays(t, "x.ndjson", benchNDJSON(2000))
	extractJSONBothWays(t, "x.json", benchJSONArray(2000))
	extractJSONBothWays(t, "x.ndjson", benchNDJSONEscaped(2000))
}

// FuzzJSONFastPath checks that the fast path reads any input as the
// general lexer does, also when repeated across the window's buffer.
func FuzzJSONFastPath(f *testing.F) {
	addSeeds(f, []string{"json_"}, jsonFastCases...)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput/4 {
			t.Skip()
		}
		extractJSONBothWays(t, "x.json", data)
		compareJSONWays(t, "x.ndjson", data, jsonWay{0, true})
		if len(data) > 0 {
			line := append(bytes.TrimRight(data, "\n"), '\n')
			// Fuzzing minimizes by running this often: one way only.
			repeated := bytes.Repeat(line, initialBufSize/len(line)+2)
			compareJSONWays(t, "x.ndjson", repeated, jsonWay{0, true})
		}
	})
}

// benchNDJSONEscaped writes n customer objects, one per line, with their
// non-ASCII letters escaped as Python's json.dumps does by default.
func benchNDJSONEscaped(n int) []byte {
	var b bytes.Buffer
	for _, r := range string(benchNDJSON(n)) {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.Bytes()
}

func BenchmarkExtractNDJSONEscaped(b *testing.B) {
	data := benchNDJSONEscaped(50000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := ExtractJSON(context.Background(), bytes.NewReader(data), "people.ndjson", newDiscardSink()); err != nil {
			b.Fatal(err)
		}
	}
}
