package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestExtractJSON(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		input   string
		want    []string
		damaged string
	}{
		{
			name:  "every object of a top-level array is a record counted from 1",
			input: `[{"name":"Max","email":"max@example.com"},{"name":"Erika"}]`,
			want:  []string{"object 1: name=Max | email=max@example.com", "object 2: name=Erika"},
		},
		{
			name:  "nested objects are flattened with dotted paths",
			input: `[{"name":"Max","address":{"street":"Musterstraße 12","city":{"zip":"12345","name":"Berlin"}}}]`,
			want:  []string{"object 1: name=Max | address.street=Musterstraße 12 | address.city.zip=12345 | address.city.name=Berlin"},
		},
		{
			name:  "array elements share the path of their array",
			input: `[{"phones":["+49 30 1234567","+49 40 7654321"],"contacts":[{"email":"a@example.com"},{"email":"b@example.com"}]}]`,
			want:  []string{"object 1: phones=+49 30 1234567 | phones=+49 40 7654321 | contacts.email=a@example.com | contacts.email=b@example.com"},
		},
		{
			name:  "numbers are kept as written and true, false, null and empty strings are left out",
			input: `[{"id":-12.50e+3,"zip":10115,"active":true,"deleted":false,"note":null,"empty":"","ok":"x"}]`,
			want:  []string{"object 1: id=-12.50e+3 | zip=10115 | ok=x"},
		},
		{
			name:  "escapes are decoded, surrogate pairs joined, invalid escapes kept",
			input: `[{"s":"a\"b\\c\/d\n\u00e4\u738b\ud83d\ude00 \q \u12 \ud800x"}]`,
			want:  []string{"object 1: s=a\"b\\c/d\nä王😀 \\q \\u12 \uFFFDx"},
		},
		{
			name:  "escaped keys are decoded in the path",
			input: `[{"e\u002dmail":"max@example.com"}]`,
			want:  []string{"object 1: e-mail=max@example.com"},
		},
		{
			name:  "a file of one object is one record for the whole file",
			input: "{\n  \"name\": \"Max\",\n  \"email\": \"max@example.com\"\n}\n",
			want:  []string{"file: name=Max | email=max@example.com"},
		},
		{
			name:  "NDJSON lines are records located by their physical line",
			input: "{\"name\":\"Max\"}\n\n{\"name\":\"Erika\"}\n{\"name\":\"Wang\"}\n",
			want:  []string{"line 1: name=Max", "line 3: name=Erika", "line 4: name=Wang"},
		},
		{
			name:  "an .ndjson name makes a single line a line record",
			file:  "x.ndjson",
			input: "{\"name\":\"Max\"}\n",
			want:  []string{"line 1: name=Max"},
		},
		{
			name:  "concatenated pretty-printed objects are located at their first line",
			input: "{\n \"name\": \"Max\"\n}\n{\n \"name\": \"Erika\"\n}\n",
			want:  []string{"line 1: name=Max", "line 4: name=Erika"},
		},
		{
			name:    "a bad NDJSON line is skipped and the file names the first bad one",
			input:   "{\"name\":\"Max\"}\n{\"name\": Erika}\n{\"name\":\"Wang\"}\n{oops\n{\"name\":\"Li\"}\n",
			want:    []string{"line 1: name=Max", "line 3: name=Wang", "line 5: name=Li"},
			damaged: "invalid JSON at line 2",
		},
		{
			name:    "a line cut short does not swallow the next line",
			input:   "{\"name\":\"Max\"}\n{\"name\":\"Er\n{\"name\":\"Wang\"}\n{\"a\":1,\n{\"name\":\"Li\"}\n",
			want:    []string{"line 1: name=Max", "line 3: name=Wang", "line 5: name=Li"},
			damaged: "invalid JSON at line 2",
		},
		{
			name:    "a truncated last NDJSON line damages the file",
			input:   "{\"name\":\"Max\"}\n{\"name\":\"Eri",
			want:    []string{"line 1: name=Max"},
			damaged: "truncated JSON at line 2",
		},
		{
			name:    "a literal cut off at the end of the file damages it",
			input:   "{\"name\":\"Max\"}\ntru",
			want:    []string{"line 1: name=Max"},
			damaged: "truncated JSON at line 2",
		},
		{
			name:    "a file of a cut-off literal has no records",
			input:   "f",
			damaged: "truncated JSON at line 1",
		},
		{
			name:  "strings of a top-level array are one document located at the first",
			input: `["max@example.com", "erika@example.com", 13812345678]`,
			want:  []string{"doc element 1: max@example.com\nerika@example.com\n13812345678\n"},
		},
		{
			name:  "runs of non-objects between objects are documents of their own",
			input: `[{"a":"1"}, "x", ["y", {"k":"z"}], {"a":"2"}, "w"]`,
			want:  []string{"object 1: a=1", "doc element 2: x\ny\nk: z\n", "object 2: a=2", "doc element 5: w\n"},
		},
		{
			name:  "a file of one string is one document",
			input: `"max@example.com"`,
			want:  []string{"doc: max@example.com\n"},
		},
		{
			name:  "NDJSON lines that hold no object are documents",
			input: "\"a@example.com\"\n\"b@example.com\"\n{\"name\":\"Max\"}\n[\"c\"]\n",
			want:  []string{"doc line 1: a@example.com\nb@example.com\n", "line 3: name=Max", "doc line 4: c\n"},
		},
		{
			name:  "an empty array, an empty object and an empty file have no records",
			input: "[]",
			want:  nil,
		},
		{
			name:  "an empty object is a record without fields",
			input: "{}",
			want:  []string{"file: "},
		},
		{
			name:  "a UTF-8 BOM is skipped",
			input: "\ufeff[{\"name\":\"Max\"}]",
			want:  []string{"object 1: name=Max"},
		},
		{
			name:    "an error inside an array ends the file after the records before it",
			input:   "[{\"name\":\"Max\"},\n{\"name\":\"Erika\",}\n,{\"name\":\"Wang\"}]",
			want:    []string{"object 1: name=Max"},
			damaged: "invalid JSON at line 2",
		},
		{
			name:    "a truncated array ends the file",
			input:   "[{\"name\":\"Max\"},{\"name\":\"Eri",
			want:    []string{"object 1: name=Max"},
			damaged: "truncated JSON at line 1",
		},
		{
			name:    "nesting deeper than 1000 levels damages the file without a stack overflow",
			input:   "[{\"a\":" + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "}]",
			damaged: "JSON nested deeper than 1000 levels at line 1",
		},
		{
			name:  "nesting of 1000 levels is fine",
			input: "[{\"a\":" + strings.Repeat("[", 998) + "\"deep\"" + strings.Repeat("]", 998) + "}]",
			want:  []string{"object 1: a=deep"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.file
			if name == "" {
				name = "test.json"
			}
			sink, err := extractBytes(t, ExtractJSON, name, []byte(tt.input))
			checkDamaged(t, err, tt.damaged)
			if got := sink.Lines(); !slices.Equal(got, tt.want) {
				t.Errorf("records\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestExtractJSONAgreesWithEncodingJSON(t *testing.T) {
	// Every object's fields, in order, as encoding/json sees them.
	input := benchJSONArray(3000)
	var objects []map[string]any
	dec := json.NewDecoder(bytes.NewReader(input))
	dec.UseNumber()
	if err := dec.Decode(&objects); err != nil {
		t.Fatal(err)
	}
	sink, err := extractBytes(t, ExtractJSON, "people.json", input)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.Records) != len(objects) {
		t.Fatalf("%d records, want %d", len(sink.Records), len(objects))
	}
	for i, r := range sink.Records {
		if got, want := r.Fields[0].Value, objects[i]["id"].(json.Number); got != string(want) {
			t.Fatalf("record %d id %q, want %q", i, got, want)
		}
		if got, want := r.Fields[1].Value, objects[i]["name"].(string); got != want {
			t.Fatalf("record %d name %q, want %q", i, got, want)
		}
	}
}

func TestExtractJSONStreamsAHugeSingleLineArray(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 200 MB")
	}
	// 200 MB of one line: objects stream, memory stays bounded by one
	// object (checked in TestExtractorsStreamInConstantMemory); here the
	// count.
	const objects = 1_500_000
	r := newRepeatReader([]byte("["), []byte(`{"name":"Wang Wei","email":"wang.wei@163.com","phone":"+86 138 1234 5678","address":{"city":"Beijing","street":"Chang'an Avenue 1"}},`), objects, []byte(`{}]`))
	sink := newDiscardSink()
	if err := ExtractJSON(context.Background(), r, "huge.json", sink); err != nil {
		t.Fatal(err)
	}
	if sink.rows != objects+1 {
		t.Errorf("%d records, want %d", sink.rows, objects+1)
	}
}

func TestSniffJSON(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		complete bool
		want     Format
	}{
		{"an array", `[{"a":1}]`, true, JSON},
		{"an object", `{"a":[1,2]}`, true, JSON},
		{"an array cut by the head", `[{"a":1},{"b":`, false, JSON},
		{"two objects on two lines", "{\"a\":1}\n{\"a\":2}\n", true, NDJSON},
		{"NDJSON cut by the head", "{\"a\":1}\n{\"a\":2}\n{\"a\"", false, NDJSON},
		{"a bracketed log line", "[INFO] started\n", true, ""},
		{"a number in brackets followed by text", "[1] first\n[2] second\n", true, ""},
		{"a truncated whole file is not JSON", `[{"a":1}`, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffJSON([]byte(tt.input), tt.complete); got != tt.want {
				t.Errorf("sniffJSON = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExtractJSONInternsOnlyFieldPaths(t *testing.T) {
	sink, err := extractBytes(t, ExtractJSON, "x.json", []byte(`"just a string"`))
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.Columns) != 0 {
		t.Errorf("columns %v interned for a file without fields", sink.Columns)
	}
}

func TestExtractJSONStopsWhenTheSinkSaysSo(t *testing.T) {
	for _, input := range []string{`[{"a":"1"},{"a":"2"},{"a":"3"}]`, "{\"a\":\"1\"}\n{\"a\":\"2\"}\n{\"a\":\"3\"}\n"} {
		sink := newRecordingSink()
		sink.StopAfter = 1
		err := ExtractJSON(context.Background(), strings.NewReader(input), "x.json", sink)
		if !errors.Is(err, errSinkStopped) {
			t.Errorf("%q: error %v, want the sink's", input, err)
		}
	}
}

// benchJSONArray writes a top-level array of n customer objects.
func benchJSONArray(n int) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		writeJSONPerson(&b, i)
	}
	b.WriteString("\n]\n")
	return b.Bytes()
}

// benchNDJSON writes n customer objects, one per line.
func benchNDJSON(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		writeJSONPerson(&b, i)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func writeJSONPerson(b *bytes.Buffer, i int) {
	id := strconv.Itoa(100000 + i)
	b.WriteString(`{"id":` + id + `,"name":"Wang Wei ` + id[4:] + `","email":"wang.wei` + id + `@163.com","phone":"+86 138 1234 ` + id[2:] +
		`","address":{"street":"Musterstraße ` + id[3:] + `","zip":"10115","city":"Berlin"},"tags":["vip","newsletter"],"active":true,"note":null}`)
}

func BenchmarkExtractJSON(b *testing.B) {
	data := benchJSONArray(50000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := ExtractJSON(context.Background(), bytes.NewReader(data), "people.json", newDiscardSink()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExtractNDJSON(b *testing.B) {
	data := benchNDJSON(50000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := ExtractJSON(context.Background(), bytes.NewReader(data), "people.ndjson", newDiscardSink()); err != nil {
			b.Fatal(err)
		}
	}
}

func TestExtractJSONStreamsInConstantMemory(t *testing.T) {
	obj := []byte(`{"name":"Wang Wei","email":"wang.wei@163.com","address":{"city":"Beijing","street":"Chang'an Avenue 1"},"tags":["a","b"]}`)
	n := 100 << 20 / (len(obj) + 1)
	t.Run("one line holding an array", func(t *testing.T) {
		input := newRepeatReader([]byte("["), append(obj, ','), n, append(obj, ']'))
		assertConstantMemory(t, ExtractJSON, "huge.json", input, int64(n+1))
	})
	t.Run("NDJSON", func(t *testing.T) {
		input := newRepeatReader(nil, append(obj, '\n'), n, nil)
		assertConstantMemory(t, ExtractJSON, "huge.ndjson", input, int64(n))
	})
}

func TestExtractJSONAllocatesNothingPerRecord(t *testing.T) {
	assertNoAllocsPerRecord(t, ExtractJSON, "people.json", benchJSONArray(20000), benchJSONArray(60000))
	assertNoAllocsPerRecord(t, ExtractJSON, "people.ndjson", benchNDJSON(20000), benchNDJSON(60000))
}

func TestExtractJSONBoundsTheFieldsOfARecord(t *testing.T) {
	input := `[{"a":"1"},{"b":[` + strings.Repeat(`"x",`, maxRecordFields) + `"x"]}]`
	sink, err := extractBytes(t, ExtractJSON, "x.json", []byte(input))
	checkDamaged(t, err, "JSON record with more than 1048576 fields at line 1")
	if len(sink.Records) != 1 {
		t.Errorf("%d records before the damage, want 1", len(sink.Records))
	}
}
