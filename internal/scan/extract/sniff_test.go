package extract

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestSniff(t *testing.T) {
	tar := make([]byte, 512)
	copy(tar, "export/users.csv")
	copy(tar[257:], "ustar\x0000")
	binary := make([]byte, 4096)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	tests := []struct {
		name string
		file string
		head []byte
		want Format
	}{
		{"an empty file", "x.csv", nil, Empty},
		{"a PDF", "x.bin", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), PDF},
		{"a PDF with junk before its header", "x", []byte("\r\n\x00junk%PDF-1.4\n"), PDF},
		{"a zip", "backup.bin", []byte("PK\x03\x04\x14\x00\x00\x00"), Zip},
		{"an empty zip", "empty.zip", []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), Zip},
		{"an XLSX by its extension", "Staff.XLSX", []byte("PK\x03\x04\x14\x00"), XLSX},
		{"a DOCX by its extension", "letter.docx", []byte("PK\x03\x04\x14\x00"), DOCX},
		{"an ODT by its extension", "letter.odt", []byte("PK\x03\x04\x14\x00"), ODT},
		{"an ODS by its extension", "sheet.ods", []byte("PK\x03\x04\x14\x00"), ODS},
		{"a gzip", "users.csv.gz", []byte{0x1f, 0x8b, 0x08, 0x00}, Gzip},
		{"a 7z", "x.7z", []byte("7z\xbc\xaf\x27\x1c\x00\x04"), SevenZip},
		{"a tar", "x.tar", tar, Tar},
		{"binary bytes", "x.csv", binary, Binary},
		{"a JSON array", "x.txt", []byte(`  [{"name":"Max"}]`), JSON},
		{"a JSON object", "x", []byte("{\n \"name\": \"Max\"\n}\n"), JSON},
		{"NDJSON", "x.json", []byte("{\"a\":1}\n{\"a\":2}\n"), NDJSON},
		{"a log line in brackets is not JSON", "x", []byte("[2024-01-01 12:00:00] INFO started\n[2024-01-01 12:00:01] INFO ok\n"), Text},
		{"a MySQL dump", "x", []byte("-- MySQL dump 10.13  Distrib 8.0\n--\n-- Host: localhost\n"), SQL},
		{"a PostgreSQL dump", "x", []byte("--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\n"), SQL},
		{"SQL statements without a banner", "x.txt", []byte("/*!40101 SET NAMES utf8 */;\nSET x = 'a;b';\nDROP TABLE IF EXISTS `t`;\nCREATE TABLE `t` (`a` int);\n"), SQL},
		{"an INSERT first", "x", []byte("INSERT INTO users (a) VALUES ('1');\n"), SQL},
		{"a COPY block", "x", []byte("COPY public.users (a, b) FROM stdin;\n1\t2\n\\.\n"), SQL},
		{"prose starting with an SQL word is not SQL", "x", []byte("Update: we were breached. Insert the key into the lock;\n"), Text},
		{"an e-mail", "msg", []byte("Return-Path: <a@example.com>\nReceived: from mx.example.com\nFrom: A <a@example.com>\nSubject: Hi\n\nBody\n"), EML},
		{"an e-mail with folded headers", "msg", []byte("Received: from a\n\tby b; Mon, 1 Jan 2024\nMessage-ID: <1@x>\n\nBody"), EML},
		{"a mailbox", "inbox", []byte("From MAILER-DAEMON Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: x\n\nBody\n"), MBOX},
		{"one header line is not a mail", "x", []byte("Subject: notes\nsome text\n"), Text},
		{"an HTML page", "x", []byte("<!DOCTYPE html>\n<html><body>x</body></html>"), HTML},
		{"an HTML page without doctype", "x", []byte("\n<html lang=\"de\">\n<head><title>x</title></head>"), HTML},
		{"an HTML fragment by its extension", "page.htm", []byte("<p>Hello</p>"), HTML},
		{"XML is text", "x", []byte("<?xml version=\"1.0\"?>\n<users><user>x</user></users>\n"), Text},
		{"a CSV", "x.txt", []byte("name,email\nMax,max@example.com\nErika,erika@example.com\n"), CSV},
		{"a semicolon CSV", "x", []byte("Name;Stadt\nMax;Berlin\nErika;Köln\n"), CSV},
		{"a TSV by its tabs", "x", []byte("name\temail\nMax\tmax@example.com\n"), TSV},
		{"a TSV by its extension", "x.tab", []byte("a\nb\n"), TSV},
		{"a one-column CSV by its extension", "emails.csv", []byte("email\nmax@example.com\n"), CSV},
		{"a UTF-16 CSV with BOM", "x", encodeText(t, utf16LEWithBOM, "name,email\nMax,max@example.com\n"), CSV},
		{"a UTF-16 CSV without BOM", "x", encodeText(t, utf16BENoBOM, "name;email\nMax;max@example.com\n"), CSV},
		{"a UTF-8 BOM before JSON", "x", []byte("\xef\xbb\xbf[1,2]"), JSON},
		{"plain text", "notes", []byte("Dear customer,\nwe regret to inform you.\n"), Text},
		{"a config file", "app.conf", []byte("[db]\nuser = admin\npassword = hunter2\n"), Text},
		{"GBK text", "x", encodeText(t, simplifiedchinese.GBK, "尊敬的客户：您的数据已泄露。\n"), Text},
		{"Windows-1252 text", "x", encodeText(t, charmap.Windows1252, "Sehr geehrte Frau Müller,\n"), Text},
		{"text with a few control bytes", "x", append(bytes.Repeat([]byte("text line\n"), 20), 0x00, 0x01), Text},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff(tt.head, tt.file); got != tt.want {
				t.Errorf("Sniff = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSniffATruncatedHead(t *testing.T) {
	// A head of SniffSize bytes may end in the middle of a value.
	array := "[" + strings.Repeat(`{"name":"Max","email":"max@example.com"},`, SniffSize/40)
	if got := Sniff([]byte(array)[:SniffSize], "x"); got != JSON {
		t.Errorf("a large array cut by the head: %q, want json", got)
	}
	csv := "name,email\n" + strings.Repeat("Max,\"max@example.com\"\n", SniffSize/20)
	if got := Sniff([]byte(csv)[:SniffSize], "x"); got != CSV {
		t.Errorf("a large CSV cut by the head: %q, want csv", got)
	}
}

var updateTextGoldens = flag.Bool("update-text-goldens", false, "rewrite testdata/*.golden of the text formats")

// TestTestdataFiles sniffs every text-format sample in testdata and
// extracts it with the extractor of its format; the format, the records
// and the damage must match the sample's .golden file. A new case is a new
// file in testdata/ (prefixed csv_, json_, sql_ or text_) and its golden,
// written with -update-text-goldens and read before it is committed.
func TestTestdataFiles(t *testing.T) {
	var files []string
	for _, prefix := range []string{"csv_", "json_", "sql_", "text_"} {
		matches, _ := filepath.Glob(filepath.Join("testdata", prefix+"*"))
		files = append(files, matches...)
	}
	for _, file := range files {
		if strings.HasSuffix(file, ".golden") {
			continue
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			format := Sniff(data[:min(len(data), SniffSize)], filepath.Base(file))
			extract := textExtractors[format]
			if extract == nil {
				t.Fatalf("sniffed as %q, which is not a text format", format)
			}
			sink, err := extractBytes(t, extract, filepath.Base(file), data)
			if err != nil && !IsDamaged(err) {
				t.Fatal(err)
			}
			got := renderGolden(format, sink, err)
			compareGolden(t, file+".golden", got)
		})
	}
}

