package extract

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestExtractCSV(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		input   string
		want    []string
		damaged string
	}{
		{
			name:  "the header names the columns and rows count from 1",
			input: "name,email\nMax,max@example.com\nErika,erika@example.com\n",
			want:  []string{"row 1: name=Max | email=max@example.com", "row 2: name=Erika | email=erika@example.com"},
		},
		{
			name:  "the last row needs no newline",
			input: "name,email\nMax,max@example.com",
			want:  []string{"row 1: name=Max | email=max@example.com"},
		},
		{
			name:  "CRLF line ends are not part of the values",
			input: "name,city\r\nMax,Berlin\r\nErika,\"Köln\"\r\n",
			want:  []string{"row 1: name=Max | city=Berlin", "row 2: name=Erika | city=Köln"},
		},
		{
			name:  "quoted fields hold delimiters, doubled quotes and newlines",
			input: "name,address\n\"Mustermann, Max\",\"Musterstraße 12\n12345 Berlin\"\n\"Erika \"\"E.\"\"\",x\n",
			want:  []string{"row 1: name=Mustermann, Max | address=Musterstraße 12\n12345 Berlin", "row 2: name=Erika \"E.\" | address=x"},
		},
		{
			name:  "a quote inside an unquoted field is an ordinary character",
			input: "name,note\nMax,5\" display\n",
			want:  []string{"row 1: name=Max | note=5\" display"},
		},
		{
			name:  "text after a closing quote is kept",
			input: "name,note\n\"Max\" jr.,x\n",
			want:  []string{"row 1: name=Max jr. | note=x"},
		},
		{
			name:  "semicolons are sniffed as the delimiter and commas stay in values",
			input: "Name;Betrag;Stadt\nMax;1,50;Berlin\nErika;2,75;Köln\n",
			want:  []string{"row 1: Name=Max | Betrag=1,50 | Stadt=Berlin", "row 2: Name=Erika | Betrag=2,75 | Stadt=Köln"},
		},
		{
			name:  "tabs are sniffed as the delimiter",
			input: "name\temail\nMax\tmax@example.com\n",
			want:  []string{"row 1: name=Max | email=max@example.com"},
		},
		{
			name:  "pipes are sniffed as the delimiter",
			input: "name|phone\nMax|+49 30 1234567\nErika|+49 40 7654321\n",
			want:  []string{"row 1: name=Max | phone=+49 30 1234567", "row 2: name=Erika | phone=+49 40 7654321"},
		},
		{
			name:  "a .tsv name says tab even with commas in the values",
			file:  "export.tsv",
			input: "name\tcity\nMustermann, Max\tBerlin\n",
			want:  []string{"row 1: name=Mustermann, Max | city=Berlin"},
		},
		{
			name:  "a first row with an e-mail address is data",
			input: "Max,max@example.com\nErika,erika@example.com\n",
			want:  []string{"row 1: column 1=Max | column 2=max@example.com", "row 2: column 1=Erika | column 2=erika@example.com"},
		},
		{
			name:  "a first row with a long number is data",
			input: "Max,13812345678\nErika,13912345678\n",
			want:  []string{"row 1: column 1=Max | column 2=13812345678", "row 2: column 1=Erika | column 2=13912345678"},
		},
		{
			name:  "a first row without letters is data",
			input: "1,2\n3,4\n",
			want:  []string{"row 1: column 1=1 | column 2=2", "row 2: column 1=3 | column 2=4"},
		},
		{
			name:  "a header with short numbers is still a header",
			input: "id,name,zip 2024\n1,Max,10115\n",
			want:  []string{"row 1: id=1 | name=Max | zip 2024=10115"},
		},
		{
			name:  "extra fields get numbered column names and missing ones are absent",
			input: "name,email\nMax,max@example.com,+49 30 1234567,extra\nErika\n",
			want:  []string{"row 1: name=Max | email=max@example.com | column 3=+49 30 1234567 | column 4=extra", "row 2: name=Erika"},
		},
		{
			name:  "empty lines are not records and do not count",
			input: "name\n\nMax\n\r\n\nErika\n\n",
			want:  []string{"row 1: name=Max", "row 2: name=Erika"},
		},
		{
			name:  "empty fields are left out",
			input: "name,email,phone\nMax,,123\n,,\n",
			want:  []string{"row 1: name=Max | phone=123", "row 2: "},
		},
		{
			name:  "header names are trimmed and an empty one is numbered",
			input: " name ,,email\nMax,x,max@example.com\n",
			want:  []string{"row 1: name=Max | column 2=x | email=max@example.com"},
		},
		{
			name:  "a UTF-8 BOM is not part of the first column name",
			input: "\ufeff姓名,手机\n王伟,13812345678\n",
			want:  []string{"row 1: 姓名=王伟 | 手机=13812345678"},
		},
		{
			name:  "old Mac line ends (CR only) are understood",
			input: "name,city\rMax,Berlin\rErika,Köln\r",
			want:  []string{"row 1: name=Max | city=Berlin", "row 2: name=Erika | city=Köln"},
		},
		{
			name:  "a header only file has no records",
			input: "name,email\n",
			want:  nil,
		},
		{
			name:  "an empty file has no records",
			input: "",
			want:  nil,
		},
		{
			name:    "an unterminated quote delivers the last row as far as read and damages the file",
			input:   "name,note\nMax,ok\nErika,\"open\nstill open",
			want:    []string{"row 1: name=Max | note=ok", "row 2: name=Erika | note=open\nstill open"},
			damaged: "unterminated quote at row 2",
		},
		{
			name:    "an unterminated quote in the header damages the file without records",
			input:   "\"name,city\nMax,Berlin\n",
			damaged: "unterminated quote at the header row",
		},
		{
			name:  "an Excel sep= line names the delimiter and is not a row",
			input: "sep=|\r\nname|note\r\nMax|a,b;c\r\n",
			want:  []string{"row 1: name=Max | note=a,b;c"},
		},
		{
			name:  "a quote that closes right at the end of the file ends the field",
			input: "name\n\"Max\"",
			want:  []string{"row 1: name=Max"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.file
			if name == "" {
				name = "test.csv"
			}
			sink, err := extractBytes(t, ExtractCSV, name, []byte(tt.input))
			checkDamaged(t, err, tt.damaged)
			if got := sink.Lines(); !slices.Equal(got, tt.want) {
				t.Errorf("records\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// checkDamaged fails unless err is a *Damaged with reason want, or nil
// when want is empty.
func checkDamaged(t *testing.T, err error, want string) {
	t.Helper()
	var d *Damaged
	switch {
	case want == "" && err != nil:
		t.Errorf("error %v, want none", err)
	case want != "" && !errors.As(err, &d):
		t.Errorf("error %v, want Damaged(%q)", err, want)
	case want != "" && d.Reason != want:
		t.Errorf("damaged %q, want %q", d.Reason, want)
	}
}

func TestExtractCSVRowsSpanningTheWindow(t *testing.T) {
	// Rows cross the window's boundaries at every possible offset: every
	// row must come out whole.
	var b strings.Builder
	b.WriteString("id,name,note\n")
	var want []string
	for i := range 20000 {
		note := strings.Repeat("x", i%97)
		name := "name " + strings.Repeat("y", i%13)
		b.WriteString(strconv.Itoa(i+1) + ",\"" + name + "\",\"" + note + "\"\"q\"\"\"\n")
		want = append(want, "row "+strconv.Itoa(i+1)+": id="+strconv.Itoa(i+1)+" | name="+name+" | note="+note+"\"q\"")
	}
	sink, err := extractBytes(t, ExtractCSV, "big.csv", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if got := sink.Lines(); !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("record %d\n got %q\nwant %q", i, got[i], want[i])
			}
		}
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
}

func TestExtractCSVHugeFields(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates hundreds of megabytes")
	}
	t.Run("a 200 MB line of a few big fields is one row", func(t *testing.T) {
		field := func(sep string) io.Reader {
			return newRepeatReader(nil, bytes.Repeat([]byte("a"), 1<<20), 50, []byte(sep))
		}
		input := io.MultiReader(strings.NewReader("a,b,c,d,email\n"), field(","), field(","), field(","), field(","), strings.NewReader("max@example.com\n"))
		sink := newDiscardSink()
		if err := ExtractCSV(context.Background(), input, "x.csv", sink); err != nil {
			t.Fatal(err)
		}
		if sink.rows != 1 || sink.fields != 5 {
			t.Errorf("%d rows with %d fields, want 1 with 5", sink.rows, sink.fields)
		}
	})
	t.Run("a field larger than 64 MiB damages the file", func(t *testing.T) {
		input := append([]byte("a,b\n1,2\n3,"), bytes.Repeat([]byte("a"), 65<<20)...)
		sink := newDiscardSink()
		err := ExtractCSV(context.Background(), bytes.NewReader(input), "x.csv", sink)
		checkDamaged(t, err, "field larger than 64 MiB at row 2")
		if sink.rows != 1 {
			t.Errorf("%d rows before the damage, want 1", sink.rows)
		}
	})
}

func TestExtractCSVStopsWhenTheSinkSaysSo(t *testing.T) {
	sink := newRecordingSink()
	sink.StopAfter = 2
	err := ExtractCSV(context.Background(), strings.NewReader("a\n1\n2\n3\n4\n"), "x.csv", sink)
	if !errors.Is(err, errSinkStopped) {
		t.Fatalf("error %v, want the sink's", err)
	}
	if len(sink.Records) != 2 {
		t.Errorf("%d records, want 2", len(sink.Records))
	}
}

func TestExtractCSVStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := ExtractCSV(ctx, strings.NewReader(strings.Repeat("a,b\n", 10000)), "x.csv", newDiscardSink())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		input      string
		delim      byte
		consistent bool
	}{
		{"commas", "", "a,b,c\n1,2,3\n4,5,6\n", ',', true},
		{"semicolons beat commas inside values", "", "a;b\n1,5;2\n3,25;4\n", ';', true},
		{"tabs", "", "a\tb\n1\t2\n", '\t', true},
		{"pipes", "", "a|b|c\n1|2|3\n", '|', true},
		{"quoted delimiters do not count", "", "a,b\n\"1,1\",2\n\"3,3,3\",4\n", ',', true},
		{"quoted newlines do not end records", "", "a,b\n\"1\n2\",3\n4,5\n", ',', true},
		{"prose is not a table", "", "Hello, world. This is text\nwith commas, here, and there\nand none here\n", ',', false},
		{"one column is not a table", "", "a\nb\nc\n", ',', false},
		{"a .tsv name says tab", "x.TSV", "a,b\n1,2\n", '\t', false},
		{"the last line counts without a newline in a whole file", "", "a,b\n1,2", ',', true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := sniffDelimiter([]byte(tt.input), tt.file, true)
			if g.delim != tt.delim || g.consistent() != tt.consistent {
				t.Errorf("delimiter %q consistent %v, want %q %v (guess %+v)", g.delim, g.consistent(), tt.delim, tt.consistent, g)
			}
		})
	}
}

