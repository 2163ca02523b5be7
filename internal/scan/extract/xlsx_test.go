package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestExtractXLSX(t *testing.T) {
	tests := []struct {
		name  string
		build func(t *testing.T, f *excelize.File)
		want  []string
	}{
		{
			name: "the first row names the columns and each later row is a record",
			build: func(t *testing.T, f *excelize.File) {
				sheet(t, f, "Staff", [][]any{
					{"name", "email"},
					{"Max Mustermann", "max@example.de"},
					{"Erika Musterfrau", "erika@example.de"},
				})
			},
			want: []string{
				"sheet Staff row 1: name=Max Mustermann | email=max@example.de",
				"sheet Staff row 2: name=Erika Musterfrau | email=erika@example.de",
			},
		},
		{
			name: "every sheet is read, hidden ones too, each counting its rows from 1",
			build: func(t *testing.T, f *excelize.File) {
				sheet(t, f, "Staff", [][]any{{"name"}, {"Max"}})
				sheet(t, f, "Former", [][]any{{"name"}, {"Erika"}, {"Hans"}})
				if err := f.SetSheetVisible("Former", false); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{
				"sheet Staff row 1: name=Max",
				"sheet Former row 1: name=Erika",
				"sheet Former row 2: name=Hans",
			},
		},
		{
			name: "a first row with an e-mail address is data and its columns are numbered",
			build: func(t *testing.T, f *excelize.File) {
				sheet(t, f, "Export", [][]any{
					{"max@example.de", "Max"},
					{"erika@example.de", "Erika"},
				})
			},
			want: []string{
				"sheet Export row 1: column 1=max@example.de | column 2=Max",
				"sheet Export row 2: column 1=erika@example.de | column 2=Erika",
			},
		},
		{
			name: "a first row with a long number or without letters is data",
			build: func(t *testing.T, f *excelize.File) {
				sheet(t, f, "Numbers", [][]any{{"Max", 13812345678}})
				sheet(t, f, "Codes", [][]any{{"#", "-"}, {"1", "x"}})
			},
			want: []string{
				"sheet Numbers row 1: column 1=Max | column 2=13812345678",
				"sheet Codes row 1: column 1=# | column 2=-",
				"sheet Codes row 2: column 1=1 | column 2=x",
			},
		},
		{
			name: "the header is the first non-empty row, and empty rows are neither records nor counted",
			build: func(t *testing.T, f *excelize.File) {
				set(t, f, "Sheet1", "B3", "name")
				set(t, f, "Sheet1", "B4", "Max")
				set(t, f, "Sheet1", "B7", "Erika")
			},
			want: []string{
				"sheet Sheet1 row 1: name=Max",
				"sheet Sheet1 row 2: name=Erika",
			},
		},
		{
			name: "cells beyond the header's columns are numbered",
			build: func(t *testing.T, f *excelize.File) {
				sheet(t, f, "Sheet1", [][]any{{"name"}, {"Max", "extra"}})
			},
			want: []string{"sheet Sheet1 row 1: name=Max | column 2=extra"},
		},
		{
			name: "dates come out as ISO dates whatever format shows them",
			build: func(t *testing.T, f *excelize.File) {
				birth := time.Date(1985, 3, 15, 0, 0, 0, 0, time.UTC)
				sheet(t, f, "Sheet1", [][]any{
					{"builtin", "german", "two-digit year", "chinese", "with time", "time"},
					{birth, birth, birth, birth, birth.Add(13*time.Hour + 45*time.Minute), 0.5},
				})
				style(t, f, "A2", &excelize.Style{NumFmt: 14})
				style(t, f, "B2", &excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy")})
				style(t, f, "C2", &excelize.Style{CustomNumFmt: ptr("d/m/yy;@")})
				style(t, f, "D2", &excelize.Style{CustomNumFmt: ptr(`yyyy"年"m"月"d"日"`)})
				style(t, f, "E2", &excelize.Style{NumFmt: 22})
				style(t, f, "F2", &excelize.Style{NumFmt: 21})
			},
			want: []string{
				"sheet Sheet1 row 1: builtin=1985-03-15 | german=1985-03-15 | two-digit year=1985-03-15 | " +
					"chinese=1985-03-15 | with time=1985-03-15 13:45:00 | time=12:00:00",
			},
		},
		{
			name: "numbers come out as stored: long ones not rounded, formatted ones not formatted",
			build: func(t *testing.T, f *excelize.File) {
				sheet(t, f, "Sheet1", [][]any{
					{"card", "unionpay", "phone", "amount", "share", "id"},
					{4111111111111111, int64(6222021234567890123), 13812345678, 1234567.5, 0.25, "110101199003078515"},
				})
				style(t, f, "D2", &excelize.Style{NumFmt: 4})
				style(t, f, "E2", &excelize.Style{NumFmt: 10})
			},
			want: []string{
				"sheet Sheet1 row 1: card=4111111111111111 | unionpay=6222021234567890123 | phone=13812345678 | " +
					"amount=1234567.5 | share=0.25 | id=110101199003078515",
			},
		},
		{
			name: "long numbers in later rows, between other rows, are read as stored too",
			build: func(t *testing.T, f *excelize.File) {
				sheet(t, f, "Sheet1", [][]any{{"card", "name"}, {"none", "Max"}, {"none", "Erika"},
					{4111111111111111, "Hans"}, {"none", "Eva"}, {"none", "Otto"}, {5500000000000004, "Anna"}})
			},
			want: []string{
				"sheet Sheet1 row 1: card=none | name=Max",
				"sheet Sheet1 row 2: card=none | name=Erika",
				"sheet Sheet1 row 3: card=4111111111111111 | name=Hans",
				"sheet Sheet1 row 4: card=none | name=Eva",
				"sheet Sheet1 row 5: card=none | name=Otto",
				"sheet Sheet1 row 6: card=5500000000000004 | name=Anna",
			},
		},
		{
			name: "a merged cell's value is in its first cell",
			build: func(t *testing.T, f *excelize.File) {
				sheet(t, f, "Sheet1", [][]any{{"name", "street", "city"}, {"Max", "Musterstraße 12"}})
				if err := f.MergeCell("Sheet1", "B2", "C2"); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"sheet Sheet1 row 1: name=Max | street=Musterstraße 12"},
		},
		{
			name:  "a workbook without values gives no records",
			build: func(t *testing.T, f *excelize.File) {},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := excelize.NewFile()
			tt.build(t, f)
			sink, err := extractBytes(t, ExtractXLSX, "book.xlsx", workbookBytes(t, f))
			if err != nil {
				t.Fatal(err)
			}
			if got := sink.Lines(); !slices.Equal(got, tt.want) {
				t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestExtractXLSXInternsColumnsPerSheet(t *testing.T) {
	f := excelize.NewFile()
	sheet(t, f, "Sheet1", [][]any{{"name"}, {"Max"}, {"Erika"}})
	counting := &columnCounter{recordingSink: newRecordingSink()}
	if err := ExtractXLSX(context.Background(), bytes.NewReader(workbookBytes(t, f)), "book.xlsx", counting); err != nil {
		t.Fatal(err)
	}
	if counting.calls != 1 {
		t.Errorf("Column called %d times for one column, want 1", counting.calls)
	}
}

type columnCounter struct {
	*recordingSink
	calls int
}

func (c *columnCounter) Column(name string) *Column {
	c.calls++
	return c.recordingSink.Column(name)
}

func TestExtractXLSXBadInput(t *testing.T) {
	valid := func() []byte {
		f := excelize.NewFile()
		sheet(t, f, "Sheet1", [][]any{{"name"}, {"Max"}})
		return workbookBytes(t, f)
	}()
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"bytes that are no zip are damaged", []byte("name,email\nMax,max@example.de\n"), "XLSX is not a readable zip package"},
		{"a password-protected workbook (an OLE container) is reported, not scanned", oleHeader(), "encrypted XLSX, not scanned"},
		{"a sheet claiming to expand beyond 1 GiB is refused before unpacking", zipClaiming(t, "xl/worksheets/sheet1.xml", 2<<30), "XLSX too large when expanded"},
		{"other parts claiming more than 256 MiB are refused", zipClaiming(t, "xl/media/image1.png", 300<<20), "XLSX too large when expanded"},
		{"a zip without a workbook is damaged", zipOf(t, map[string]string{"hello.txt": "hi"}), "XLSX could not be read"},
		{"a truncated workbook is damaged", valid[:len(valid)/2], "XLSX is not a readable zip package"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractXLSX, "book.xlsx", tt.data)
			var d *Damaged
			if !errors.As(err, &d) || d.Reason != tt.reason {
				t.Fatalf("err = %v, want Damaged %q", err, tt.reason)
			}
			if len(sink.Records) != 0 {
				t.Errorf("records = %q, want none", sink.Lines())
			}
		})
	}
}

func TestExtractXLSXNeedsRandomAccess(t *testing.T) {
	err := ExtractXLSX(context.Background(), streamOnly("PK"), "book.xlsx", newRecordingSink())
	if !errors.Is(err, ErrNotRandomAccess) {
		t.Fatalf("err = %v, want ErrNotRandomAccess", err)
	}
}

func TestExtractXLSXStopsWhenTheSinkSaysSo(t *testing.T) {
	f := excelize.NewFile()
	sheet(t, f, "Sheet1", [][]any{{"name"}, {"Max"}, {"Erika"}})
	sink := newRecordingSink()
	sink.StopAfter = 1
	err := ExtractXLSX(context.Background(), bytes.NewReader(workbookBytes(t, f)), "book.xlsx", sink)
	if !errors.Is(err, errSinkStopped) {
		t.Fatalf("err = %v, want the sink's error", err)
	}
	if len(sink.Records) != 1 {
		t.Errorf("records = %q, want the first only", sink.Lines())
	}
}

func TestCustomFormat(t *testing.T) {
	tests := []struct {
		code string
		want numberFormat
	}{
		{"General", formatNumber},
		{"#,##0.00 \"€\"", formatNumber},
		{"[Red]0.00%", formatNumber},
		{"0.00E+00", formatNumber},
		{"@", formatNumber},
		{"dd.mm.yyyy", formatDate},
		{"[$-F800]dddd, mmmm dd, yyyy", formatDate},
		{"mmm", formatDate},
		{"yyyy-mm-dd hh:mm", formatDateTime},
		{"h:mm AM/PM", formatTime},
		{"[h]:mm:ss", formatTime},
		{"\"day\" 0", formatNumber},
		{"0\\d", formatNumber},
	}
	for _, tt := range tests {
		if got := customFormat(tt.code); got != tt.want {
			t.Errorf("customFormat(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

// BenchmarkExtractXLSX reads a staff sheet of 20,000 rows: with a date
// column and card numbers of 16 digits (which need the second, raw
// iterator), and with text and short numbers only.
func BenchmarkExtractXLSX(b *testing.B) {
	for _, long := range []bool{true, false} {
		name := map[bool]string{true: "dates and long numbers", false: "text and short numbers"}[long]
		b.Run(name, func(b *testing.B) {
			const rows = 20000
			data := staffWorkbook(b, rows, long)
			b.SetBytes(int64(len(data)))
			for range b.N {
				if err := ExtractXLSX(context.Background(), bytes.NewReader(data), "book.xlsx", newDiscardSink()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func staffWorkbook(b *testing.B, rows int, long bool) []byte {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	sw.SetRow("A1", []any{"name", "email", "phone", "birth", "iban", "card"})
	for i := 2; i <= rows+1; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		var birth, card any = fmt.Sprintf("Abteilung %d", i%40), i
		if long {
			birth = excelize.Cell{StyleID: date, Value: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%20000)}
			card = 4111111111111111
		}
		sw.SetRow(cell, []any{fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@example.com", i), 13812345678 + i, birth, "DE89370400440532013000", card})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	return workbookBytes(b, f)
}

// sheet fills a sheet from row 1, creating it unless it is Sheet1.
func sheet(t testing.TB, f *excelize.File, name string, rows [][]any) {
	t.Helper()
	if idx, _ := f.GetSheetIndex(name); idx < 0 {
		if f.SheetCount == 1 && f.GetSheetName(0) == "Sheet1" && name != "Sheet1" && !hasRows(f) {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(name, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
}

func hasRows(f *excelize.File) bool {
	rows, _ := f.GetRows("Sheet1")
	return len(rows) > 0
}

func set(t testing.TB, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

func style(t testing.TB, f *excelize.File, cell string, s *excelize.Style) {
	t.Helper()
	id, err := f.NewStyle(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("Sheet1", cell, cell, id); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// streamOnly is a reader without ReadAt, as a pipe is.
func streamOnly(s string) io.Reader { return struct{ io.Reader }{strings.NewReader(s)} }

func workbookBytes(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// oleHeader is the start of an OLE compound file, the container of
// password-protected Office documents.
func oleHeader() []byte {
	return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
}

// zipOf writes a zip of the named texts.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipClaiming writes a zip whose one member claims to expand to size
// bytes, as a zip bomb's directory does.
func zipClaiming(t testing.TB, name string, size uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, UncompressedSize64: size, CompressedSize64: 2})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte{3, 0})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