// textExtractors are the extractors of this package's text formats.
var textExtractors = map[Format]Extractor{
	CSV: ExtractCSV, TSV: ExtractCSV, JSON: ExtractJSON, NDJSON: ExtractJSON,
	SQL: ExtractSQL, HTML: ExtractHTML, Text: ExtractText,
}

// renderGolden writes what an extraction gave, one record per line, each
// quoted so that newlines and odd bytes stay visible.
func renderGolden(format Format, sink *recordingSink, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "format: %s\n", format)
	for _, line := range sink.Lines() {
		b.WriteString(strconv.Quote(line) + "\n")
	}
	if err != nil {
		fmt.Fprintf(&b, "damaged: %s\n", err)
	}
	return b.String()
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *updateTextGoldens {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write it with -update-text-goldens)", err)
	}
	if got != string(want) {
		t.Errorf("extraction differs from %s\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func BenchmarkSniff(b *testing.B) {
	heads := map[string][]byte{
		"csv":  benchPeople(1000)[:SniffSize],
		"json": benchJSONArray(1000)[:SniffSize],
		"sql":  benchMySQLDump(1000)[:SniffSize],
		"text": bytes.Repeat([]byte("2024-03-01 12:00:00 login user=max@example.com ip=203.0.113.7\n"), SniffSize/62),
	}
	for _, name := range []string{"csv", "json", "sql", "text"} {
		head := heads[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(head)))
			b.ReportAllocs()
			for b.Loop() {
				Sniff(head, "x")
			}
		})
	}
}