func TestUnquoteInPlace(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`"abc"`, `abc`},
		{`""`, ``},
		{`"a""b"`, `a"b`},
		{`""""`, `"`},
		{`"abc"def`, `abcdef`},
		{`"abc"d"e`, `abcd"e`},
		{`"open`, `open`},
		{`"`, ``},
	}
	for _, tt := range tests {
		if got := string(unquoteInPlace([]byte(tt.raw))); got != tt.want {
			t.Errorf("unquote(%s) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// benchPeople writes n rows of a typical customer export: id, names,
// e-mail, phone, address, birth date; some fields quoted.
func benchPeople(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id,first_name,last_name,email,phone,street,zip,city,birthday\n")
	for i := range n {
		id := strconv.Itoa(100000 + i)
		b.WriteString(id + ",Wang,Wei" + id[4:] + ",wang.wei" + id + "@163.com,+86 138 1234 " + id[2:] +
			",\"Musterstraße " + id[3:] + ", Hinterhaus\",10115,Berlin,1990-01-" + id[4:] + "\n")
	}
	return b.Bytes()
}

func BenchmarkExtractCSV(b *testing.B) {
	data := benchPeople(100000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		sink := newDiscardSink()
		if err := ExtractCSV(context.Background(), bytes.NewReader(data), "people.csv", sink); err != nil {
			b.Fatal(err)
		}
	}
}

func TestExtractCSVStreamsInConstantMemory(t *testing.T) {
	// 200 MB generated on the fly stand in for a 20 GB export: what the
	// extractor holds must not grow with the file.
	row := []byte("100001,Wang,Wei,wang.wei100001@163.com,+86 138 1234 5678,\"Musterstraße 1, Hinterhaus\",10115,Berlin,1990-01-01\n")
	n := 200 << 20 / len(row)
	input := newRepeatReader([]byte("id,first,last,email,phone,street,zip,city,born\n"), row, n, nil)
	assertConstantMemory(t, ExtractCSV, "huge.csv", input, int64(n))
}

func TestExtractCSVAllocatesNothingPerRow(t *testing.T) {
	assertNoAllocsPerRecord(t, ExtractCSV, "people.csv", benchPeople(20000), benchPeople(60000))
}

func TestExtractCSVBoundsTheFieldsOfARow(t *testing.T) {
	input := "a,b\n1,2\n" + strings.Repeat(",", maxRecordFields+1) + "\n3,4\n"
	sink, err := extractBytes(t, ExtractCSV, "x.csv", []byte(input))
	checkDamaged(t, err, "more than 1048576 fields in row 2")
	if len(sink.Records) != 1 {
		t.Errorf("%d records before the damage, want 1", len(sink.Records))
	}
}

func TestCSVSplitPlainAgreesWithScanFields(t *testing.T) {
	rows := []string{
		"\n", "a\n", ",\n", "a,b\n", "a,,b\n", ",,,,,,,,,\n", "a,b\r\n", "\r\n", ",\r\n",
		"1,xutao24,xu_tao618530@sohu.com,18370908293,2021-08-11 11:49:12,122.231.102.212,$2b$10$pFNDgl1YZPue0uOwuSttNNsN1F/Ezc19qWk3tE0rlpv2kL9I43ln/\n",
		"ab,cdefgh,ijklmnopq,r,stuvwxyz0123456,789\n", "日本語,中文,한국어\n", "a\rb,c\n", "a;b;c,d\n",
	}
	for _, row := range rows {
		for _, delim := range []byte{',', ';', '\t'} {
			b := []byte(row + "next,row\n")
			fast := &csvParser{delim: delim, nl: '\n', delimWord: swarOnes * uint64(delim)}
			n, state := fast.scanRow(b, false)
			slow := &csvParser{delim: delim, nl: '\n', nlAt: -1}
			wantN, wantState := slow.scanFields(b, false)
			if n != wantN || state != wantState || !slices.Equal(fast.spans, slow.spans) {
				t.Errorf("row %q delimiter %q: %d %v %v, want %d %v %v", row, delim, n, state, fast.spans, wantN, wantState, slow.spans)
			}
		}
	}
}
